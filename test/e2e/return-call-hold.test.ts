// A person calls back a campaign that lets callers wait on hold for an agent
// (`returnCallHoldSeconds`): the real node on the simulated PBX. With no agent to spare the caller
// is answered and waits in a holding bridge of their own, named after their attempt, with music;
// the agent who goes ready takes them (the channel moves to the agent's bridge, the holding bridge
// goes); one who hangs up while waiting leaves their attempt closed, no abandon, and the evidence
// says nobody answered them; at the end of the wait the caller hears the campaign's message, and
// the attempt of the call (and a stranger's lead made for it) is kept, closed, for their missed call.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../src/adapters/pg/agent-repository.js';
import { createCampaign } from '../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { ApiCallError, ApiClient } from '../../src/demo/api-client.js';
import { roundTheClockWindow } from '../../src/demo/round-the-clock.js';
import { roleTokens, startTestNode, tokenAgentId, type TestNode } from '../helpers/outpace-node.js';
import { callBack, calledAnHourAgo } from './return-call-helpers.js';
import { runDigits } from '../helpers/run-digits.js';

// Six digits of the run's own: they begin the exchange of the numbers below (see runDigits).
const run = runDigits();
const WAITS = `+1415${run}7`;
const SHORT = `+1415${run}8`;
const GIVES_UP = `+1646${run}4`;
const TAKEN = `+1646${run}5`;
const TIMED_OUT = `+1646${run}6`;
const STAFF_ENDED = `+1646${run}7`;
const STRANGER = `+1917${run}3`;
const LONGER = `+1415${run}9`;
const TWICE = `+1917${run}6`;


