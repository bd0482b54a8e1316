// A campaign's lists through the real app builder and Postgres: leads by status and due now, a
// list switched off or given a share of the dials (and selection following), each change recorded,
// and another pass over a list's exhausted leads, which keeps every rule that is not a count and
// is recorded.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pbxMediaOrNull } from '../../../src/adapters/ari/pbx-media.js';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { listManagementRoutes } from '../../../src/adapters/http/routes/list-management-routes.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { addDnc } from '../../../src/adapters/pg/dnc-repository.js';
import { eraseLead } from '../../../src/adapters/pg/lead-erasure.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { resetExhaustedLeads } from '../../../src/adapters/pg/list-management.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import { manualDialList } from '../../../src/adapters/pg/manual-dial-leads.js';
import { startSimPbx, type SimPbx } from '../../../src/sim/pbx/sim-pbx.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { interleave } from '../../helpers/lock-waits.js';

const pool = createTestPool();
let app: FastifyInstance;
const now = new Date('2030-01-07T17:00:00Z');
const tokens = [
  { token: 'mgr', role: 'manager' as const, name: 'Mia' },
  { token: 'sup', role: 'supervisor' as const, name: 'Sam' },
];
const as = (token: string) => ({ authorization: `Bearer ${token}` });
const allDay = { regime: 'custom', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])) };

interface Overview { id: string; name: string; active: boolean; mixWeight: number; leads: Record<string, number>; total: number; dueNow: number | null; manualDials: boolean }

let pbx: SimPbx;

beforeAll(async () => {
  pbx = await startSimPbx({ amiPort: null, username: 'lists', password: 'lists' });
  const pbxMedia = pbxMediaOrNull({ url: pbx.url, user: 'lists', password: 'lists' });
  app = await buildApp({ routes: listManagementRoutes({ pool, nowMs: () => now.getTime(), pbxMedia }), authenticate: createAuthenticator(tokens, null), logger: createLogger({ level: 'silent' }) });
});
afterAll(async () => {
  await app.close();
  await pbx?.close();
  await pool.end();
});
beforeEach(async () => {
  await truncateTables(pool, ['campaigns', 'dnc_entries', 'attempts', 'evidence_log']);
});

async function campaignWithLists(): Promise<{ campaignId: string; spring: string; autumn: string }> {
  const { id: campaignId } = await createCampaign(pool, { name: `lists-${Math.random()}`, timezone: 'America/New_York', seedDispositions: false, settings: { callingWindow: allDay } });
  const spring = await createList(pool, { campaignId, name: 'spring' });
  const autumn = await createList(pool, { campaignId, name: 'autumn' });
  const past = new Date(now.getTime() - 3_600_000);
  const later = new Date(now.getTime() + 3_600_000);
  await insertLeads(pool, spring.id, [
    { phones: ['+12125550100'], nextDialAt: past },
    { phones: ['+12125550101'], nextDialAt: later, status: 'retry' },
    { phones: ['+12125550102'], status: 'done' },
    { phones: ['+12125550103'], status: 'exhausted' },
    { phones: ['+12125550104'], status: 'exhausted' },
    { phones: ['+12125550105'], status: 'dnc' },
  ]);
  await insertLeads(pool, autumn.id, Array.from({ length: 4 }, (_, i) => ({ phones: [`+1312555020${i}`], nextDialAt: past })));
  return { campaignId, spring: spring.id, autumn: autumn.id };
}

