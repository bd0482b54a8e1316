// A campaign's compliance evidence through the real app builder and Postgres: abandonment over the
// regime's window as the regime counts it (UK adding estimated AMD false positives), safe-harbour
// messages played, and the evidence log newest first a page at a time, numbers masked for all but
// managers, in the page and the CSV export alike; and every campaign's evidence about one number,
// the file import or registry load that put it on a DNC list among it, asked by supervisors and up only.

import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { dncRoutes } from '../../../src/adapters/http/routes/dnc-routes.js';
import { evidenceRoutes } from '../../../src/adapters/http/routes/evidence-routes.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { importDncList } from '../../../src/adapters/pg/dnc-additions.js';
import { appendEvidence } from '../../../src/adapters/pg/evidence-log-repository.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';

const pool = createTestPool();
let app: FastifyInstance;
const now = new Date('2030-01-07T17:00:00Z');
const tokens = [
  { token: 'mgr', role: 'manager' as const, name: 'Mia' },
  { token: 'view', role: 'viewer' as const, name: 'Vic' },
  { token: 'sup', role: 'supervisor' as const, name: 'Sue' },
  { token: 'ag', role: 'agent' as const, name: 'Ann', agentId: 'a1' },
];
const as = (token: string) => ({ authorization: `Bearer ${token}` });
const get = async <T>(url: string, token = 'view') => {
  const response = await app.inject({ method: 'GET', url, headers: as(token) });
  return { status: response.statusCode, body: String(response.headers['content-type']).includes('json') ? response.json<T>() : (response.body as unknown as T) };
};

beforeAll(async () => {
  app = await buildApp({ routes: [...evidenceRoutes({ pool, nowMs: () => now.getTime() }), ...dncRoutes({ pool, nowMs: () => now.getTime() })], authenticate: createAuthenticator(tokens, null), logger: createLogger({ level: 'silent' }) });
});
afterAll(async () => {
  await app.close();
  await pool.end();
});
beforeEach(async () => {
  await truncateTables(pool, ['campaigns', 'attempts', 'evidence_log']);
});

/** A campaign with calls `hoursAgo` before now: live answers (some abandoned, some given the message) and machines. */
async function campaignWithCalls(regime: 'us' | 'uk', calls: Array<{ hoursAgo: number; live?: boolean; abandoned?: boolean; played?: boolean; machine?: boolean }>) {
  const { id } = await createCampaign(pool, { name: `c-${Math.random()}`, timezone: 'UTC', regime, seedDispositions: false, amdFalsePositiveRate: 0.1 });
  const list = await createList(pool, { campaignId: id, name: 'l' });
  const [leadId] = await insertLeads(pool, list.id, [{ phones: ['+12125550100'] }]);
  for (const call of calls) {
    const at = new Date(now.getTime() - call.hoursAgo * 3_600_000);
    await pool.query(
      `INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, created_at, answered_at, live_at, abandoned, safe_harbor_played, ended_at)
       VALUES ($1, $2, '+12125550100', 'ended', $3, $4, $4, $5, $6, $7, $4)`,
      [id, leadId, call.machine ? 'machine' : call.abandoned ? 'abandoned' : 'connected', at, call.live === false || call.machine ? null : at, call.abandoned ?? false, call.played ?? false],
    );
  }
  return id;
}

