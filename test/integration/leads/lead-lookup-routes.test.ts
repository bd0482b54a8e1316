// Looking leads up through the real app builder and Postgres: by phone (typed as people type it),
// by the customer's own id, by the start of a name, by campaign and status, a page at a time; a
// lead's calls and callbacks; a lead corrected (a zone change in the evidence log, no name taken
// back in after an erasure); numbers in full for managers only.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { leadLookupRoutes } from '../../../src/adapters/http/routes/lead-lookup-routes.js';
import { leadsRoutes } from '../../../src/adapters/http/routes/leads-routes.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { scheduleCallback } from '../../../src/adapters/pg/callback-follow-up.js';
import { createList, insertLeads, type NewLead } from '../../../src/adapters/pg/lead-repository.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';

const pool = createTestPool();
let app: FastifyInstance;
const tokens = [
  { token: 'mgr', role: 'manager' as const, name: 'Mia' },
  { token: 'sup', role: 'supervisor' as const, name: 'Sam' },
  { token: 'ag1', role: 'agent' as const, name: 'Ann', agentId: 'a1' },
  { token: 'view', role: 'viewer' as const, name: 'Vic' },
];
const as = (token: string) => ({ authorization: `Bearer ${token}` });

interface Found {
  leads: Array<{ id: string; campaignName: string; listName: string; externalId: string | null; firstName: string | null; lastName: string | null; status: string; timeZone: string; phones: string[] }>;
  next: string | null;
}
const find = async (query: string, token = 'mgr') => {
  const response = await app.inject({ method: 'GET', url: `/api/leads?${query}`, headers: as(token) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Found>();
};
const names = (found: Found) => found.leads.map((l) => `${l.firstName} ${l.lastName}`);

beforeAll(async () => {
  app = await buildApp({ routes: [...leadsRoutes({ pool }), ...leadLookupRoutes({ pool })], authenticate: createAuthenticator(tokens, null), logger: createLogger({ level: 'silent' }) });
});
afterAll(async () => {
  await app.close();
  await pool.end();
});
beforeEach(async () => {
  await truncateTables(pool, ['campaigns', 'attempts', 'agents', 'evidence_log']);
});

async function seed(campaignName: string, leads: NewLead[]): Promise<{ campaignId: string; leadIds: string[] }> {
  const { id: campaignId } = await createCampaign(pool, { name: campaignName, timezone: 'America/New_York', seedDispositions: false });
  const list = await createList(pool, { campaignId, name: `${campaignName} list` });
  return { campaignId, leadIds: await insertLeads(pool, list.id, leads) };
}

describe('lead search', () => {
  it('finds a lead by any of its numbers as people type them, its id, the start of a name, its status, stage or grade', async () => {
    const spring = await seed('Spring', [
      { firstName: 'Ann', lastName: 'Smith', externalId: 'CRM-1', phones: ['+12125550100', '+13125550101'] },
      { firstName: 'Bob', lastName: 'Smithers', externalId: 'CRM-2', phones: ['+12125550102'], timezone: 'America/Chicago' },
      { firstName: 'Annette', lastName: 'Jones', externalId: 'CRM-3', phones: ['+12125550103'], status: 'done', stage: 'appointment', grade: 'A' },
      { firstName: 'Zoe', lastName: '100%_sure', phones: ['+12125550104'] },
    ]);
    await seed('Autumn', [{ firstName: 'Ann', lastName: 'Smith', externalId: 'CRM-1', phones: ['+12125550100'] }]);

    // The second number of a lead, typed with punctuation and no country code; the same number in another campaign too.
    const byPhone = await find(`phone=${encodeURIComponent('(312) 555-0101')}`);
    expect(byPhone.leads).toHaveLength(1);
    expect(byPhone.leads[0]).toMatchObject({ firstName: 'Ann', campaignName: 'Spring', listName: 'Spring list', phones: ['+12125550100', '+13125550101'] });
    expect((await find('phone=2125550100')).leads.map((l) => l.campaignName)).toEqual(['Autumn', 'Spring']);
    expect((await find(`phone=2125550100&campaignId=${spring.campaignId}`)).leads.map((l) => l.campaignName)).toEqual(['Spring']);
    // Each on the customer's clock: the lead's own zone, else its campaign's.
    expect((await find(`q=smith&campaignId=${spring.campaignId}`)).leads.map((l) => [l.firstName, l.timeZone])).toEqual([['Bob', 'America/Chicago'], ['Ann', 'America/New_York']]);

    // A number typed into the search box finds the lead by phone too, read as phone= reads it.
    expect(names(await find(`q=${encodeURIComponent('(312) 555-0101')}`))).toEqual(['Ann Smith']);
    expect(names(await find(`q=3125550101&campaignId=${spring.campaignId}`))).toEqual(['Ann Smith']);
    const numbered = await seed('Numbered', [{ firstName: 'Ida', lastName: 'Number', externalId: '4155550199', phones: ['+14155550100'] }, { firstName: 'Pat', lastName: 'Phone', phones: ['+14155550199'] }]);
    // A number that is also a customer's id finds both.
    expect(names(await find(`q=4155550199&campaignId=${numbered.campaignId}`))).toEqual(['Pat Phone', 'Ida Number']);

    expect(names(await find('q=crm-2'))).toEqual([]); // the customer's id is matched exactly
    expect(names(await find('q=CRM-2'))).toEqual(['Bob Smithers']);
    expect(names(await find(`q=smi&campaignId=${spring.campaignId}`))).toEqual(['Bob Smithers', 'Ann Smith']);
    expect(names(await find(`q=ann&campaignId=${spring.campaignId}`))).toEqual(['Annette Jones', 'Ann Smith']);
    expect(names(await find(`q=${encodeURIComponent('Ann Smith')}`))).toEqual(['Ann Smith', 'Ann Smith']);
    expect(names(await find(`q=ann&status=done`))).toEqual(['Annette Jones']);
    // By stage and grade: the appointments to hand to sales, the best leads.
    expect(names(await find('stage=appointment'))).toEqual(['Annette Jones']);
    expect(names(await find(`grade=A&campaignId=${spring.campaignId}`))).toEqual(['Annette Jones']);
    expect(names(await find('stage=appointment&grade=B'))).toEqual([]);
    // LIKE's own characters are matched as typed.
    expect(names(await find(`q=${encodeURIComponent('100%')}`))).toEqual(['Zoe 100%_sure']);
    expect(names(await find(`q=${encodeURIComponent('%')}`))).toEqual([]);
  });

  it('pages through the newest first, and shows a supervisor the last digits only', async () => {
    const leads = Array.from({ length: 7 }, (_, i) => ({ firstName: `Lead${i}`, lastName: 'Page', phones: [`+1212555020${i}`] }));
    const { campaignId } = await seed('Paged', leads);
    const first = await find(`campaignId=${campaignId}&limit=3`);
    expect(names(first)).toEqual(['Lead6 Page', 'Lead5 Page', 'Lead4 Page']);
    const second = await find(`campaignId=${campaignId}&limit=3&before=${first.next}`);
    expect(names(second)).toEqual(['Lead3 Page', 'Lead2 Page', 'Lead1 Page']);
    const last = await find(`campaignId=${campaignId}&limit=3&before=${second.next}`);
    expect(names(last)).toEqual(['Lead0 Page']);
    expect(last.next).toBeNull();

    const seen = await find('phone=2125550206', 'sup');
    expect(seen.leads[0]?.phones).toEqual(['+*******0206']);
    const detail = await app.inject({ method: 'GET', url: `/api/leads/${seen.leads[0]?.id}`, headers: as('sup') });
    expect(detail.json<{ phones: Array<{ e164: string }> }>().phones.map((p) => p.e164)).toEqual(['+*******0206']);
    const why = await app.inject({ method: 'GET', url: `/api/leads/${seen.leads[0]?.id}/why-not-dialled`, headers: as('sup') });
    expect(why.json<{ phones: Array<{ e164: string }> }>().phones.map((p) => p.e164)).toEqual(['+*******0206']);
    const forManager = await app.inject({ method: 'GET', url: `/api/leads/${seen.leads[0]?.id}`, headers: as('mgr') });
    expect(forManager.json<{ phones: Array<{ e164: string }> }>().phones.map((p) => p.e164)).toEqual(['+12125550206']);
  });

  it('lists the leads called lately, the last called first, a page at a time, leaving out those never called', async () => {
    const leads = Array.from({ length: 6 }, (_, i) => ({ firstName: `Called${i}`, lastName: 'Late', phones: [`+1212555030${i}`] }));
    const { campaignId, leadIds } = await seed('Lately', leads);
    const other = await seed('Elsewhere', [{ firstName: 'Other', lastName: 'Late', phones: ['+12125550310'] }]);
    const called = async (leadId: string | undefined, at: string) => {
      await pool.query('UPDATE leads SET last_attempt_at = $2 WHERE id = $1', [leadId, at]);
    };
    // Leads 1 and 4 in the same microsecond (the later lead first), lead 2 a microsecond apart, lead 5 never.
    await called(leadIds[0], '2026-03-01T10:00:00.000001Z');
    await called(leadIds[1], '2026-03-01T12:00:00.000002Z');
    await called(leadIds[4], '2026-03-01T12:00:00.000002Z');
    await called(leadIds[2], '2026-03-01T12:00:00.000003Z');
    await called(leadIds[3], '2026-03-01T09:00:00Z');
    await called(other.leadIds[0], '2026-03-01T11:00:00Z');

    const pages: string[][] = [];
    let next: string | null = null;
    do {
      const page: Found = await find(`campaignId=${campaignId}&order=lastCalled&limit=2${next ? `&before=${next}` : ''}`);
      pages.push(names(page));
      next = page.next;
    } while (next !== null && pages.length < 5);
    expect(pages).toEqual([['Called2 Late', 'Called4 Late'], ['Called1 Late', 'Called0 Late'], ['Called3 Late']]);
    expect(names(await find('order=lastCalled&q=Called&limit=3'))).toEqual(['Called2 Late', 'Called4 Late', 'Called1 Late']);
    expect(names(await find('order=lastCalled&limit=4'))).toEqual(['Called2 Late', 'Called4 Late', 'Called1 Late', 'Other Late']);

    // A cursor of the other order is refused, not read as something else.
    const newest = await find(`campaignId=${campaignId}&limit=2`);
    const mixed = await app.inject({ method: 'GET', url: `/api/leads?order=lastCalled&before=${newest.next}`, headers: as('mgr') });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json<{ message: string }>().message).toBe("before: not the next page of a search in the order lastCalled; pass the last page's next as it came");
    expect((await app.inject({ method: 'GET', url: '/api/leads?order=oldest', headers: as('mgr') })).statusCode).toBe(400);
  });

  it("reads a national number as the campaign's lists read their leads', unless a region is given", async () => {
    const { id: campaignId } = await createCampaign(pool, { name: 'London', timezone: 'Europe/London', seedDispositions: false });
    const list = await createList(pool, { campaignId, name: 'London list', defaultRegion: 'GB' });
    await insertLeads(pool, list.id, [{ firstName: 'Ada', lastName: 'Byron', phones: ['+442079460123'] }]);
    const typed = encodeURIComponent('020 7946 0123');
    expect(names(await find(`campaignId=${campaignId}&phone=${typed}`))).toEqual(['Ada Byron']);
    expect(names(await find(`phone=${typed}&region=GB`))).toEqual(['Ada Byron']);
    // Without a campaign, a national number is a US one: this one is not.
    expect((await app.inject({ method: 'GET', url: `/api/leads?phone=${typed}`, headers: as('mgr') })).statusCode).toBe(400);
    // A campaign whose lists read numbers in several regions cannot tell: the search asks which.
    await createList(pool, { campaignId, name: 'Paris list', defaultRegion: 'FR' });
    const unclear = await app.inject({ method: 'GET', url: `/api/leads?campaignId=${campaignId}&phone=${typed}`, headers: as('mgr') });
    expect([unclear.statusCode, unclear.json<{ message: string }>().message]).toEqual([400, `campaign ${campaignId}'s lists read numbers in several regions: say which this number is in (region)`]);
    expect(names(await find(`campaignId=${campaignId}&phone=${typed}&region=GB`))).toEqual(['Ada Byron']);
    // A number typed into q is then looked for as a customer id or a name only, not refused.
    expect(names(await find(`campaignId=${campaignId}&q=${typed}`))).toEqual([]);
  });

  it('reads the region of the numbers once for phone and q, and does not take a database failure for a region not told', async () => {
    const { id: campaignId } = await createCampaign(pool, { name: 'Leeds', timezone: 'Europe/London', seedDispositions: false });
    const list = await createList(pool, { campaignId, name: 'Leeds list', defaultRegion: 'GB' });
    await insertLeads(pool, list.id, [{ firstName: 'Ada', lastName: 'Byron', phones: ['+442079460123'] }]);
    let regionReads = 0;
    let failRegionRead = false;
    const counted = new Proxy(pool, {
      get: (target, key) => key !== 'query' ? Reflect.get(target, key) : async (...args: Parameters<typeof pool.query>) => {
        if (String(args[0]).includes('SELECT DISTINCT default_region')) {
          regionReads += 1;
          if (failRegionRead) throw new Error('Connection terminated unexpectedly');
        }
        return (target.query as (...a: unknown[]) => unknown)(...args);
      },
    });
    const watched = await buildApp({ routes: leadLookupRoutes({ pool: counted }), authenticate: createAuthenticator(tokens, null), logger: createLogger({ level: 'silent' }) });
    try {
      const search = (query: string) => watched.inject({ method: 'GET', url: `/api/leads?campaignId=${campaignId}&${query}`, headers: as('mgr') });
      const typed = encodeURIComponent('020 7946 0123');
      const both = await search(`phone=${typed}&q=${typed}`);
      expect([both.statusCode, names(both.json<Found>())]).toEqual([200, ['Ada Byron']]);
      expect(regionReads).toBe(1);
      failRegionRead = true;
      expect((await search(`q=${typed}`)).statusCode).toBe(500);
    } finally {
      await watched.close();
    }
  });

  it("shows a number written in a lead's notes in full to managers only", async () => {
    const { leadIds: [leadId] } = await seed('Notes', [{ firstName: 'Nia', lastName: 'Hart', phones: ['+12125550190'] }]);
    await scheduleCallback(pool, { leadId: leadId ?? '', dueAt: new Date(Date.now() + 86_400_000), notes: 'call her mobile +44 7700 900123 after six' });
    const notesAs = async (token: string) => (await app.inject({ method: 'GET', url: `/api/leads/${leadId}/history`, headers: as(token) }))
      .json<{ callbacks: Array<{ notes: string }> }>().callbacks[0]?.notes;
    expect(await notesAs('mgr')).toBe('call her mobile +44 7700 900123 after six');
    for (const token of ['sup', 'view']) {
      const notes = await notesAs(token);
      expect(notes).toMatch(/^call her mobile .*123 after six$/);
      expect(notes).not.toContain('7700 900');
    }
  });

  it('refuses a number that is not one, a bad page size and an agent, with the reason', async () => {
    const bad = await app.inject({ method: 'GET', url: '/api/leads?phone=12345', headers: as('mgr') });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toMatch(/^phone: /);
    const big = await app.inject({ method: 'GET', url: '/api/leads?limit=1000', headers: as('mgr') });
    expect(big.statusCode).toBe(400);
    expect(big.json<{ message: string }>().message).toMatch(/limit/);
    expect((await app.inject({ method: 'GET', url: '/api/leads?q=ann', headers: as('ag1') })).statusCode).toBe(403);
  });
});

describe('lead history', () => {
  it("lists a lead's calls with outcome, agent, disposition and notes, and its callbacks, newest first", async () => {
    const { campaignId, leadIds } = await seed('History', [{ firstName: 'Ann', lastName: 'Smith', phones: ['+12125550100'] }]);
    const leadId = leadIds[0];
    await pool.query(`INSERT INTO agents (id, name) VALUES ('a1', 'Ann Agent')`);
    const phone = await pool.query<{ id: string }>('SELECT id FROM lead_phones WHERE lead_id = $1', [leadId]);
    const phoneId = phone.rows[0]?.id;
    const attempt = async (minutesAgo: number, values: { outcome: string; agent?: string; connected?: boolean; abandoned?: boolean; recording?: string; originated?: boolean }) => {
      const result = await pool.query<{ id: string }>(
        `INSERT INTO attempts (campaign_id, lead_id, phone_id, e164, status, outcome, agent_id, abandoned, recording_name, created_at, originated_at, connected_at, ended_at)
         VALUES ($1, $2, $3, '+12125550100', 'ended', $4, $5, $6, $7, now() - make_interval(mins => $8), CASE WHEN $9 THEN now() - make_interval(mins => $8) END,
                 CASE WHEN $10 THEN now() - make_interval(mins => $8) END, now() - make_interval(mins => $8) + interval '2 minutes')
         RETURNING id`,
        [campaignId, leadId, phoneId, values.outcome, values.agent ?? null, values.abandoned ?? false, values.recording ?? null, minutesAgo, values.originated ?? true, values.connected ?? false],
      );
      return result.rows[0]?.id ?? '';
    };
    await attempt(300, { outcome: 'no_answer' });
    await attempt(200, { outcome: 'abandoned', abandoned: true });
    const talked = await attempt(100, { outcome: 'connected', agent: 'a1', connected: true, recording: 'rec-1' });
    await attempt(50, { outcome: 'cancelled', originated: false }); // leased, never dialled: not a call
    await pool.query(`INSERT INTO dispositions (attempt_id, campaign_id, lead_id, agent_id, code, notes) VALUES ($1, $2, $3, 'a1', 'CALLBACK', 'call after 3')`, [talked, campaignId, leadId]);
    await pool.query(`INSERT INTO callbacks (lead_id, campaign_id, agent_id, attempt_id, due_at, timezone, notes, follow_up_deadline) VALUES ($1, $2, 'a1', $3, '2030-01-08T20:00:00Z', 'America/New_York', 'call after 3', '2030-01-10T20:00:00Z')`, [leadId, campaignId, talked]);

    const response = await app.inject({ method: 'GET', url: `/api/leads/${leadId}/history`, headers: as('sup') });
    expect(response.statusCode).toBe(200);
    const history = response.json<{ calls: Array<Record<string, unknown>>; callbacks: Array<Record<string, unknown>> }>();
    expect(history.calls.map((c) => c.outcome)).toEqual(['connected', 'abandoned', 'no_answer']);
    expect(history.calls[0]).toMatchObject({ attemptId: talked, agentId: 'a1', agentName: 'Ann Agent', code: 'CALLBACK', notes: 'call after 3', recorded: true, abandoned: false, phoneId });
    expect(history.calls[1]).toMatchObject({ abandoned: true, recorded: false, code: null });
    expect(history.callbacks).toEqual([{ dueAt: '2030-01-08T20:00:00.000Z', timezone: 'America/New_York', agentId: 'a1', agentName: 'Ann Agent', status: 'pending', notes: 'call after 3', releasedFrom: null }]);
    expect((await app.inject({ method: 'GET', url: '/api/leads/999999/history', headers: as('sup') })).statusCode).toBe(404);
  });
});

describe('lead correction', () => {
  it('corrects names, grade, stage, priority and time zone, and records a zone change', async () => {
    const { campaignId, leadIds } = await seed('Fix', [{
      firstName: 'Ann', lastName: 'Smtih', phones: ['+12125550100'], timezone: 'America/New_York', fields: { mobile: '+1 650 555 0199' },
    }]);
    const leadId = leadIds[0] ?? '';
    const patch = (payload: Record<string, unknown>, token = 'sup') => app.inject({ method: 'PATCH', url: `/api/leads/${leadId}`, headers: as(token), payload });
    expect((await patch({ grade: 'A' }, 'view')).statusCode).toBe(403);
    const fixed = await patch({ lastName: 'Smith', grade: 'A', stage: 'valid_contact', priority: 5, timezone: 'America/Chicago' });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json()).toMatchObject({ firstName: 'Ann', lastName: 'Smith', grade: 'A', stage: 'valid_contact', priority: 5, timezone: 'America/Chicago', timezoneSource: 'explicit' });
    // The answer shows the lead as a read of it would: a supervisor sees no number in full.
    const shown = await app.inject({ method: 'GET', url: `/api/leads/${leadId}`, headers: as('sup') });
    expect(fixed.json()).toEqual(shown.json());
    expect(fixed.body).not.toMatch(/555.?0199|5550100/);
    expect((await patch({}, 'mgr')).json<{ fields: { mobile: string } }>().fields.mobile).toBe('+1 650 555 0199');
    // Back to the campaign's default zone; an empty name is no name.
    expect((await patch({ timezone: null, firstName: '  ' })).json()).toMatchObject({ firstName: null, timezone: null, timezoneSource: null });
    const evidence = await pool.query<{ payload: unknown }>("SELECT payload FROM evidence_log WHERE kind = 'lead_zone_changed' AND campaign_id = $1 ORDER BY id", [campaignId]);
    expect(evidence.rows.map((r) => r.payload)).toEqual([
      { by: 'Sam', before: 'America/New_York', after: 'America/Chicago' },
      { by: 'Sam', before: 'America/Chicago', after: null },
    ]);
    for (const bad of [{ timezone: 'Mars/Olympus' }, { grade: 'F' }, { priority: 1.5 }, { phone: '+1' }]) {
      const refused = await patch(bad);
      expect(refused.statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await patch({ timezone: 'Mars/Olympus' })).json<{ message: string }>().message).toMatch(/IANA time zone/);
    // The range a list's priority column takes: a lead imported with one keeps it when corrected.
    for (const priority of [1_000_000, -1_000_000, 500]) expect((await patch({ priority })).json()).toMatchObject({ priority });
    for (const priority of [1_000_001, -1_000_001, 2.5]) {
      expect((await patch({ priority })).json<{ message: string }>().message).toMatch(/priority must be a whole number from -1000000 to 1000000/);
    }
    expect((await app.inject({ method: 'PATCH', url: '/api/leads/999999', headers: as('sup'), payload: { grade: 'B' } })).statusCode).toBe(404);
  });

  it("takes no name back in for a lead whose data was erased", async () => {
    const { campaignId, leadIds } = await seed('Erased', [{ phones: ['+12125550101'] }]);
    await pool.query("INSERT INTO evidence_log (kind, campaign_id, lead_id, payload) VALUES ('lead_erased', $1, $2, '{}')", [campaignId, leadIds[0]]);
    const refused = await app.inject({ method: 'PATCH', url: `/api/leads/${leadIds[0]}`, headers: as('sup'), payload: { firstName: 'Ann' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ message: string }>().message).toBe(`lead ${leadIds[0]}'s data was erased at the person's request: no name is taken back in`);
    expect((await app.inject({ method: 'PATCH', url: `/api/leads/${leadIds[0]}`, headers: as('sup'), payload: { grade: 'E' } })).statusCode).toBe(200);
  });
});

describe('values the database cannot take', () => {
  it('are refused with 400, and nothing of the request is kept', async () => {
    const { leadIds } = await seed('Nul', [{ firstName: 'Ann', phones: ['+12125550100'] }]);
    const leadId = leadIds[0] ?? '';
    const requests = [
      { method: 'GET' as const, url: '/api/leads?q=a%00' },
      { method: 'GET' as const, url: '/api/leads?order=lastCalled&before=9223372036854775807.1' },
      { method: 'PATCH' as const, url: `/api/leads/${leadId}`, payload: { firstName: 'A\u0000n', grade: 'B' } },
    ];
    for (const request of requests) {
      const refused = await app.inject({ ...request, headers: as('sup') });
      expect(refused.statusCode, `${request.url}: ${refused.body}`).toBe(400);
      expect(refused.json<{ error: string; message: string }>()).toMatchObject({ error: 'invalid_request', message: expect.stringMatching(/^a value in the request cannot be stored/) });
      expect(refused.body).not.toMatch(/UTF8|encoding|timestamp/);
    }
    expect((await app.inject({ method: 'GET', url: `/api/leads/${leadId}`, headers: as('sup') })).json()).toMatchObject({ firstName: 'Ann', grade: 'C' });
  });
});