const lists = async (campaignId: string, token = 'sup') => {
  const response = await app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/lists`, headers: as(token) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Overview[]>();
};

describe('list management', () => {
  it('counts leads by status and those due now, per list', async () => {
    const { campaignId } = await campaignWithLists();
    const [spring, autumn] = await lists(campaignId);
    expect(spring).toMatchObject({ name: 'spring', active: true, mixWeight: 1, total: 6, dueNow: 1, leads: { new: 1, retry: 1, done: 1, exhausted: 2, dnc: 1 } });
    expect(autumn).toMatchObject({ name: 'autumn', total: 4, dueNow: 4, leads: { new: 4 } });
    expect((await app.inject({ method: 'GET', url: '/api/campaigns/999999/lists', headers: as('sup') })).statusCode).toBe(404);
  });

  it("counts as due now only the leads the campaign's lead filter lets through", async () => {
    const { campaignId, autumn } = await campaignWithLists();
    await pool.query(`UPDATE leads SET fields = '{"state": " CA"}' WHERE id = (SELECT min(id) FROM leads WHERE list_id = $1)`, [autumn]);
    await pool.query(`UPDATE campaigns SET settings = settings || '{"leadFilter": [{"field": "state", "op": "in", "values": ["ca"]}]}' WHERE id = $1`, [campaignId]);
    const [spring, filtered] = await lists(campaignId);
    expect([spring?.dueNow, filtered?.dueNow, filtered?.total]).toEqual([0, 1, 4]);
  });

  it('counts as due now only the leads under the dials-per-lead cap, as selection takes them; a callback whatever its count', async () => {
    const { campaignId, spring, autumn } = await campaignWithLists();
    await pool.query(`UPDATE campaigns SET settings = settings || '{"recycle": {"maxAttempts": 2}}' WHERE id = $1`, [campaignId]);
    const ids = (await pool.query<{ id: string }>('SELECT id::text FROM leads WHERE list_id = $1 ORDER BY id', [autumn])).rows.map((r) => r.id);
    await pool.query(`UPDATE leads SET attempts = 2, status = 'retry' WHERE id = ANY($1::bigint[])`, [ids.slice(0, 2)]);
    await pool.query(`UPDATE leads SET attempts = 5, status = 'callback' WHERE id = $1`, [ids[2]]);
    const [, capped] = await lists(campaignId);
    expect(capped?.dueNow).toBe(2);
    const leased = await leaseLeadsAndCreateAttempts(pool, { campaignId, count: 10, nodeId: 'n', now, leaseMs: 60_000 });
    const springDue = (await pool.query<{ id: string }>('SELECT id::text FROM leads WHERE list_id = $1 AND status = $2', [spring, 'new'])).rows.map((r) => r.id);
    expect(leased.map((l) => l.leadId).sort()).toEqual([...springDue, ids[2], ids[3]].sort());
  });

  it('switches a list off, and selection stops taking its leads; a name already taken is refused', async () => {
    const { campaignId, spring, autumn } = await campaignWithLists();
    const patch = (id: string, payload: Record<string, unknown>, token = 'mgr') => app.inject({ method: 'PATCH', url: `/api/lists/${id}`, headers: as(token), payload });
    expect((await patch(autumn, { active: false }, 'sup')).statusCode).toBe(403);
    const off = await patch(autumn, { active: false });
    expect(off.json()).toMatchObject({ id: autumn, active: false, total: 4 });
    const leased = await leaseLeadsAndCreateAttempts(pool, { campaignId, count: 10, nodeId: 'n', now, leaseMs: 60_000 });
    expect(leased).toHaveLength(1); // spring's one due lead; none of autumn's

    expect((await patch(spring, { mixWeight: 3, name: 'spring 2030' })).json()).toMatchObject({ name: 'spring 2030', mixWeight: 3 });
    const taken = await patch(autumn, { name: 'spring 2030' });
    expect(taken.statusCode).toBe(400);
    expect(taken.json<{ message: string }>().message).toBe('the campaign already has a list named "spring 2030"');
    for (const bad of [{}, { mixWeight: -1 }, { mixWeight: 1.5 }, { active: 'yes' }, { colour: 'red' }]) expect((await patch(spring, bad)).statusCode, JSON.stringify(bad)).toBe(400);
    expect((await patch('999999', { active: true })).statusCode).toBe(404);

    // Each change is kept, by whom, before and after; one that changes nothing, or is refused, is not.
    expect((await patch(autumn, { active: false })).statusCode).toBe(200);
    expect((await patch(spring, { mixWeight: 3, callerId: '"Brand B" <+14155550199>' })).statusCode).toBe(200);
    const kept = await pool.query<{ at: Date; payload: unknown }>(`SELECT at, payload FROM evidence_log WHERE kind = 'list_changed' AND campaign_id = $1 ORDER BY id`, [campaignId]);
    expect(kept.rows.map((r) => r.payload)).toEqual([
      { by: 'Mia', listId: autumn, list: 'autumn', changes: { active: { before: true, after: false } } },
      { by: 'Mia', listId: spring, list: 'spring 2030', changes: { name: { before: 'spring', after: 'spring 2030' }, mixWeight: { before: 1, after: 3 } } },
      { by: 'Mia', listId: spring, list: 'spring 2030', changes: { callerId: { before: null, after: '"Brand B" <+14155550199>' } } },
    ]);
    expect(kept.rows.map((r) => r.at)).toEqual([now, now, now]);
  });

  it("refuses a running campaign's list a machine message the PBX does not have, naming it; a campaign not running is checked at its start", async () => {
    const { campaignId, spring } = await campaignWithLists();
    const patch = (payload: Record<string, unknown>) => app.inject({ method: 'PATCH', url: `/api/lists/${spring}`, headers: as('mgr'), payload });
    expect((await patch({ machineMessageMedia: 'sound:acme/not-yet-recorded' })).statusCode).toBe(200);
    await pool.query("UPDATE campaigns SET status = 'running' WHERE id = $1", [campaignId]);
    const refused = await patch({ machineMessageMedia: 'sound:acme/vm' });
    expect([refused.statusCode, refused.json<{ message: string }>().message]).toEqual([400, `campaign ${campaignId} is running: the PBX has no sound "acme/vm" `
      + `(the message list "spring" of campaign "${(await pool.query<{ name: string }>('SELECT name FROM campaigns WHERE id = $1', [campaignId])).rows[0]?.name}" leaves on answering machines): `
      + "place the recording in Asterisk's sounds directory under that name (sounds/outpace/sh.wav for outpace/sh), then restart Asterisk, which lists only the sounds it found when it started"]);
    expect((await patch({ machineMessageMedia: 'sound:tt-monkeys' })).json()).toMatchObject({ id: spring });
    expect((await pool.query('SELECT machine_message_media FROM lists WHERE id = $1', [spring])).rows[0]).toEqual({ machine_message_media: 'sound:tt-monkeys' });
  });

  it("refuses the list of manual dials a share of the dials: the pacer never dials the numbers agents typed or the people who called in", async () => {
    const { campaignId } = await campaignWithLists();
    const manual = await manualDialList(pool, campaignId);
    await insertLeads(pool, manual.id, [{ phones: ['+12125550177'] }]);
    const given = await app.inject({ method: 'PATCH', url: `/api/lists/${manual.id}`, headers: as('mgr'), payload: { mixWeight: 2 } });
    expect([given.statusCode, given.json<{ message: string }>().message]).toEqual([409,
      'the list of manual dials has no share of the dials: its leads are numbers agents typed and people who called in, dialled only by an agent']);
    expect((await pool.query<{ mix_weight: number }>('SELECT mix_weight FROM lists WHERE id = $1', [manual.id])).rows).toEqual([{ mix_weight: 0 }]);
    const leased = await leaseLeadsAndCreateAttempts(pool, { campaignId, count: 10, nodeId: 'n', now, leaseMs: 60_000 });
    expect(leased.map((lead) => lead.e164)).not.toContain('+12125550177');
    // Its new lead is not due: no dial of the pacer's will come for it.
    expect((await lists(campaignId)).map((l) => [l.name, l.dueNow === null, l.manualDials])).toEqual([['spring', false, false], ['autumn', false, false], ['Manual dials', true, true]]);
    // Its name and the rest may change as any list's.
    expect((await app.inject({ method: 'PATCH', url: `/api/lists/${manual.id}`, headers: as('mgr'), payload: { mixWeight: 0, active: true } })).statusCode).toBe(200);
  });

  it('gives a list another pass: exhausted leads dialled again from now, counts at zero, a DNC number still not dialled, recorded', async () => {
    const { campaignId, spring } = await campaignWithLists();
    await pool.query(`UPDATE leads SET attempts = 6 WHERE list_id = $1 AND status = 'exhausted'`, [spring]);
    await pool.query(`UPDATE lead_phones SET attempts = 4 WHERE lead_id IN (SELECT id FROM leads WHERE list_id = $1 AND status = 'exhausted')`, [spring]);
    // One of them asked not to be called meanwhile.
    await addDnc(pool, { e164: '+12125550104', source: 'api' });

    expect((await app.inject({ method: 'POST', url: `/api/lists/${spring}/reset`, headers: as('sup') })).statusCode).toBe(403);
    const reset = await app.inject({ method: 'POST', url: `/api/lists/${spring}/reset`, headers: as('mgr') });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toMatchObject({ reset: 2, list: { leads: { new: 1, retry: 3, done: 1, dnc: 1 }, dueNow: 3 } });
    const counts = await pool.query<{ attempts: number; phone_attempts: number }>(
      `SELECT l.attempts, p.attempts AS phone_attempts FROM leads l JOIN lead_phones p ON p.lead_id = l.id WHERE p.e164 IN ('+12125550103', '+12125550104')`);
    expect(counts.rows).toEqual([{ attempts: 0, phone_attempts: 0 }, { attempts: 0, phone_attempts: 0 }]);

    const leased = await leaseLeadsAndCreateAttempts(pool, { campaignId, count: 10, nodeId: 'n', now, leaseMs: 60_000 });
    expect(leased.map((l) => l.e164).sort()).toEqual(['+12125550100', '+12125550103', '+13125550200', '+13125550201', '+13125550202', '+13125550203']);
    const evidence = await pool.query<{ payload: unknown }>(`SELECT payload FROM evidence_log WHERE kind = 'list_reset' AND campaign_id = $1`, [campaignId]);
    expect(evidence.rows.map((r) => r.payload)).toEqual([{ by: 'Mia', listId: spring, list: 'spring', leadsReset: 2 }]);
    expect((await app.inject({ method: 'POST', url: '/api/lists/999999/reset', headers: as('mgr') })).statusCode).toBe(404);
  });

  it("gives a list another pass, with no deadlock, while a person with two of its exhausted leads is erased", async () => {
    const { id: campaignId } = await createCampaign(pool, { name: `lists-${Math.random()}`, timezone: 'America/New_York', seedDispositions: false });
    const list = await createList(pool, { campaignId, name: 'spring' });
    const [first, second] = await insertLeads(pool, list.id, [{ phones: ['+12125550110'], firstName: 'Ann' }, { phones: ['+12125550110'], firstName: 'Ann' }]);
    // Exhausted the second first: its row now comes first in the table, ahead of the lower id.
    for (const leadId of [second, first]) await pool.query("UPDATE leads SET status = 'exhausted' WHERE id = $1", [leadId]);
    // The second lead held elsewhere stops the reset as it reaches it; the erasure, taking the
    // person's leads in id order, comes then.
    const results = await interleave(pool, {
      hold: (holder) => holder.query('SELECT 1 FROM leads WHERE id = $1 FOR UPDATE', [second]),
      first: () => resetExhaustedLeads(pool, { listId: list.id, by: 'Mia', now }),
      second: () => eraseLead(pool, { leadId: first ?? '', by: 'Mia', now }),
    });
    expect(results).toMatchObject([{ reset: 2 }, { leads: [{ leadId: first }, { leadId: second }] }]);
  });
});