describe('compliance standing', () => {
  it("counts the US regime's 30 days: live answers, abandons and safe-harbour messages in the window only", async () => {
    const calls = [
      ...Array.from({ length: 96 }, (_, i) => ({ hoursAgo: 1 + i })),
      { hoursAgo: 2, abandoned: true, played: true }, { hoursAgo: 30, abandoned: true, played: true }, { hoursAgo: 200, abandoned: true },
      { hoursAgo: 31 * 24, abandoned: true }, // outside the window
    ];
    const id = await campaignWithCalls('us', calls);
    const { status, body } = await get<Record<string, unknown>>(`/api/campaigns/${id}/compliance`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ regime: 'us', windowHours: 720, target: 0.03, liveAnswers: 99, abandoned: 3, countedAbandoned: 3, countedLiveAnswers: 99, withinTarget: false, safeHarborPlayed: 2, amdFalsePositiveRate: null });
    expect(body.rate).toBeCloseTo(3 / 99, 6);
  });

  it("counts the UK regime's 24 hours with the estimated AMD false positives", async () => {
    const calls = [
      ...Array.from({ length: 50 }, () => ({ hoursAgo: 3 })), { hoursAgo: 5, abandoned: true },
      ...Array.from({ length: 10 }, () => ({ hoursAgo: 4, machine: true })), { hoursAgo: 30, abandoned: true },
    ];
    const id = await campaignWithCalls('uk', calls);
    const { body } = await get<Record<string, number | boolean | null>>(`/api/campaigns/${id}/compliance`);
    // One abandon and 10 machines at a 10% false-positive rate: (1 + 1) / (51 + 1).
    expect(body).toMatchObject({ regime: 'uk', windowHours: 24, liveAnswers: 51, abandoned: 1, machineAnswers: 10, amdFalsePositiveRate: 0.1, withinTarget: false });
    expect(body.countedAbandoned).toBeCloseTo(2, 6);
    // The page's "2 of 52": both terms as the regime counts them.
    expect(body.countedLiveAnswers).toBeCloseTo(52, 6);
    expect(body.rate).toBeCloseTo(2 / 52, 6);
    expect((await get(`/api/campaigns/999999/compliance`)).status).toBe(404);
    expect((await get(`/api/campaigns/${id}/compliance`, 'ag')).status).toBe(403);
  });

  it('gives the last quarter hour as the regime counts it, as the pacer does: UK adds the estimated AMD false positives', async () => {
    // In the last quarter hour: 20 live answers, one abandoned, and 10 machines at a 10% false-positive rate.
    const calls = [
      ...Array.from({ length: 19 }, () => ({ hoursAgo: 0.1 })), { hoursAgo: 0.1, abandoned: true },
      ...Array.from({ length: 10 }, () => ({ hoursAgo: 0.1, machine: true })), { hoursAgo: 3, abandoned: true },
    ];
    const quarterHourOf = async (regime: 'us' | 'uk') => {
      const id = await campaignWithCalls(regime, calls);
      return (await get<{ quarterHour: Record<string, number> }>(`/api/campaigns/${id}/compliance`)).body.quarterHour;
    };
    const uk = await quarterHourOf('uk');
    expect(uk).toMatchObject({ liveAnswers: 20, abandoned: 1, machineAnswers: 10 });
    expect([uk.countedAbandoned, uk.countedLiveAnswers, uk.rate]).toEqual([expect.closeTo(2, 6), expect.closeTo(21, 6), expect.closeTo(2 / 21, 6)]);
    const us = await quarterHourOf('us');
    expect(us).toMatchObject({ liveAnswers: 20, abandoned: 1, countedAbandoned: 1, countedLiveAnswers: 20, rate: 0.05 });
  });

  it("keeps the window's first hour when the clock stands in the same hour of the day: an abandon 30 days less 10 minutes ago counts", async () => {
    // The window's first hour (17:00-18:00, 30 days ago) and the current one share a slot of the
    // ledger's 720 hourly buckets: an answer in each must both count, as the safe-harbour count does.
    const later = now.getTime() + 40 * 60_000;
    const id = await campaignWithCalls('us', [{ hoursAgo: 720 - 5 / 6, abandoned: true, played: true }, { hoursAgo: -0.25 }]);
    const clocked = await buildApp({ routes: evidenceRoutes({ pool, nowMs: () => later }), authenticate: createAuthenticator(tokens, null), logger: createLogger({ level: 'silent' }) });
    try {
      const response = await clocked.inject({ method: 'GET', url: `/api/campaigns/${id}/compliance`, headers: as('view') });
      expect(response.json()).toMatchObject({ liveAnswers: 2, abandoned: 1, safeHarborPlayed: 1 });
    } finally {
      await clocked.close();
    }
  });
});

