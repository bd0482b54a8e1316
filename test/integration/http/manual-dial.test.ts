// Manual dials through a whole node and the simulated PBX: a paused agent types a number no lead
// holds, a lead is made for it in the campaign's list of manual dials (which the pacer never
// draws from) and the call is theirs when answered; a number a lead holds dials that lead; a lead
// named by id is dialled; a number on the DNC list, a bad number and an agent on a call are refused
// with the rule that stops them, and a refused dial leaves neither an attempt nor a lead behind. A
// lead waiting for the agent's own callback, or for one anyone may make, is called back early and
// the call keeps the promise; one waiting for another agent's callback is refused.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleCallback } from '../../../src/adapters/pg/callback-follow-up.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { leaseManualDial, releaseManualDial } from '../../../src/adapters/pg/manual-dial-lease.js';
import { nodeRequest } from '../../helpers/node-request.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { apiCall, createScenario, waitUntil, type Scenario } from '../../browser/browser-helpers.js';

let test: TestNode;
let scenario: Scenario;
const tag = Date.now().toString(36);
const agentId = `manual-${tag}`;

interface AgentState { status: string; callId: string | null }
interface Dialled { attemptId: string; leadId: string; leadCreated: boolean; callbackId: string | null; agent: AgentState }

const state = async () => apiCall<AgentState>(test, 'GET', `/api/agents/${agentId}`, undefined, scenario.agentToken);
const dial = (body: unknown) => nodeRequest<Dialled & { message: string; details?: { rule: string } }>(test, 'POST', `/api/agents/${agentId}/manual-dial`, body, scenario.agentToken);

