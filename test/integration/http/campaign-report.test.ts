// The campaign results report through the API of a running node, on calls written to Postgres:
// outcomes and contact, abandonment over live answers, dispositions with their labels, stage
// moves, results by lead grade, by list, by the customer's local hour and by agent, only within
// the period asked for; the wallboard's contact rate and the calls export count dials as it does.

import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCalls } from '../../../src/adapters/pg/call-export.js';
import { upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { previewSkipCauses } from '../../../src/adapters/pg/preview-attempts.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { insertPastCall, type PastCall } from '../../helpers/past-calls.js';

let test: TestNode;
let campaignId: string;
const HOUR = 3_600_000;
const now = Date.now();

interface Dial extends Omit<PastCall, 'leadId' | 'dialledAt' | 'agentId'> {
  lead: number;
  agent?: string;
  hoursAgo?: number;
}

async function dial(leadIds: string[], call: Dial): Promise<string> {
  const { lead, agent, hoursAgo, ...rest } = call;
  return insertPastCall(test.node.pool, campaignId, {
    ...rest, leadId: leadIds[lead] ?? '', dialledAt: new Date(now - (hoursAgo ?? 1) * HOUR), ...(agent ? { agentId: agent } : {}),
  });
}

beforeAll(async () => {
  const reset = createTestPool(1);
  await truncateTables(reset, ['campaigns']);
  await reset.end();
  test = await startTestNode({}, 'campaign-report:');
  const { pool } = test.node;
  campaignId = (await createCampaign(pool, { name: `Report ${now}`, timezone: 'America/Chicago' })).id;
  const list = await createList(pool, { campaignId, name: 'graded' });
  const leadIds = await insertLeads(pool, list.id, (['A', 'A', 'B', 'C', 'E'] as const).map((grade, i) => ({ firstName: `Lead ${i}`, grade, phones: [`+1555020${String(i).padStart(4, '0')}`] })));
  await upsertAgent(pool, { id: 'rep-ann', name: 'Ann Report' });
  await upsertAgent(pool, { id: 'rep-bob', name: 'Bob Report' });
  // Bob fronted the sale for 40 s and handed the customer over to Ann, who closed it in 80.
  const sale = await dial(leadIds, {
    lead: 0, agent: 'rep-ann', outcome: 'connected', talkSeconds: 120, disposition: { code: 'SALE', before: 'raw_lead', after: 'opportunity' }, handedOver: { from: 'rep-bob', afterSeconds: 40 },
  });
  for (const score of [3, 4]) {
    await pool.query("INSERT INTO call_reviews (attempt_id, campaign_id, agent_id, reviewer, score) VALUES ($1, $2, 'rep-ann', 'Coach', $3)", [sale, campaignId, score]);
  }
  await dial(leadIds, { lead: 1, agent: 'rep-ann', outcome: 'connected', talkSeconds: 60, disposition: { code: 'APPOINTMENT', before: 'raw_lead', after: 'appointment' } });
  await dial(leadIds, { lead: 2, agent: 'rep-bob', outcome: 'connected', talkSeconds: 30, disposition: { code: 'NOT_INTERESTED', before: 'raw_lead', after: 'valid_contact' } });
  await dial(leadIds, { lead: 3, outcome: 'no_answer' });
  await dial(leadIds, { lead: 3, outcome: 'abandoned', live: true, abandoned: true });
  await dial(leadIds, { lead: 4, outcome: 'busy' });
  // Before the period: not counted.
  await dial(leadIds, { lead: 4, agent: 'rep-bob', outcome: 'connected', talkSeconds: 300, hoursAgo: 30 });
}, 60_000);

afterAll(async () => {
  await test?.close();
});

/** One call put through, one unanswered and one withdrawn while it rang (it rang someone: a dial),
 * beside attempts that called nobody: two held back by the last check and a preview its agent skipped. */
async function callsAndUndialled(campaign: string): Promise<void> {
  const { pool } = test.node;
  const list = await createList(pool, { campaignId: campaign, name: 'dialled or not' });
  const [lead = '', other = ''] = await insertLeads(pool, list.id, [{ phones: ['+15550700001'] }, { phones: ['+15550700002'] }]);
  const call = (leadId: string, rest: Omit<PastCall, 'leadId' | 'dialledAt'>) => insertPastCall(pool, campaign, { ...rest, leadId, dialledAt: new Date(now - HOUR) });
  await call(lead, { agentId: 'rep-ann', outcome: 'connected', talkSeconds: 60 });
  await call(other, { outcome: 'no_answer' });
  const withdrawn = await call(other, { outcome: 'cancelled' });
  await pool.query('UPDATE attempts SET originated_at = created_at WHERE id = $1', [withdrawn]);
  await call(lead, { outcome: 'blocked' });
  await call(other, { outcome: 'blocked' });
  const skipped = await call(lead, { agentId: 'rep-ann', outcome: 'cancelled' });
  await pool.query('UPDATE attempts SET cause_txt = $2 WHERE id = $1', [skipped, previewSkipCauses.agent]);
}

async function report(token: string, query = ''): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${test.node.url}/api/reports/campaigns/${campaignId}${query}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('campaign results report', () => {
  it('adds up the last 24 hours by outcome, disposition, stage, grade and agent', async () => {
    const { status, body } = await report(roleTokens.viewer);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      campaign: { id: campaignId }, dials: 6, outcomes: { connected: 3, no_answer: 1, abandoned: 1, busy: 1 }, connected: 3, contactRate: 0.5,
      liveAnswers: 4, abandoned: 1, abandonRate: 0.25, talkSeconds: 210,
      dispositions: [
        { code: 'APPOINTMENT', label: 'Appointment set', success: true, count: 1 },
        { code: 'NOT_INTERESTED', label: 'Not interested', success: false, count: 1 },
        { code: 'SALE', label: 'Sale', success: true, count: 1 },
      ],
      // Each stage a lead passed counts: the sale took its lead from raw past valid contact and appointment.
      stageMoves: { raw_lead: 0, valid_contact: 3, appointment: 2, opportunity: 1, rejected: 0 },
      stagesNow: { raw_lead: 2, valid_contact: 1, appointment: 1, opportunity: 1, rejected: 0 },
      grades: [
        { grade: 'A', leads: 2, dials: 2, connected: 2, contactRate: 1, advanced: 2 },
        { grade: 'B', leads: 1, dials: 1, connected: 1, contactRate: 1, advanced: 0 },
        { grade: 'C', leads: 1, dials: 2, connected: 0, contactRate: 0, advanced: 0 },
        { grade: 'D', leads: 0, dials: 0, connected: 0, contactRate: null, advanced: 0 },
        { grade: 'E', leads: 1, dials: 1, connected: 0, contactRate: 0, advanced: 0 },
      ],
      agents: [
        // The sale counts as connected for Bob (the dialer put it through to him); its talk time is shared.
        { agentId: 'rep-bob', name: 'Bob Report', connected: 2, talkSeconds: 70, dispositions: 1, successes: 0, appointments: 0, opportunities: 0, reviews: 0, averageScore: null,
          handedOver: 1, takenOver: 0, previewsSkipped: 0, previewsTimedOut: 0 },
        // The sale took its lead from raw lead past appointment: an appointment of Ann's too, as the stage moves count it.
        { agentId: 'rep-ann', name: 'Ann Report', connected: 1, talkSeconds: 140, dispositions: 2, successes: 2, appointments: 2, opportunities: 1, reviews: 2, averageScore: 3.5,
          handedOver: 0, takenOver: 1, previewsSkipped: 0, previewsTimedOut: 0 },
      ],
    });
  });

  it("breaks the period down by list and by the hour on the customer's clock", async () => {
    const { pool } = test.node;
    const other = (await createCampaign(pool, { name: `Report lists ${now}`, timezone: 'America/New_York' })).id;
    const spring = await createList(pool, { campaignId: other, name: 'spring' });
    const bought = await createList(pool, { campaignId: other, name: 'bought' });
    await pool.query('UPDATE lists SET active = false WHERE id = $1', [bought.id]);
    const [india, california] = await insertLeads(pool, spring.id, [
      { phones: ['+15550300001'], timezone: 'Asia/Kolkata' }, { phones: ['+15550300002'], timezone: 'America/Los_Angeles' },
    ]);
    const [unzoned] = await insertLeads(pool, bought.id, [{ phones: ['+15550300003'] }]);
    // Forty minutes past an hour: half past in India is the next hour there, which dials counted
    // by the UTC hour would put in the hour before.
    const at = new Date(Math.floor((now - 3 * HOUR) / HOUR) * HOUR + 40 * 60_000);
    const call = (leadId: string | undefined, rest: Omit<PastCall, 'leadId' | 'dialledAt'>) => insertPastCall(pool, other, { ...rest, leadId: leadId ?? '', dialledAt: at });
    await call(india, { agentId: 'rep-ann', outcome: 'connected', talkSeconds: 60, disposition: { code: 'SALE', before: 'raw_lead', after: 'opportunity' } });
    await call(california, { outcome: 'no_answer' });
    await call(california, { agentId: 'rep-bob', outcome: 'connected', talkSeconds: 30, disposition: { code: 'NOT_INTERESTED', before: 'raw_lead', after: 'valid_contact' } });
    await call(unzoned, { outcome: 'abandoned', live: true, abandoned: true });

    const response = await fetch(`${test.node.url}/api/reports/campaigns/${other}`, { headers: { authorization: `Bearer ${roleTokens.supervisor}` } });
    const body = (await response.json()) as { lists: unknown[]; localHours: Array<Record<string, number | null>> };
    expect(body.lists).toEqual([
      { listId: spring.id, name: 'spring', active: true, leads: 2, dials: 3, connected: 2, contactRate: 2 / 3, successes: 1, advanced: 1 },
      { listId: bought.id, name: 'bought', active: false, leads: 1, dials: 1, connected: 0, contactRate: 0, successes: 0, advanced: 0 },
    ]);
    const hourIn = (timeZone: string): number => Number(new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' }).format(at));
    expect(body.localHours).toHaveLength(24);
    expect(body.localHours.filter((h) => (h.dials ?? 0) > 0)).toEqual([
      { hour: hourIn('Asia/Kolkata'), dials: 1, liveAnswers: 1, connected: 1, abandoned: 0, machineAnswers: 0, contactRate: 1, abandonRate: 0 },
      { hour: hourIn('America/Los_Angeles'), dials: 2, liveAnswers: 1, connected: 1, abandoned: 0, machineAnswers: 0, contactRate: 0.5, abandonRate: 0 },
      { hour: hourIn('America/New_York'), dials: 1, liveAnswers: 1, connected: 0, abandoned: 1, machineAnswers: 0, contactRate: 0, abandonRate: 1 },
    ].sort((a, b) => a.hour - b.hour));
  });

  it('counts dials, connected calls, answers and leads advanced alike in the headline and every breakdown', async () => {
    const { pool } = test.node;
    const other = (await createCampaign(pool, { name: `Report definitions ${now}`, timezone: 'UTC' })).id;
    const list = await createList(pool, { campaignId: other, name: 'mixed' });
    const [a0, a1, b0, b1] = await insertLeads(pool, list.id, (['A', 'A', 'B', 'B'] as const).map((grade, i) => ({ grade, phones: [`+1555060000${i}`] })));
    const at = new Date(Math.floor((now - 2 * HOUR) / HOUR) * HOUR + 10 * 60_000);
    const call = (leadId: string | undefined, rest: Omit<PastCall, 'leadId' | 'dialledAt'>) => insertPastCall(pool, other, { ...rest, leadId: leadId ?? '', dialledAt: at });
    // A preview call: the agent dialled it, so it was answered and put through with no live answer
    // of the dialler's; it set an appointment, and the next call made the lead an opportunity.
    const preview = await call(a0, { agentId: 'rep-ann', outcome: 'connected', talkSeconds: 60, disposition: { code: 'APPOINTMENT', before: 'raw_lead', after: 'appointment' } });
    await pool.query('UPDATE attempts SET live_at = NULL WHERE id = $1', [preview]);
    await call(a0, { agentId: 'rep-ann', outcome: 'connected', talkSeconds: 30, disposition: { code: 'SALE', before: 'appointment', after: 'opportunity' } });
    // An answering machine the agent left the message on: a call the agent had, no person.
    const machine = await call(a1, { agentId: 'rep-bob', outcome: 'machine', talkSeconds: 20 });
    await pool.query('UPDATE attempts SET message_left_at = connected_at + interval \'15 seconds\', no_person = true WHERE id = $1', [machine]);
    await call(b0, { outcome: 'failed' });
    await call(b1, { outcome: 'no_answer' });
    // Withdrawn while it rang (the node stopping): it rang someone, so it is a dial.
    await call(b1, { outcome: 'cancelled' });
    // Dialled, as the engine leaves them: the dial's time and the number it presented.
    await pool.query(`UPDATE attempts SET originated_at = created_at, caller_id = '+16505550100' WHERE campaign_id = $1`, [other]);
    // Never dialled: a preview the agent skipped, and a dial the last check held back.
    const skipped = await call(a1, { agentId: 'rep-ann', outcome: 'cancelled' });
    await pool.query('UPDATE attempts SET cause_txt = $2 WHERE id = $1', [skipped, previewSkipCauses.agent]);
    await call(b0, { outcome: 'blocked' });

    const response = await fetch(`${test.node.url}/api/reports/campaigns/${other}`, { headers: { authorization: `Bearer ${roleTokens.manager}` } });
    const body = (await response.json()) as Record<string, unknown> & { localHours: Array<Record<string, number | null>> };
    expect(body).toMatchObject({
      dials: 6, outcomes: { connected: 2, machine: 1, failed: 1, no_answer: 1, cancelled: 2, blocked: 1 }, connected: 3, contactRate: 0.5,
      liveAnswers: 1, abandonRate: 0, stageMoves: { appointment: 1, opportunity: 1 }, advanced: 1,
      grades: [
        { grade: 'A', leads: 2, dials: 3, connected: 3, contactRate: 1, advanced: 1 },
        { grade: 'B', leads: 2, dials: 3, connected: 0, contactRate: 0, advanced: 0 },
        { grade: 'C', dials: 0 }, { grade: 'D', dials: 0 }, { grade: 'E', dials: 0 },
      ],
      lists: [{ listId: list.id, dials: 6, connected: 3, contactRate: 0.5, advanced: 1 }],
      callerIds: [{ callerId: '+16505550100', dials: 6, liveAnswers: 2, connected: 3, answerRate: 1 / 3 }],
      agents: [
        { agentId: 'rep-ann', connected: 2, previewsSkipped: 1 },
        { agentId: 'rep-bob', connected: 1 },
      ],
    });
    expect(body.localHours.filter((h) => (h.dials ?? 0) > 0)).toEqual([
      { hour: at.getUTCHours(), dials: 6, liveAnswers: 2, connected: 3, abandoned: 0, machineAnswers: 0, contactRate: 0.5, abandonRate: 0 },
    ]);
  });

  it("counts abandonment as the campaign's regime does: a UK campaign's report agrees with its compliance page", async () => {
    const { pool } = test.node;
    const uk = (await createCampaign(pool, { name: `Report UK ${now}`, regime: 'uk', amdFalsePositiveRate: 0.1 })).id;
    const list = await createList(pool, { campaignId: uk, name: 'uk' });
    const [lead = ''] = await insertLeads(pool, list.id, [{ phones: ['+447700900001'] }]);
    const call = (rest: Omit<PastCall, 'leadId' | 'dialledAt'>) => insertPastCall(pool, uk, { ...rest, leadId: lead, dialledAt: new Date(now - HOUR) });
    for (let i = 0; i < 3; i += 1) await call({ agentId: 'rep-ann', outcome: 'connected', talkSeconds: 30 });
    await call({ outcome: 'abandoned', live: true, abandoned: true });
    // Ten answers AMD gave to machines: the UK counts a tenth of them as people abandoned.
    for (let i = 0; i < 10; i += 1) {
      const machine = await call({ outcome: 'machine' });
      await pool.query("UPDATE attempts SET answered_at = created_at + interval '9 seconds' WHERE id = $1", [machine]);
    }
    const get = async (path: string) => (await fetch(`${test.node.url}${path}`, { headers: { authorization: `Bearer ${roleTokens.supervisor}` } })).json() as Promise<Record<string, unknown>>;
    const results = await get(`/api/reports/campaigns/${uk}`);
    const standing = await get(`/api/campaigns/${uk}/compliance`);
    expect(results).toMatchObject({
      liveAnswers: 4, abandoned: 1, machineAnswers: 10, regime: 'uk', amdFalsePositiveRate: 0.1, countedAbandoned: 2, countedLiveAnswers: 5,
    });
    expect(results.abandonRate).toBeCloseTo(0.4, 10);
    // The same 24 hours as the UK window: the same figure as the compliance page.
    expect(results.abandonRate).toBeCloseTo(standing.rate as number, 10);
    // Each hour counts as the headline does: all these calls fell in one hour, which has its rate.
    const hours = (results.localHours as Array<{ dials: number; machineAnswers: number; abandonRate: number | null }>).filter((h) => h.dials > 0);
    expect(hours).toHaveLength(1);
    expect(hours[0]?.machineAnswers).toBe(10);
    expect(hours[0]?.abandonRate).toBeCloseTo(0.4, 10);
  });

  it('counts abandonment in each hour by when the call was answered, as the headline does, at the edges of the period too', async () => {
    const { pool } = test.node;
    const edges = (await createCampaign(pool, { name: `Report edges ${now}`, timezone: 'UTC' })).id;
    const list = await createList(pool, { campaignId: edges, name: 'edges' });
    const [first = '', second = '', third = ''] = await insertLeads(pool, list.id, ['+15550720001', '+15550720002', '+15550720003'].map((phone) => ({ phones: [phone] })));
    const start = Math.floor((now - 5 * HOUR) / HOUR) * HOUR;
    // Dialled at 09:59:55, answered at 10:00:04 and abandoned: the period's abandon. One put
    // through in it, and one dialled at 10:59:55 and answered at 11:00:04, after it.
    await insertPastCall(pool, edges, { leadId: first, outcome: 'abandoned', live: true, abandoned: true, dialledAt: new Date(start - 5_000) });
    await insertPastCall(pool, edges, { leadId: second, agentId: 'rep-ann', outcome: 'connected', talkSeconds: 30, dialledAt: new Date(start + HOUR / 2) });
    await insertPastCall(pool, edges, { leadId: third, agentId: 'rep-bob', outcome: 'connected', talkSeconds: 30, dialledAt: new Date(start + HOUR - 5_000) });
    const period = `?from=${encodeURIComponent(new Date(start).toISOString())}&to=${encodeURIComponent(new Date(start + HOUR).toISOString())}`;
    const response = await fetch(`${test.node.url}/api/reports/campaigns/${edges}${period}`, { headers: { authorization: `Bearer ${roleTokens.manager}` } });
    const body = (await response.json()) as { liveAnswers: number; abandoned: number; abandonRate: number; localHours: Array<{ hour: number; dials: number; abandoned: number; abandonRate: number | null }> };
    expect(body).toMatchObject({ liveAnswers: 2, abandoned: 1, abandonRate: 0.5 });
    expect(body.localHours.filter((h) => h.abandonRate !== null)).toEqual([
      expect.objectContaining({ hour: new Date(start).getUTCHours(), dials: 2, abandoned: 1, abandonRate: 0.5 }),
    ]);
  });

  it("shows the wallboard the results' contact rate: connected over dials, none blocked or never sent", async () => {
    const { pool } = test.node;
    const running = (await createCampaign(pool, { name: `Report wallboard ${now}`, mode: 'preview' })).id;
    await callsAndUndialled(running);
    const started = await fetch(`${test.node.url}/api/campaigns/${running}/start`, { method: 'POST', headers: { authorization: `Bearer ${roleTokens.manager}` } });
    expect(started.status).toBe(200);
    const results = (await (await fetch(`${test.node.url}/api/reports/campaigns/${running}`, { headers: { authorization: `Bearer ${roleTokens.manager}` } })).json()) as Record<string, unknown>;
    expect(results).toMatchObject({ dials: 3, connected: 1, contactRate: 1 / 3 });
    const onWallboard = async () => {
      const response = await fetch(`${test.node.url}/api/wallboard`, { headers: { authorization: `Bearer ${roleTokens.supervisor}` } });
      const board = (await response.json()) as { campaigns: Array<{ id: string; attempts24h: number; contactRate: number | null }> };
      const entry = board.campaigns.find((c) => c.id === running);
      return entry && { attempts24h: entry.attempts24h, contactRate: entry.contactRate };
    };
    // The wallboard reads its figures every few seconds once it drives the campaign.
    await expect.poll(onWallboard, { timeout: 10_000, interval: 250 }).toEqual({ attempts24h: results.dials, contactRate: results.contactRate });
  }, 20_000);

  it('takes the period asked for, and refuses a bad one, an unknown campaign and agents', async () => {
    const from = new Date(now - 48 * HOUR).toISOString();
    const wide = await report(roleTokens.manager, `?from=${encodeURIComponent(from)}`);
    expect(wide.body).toMatchObject({ dials: 7, talkSeconds: 510 });
    expect((await report(roleTokens.manager, `?from=${encodeURIComponent(new Date(now).toISOString())}&to=${encodeURIComponent(from)}`)).status).toBe(400);
    const missing = await fetch(`${test.node.url}/api/reports/campaigns/999999`, { headers: { authorization: `Bearer ${roleTokens.manager}` } });
    expect(missing.status).toBe(404);
    expect((await report(roleTokens.agent)).status).toBe(403);
  });

  it('exports the calls of the period as CSV, with full numbers for managers only and notes safe to open in a spreadsheet', async () => {
    const csv = async (token: string) => {
      const response = await fetch(`${test.node.url}/api/campaigns/${campaignId}/calls.csv`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.headers.get('content-type')).toContain('text/csv');
      return parse(await response.text(), { columns: true }) as Array<Record<string, string>>;
    };
    // The number the sale's dial presented, as the engine keeps it at the originate.
    const saleAttempt = await test.node.pool.query<{ id: string }>(
      `SELECT a.id FROM attempts a JOIN dispositions d ON d.attempt_id = a.id WHERE a.campaign_id = $1 AND d.code = 'SALE'`, [campaignId]);
    // Leased ten minutes before its dial went out (a preview read that long): its ring time is from the dial.
    await test.node.pool.query(`UPDATE attempts SET caller_id = '"Acme" <+12125550100>', held_ms = 42400,
      originated_at = created_at, created_at = created_at - interval '10 minutes' WHERE id = $1`, [saleAttempt.rows[0]?.id]);
    // Notes a spreadsheet would run as a formula are kept as text.
    await test.node.pool.query(`UPDATE dispositions SET notes = '=SUM(A1:A9)' WHERE attempt_id = $1`, [saleAttempt.rows[0]?.id]);
    const rows = await csv(roleTokens.manager);
    expect(rows).toHaveLength(6);
    const sale = rows.find((r) => r.disposition === 'SALE');
    expect(sale).toMatchObject({
      agent_id: 'rep-ann', outcome: 'connected', talk_seconds: '120', ring_seconds: '9', stage_after: 'opportunity', grade: 'A', abandoned: 'false',
      caller_id: '"Acme" <+12125550100>', hold_seconds: '42', transferred_from: 'rep-bob', notes: "'=SUM(A1:A9)",
    });
    expect(rows.filter((r) => r.transferred_from === '' && r.hold_seconds === '0')).toHaveLength(5);
    expect(rows.filter((r) => r.caller_id === '')).toHaveLength(5);
    // A number starting with + is kept as text, as a spreadsheet would read it as a formula.
    expect(sale?.phone).toBe("'+15550100001");
    expect(rows.filter((r) => r.abandoned === 'true')).toHaveLength(1);
    // The abandoned call's safe-harbor message, 1.5 s after the greeting ended; no other call had one.
    const abandoned = rows.find((r) => r.abandoned === 'true');
    await test.node.pool.query(`UPDATE attempts SET live_at = '2030-01-07T17:00:10Z', safe_harbor_at = '2030-01-07T17:00:11.5Z' WHERE id = $1`, [abandoned?.attempt_id]);
    const timed = (await csv(roleTokens.manager)).filter((r) => r.safe_harbor_at !== '');
    expect(timed.map((r) => [r.attempt_id, r.live_at, r.safe_harbor_at, r.safe_harbor_after_ms])).toEqual([
      [abandoned?.attempt_id, '2030-01-07T17:00:10.000Z', '2030-01-07T17:00:11.500Z', '1500'],
    ]);
    // Times in UTC, and the dial on the campaign's clock (its zone named) for reading calling hours.
    const onClock = (at: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/Chicago', dateStyle: 'short', timeStyle: 'medium' }).format(new Date(at)).replace(' ', 'T');
    for (const row of rows) {
      expect(row.dialled_at).toMatch(/Z$/);
      expect(row.campaign_timezone).toBe('America/Chicago');
      expect(row.dialled_at_local).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-0[56]:00$/);
      expect(row.dialled_at_local?.slice(0, 19)).toBe(onClock(row.dialled_at ?? ''));
      expect(new Date(row.dialled_at_local ?? '').getTime()).toBe(Math.floor(new Date(row.dialled_at ?? '').getTime() / 1000) * 1000);
    }
    const masked = await csv(roleTokens.viewer);
    expect(new Set(masked.map((r) => r.phone))).toEqual(new Set(["'+*******0001"]));
    expect((await fetch(`${test.node.url}/api/campaigns/${campaignId}/calls.csv`, { headers: { authorization: `Bearer ${roleTokens.agent}` } })).status).toBe(403);
  });

  it('exports the calls dialled only: no attempt held back by the last check or closed before its dial went out', async () => {
    const { pool } = test.node;
    const other = (await createCampaign(pool, { name: `Report dialled ${now}` })).id;
    await callsAndUndialled(other);
    // Still open: one whose dial went out (a dial) and a lease not yet dialled (none yet).
    const { rows: [lead] } = await pool.query<{ id: string }>('SELECT id::text FROM leads WHERE campaign_id = $1 LIMIT 1', [other]);
    await pool.query(
      `INSERT INTO attempts (campaign_id, lead_id, e164, status, created_at, originated_at) VALUES
         ($1, $2, '+15550700001', 'ringing', $3, $3), ($1, $2, '+15550700001', 'created', $3, NULL)`,
      [other, lead?.id, new Date(now - HOUR / 2)]);
    const response = await fetch(`${test.node.url}/api/campaigns/${other}/calls.csv`, { headers: { authorization: `Bearer ${roleTokens.manager}` } });
    const rows = parse(await response.text(), { columns: true }) as Array<Record<string, string>>;
    // The blocked ones are evidence: the evidence log keeps them, with the rule that held them back.
    expect(rows.map((r) => r.outcome).sort()).toEqual(['', 'cancelled', 'connected', 'no_answer']);
  });

  it('counts a call on the day it was dialled, not the day its lead was leased, in the results and the calls export alike', async () => {
    const { pool } = test.node;
    const other = (await createCampaign(pool, { name: `Report midnight ${now}`, timezone: 'UTC', mode: 'preview' })).id;
    const list = await createList(pool, { campaignId: other, name: 'midnight' });
    const [lead = '', shown = ''] = await insertLeads(pool, list.id, [{ grade: 'A', phones: ['+15550710001'] }, { grade: 'B', phones: ['+15550710002'] }]);
    const midnight = new Date(Math.floor(now / (24 * HOUR)) * 24 * HOUR - 2 * 24 * HOUR);
    // A preview leased at 23:58, read for five minutes and dialled at 00:03: the next day's call.
    const dialled = await insertPastCall(pool, other, { leadId: lead, agentId: 'rep-ann', outcome: 'connected', talkSeconds: 60, dialledAt: new Date(midnight.getTime() - 2 * 60_000) });
    await pool.query(`UPDATE attempts SET originated_at = $2, caller_id = '+16505550111' WHERE id = $1`, [dialled, new Date(midnight.getTime() + 3 * 60_000)]);
    // One shown at 23:59 and skipped after midnight was never dialled: it counts when it was shown.
    const skipped = await insertPastCall(pool, other, { leadId: shown, agentId: 'rep-ann', outcome: 'cancelled', dialledAt: new Date(midnight.getTime() - 60_000) });
    await pool.query('UPDATE attempts SET cause_txt = $2 WHERE id = $1', [skipped, previewSkipCauses.agent]);
    const day = (start: Date) => `?from=${encodeURIComponent(start.toISOString())}&to=${encodeURIComponent(new Date(start.getTime() + 24 * HOUR).toISOString())}`;
    const get = async (path: string) => fetch(`${test.node.url}${path}`, { headers: { authorization: `Bearer ${roleTokens.manager}` } });
    const results = async (start: Date) => (await get(`/api/reports/campaigns/${other}${day(start)}`)).json() as Promise<Record<string, unknown>>;
    const calls = async (start: Date) => parse(await (await get(`/api/campaigns/${other}/calls.csv${day(start)}`)).text(), { columns: true }) as Array<Record<string, string>>;

    const today = await results(midnight);
    expect(today).toMatchObject({
      dials: 1, outcomes: { connected: 1 }, connected: 1, talkSeconds: 60,
      grades: [{ grade: 'A', dials: 1, connected: 1 }, { grade: 'B', dials: 0 }, { grade: 'C', dials: 0 }, { grade: 'D', dials: 0 }, { grade: 'E', dials: 0 }],
      callerIds: [{ callerId: '+16505550111', dials: 1 }],
      agents: [{ agentId: 'rep-ann', connected: 1, talkSeconds: 60, previewsSkipped: 0 }],
    });
    expect((today.localHours as Array<{ hour: number; dials: number }>).filter((h) => h.dials > 0)).toEqual([expect.objectContaining({ hour: 0, dials: 1 })]);
    const yesterday = await results(new Date(midnight.getTime() - 24 * HOUR));
    expect(yesterday).toMatchObject({
      dials: 0, outcomes: { cancelled: 1 }, connected: 0, talkSeconds: 0, callerIds: [], agents: [{ agentId: 'rep-ann', connected: 0, talkSeconds: 0, previewsSkipped: 1 }],
    });
    expect((yesterday.localHours as Array<{ dials: number }>).every((h) => h.dials === 0)).toBe(true);

    expect((await calls(midnight)).map((r) => [r.attempt_id, r.dialled_at])).toEqual([[dialled, new Date(midnight.getTime() + 3 * 60_000).toISOString()]]);
    expect(await calls(new Date(midnight.getTime() - 24 * HOUR))).toEqual([]);
  });

  it('counts a call under the grade its lead had when dialled, not the one it was regraded to after', async () => {
    const { pool } = test.node;
    const graded = (await createCampaign(pool, { name: `Report regrade ${now}`, timezone: 'America/New_York' })).id;
    const list = await createList(pool, { campaignId: graded, name: 'regraded' });
    const [dialled = '', older = ''] = await insertLeads(pool, list.id, [{ grade: 'A', phones: ['+12125550740'] }, { grade: 'B', phones: ['+12125550741'] }]);
    // Leased by selection at noon in New York on a Wednesday: the A lead first, one asked for.
    const at = new Date('2030-01-09T17:00:00Z');
    const leased = await leaseLeadsAndCreateAttempts(pool, { campaignId: graded, count: 1, nodeId: 'report-node', now: at, leaseMs: 60_000 });
    expect(leased.map((l) => l.leadId)).toEqual([dialled]);
    const attemptId = leased[0]?.attemptId ?? '';
    await pool.query(
      `UPDATE attempts SET status = 'ended', outcome = 'connected', agent_id = 'rep-ann', originated_at = $2, answered_at = $3, live_at = $3, connected_at = $3, ended_at = $4
       WHERE id = $1`, [attemptId, at, new Date(at.getTime() + 9_000), new Date(at.getTime() + 60_000)]);
    await pool.query(
      `INSERT INTO dispositions (attempt_id, campaign_id, lead_id, agent_id, code, stage_before, stage_after, created_at)
       VALUES ($1, $2, $3, 'rep-ann', 'APPOINTMENT', 'raw_lead', 'appointment', $4)`, [attemptId, graded, dialled, new Date(at.getTime() + 60_000)]);
    // A call written before attempts kept the grade: it is read by the lead's grade now.
    await insertPastCall(pool, graded, { leadId: older, outcome: 'no_answer', dialledAt: new Date(at.getTime() + 120_000) });
    // Both leads regraded after their calls, by a supervisor's correction.
    for (const [leadId, grade] of [[dialled, 'D'], [older, 'C']]) {
      const corrected = await fetch(`${test.node.url}/api/leads/${leadId}`, {
        method: 'PATCH', headers: { authorization: `Bearer ${roleTokens.manager}`, 'content-type': 'application/json' }, body: JSON.stringify({ grade }),
      });
      expect(corrected.status).toBe(200);
    }
    const period = `?from=${encodeURIComponent('2030-01-09T00:00:00Z')}&to=${encodeURIComponent('2030-01-10T00:00:00Z')}`;
    const response = await fetch(`${test.node.url}/api/reports/campaigns/${graded}${period}`, { headers: { authorization: `Bearer ${roleTokens.manager}` } });
    expect((await response.json() as { grades: unknown[] }).grades).toEqual([
      { grade: 'A', leads: 0, dials: 1, connected: 1, contactRate: 1, advanced: 1 },
      { grade: 'B', leads: 0, dials: 0, connected: 0, contactRate: null, advanced: 0 },
      { grade: 'C', leads: 1, dials: 1, connected: 0, contactRate: 0, advanced: 0 },
      { grade: 'D', leads: 1, dials: 0, connected: 0, contactRate: null, advanced: 0 },
      { grade: 'E', leads: 0, dials: 0, connected: 0, contactRate: null, advanced: 0 },
    ]);
    // The calls export gives each call the grade the results count it under.
    const csv = await fetch(`${test.node.url}/api/campaigns/${graded}/calls.csv${period}`, { headers: { authorization: `Bearer ${roleTokens.manager}` } });
    const rows = parse(await csv.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((row) => [row.lead_id, row.grade])).toEqual([[dialled, 'A'], [older, 'C']]);
  });

  it('counts a lead advanced twice in the period once, under the grade of the call that first advanced it, though regraded between them', async () => {
    const { pool } = test.node;
    const twice = (await createCampaign(pool, { name: `Report advanced twice ${now}`, timezone: 'UTC' })).id;
    const list = await createList(pool, { campaignId: twice, name: 'twice' });
    const [leadId = ''] = await insertLeads(pool, list.id, [{ grade: 'A', phones: ['+15550600951'] }]);
    const at = new Date(Math.floor((now - 3 * HOUR) / HOUR) * HOUR + 5 * 60_000);
    const call = async (minutes: number, grade: string, disposition: PastCall['disposition']) => {
      const id = await insertPastCall(pool, twice, { leadId, agentId: 'rep-ann', outcome: 'connected', talkSeconds: 30, dialledAt: new Date(at.getTime() + minutes * 60_000), disposition });
      await pool.query('UPDATE attempts SET originated_at = created_at, lead_grade = $2 WHERE id = $1', [id, grade]);
    };
    // An appointment set at grade A, then cancelled; the lead regraded B, then made an opportunity.
    await call(0, 'A', { code: 'APPOINTMENT', before: 'raw_lead', after: 'appointment' });
    await call(10, 'A', { code: 'CANCELLED', before: 'appointment', after: 'valid_contact' });
    await pool.query(`UPDATE leads SET grade = 'B' WHERE id = $1`, [leadId]);
    await call(20, 'B', { code: 'SALE', before: 'valid_contact', after: 'opportunity' });

    const response = await fetch(`${test.node.url}/api/reports/campaigns/${twice}`, { headers: { authorization: `Bearer ${roleTokens.manager}` } });
    expect(await response.json()).toMatchObject({
      dials: 3, advanced: 1,
      grades: [{ grade: 'A', dials: 2, advanced: 1 }, { grade: 'B', leads: 1, dials: 1, advanced: 0 }, { grade: 'C' }, { grade: 'D' }, { grade: 'E' }],
      lists: [{ listId: list.id, dials: 3, advanced: 1 }],
    });
  });

  it("leaves a return call's talk out of the headline, as its dials and connects, and counts it in its agent's own figures", async () => {
    const { pool } = test.node;
    const other = (await createCampaign(pool, { name: `Report return calls ${now}`, timezone: 'UTC' })).id;
    const list = await createList(pool, { campaignId: other, name: 'called back' });
    const [lead = ''] = await insertLeads(pool, list.id, [{ phones: ['+15550720001'] }]);
    await insertPastCall(pool, other, { leadId: lead, agentId: 'rep-ann', outcome: 'connected', talkSeconds: 60, dialledAt: new Date(now - 2 * HOUR) });
    // The person called back an hour later and talked to Ann for 40 s.
    const returned = await insertPastCall(pool, other, { leadId: lead, agentId: 'rep-ann', outcome: 'connected', talkSeconds: 40, dialledAt: new Date(now - HOUR) });
    await pool.query(`UPDATE attempts SET direction = 'inbound' WHERE id = $1`, [returned]);
    const response = await fetch(`${test.node.url}/api/reports/campaigns/${other}`, { headers: { authorization: `Bearer ${roleTokens.manager}` } });
    expect(await response.json()).toMatchObject({
      dials: 1, connected: 1, talkSeconds: 60, returnCallTalkSeconds: 40,
      agents: [{ agentId: 'rep-ann', connected: 2, talkSeconds: 100 }],
    });
  });

  it('pages through the calls without losing or repeating one', async () => {
    const range = { campaignId, from: new Date(now - 48 * HOUR), to: new Date(now + HOUR) };
    const ids = async (batchSize: number) => {
      const seen: string[] = [];
      for await (const call of exportCalls(test.node.pool, range, batchSize)) seen.push(call.attemptId);
      return seen;
    };
    const all = await ids(1000);
    expect(all).toHaveLength(7);
    expect(await ids(2)).toEqual(all);
  });
});