describe('evidence log', () => {
  it('pages newest first, filters by kind and time, and masks numbers for all but managers', async () => {
    const id = await campaignWithCalls('us', []);
    for (let i = 0; i < 5; i++) {
      await appendEvidence(pool, { kind: i % 2 ? 'abandon' : 'dnc_added', campaignId: id, at: new Date(now.getTime() - (10 - i) * 60_000), payload: { e164: '+12125550100', n: i } });
    }
    type Page = { entries: Array<{ id: string; kind: string; payload: { e164: string; n: number } }>; next: string | null };
    const first = await get<Page>(`/api/campaigns/${id}/evidence?limit=2`, 'mgr');
    expect(first.body.entries.map((e) => e.payload.n)).toEqual([4, 3]);
    expect(first.body.entries[0]?.payload.e164).toBe('+12125550100');
    const second = await get<Page>(`/api/campaigns/${id}/evidence?limit=2&before=${first.body.next}`, 'mgr');
    expect(second.body.entries.map((e) => e.payload.n)).toEqual([2, 1]);
    const last = await get<Page>(`/api/campaigns/${id}/evidence?limit=2&before=${second.body.next}`, 'mgr');
    expect(last.body).toMatchObject({ next: null });
    expect(last.body.entries.map((e) => e.payload.n)).toEqual([0]);

    const abandons = await get<Page>(`/api/campaigns/${id}/evidence?kinds=abandon`);
    expect(abandons.body.entries.map((e) => [e.kind, e.payload.n])).toEqual([['abandon', 3], ['abandon', 1]]);
    expect(abandons.body.entries[0]?.payload.e164).toBe('+*******0100');
    const from = new Date(now.getTime() - 7.5 * 60_000).toISOString();
    expect((await get<Page>(`/api/campaigns/${id}/evidence?from=${encodeURIComponent(from)}`)).body.entries.map((e) => e.payload.n)).toEqual([4, 3]);
    expect((await get(`/api/campaigns/${id}/evidence?kinds=${encodeURIComponent('DROP TABLE')}`)).status).toBe(400);
    expect((await get(`/api/campaigns/${id}/evidence?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z`)).status).toBe(400);

    const range = 'from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z';
    const csvForViewer = (await get<string>(`/api/campaigns/${id}/evidence.csv?${range}`)).body;
    expect(csvForViewer).toContain('+*******0100');
    expect(csvForViewer).not.toContain('+12125550100');
    expect((await get<string>(`/api/campaigns/${id}/evidence.csv?${range}`, 'mgr')).body).toContain('+12125550100');
  });

  it("keeps no reason a manager typed for a DNC addition, only that there was one: the text stays on the number's entry, which an erasure clears", async () => {
    const id = await campaignWithCalls('us', []);
    const phone = '+13125550153';
    const typed = 'Mrs Smith asked, her husband is ill';
    await pool.query('DELETE FROM dnc_entries WHERE e164 = $1', [phone]);
    for (const body of [{ phone, campaignId: id, reason: typed }, { phone, reason: typed }]) {
      expect((await app.inject({ method: 'POST', url: '/api/dnc', headers: as('mgr'), payload: body })).statusCode).toBe(201);
    }
    const kept = await pool.query<{ scope: string; payload: Record<string, unknown> }>(
      `SELECT CASE WHEN campaign_id IS NULL THEN 'global' ELSE 'campaign' END AS scope, payload FROM evidence_log WHERE kind = 'dnc_added' AND payload->>'e164' = $1 ORDER BY id`, [phone]);
    expect(kept.rows.map((row) => [row.scope, row.payload])).toEqual(['campaign', 'global'].map((scope) => [scope, {
      e164: phone, scope, source: 'api', reasonTyped: true, expiresAt: null, by: 'Mia', created: true,
    }]));
    expect(JSON.stringify(kept.rows)).not.toContain('husband');
    // The log and its export as the API gives them: no typed text there either.
    type Page = { entries: Array<{ kind: string; payload: Record<string, unknown> }> };
    expect((await get<Page>(`/api/campaigns/${id}/evidence?kinds=dnc_added`, 'mgr')).body.entries.map((e) => e.payload)).toEqual([expect.objectContaining({ reasonTyped: true })]);
    expect((await get<string>(`/api/campaigns/${id}/evidence.csv?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z`, 'mgr')).body).not.toContain('husband');
    expect((await get<string>(`/api/evidence.csv?phone=${encodeURIComponent(phone)}&from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z`, 'mgr')).body).not.toContain('husband');
    // The entry holds the words, as typed, for the check to show.
    const check = await get<{ entries: Array<{ scope: string; reason: string }> }>(`/api/dnc/check?phone=${encodeURIComponent(phone)}&campaignId=${id}`, 'mgr');
    expect(check.body.entries.map((entry) => [entry.scope, entry.reason])).toEqual([['global', typed], ['campaign', typed]]);
    await pool.query('DELETE FROM dnc_entries WHERE e164 = $1', [phone]);
  });
});