/** Hangs the agent's call up, dispositions it and pauses them again, ready for the next dial. */
async function finishCall(attemptId: string): Promise<void> {
  await apiCall(test, 'POST', `/api/agents/${agentId}/hangup`, undefined, scenario.agentToken);
  await waitUntil('the call in wrap-up', async () => (await state()).status === 'wrap_up');
  await apiCall(test, 'POST', `/api/attempts/${attemptId}/disposition`, { code: 'NOT_INTERESTED' }, scenario.agentToken);
  await apiCall(test, 'POST', `/api/agents/${agentId}/pause`, { reason: 'break' }, scenario.agentToken);
  await waitUntil('the agent paused', async () => (await state()).status === 'paused');
}

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'manual-dial:');
  scenario = await createScenario(test, {
    name: `Manual ${tag}`, agentId, agentName: 'Manny Manual',
    // Not ready, so the pacer dials nothing for them: the leads are there to be named.
    leads: [{ firstName: 'Lena', lastName: 'Listed', phones: ['+12125550131'] }, { firstName: 'Ida', lastName: 'Byid', phones: ['+12125550142'] }],
  });
  await apiCall(test, 'POST', `/api/agents/${agentId}/login`, { campaignId: scenario.campaignId }, scenario.agentToken);
  await waitUntil('the agent logged in', async () => (await state()).status === 'paused');
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('manual dial', () => {
  it('makes a lead of a number no lead holds, in a list the pacer does not draw from, and gives the answered call to the agent', async () => {
    const answer = await dial({ phone: '(212) 555-0120' });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ leadCreated: true, agent: { status: 'reserved' } });
    await waitUntil('the agent talking', async () => (await state()).status === 'talking');
    const lead = await test.node.pool.query<{ campaign_id: string; status: string; timezone: string; e164: string; manual_dials: boolean; mix_weight: number; name: string }>(
      `SELECT l.campaign_id, l.status, l.timezone, ph.e164, li.manual_dials, li.mix_weight, li.name
       FROM leads l JOIN lead_phones ph ON ph.lead_id = l.id JOIN lists li ON li.id = l.list_id WHERE l.id = $1`, [answer.body.leadId]);
    expect(lead.rows).toEqual([{
      campaign_id: scenario.campaignId, status: 'new', timezone: 'America/New_York', e164: '+12125550120', manual_dials: true, mix_weight: 0, name: 'Manual dials',
    }]);
    // Asked why the pacer does not dial it, the lead says whose it is to call.
    const why = await apiCall<{ eligible: boolean; earliestDialAt: string | null; checks: Array<{ rule: string; blocks: boolean }> }>(
      test, 'GET', `/api/leads/${answer.body.leadId}/why-not-dialled`);
    expect(why).toMatchObject({ eligible: false, earliestDialAt: null });
    expect(why.checks.filter((c) => c.blocks).map((c) => c.rule)).toEqual(expect.arrayContaining(['manual_dials']));
    const attempt = await test.node.pool.query<{ agent_id: string; e164: string }>('SELECT agent_id, e164 FROM attempts WHERE id = $1', [answer.body.attemptId]);
    expect(attempt.rows).toEqual([{ agent_id: agentId, e164: '+12125550120' }]);
    // Checked before dialling like any dial, and on record.
    const checked = await test.node.pool.query<{ kind: string; payload: Record<string, unknown> }>(
      "SELECT kind, payload FROM evidence_log WHERE attempt_id = $1 AND kind IN ('manual_dial', 'dial_checked', 'dial_blocked') ORDER BY id", [answer.body.attemptId]);
    expect(checked.rows.map((r) => r.kind)).toEqual(['manual_dial', 'dial_checked']);
    expect(checked.rows[0]?.payload).toEqual({ agentId, e164: '+12125550120', leadCreated: true });

    // On a call, the agent is refused a second dial.
    const busy = await dial({ phone: '+12125550121' });
    expect(busy.status).toBe(409);
    expect(busy.body.message).toBe(`agent ${agentId} is talking: a manual dial needs an agent paused or ready`);
    await finishCall(answer.body.attemptId);
  }, 30_000);

  it('lets the agent hang up their own dial while it rings (a wrong number typed)', async () => {
    // Ending in 7: rings two minutes unanswered.
    const answer = await dial({ phone: '+12125550177' });
    expect(answer.status).toBe(201);
    await waitUntil('the call ringing', async () => (await test.node.pool.query('SELECT 1 FROM attempts WHERE id = $1 AND ringing_at IS NOT NULL', [answer.body.attemptId])).rowCount === 1);
    expect((await state()).status).toBe('reserved');
    expect((await nodeRequest(test, 'POST', `/api/agents/${agentId}/hangup`, undefined, scenario.agentToken)).status).toBe(200);
    await waitUntil('the call given up', async () => (await state()).status === 'wrap_up');
    const closed = await waitUntil('the attempt closed', async () => (await test.node.pool.query<{ outcome: string }>(
      'SELECT outcome FROM attempts WHERE id = $1 AND ended_at IS NOT NULL', [answer.body.attemptId])).rows[0]);
    expect(closed).toEqual({ outcome: 'cancelled' });
    await apiCall(test, 'POST', `/api/attempts/${answer.body.attemptId}/disposition`, { code: 'NOT_INTERESTED' }, scenario.agentToken);
    await apiCall(test, 'POST', `/api/agents/${agentId}/pause`, { reason: 'break' }, scenario.agentToken);
    await waitUntil('the agent paused', async () => (await state()).status === 'paused');
  }, 30_000);

  it("dials the lead holding the number typed, and a lead named by its id, on the agent's campaign only", async () => {
    const typed = await dial({ phone: '212 555 0131' });
    expect(typed.status).toBe(201);
    expect(typed.body).toMatchObject({ leadId: scenario.leadIds[0], leadCreated: false });
    await waitUntil('the agent talking', async () => (await state()).status === 'talking');
    await finishCall(typed.body.attemptId);

    const named = await dial({ leadId: scenario.leadIds[1] });
    expect(named.status).toBe(201);
    expect(named.body).toMatchObject({ leadId: scenario.leadIds[1], leadCreated: false });
    await waitUntil('the agent talking', async () => (await state()).status === 'talking');
    await finishCall(named.body.attemptId);

    const other = await createScenario(test, { name: `Other ${tag}`, agentId: `other-${tag}`, agentName: 'Otto Other', leads: [{ phones: ['+12125550152'] }] });
    const elsewhere = await dial({ leadId: other.leadIds[0] });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.message).toBe(`not dialled (lead_missing): lead ${other.leadIds[0]} is not in campaign ${scenario.campaignId}`);
  }, 45_000);

  it('refuses a number on the DNC list and one that is no number, leaving nothing behind', async () => {
    await apiCall(test, 'POST', '/api/dnc', { phone: '+12125550160', region: 'US' });
    const before = await test.node.pool.query<{ n: string }>('SELECT count(*) AS n FROM attempts WHERE campaign_id = $1', [scenario.campaignId]);
    const dnc = await dial({ phone: '+1 212 555 0160' });
    expect(dnc.status).toBe(409);
    expect(dnc.body).toMatchObject({ details: { rule: 'dnc' }, message: 'not dialled (dnc): on DNC: global/api' });
    const bad = await dial({ phone: '555-0100' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^not dialled \(invalid_number\): /);
    const both = await dial({ phone: '+12125550120', leadId: scenario.leadIds[0] });
    expect(both.status).toBe(400);
    const after = await test.node.pool.query<{ n: string }>('SELECT count(*) AS n FROM attempts WHERE campaign_id = $1', [scenario.campaignId]);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
    // Nor a lead made for the number refused.
    expect((await test.node.pool.query("SELECT 1 FROM lead_phones WHERE e164 = '+12125550160'")).rows).toEqual([]);
    expect((await state()).status).toBe('paused');
    // Another agent's token does not dial for this one.
    expect((await nodeRequest(test, 'POST', `/api/agents/${agentId}/manual-dial`, { phone: '+12125550120' }, roleTokens.agent)).status).toBe(403);
  });

  it('reads a number typed without its country code in the region the agent picks, among those of the lists', async () => {
    await createList(test.node.pool, { campaignId: scenario.campaignId, name: `uk ${tag}`, defaultRegion: 'GB' });
    const desktop = await apiCall<{ campaign: { regions: Array<{ code: string; example: string | null }> } }>(test, 'GET', `/api/agents/${agentId}/desktop`, undefined, scenario.agentToken);
    expect(desktop.campaign.regions).toEqual([{ code: 'US', example: '(201) 555-0123' }, { code: 'GB', example: '07400 123456' }]);

    const unknown = await dial({ phone: '020 7946 0010', region: 'ZZ' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('a region with a phone numbering plan');
    const withLead = await dial({ leadId: scenario.leadIds[0], region: 'GB' });
    expect(withLead.status).toBe(400);
    expect(withLead.body.message).toContain('a region goes with a phone');
    // Read in the US (the first list's region) it is no number; in Britain it is London's.
    expect((await dial({ phone: '020 7946 0010' })).status).toBe(400);
    const uk = await dial({ phone: '020 7946 0010', region: 'gb' });
    expect(uk.status).toBe(201);
    const lead = await test.node.pool.query('SELECT l.timezone, ph.e164 FROM leads l JOIN lead_phones ph ON ph.lead_id = l.id WHERE l.id = $1', [uk.body.leadId]);
    expect(lead.rows).toEqual([{ timezone: 'Europe/London', e164: '+442079460010' }]);
    await waitUntil('the agent talking', async () => (await state()).status === 'talking');
    await finishCall(uk.body.attemptId);
  }, 45_000);

  it('gives the lead back, the attempt cancelled and not counted, when the engine refuses the dial', async () => {
    const list = await createList(test.node.pool, { campaignId: scenario.campaignId, name: `refused ${tag}` });
    const [leadId = ''] = await insertLeads(test.node.pool, list.id, [{ firstName: 'Rita', lastName: 'Refused', phones: ['+12125550182'] }]);
    const now = new Date();
    const request = { campaignId: scenario.campaignId, agentId, nodeId: 'elsewhere', now, leaseMs: 60_000, target: { leadId } };
    const lease = await leaseManualDial(test.node.pool, request);
    if (!lease.leased) throw new Error(`not leased: ${lease.rule}`);
    // Leased, the lead is not dialled twice.
    expect(await leaseManualDial(test.node.pool, request)).toMatchObject({ leased: false, rule: 'lease' });
    expect(lease.callbackId).toBeNull();
    await releaseManualDial(test.node.pool, { attemptId: lease.lead.attemptId, leadId: lease.lead.leadId, now, callbackId: lease.callbackId });
    const attempt = await test.node.pool.query('SELECT outcome, cause_txt FROM attempts WHERE id = $1', [lease.lead.attemptId]);
    expect(attempt.rows).toEqual([{ outcome: 'cancelled', cause_txt: 'agent no longer free for the manual dial' }]);
    const lead = await test.node.pool.query('SELECT leased_by, leased_until FROM leads WHERE id = $1', [lease.lead.leadId]);
    expect(lead.rows).toEqual([{ leased_by: null, leased_until: null }]);
  });

  it("calls back early a lead waiting for the agent's own callback, the call keeping the promise; another agent's is refused", async () => {
    const pool = test.node.pool;
    const list = await createList(pool, { campaignId: scenario.campaignId, name: `callbacks ${tag}` });
    const [mine = '', kept = '', theirs = '', anyones = ''] = await insertLeads(pool, list.id, [
      { firstName: 'Cal', lastName: 'Early', phones: ['+12125550191'] },
      { firstName: 'Kay', lastName: 'Kept', phones: ['+12125550193'] },
      { firstName: 'Tess', lastName: 'Theirs', phones: ['+12125550192'] },
      { firstName: 'Annie', lastName: 'Anyone', phones: ['+12125550194'] },
    ]);
    const rival = `rival-${tag}`;
    await apiCall(test, 'PUT', `/api/agents/${rival}`, { name: 'Rhea Rival' });
    const inThreeDays = new Date(Date.now() + 3 * 86_400_000);
    const promise = await scheduleCallback(pool, { leadId: mine, agentId, dueAt: inThreeDays });
    const keptPromise = await scheduleCallback(pool, { leadId: kept, agentId, dueAt: inThreeDays });
    await scheduleCallback(pool, { leadId: theirs, agentId: rival, dueAt: inThreeDays });

    const refused = await dial({ leadId: theirs });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(`not dialled (lead_status): the lead waits for a callback by agent ${rival}`);

    // A dial the engine refuses leaves the callback waiting as it was.
    const now = new Date();
    const lease = await leaseManualDial(pool, { campaignId: scenario.campaignId, agentId, nodeId: 'elsewhere', now, leaseMs: 60_000, target: { leadId: kept } });
    if (!lease.leased) throw new Error(`not leased: ${lease.rule}`);
    expect(lease.callbackId).toBe(keptPromise.id);
    expect((await pool.query('SELECT status FROM leads WHERE id = $1', [kept])).rows).toEqual([{ status: 'callback' }]);
    await releaseManualDial(pool, { attemptId: lease.lead.attemptId, leadId: kept, now, callbackId: lease.callbackId });
    expect((await pool.query('SELECT status, leased_by FROM leads WHERE id = $1', [kept])).rows).toEqual([{ status: 'scheduled', leased_by: null }]);
    expect((await pool.query('SELECT status FROM callbacks WHERE id = $1', [keptPromise.id])).rows).toEqual([{ status: 'pending' }]);

    const early = await dial({ leadId: mine });
    expect(early.status).toBe(201);
    expect(early.body).toMatchObject({ leadId: mine, callbackId: promise.id });
    await waitUntil('the agent talking', async () => (await state()).status === 'talking');
    // Kept by the call, days before it was due; on record as the callback made by hand.
    const callbacks = await pool.query<{ lead_id: string; status: string }>('SELECT lead_id::text, status FROM callbacks WHERE lead_id = ANY($1::bigint[]) ORDER BY id', [[mine, theirs]]);
    expect(callbacks.rows).toEqual([{ lead_id: mine, status: 'done' }, { lead_id: theirs, status: 'pending' }]);
    const evidence = await pool.query<{ payload: Record<string, unknown> }>("SELECT payload FROM evidence_log WHERE attempt_id = $1 AND kind = 'manual_dial'", [early.body.attemptId]);
    expect(evidence.rows).toEqual([{ payload: { agentId, e164: '+12125550191', leadCreated: false, callbackId: promise.id } }]);
    await finishCall(early.body.attemptId);
    expect((await pool.query('SELECT status FROM leads WHERE id = $1', [theirs])).rows).toEqual([{ status: 'scheduled' }]);

    // A callback anyone may make, called early by hand, is kept too: it does not fall due later.
    const anyone = await scheduleCallback(pool, { leadId: anyones, dueAt: inThreeDays });
    const byHand = await dial({ leadId: anyones });
    expect(byHand.status).toBe(201);
    expect(byHand.body.callbackId).toBeNull();
    await waitUntil('the agent talking', async () => (await state()).status === 'talking');
    expect((await pool.query('SELECT status FROM callbacks WHERE id = $1', [anyone.id])).rows).toEqual([{ status: 'done' }]);
    await finishCall(byHand.body.attemptId);
  }, 45_000);
});