describe('a call back to a campaign that lets callers wait on hold for an agent', () => {
  let test: TestNode;
  let waitsId: string;
  const leadOf = new Map<string, string>();
  const supervisor = (): ApiClient => new ApiClient(test.node.url, roleTokens.supervisor);

  /** A preview campaign (it dials nobody by itself) presenting `number`, which called each of `called` an hour ago. */
  async function campaignCalling(number: string, holdSeconds: number, called: string[]): Promise<string> {
    const { pool } = test.node;
    const campaign = await createCampaign(pool, {
      name: `Return calls on hold ${number}`, mode: 'preview', callerId: `"Acme" <${number}>`,
      settings: { callingWindow: roundTheClockWindow, returnCallHoldSeconds: holdSeconds },
    });
    const list = await createList(pool, { campaignId: campaign.id, name: 'called earlier' });
    const leadIds = await insertLeads(pool, list.id, called.map((e164) => ({ firstName: 'Caller', phones: [e164] })));
    for (const [i, e164] of called.entries()) {
      const leadId = String(leadIds[i]);
      leadOf.set(e164, leadId);
      await calledAnHourAgo(pool, campaign.id, leadId, e164);
    }
    await new ApiClient(test.node.url, roleTokens.manager).post(`/api/campaigns/${campaign.id}/start`);
    return campaign.id;
  }

  beforeAll(async () => {
    test = await startTestNode({ outcomes: 'digit', timeScale: 0.25 }, 'return-call-hold:');
    waitsId = await campaignCalling(WAITS, 60, [GIVES_UP, TAKEN, STAFF_ENDED]);
    await campaignCalling(SHORT, 2, [TIMED_OUT]);
    await upsertAgent(test.node.pool, { id: tokenAgentId, name: 'Agent under test' });
  }, 60_000);

  afterAll(async () => {
    await test.close();
  });


  const inboundAttempt = async (leadId: string) => (await test.node.pool.query<{ id: string; agent_id: string | null; status: string; outcome: string | null; abandoned: boolean }>(
    "SELECT id::text, agent_id, status, outcome, abandoned FROM attempts WHERE lead_id = $1 AND direction = 'inbound'", [leadId])).rows;
  const evidence = async (e164: string) => (await test.node.pool.query<{ payload: Record<string, unknown> }>(
    "SELECT payload FROM evidence_log WHERE kind = 'return_call' AND payload->>'e164' = $1 ORDER BY id", [e164])).rows.map((row) => row.payload);
  async function status(): Promise<string> {
    return (await supervisor().get<{ status: string }>(`/api/agents/${tokenAgentId}`)).status;
  }
  /** The caller waits in the holding bridge of their attempt, with music, and hears no message. */
  async function onHold(call: ReturnType<typeof callBack>, leadId: string): Promise<string> {
    await expect.poll(async () => (await inboundAttempt(leadId)).length, { timeout: 20_000 }).toBe(1);
    const attemptId = (await inboundAttempt(leadId))[0]!.id;
    await expect.poll(() => call.events().find((e) => e.type === 'ChannelEnteredBridge')?.bridge?.id, { timeout: 20_000 }).toBe(`hold-${attemptId}`);
    expect(test.pbx.bridgeMusic(`hold-${attemptId}`)).toBe('default');
    expect(call.events().find((e) => e.type === 'ChannelStateChange')?.channel?.state).toBe('Up');
    expect(call.events().map((e) => e.type)).not.toContain('PlaybackStarted');
    return attemptId;
  }
  const bridgeIds = () => test.pbx.bridges().map((bridge) => bridge.id);

  it('closes the attempt of a caller who hangs up while waiting, no abandon, and says nobody answered them', async () => {
    // Logged in, paused (as an agent starts): no agent ready.
    await supervisor().post(`/api/agents/${tokenAgentId}/login`, { campaignId: waitsId });
    await expect.poll(status, { timeout: 20_000 }).toBe('paused');
    const call = callBack(test.pbx, GIVES_UP, WAITS);
    const attemptId = await onHold(call, leadOf.get(GIVES_UP)!);
    test.pbx.callerHangsUp(call.channelId);
    call.stop();
    await expect.poll(async () => (await inboundAttempt(leadOf.get(GIVES_UP)!))[0], { timeout: 20_000 }).toMatchObject({ outcome: 'cancelled', abandoned: false, agent_id: null });
    await expect.poll(() => evidence(GIVES_UP)).toEqual([expect.objectContaining({ answeredBy: 'nobody', hungUpOnHold: true, optedOut: false })]);
    await expect.poll(bridgeIds).not.toContain(`hold-${attemptId}`);
    expect(await status()).toBe('paused');
  }, 40_000);

  it('lists the caller waiting, and hangs them up for a supervisor, who is named with the reason on the call, and named in its evidence', async () => {
    const leadId = leadOf.get(STAFF_ENDED)!;
    const call = callBack(test.pbx, STAFF_ENDED, WAITS);
    const attemptId = await onHold(call, leadId);
    const waiting = await supervisor().get<Array<{ attemptId: string; leadId: string; phone: string }>>(`/api/campaigns/${waitsId}/waiting-callers`);
    expect(waiting).toEqual([expect.objectContaining({ attemptId, leadId, phone: expect.stringMatching(/\d{2}$/) })]);
    // An agent may not hang up someone else's caller.
    const refused = await new ApiClient(test.node.url, roleTokens.agent).post(`/api/return-calls/${attemptId}/hangup`, {}).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 403 });
    expect(await supervisor().post(`/api/return-calls/${attemptId}/hangup`, { reason: 'called five times today' }))
      .toEqual({ attemptId, hungUp: true, reason: 'called five times today' });
    await expect.poll(() => call.events().map((e) => e.type), { timeout: 20_000 }).toContain('StasisEnd');
    call.stop();
    expect(call.events().map((e) => e.type)).not.toContain('PlaybackStarted');
    // Closed as the node's withdrawal of it: no abandon, the supervisor named as who ended it.
    await expect.poll(async () => (await test.node.pool.query('SELECT 1 FROM attempts WHERE id = $1 AND ended_at IS NOT NULL', [attemptId])).rowCount, { timeout: 20_000 }).toBe(1);
    const [row] = (await test.node.pool.query<{ outcome: string; abandoned: boolean; ended_by: { role: string } | null; staff_reason: string | null }>(
      'SELECT outcome, abandoned, ended_by, staff_reason FROM attempts WHERE id = $1', [attemptId])).rows;
    expect(row).toMatchObject({ abandoned: false, ended_by: expect.objectContaining({ role: 'supervisor' }), staff_reason: 'called five times today' });
    // The typed reason may name the person: kept with the call (an erasure clears it), not in the append-only evidence.
    await expect.poll(() => evidence(STAFF_ENDED)).toEqual([expect.objectContaining({
      answeredBy: 'nobody', endedBy: expect.objectContaining({ role: 'supervisor' }), optedOut: false })]);
    expect((await evidence(STAFF_ENDED))[0]).not.toHaveProperty('reason');
    await expect.poll(bridgeIds).not.toContain(`hold-${attemptId}`);
    // Gone: nobody left to hang up, nor listed.
    const again = await supervisor().post(`/api/return-calls/${attemptId}/hangup`, {}).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(ApiCallError);
    expect(again).toMatchObject({ status: 404 });
    expect(await supervisor().get(`/api/campaigns/${waitsId}/waiting-callers`)).toEqual([]);
    expect(await status()).toBe('paused');
  }, 40_000);

  it('puts the waiting caller through to the agent who goes ready, out of the holding bridge', async () => {
    const leadId = leadOf.get(TAKEN)!;
    const call = callBack(test.pbx, TAKEN, WAITS);
    const attemptId = await onHold(call, leadId);
    await supervisor().post(`/api/agents/${tokenAgentId}/ready`);
    await expect.poll(status, { timeout: 20_000 }).toBe('talking');
    await expect.poll(() => call.events().filter((e) => e.type === 'ChannelEnteredBridge').map((e) => e.bridge?.id))
      .toEqual([`hold-${attemptId}`, `agent-bridge-${tokenAgentId}`]);
    await expect.poll(bridgeIds).not.toContain(`hold-${attemptId}`);
    expect(call.events().map((e) => e.type)).not.toContain('PlaybackStarted');
    // The attempt is written to once the bridge is confirmed: a moment after the PBX says so.
    await expect.poll(() => inboundAttempt(leadId)).toMatchObject([{ id: attemptId, agent_id: tokenAgentId }]);
    await expect.poll(() => evidence(TAKEN)).toEqual([expect.objectContaining({ answeredBy: 'agent', agentId: tokenAgentId, optedOut: false })]);
    // With an agent now: no caller waiting, refused (the agent's call hangs up through the agent).
    expect(await supervisor().post(`/api/return-calls/${attemptId}/hangup`, {}).catch((error: unknown) => error)).toMatchObject({ status: 409 });
    test.pbx.callerHangsUp(call.channelId);
    call.stop();
    await expect.poll(status).toBe('wrap_up');
    await expect.poll(async () => (await inboundAttempt(leadId))[0]).toMatchObject({ outcome: 'connected', abandoned: false });
  }, 60_000);

  it('plays the message at the end of the wait, and keeps the attempt of the call closed, for its missed call', async () => {
    const leadId = leadOf.get(TIMED_OUT)!;
    const call = callBack(test.pbx, TIMED_OUT, SHORT);
    const attemptId = await onHold(call, leadId);
    await expect.poll(() => call.events().map((e) => e.type), { timeout: 20_000 }).toContain('StasisEnd');
    call.stop();
    const types = call.events().map((e) => e.type);
    expect(types.indexOf('ChannelLeftBridge')).toBeLessThan(types.indexOf('PlaybackStarted'));
    expect(types).toContain('PlaybackFinished');
    expect(bridgeIds()).not.toContain(`hold-${attemptId}`);
    await expect.poll(() => evidence(TIMED_OUT)).toEqual([expect.objectContaining({ answeredBy: 'message', optedOut: false })]);
    expect(await inboundAttempt(leadId)).toEqual([{ id: attemptId, agent_id: null, status: 'ended', outcome: 'cancelled', abandoned: false }]);
  }, 40_000);

  it('keeps the lead made for a caller the campaign never called whose wait ends with no agent, to call them back', async () => {
    const leadsAt = async (): Promise<string[]> => (await test.node.pool.query<{ id: string }>(
      'SELECT l.id::text FROM leads l JOIN lead_phones ph ON ph.lead_id = l.id WHERE ph.e164 = $1', [STRANGER])).rows.map((row) => row.id);
    const call = callBack(test.pbx, STRANGER, SHORT);
    // On hold on a lead made for them, with the attempt of their call.
    await expect.poll(leadsAt, { timeout: 20_000 }).toHaveLength(1);
    const [leadId] = await leadsAt();
    await onHold(call, leadId!);
    await expect.poll(() => call.events().map((e) => e.type), { timeout: 20_000 }).toContain('StasisEnd');
    call.stop();
    expect(call.events().map((e) => e.type)).toContain('PlaybackFinished');
    // No agent took them in their wait: a missed call, its attempt and the lead kept, which the evidence names.
    await expect.poll(() => evidence(STRANGER)).toEqual([expect.objectContaining({ answeredBy: 'message', leadIds: [leadId], leadCreated: true })]);
    expect(await leadsAt()).toEqual([leadId]);
    expect(await inboundAttempt(leadId!)).toEqual([expect.objectContaining({ status: 'ended', outcome: 'cancelled' })]);
  }, 40_000);

  it('names in the evidence of each of two calls at once from a number it never called the lead made for them only while it is kept', async () => {
    await campaignCalling(LONGER, 6, []);
    const leadsAt = async (): Promise<string[]> => (await test.node.pool.query<{ id: string }>(
      'SELECT l.id::text FROM leads l JOIN lead_phones ph ON ph.lead_id = l.id WHERE ph.e164 = $1', [TWICE])).rows.map((row) => row.id);
    const first = callBack(test.pbx, TWICE, LONGER);
    await expect.poll(leadsAt, { timeout: 20_000 }).toHaveLength(1);
    const [leadId] = await leadsAt();
    await onHold(first, leadId!);
    // The same person rings again while their first call waits: the lead made for it is found.
    const second = callBack(test.pbx, TWICE, LONGER);
    for (const call of [first, second]) {
      await expect.poll(() => call.events().map((e) => e.type), { timeout: 30_000 }).toContain('StasisEnd');
      call.stop();
    }
    await expect.poll(async () => (await evidence(TWICE)).length, { timeout: 20_000 }).toBe(2);
    // No agent took either: each entry names the lead only if it is still there.
    const kept = await leadsAt();
    for (const entry of await evidence(TWICE)) expect(entry).toEqual(expect.objectContaining({ answeredBy: 'message', leadIds: kept }));
    // The first waited on hold its time: a missed call, its attempt kept, and the lead with it; the
    // second, its lead's call already with the engine, never waited and leaves no attempt.
    expect(kept).toEqual([leadId]);
    expect((await test.node.pool.query("SELECT 1 FROM attempts WHERE e164 = $1 AND direction = 'inbound'", [TWICE])).rowCount).toBe(1);
  }, 60_000);

  it('counts the return calls of the campaign by how they ended', async () => {
    const metrics = await (await fetch(`${test.node.url}/metrics`)).text();
    expect(metrics).toContain(`outpace_return_calls_total{campaign="${waitsId}",outcome="hung_up_on_hold"} 1\n`);
    expect(metrics).toContain(`outpace_return_calls_total{campaign="${waitsId}",outcome="agent"} 1\n`);
    expect(metrics).toContain(`outpace_return_calls_total{campaign="${waitsId}",outcome="ended_by_us"} 1\n`);
  });
});