describe('evidence about a number', () => {
  it("finds every campaign's entries naming it, of its calls and of its leads without a call, newest first, masked for all but managers", async () => {
    const a = await campaignWithCalls('us', []);
    const b = await campaignWithCalls('us', []);
    const list = await createList(pool, { campaignId: a, name: 'two phones' });
    const [leadId] = await insertLeads(pool, list.id, [{ phones: ['+13125550177', '+13125550188'] }]);
    const call = async (e164: string) => (await pool.query<{ id: string }>(
      `INSERT INTO attempts (campaign_id, lead_id, e164, status) VALUES ($1, $2, $3, 'ended') RETURNING id`, [a, leadId, e164])).rows[0]?.id;
    const [toIt, toOther] = [await call('+13125550177'), await call('+13125550188')];
    const at = (n: number) => new Date(now.getTime() - (10 - n) * 60_000);
    const about = [
      { kind: 'abandon', campaignId: a, attemptId: toIt, leadId, at: at(1), payload: { e164: '+13125550177', n: 1 } },
      { kind: 'dnc_added', campaignId: b, at: at(2), payload: { e164: '+13125550177', n: 2 } },
      { kind: 'dnc_added', campaignId: a, attemptId: toIt, leadId, at: at(3), payload: { source: 'agent', n: 3 } },
      { kind: 'lead_zone_changed', campaignId: a, leadId, at: at(4), payload: { n: 4 } },
    ] as const;
    const notAbout = [
      { kind: 'recording_accessed', campaignId: a, attemptId: toOther, leadId, at: at(5), payload: { n: 5 } },
      { kind: 'abandon', campaignId: b, at: at(6), payload: { e164: '+13125550111', n: 6 } },
      { kind: 'campaign_changed', campaignId: a, at: at(7), payload: { n: 7 } },
    ] as const;
    for (const entry of [...about, ...notAbout]) await appendEvidence(pool, entry);
    type Page = { e164: string; entries: Array<{ kind: string; campaignId: string; payload: { e164?: string; n: number } }>; next: string | null };

    const all = await get<Page>(`/api/evidence?phone=${encodeURIComponent('+13125550177')}`, 'mgr');
    expect(all.status).toBe(200);
    expect(all.body.entries.map((e) => e.payload.n)).toEqual([4, 3, 2, 1]);
    expect(all.body.entries.find((e) => e.payload.n === 2)).toMatchObject({ campaignId: b, payload: { e164: '+13125550177' } });
    // A national number read as the region says (US by default), a page at a time.
    const first = await get<Page>(`/api/evidence?phone=${encodeURIComponent('(312) 555-0177')}&limit=3`, 'sup');
    expect(first.body).toMatchObject({ e164: '+*******0177' });
    expect(first.body.entries.map((e) => e.payload.n)).toEqual([4, 3, 2]);
    expect(first.body.entries.find((e) => e.payload.n === 2)?.payload.e164).toBe('+*******0177');
    const second = await get<Page>(`/api/evidence?phone=3125550177&region=US&limit=3&before=${first.body.next}`, 'sup');
    expect(second.body).toMatchObject({ next: null });
    expect(second.body.entries.map((e) => e.payload.n)).toEqual([1]);
    expect((await get<Page>('/api/evidence?phone=%2B13125550177&kinds=abandon', 'sup')).body.entries.map((e) => e.payload.n)).toEqual([1]);
    expect((await get('/api/evidence?phone=%2B13125550177', 'ag')).status).toBe(403);
    expect((await get('/api/evidence?phone=12', 'sup')).status).toBe(400);
  });

  it("refuses a viewer a number's evidence, saying who may ask, and leaves them a campaign's log", async () => {
    const id = await campaignWithCalls('us', []);
    await appendEvidence(pool, { kind: 'abandon', campaignId: id, at: now, payload: { e164: '+13125550177' } });
    const range = 'from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z';
    for (const url of ['/api/evidence?phone=%2B13125550177', `/api/evidence.csv?phone=%2B13125550177&${range}`]) {
      const refused = await get<{ message: string }>(url);
      expect([refused.status, refused.body.message], url).toEqual([403, expect.stringContaining(
        "evidence about a number is looked up by supervisors, managers and admins only (it tells whether the number was called); a campaign's evidence log is open to every staff role")]);
    }
    expect((await get<{ entries: unknown[] }>(`/api/campaigns/${id}/evidence`)).body.entries).toHaveLength(1);
    expect((await get<string>(`/api/campaigns/${id}/evidence.csv?${range}`)).status).toBe(200);
    expect((await get('/api/evidence?phone=%2B13125550177', 'sup')).status).toBe(200);
  });

  it('finds the full load of a national registry that took it off the global list, as a removal by hand is found', async () => {
    const [staying, leaving] = ['+442079460913', '+442079460914'];
    await pool.query("DELETE FROM dnc_registry_numbers WHERE registry = 'uk_tps'");
    await pool.query('DELETE FROM dnc_entries WHERE e164 = ANY($1)', [[staying, leaving]]);
    const load = (list: string, numbers: string[]) => importDncList(pool, {
      source: Readable.from([numbers.join('\n')]), campaignId: null, region: 'GB', listName: list, by: 'Mia', registry: 'uk_tps', full: true, now,
    });
    await load('tps-november', [staying, leaving]);
    const december = await load('tps-december', [staying]);
    expect(december.removed).toBe(1);
    type Page = { entries: Array<{ kind: string; payload: { loadId?: string } }> };
    const found = await get<Page>(`/api/evidence?phone=${encodeURIComponent(leaving)}`, 'mgr');
    const november = expect.objectContaining({ kind: 'dnc_list_imported', payload: expect.objectContaining({ list: 'tps-november', registry: 'uk_tps' }) });
    expect(found.body.entries).toEqual([expect.objectContaining({ kind: 'dnc_removed', payload: expect.objectContaining({ loadId: december.loadId, registry: 'uk_tps' }) }), november]);
    // The number the load kept was taken off by none: the load that put it on is all.
    expect((await get<Page>(`/api/evidence?phone=${encodeURIComponent(staying)}`, 'mgr')).body.entries).toEqual([november]);
  });

  it('finds the file import or national registry load that put it on a DNC list, and not one that found it there', async () => {
    const [byFile, byRegistry, onCampaign] = ['+12125550480', '+12125550481', '+12125550482'];
    await pool.query('DELETE FROM dnc_entries WHERE e164 = ANY($1)', [[byFile, byRegistry, onCampaign]]);
    const { id: campaignId } = await createCampaign(pool, { name: `c-${Math.random()}`, timezone: 'UTC', seedDispositions: false });
    const imported = async (query: string, numbers: string[]) => (await app.inject({
      method: 'POST', url: `/api/dnc/import?${query}`, headers: { ...as('mgr'), 'content-type': 'text/plain' }, payload: numbers.join('\n'),
    })).statusCode;
    expect(await imported('list=crm-opt-outs', [byFile])).toBe(200);
    // The registry's load finds the first number listed already: it came on by the file.
    expect(await imported('registry=us_national&list=us-dnc-january', [byFile, byRegistry])).toBe(200);
    expect(await imported(`campaignId=${campaignId}&list=campaign-opt-outs`, [onCampaign])).toBe(200);
    type Page = { entries: Array<{ kind: string; campaignId: string | null; payload: { list?: string; registry?: string; by?: string; scope?: string } }> };
    const about = async (e164: string) => (await get<Page>(`/api/evidence?phone=${encodeURIComponent(e164)}`, 'mgr')).body.entries
      .map((entry) => ({ kind: entry.kind, campaignId: entry.campaignId, list: entry.payload.list, registry: entry.payload.registry ?? null, scope: entry.payload.scope, by: entry.payload.by }));
    expect(await about(byFile)).toEqual([{ kind: 'dnc_list_imported', campaignId: null, list: 'crm-opt-outs', registry: null, scope: 'global', by: 'Mia' }]);
    expect(await about(byRegistry)).toEqual([{ kind: 'dnc_list_imported', campaignId: null, list: 'us-dnc-january', registry: 'us_national', scope: 'global', by: 'Mia' }]);
    expect(await about(onCampaign)).toEqual([{ kind: 'dnc_list_imported', campaignId, list: 'campaign-opt-outs', registry: null, scope: 'campaign', by: 'Mia' }]);
  });

  it("reads a national number in the region of the campaign asked from, and exports the number's entries as CSV, masked for all but managers", async () => {
    const { id: london } = await createCampaign(pool, { name: `gb-${Math.random()}`, timezone: 'Europe/London', regime: 'uk', seedDispositions: false });
    const { id: newYork } = await createCampaign(pool, { name: `us-${Math.random()}`, timezone: 'America/New_York', seedDispositions: false });
    await createList(pool, { campaignId: london, name: 'uk', defaultRegion: 'GB' });
    const at = (n: number) => new Date(now.getTime() - (10 - n) * 60_000);
    await appendEvidence(pool, { kind: 'dnc_added', campaignId: london, at: at(1), payload: { e164: '+442079460177', n: 1 } });
    await appendEvidence(pool, { kind: 'abandon', campaignId: newYork, at: at(2), payload: { e164: '+442079460177', n: 2 } });
    await appendEvidence(pool, { kind: 'abandon', campaignId: newYork, at: at(3), payload: { e164: '+442079460199', n: 3 } });
    type Page = { e164: string; entries: Array<{ payload: { n: number } }> };
    const found = await get<Page>(`/api/evidence?phone=${encodeURIComponent('020 7946 0177')}&campaignId=${london}`, 'mgr');
    expect(found.body.e164).toBe('+442079460177');
    expect(found.body.entries.map((e) => e.payload.n)).toEqual([2, 1]);

    const range = 'from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z';
    const csv = await get<string>(`/api/evidence.csv?phone=${encodeURIComponent('020 7946 0177')}&campaignId=${london}&${range}`, 'mgr');
    expect(csv.status).toBe(200);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('id,at,kind,campaign_id,attempt_id,lead_id,payload,campaign_timezone,at_local,hash');
    expect(lines.slice(1).map((line) => line.split(',')[2])).toEqual(['abandon', 'dnc_added']);
    expect(lines[1]).toContain('America/New_York');
    expect(lines[2]).toContain('Europe/London');
    expect(csv.body).toContain('+442079460177');
    const masked = (await get<string>(`/api/evidence.csv?phone=%2B442079460177&${range}`, 'sup')).body;
    expect(masked).toContain('+********0177');
    expect(masked).not.toContain('+442079460177');
    expect((await get('/api/evidence.csv?phone=%2B442079460177', 'ag')).status).toBe(403);
  });
});

describe('evidence kinds', () => {
  it('refuses a kind no entry has, naming it and listing the kinds, in the page and the CSV alike', async () => {
    const id = await campaignWithCalls('us', []);
    await appendEvidence(pool, { kind: 'supervision', campaignId: id, at: new Date(now.getTime() - 60_000), payload: { entry: 'started' } });
    const range = 'from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z';
    for (const url of [`/api/campaigns/${id}/evidence?kinds=bogus`, `/api/campaigns/${id}/evidence.csv?${range}&kinds=abandon,supervison`]) {
      const response = await app.inject({ method: 'GET', url, headers: as('mgr') });
      expect(response.statusCode, url).toBe(400);
      const { message } = response.json<{ message: string }>();
      expect(message).toMatch(/unknown kind "(bogus|supervison)"/);
      expect(message).toContain('supervision');
      expect(message).toContain('dnc_added');
      expect(message).not.toContain('"abandon"');
    }
    const csv = (await get<string>(`/api/campaigns/${id}/evidence.csv?${range}&kinds=supervision`, 'mgr')).body;
    expect(csv.split('\n').filter((line) => line.includes('supervision'))).toHaveLength(1);
  });
});

describe('evidence export', () => {
  it('says a campaign there is none of does not exist, in the page and the CSV, rather than answer with an empty log', async () => {
    const missing = String(Number(await campaignWithCalls('us', [])) + 1_000_000);
    for (const url of [`/api/campaigns/${missing}/evidence`, `/api/campaigns/${missing}/evidence.csv?from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z`]) {
      const response = await app.inject({ method: 'GET', url, headers: as('mgr') });
      expect([response.statusCode, response.json<{ message: string }>().message], url).toEqual([404, `campaign ${missing} does not exist`]);
    }
  });

  it("gives each entry's time in UTC and on the campaign's clock, naming its zone", async () => {
    const { id } = await createCampaign(pool, { name: `c-${Math.random()}`, timezone: 'America/New_York', seedDispositions: false });
    // 14:05 UTC is 09:05 in New York in January (EST), and 10:05 in July (EDT).
    await appendEvidence(pool, { kind: 'list_changed', campaignId: id, at: new Date('2030-01-05T14:05:00Z'), payload: { n: 1 } });
    await appendEvidence(pool, { kind: 'list_changed', campaignId: id, at: new Date('2029-07-05T14:05:00Z'), payload: { n: 2 } });
    const csv = (await get<string>(`/api/campaigns/${id}/evidence.csv?from=2029-01-01T00:00:00Z&to=2030-02-01T00:00:00Z`, 'mgr')).body;
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('id,at,kind,campaign_id,attempt_id,lead_id,payload,campaign_timezone,at_local,hash');
    const times = lines.slice(1).filter((line) => line.includes('list_changed')).map((line) => {
      const cells = line.split(',');
      return [cells[1], ...cells.slice(-3, -1)];
    });
    expect(times).toEqual(expect.arrayContaining([
      ['2030-01-05T14:05:00.000Z', 'America/New_York', '2030-01-05T09:05:00-05:00'],
      ['2029-07-05T14:05:00.000Z', 'America/New_York', '2029-07-05T10:05:00-04:00'],
    ]));
  });

  it('ends a download whose reading fails part way, and the server goes on', async () => {
    const { id } = await createCampaign(pool, { name: `c-${Math.random()}`, timezone: 'UTC', seedDispositions: false });
    for (let i = 0; i < 3; i++) await appendEvidence(pool, { kind: 'list_changed', campaignId: id, at: now, payload: { n: i } });
    // The database goes away after the first page of the export (one entry a page).
    let pages = 0;
    const failing = new Proxy(pool, {
      get: (target, key) => key !== 'query' ? Reflect.get(target, key) : async (...args: Parameters<typeof pool.query>) => {
        if (String(args[0]).includes('ORDER BY e.id LIMIT') && ++pages > 1) throw new Error('Connection terminated unexpectedly');
        return (target.query as (...a: unknown[]) => unknown)(...args);
      },
    });
    const routes = evidenceRoutes({ pool: failing, nowMs: () => now.getTime(), exportBatchSize: 1 });
    const broken = await buildApp({ routes, authenticate: createAuthenticator(tokens, null), logger: createLogger({ level: 'silent' }) });
    try {
      const range = 'from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z';
      const body = await broken.inject({ method: 'GET', url: `/api/campaigns/${id}/evidence.csv?${range}`, headers: as('mgr') })
        .then((response) => response.body, () => '');
      // Cut short (an aborted response or an error), never passed off as the whole log, and the app still answers.
      expect(body.split('\n').filter((line) => line.includes('list_changed')).length).toBeLessThan(3);
      expect((await broken.inject({ method: 'GET', url: `/api/campaigns/${id}/compliance`, headers: as('mgr') })).statusCode).toBe(200);
    } finally {
      await broken.close();
    }
  });
});
