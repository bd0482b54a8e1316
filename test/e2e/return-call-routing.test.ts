// Which agent a person calling back reaches, and what becomes of them when that agent's bridge
// fails: the real node on the simulated PBX. A campaign distributing its calls by a lead field
// routes a return call as an answered dial, to an agent of the lead's group before one who has
// waited longer. A caller whose agent's bridge fails, with no other agent to spare, is not hung
// up: one waiting on hold waits on in their holding bridge for the next agent, one put through at
// once waits on hold for the rest of the wait the campaign allows, and one of a campaign that
// lets nobody wait hears the campaign's message, kept as a missed call; one whose agent's bridge hangs past the agent's
// reservation and is made after all goes back into its holding bridge. A caller waiting on hold whom the node hangs up (stopping)
// is not recorded as having hung up themselves.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { allDayWindow, apiCall, waitUntil } from '../browser/browser-helpers.js';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { callBack, calledAnHourAgo } from './return-call-helpers.js';
import { runDigits } from '../helpers/run-digits.js';

// Six digits of the run's own: they begin the exchange of the numbers below (see runDigits).
const run = runDigits();
const BY_REGION = `+1415${run}1`;
const WEST = `+1646${run}7`;
const HOLDS = `+1415${run}2`;
const NO_HOLD = `+1415${run}3`;
const BACK_ON_HOLD = `+1646${run}8`;
const HEARS_MESSAGE = `+1646${run}9`;
const HOLDS_AFTER = `+1415${run}5`;
const PUT_ON_HOLD = `+1646${run}6`;
const STOPS = `+1415${run}4`;
const STOPPED = `+1646${run}0`;
const SLOW = `+1415${run}6`;
const LATE_BRIDGE = `+1646${run}1`;
const RAN_OUT = `+1415${run}7`;
const FAILED_LATE = `+1646${run}2`;
const CONNECTING = `+1415${run}0`;
const HUNG_UP_CONNECTING = `+1646${run}4`;

let test: TestNode;

/** A preview campaign (it dials nobody by itself) presenting `number`, with `settings`, which called each lead an hour ago; lead ids by number. */
async function campaignCalling(number: string, settings: Record<string, unknown>, leads: Array<{ e164: string; fields: Record<string, string> }>): Promise<{ id: string; leadOf: Map<string, string> }> {
  const { id } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
    name: `Return call routing ${number}`, mode: 'preview', callerId: `"Acme" <${number}>`, wrapUpMode: 'manual',
    settings: { callingWindow: allDayWindow, ...settings },
  });
  const list = await createList(test.node.pool, { campaignId: id, name: 'called earlier' });
  const leadIds = await insertLeads(test.node.pool, list.id, leads.map((lead) => ({ firstName: 'Caller', fields: lead.fields, phones: [lead.e164] })));
  const leadOf = new Map<string, string>();
  for (const [i, lead] of leads.entries()) {
    leadOf.set(lead.e164, String(leadIds[i]));
    await calledAnHourAgo(test.node.pool, id, String(leadIds[i]), lead.e164);
  }
  await apiCall(test, 'POST', `/api/campaigns/${id}/start`);
  return { id, leadOf };
}

/** Logs the agent in to the campaign with these groups and makes them ready (a caller waiting on
 * hold may take them at once, before they are seen ready). */
async function readyAgent(agentId: string, groups: string[], campaignId: string): Promise<void> {
  await apiCall(test, 'PUT', `/api/agents/${agentId}`, { name: `Agent ${agentId}`, groups });
  const { token } = await apiCall<{ token: string }>(test, 'POST', `/api/agents/${agentId}/tokens`);
  await apiCall(test, 'POST', `/api/agents/${agentId}/login`, { campaignId }, token);
  await waitUntil(`${agentId} paused`, async () => (await statusOf(agentId)) === 'paused');
  await apiCall(test, 'POST', `/api/agents/${agentId}/ready`, undefined, token);
  await waitUntil(`${agentId} ready`, async () => ['ready', 'reserved', 'talking'].includes(await statusOf(agentId)));
}

/** The agent's bridge gone from the PBX: the next bridge to them fails (404). */
async function breakAgentBridge(agentId: string): Promise<void> {
  const response = await fetch(`${test.pbx.url}/ari/bridges/agent-bridge-${agentId}`, {
    method: 'DELETE', headers: { authorization: `Basic ${Buffer.from('dialer:dialer').toString('base64')}` },
  });
  expect(response.status).toBe(204);
}

const inboundAttempts = async (leadId: string | undefined) => (await test.node.pool.query<{ id: string; agent_id: string | null; outcome: string | null }>(
  "SELECT id::text, agent_id, outcome FROM attempts WHERE lead_id = $1 AND direction = 'inbound'", [leadId])).rows;
const evidence = async (e164: string) => (await test.node.pool.query<{ payload: Record<string, unknown> }>(
  "SELECT payload FROM evidence_log WHERE kind = 'return_call' AND payload->>'e164' = $1 ORDER BY id", [e164])).rows.map((row) => row.payload);

const statusOf = async (agentId: string): Promise<string> => (await apiCall<{ status: string }>(test, 'GET', `/api/agents/${agentId}`)).status;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.25 }, 'return-call-routing:');
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('a call back routed by the distribution of the campaign', () => {
  it("goes to a ready agent of the lead's region before one who has waited longer", async () => {
    const { id, leadOf } = await campaignCalling(BY_REGION, { distributeBy: 'region' }, [{ e164: WEST, fields: { region: ' West ' } }]);
    // The generalist is ready first: without distribution the caller would be theirs.
    await readyAgent('rc-any', [], id);
    await readyAgent('rc-west', ['west'], id);
    const call = callBack(test.pbx, WEST, BY_REGION);
    await expect.poll(() => call.events().find((e) => e.type === 'ChannelEnteredBridge')?.bridge?.id, { timeout: 20_000 }).toBe('agent-bridge-rc-west');
    expect(await statusOf('rc-any')).toBe('ready');
    // The attempt is written to once the bridge is confirmed: a moment after the PBX says so.
    await expect.poll(async () => (await inboundAttempts(leadOf.get(WEST))).map((attempt) => attempt.agent_id)).toEqual(['rc-west']);
    test.pbx.callerHangsUp(call.channelId);
    call.stop();
    await waitUntil('rc-west in wrap-up', async () => (await statusOf('rc-west')) === 'wrap_up');
  }, 60_000);
});

describe("a call back whose agent's bridge fails with no other agent to spare", () => {
  it('waits on in its holding bridge when it was waiting on hold, and the next agent ready takes it', async () => {
    const { id, leadOf } = await campaignCalling(HOLDS, { returnCallHoldSeconds: 60 }, [{ e164: BACK_ON_HOLD, fields: {} }]);
    await readyAgent('rc-broken', [], id);
    await apiCall(test, 'POST', '/api/agents/rc-broken/pause', { reason: 'break' });
    await waitUntil('rc-broken paused', async () => (await statusOf('rc-broken')) === 'paused');
    const call = callBack(test.pbx, BACK_ON_HOLD, HOLDS);
    await expect.poll(async () => (await inboundAttempts(leadOf.get(BACK_ON_HOLD))).length, { timeout: 20_000 }).toBe(1);
    const attemptId = (await inboundAttempts(leadOf.get(BACK_ON_HOLD)))[0]!.id;
    await expect.poll(() => call.events().find((e) => e.type === 'ChannelEnteredBridge')?.bridge?.id, { timeout: 20_000 }).toBe(`hold-${attemptId}`);
    // The agent comes back with a bridge that fails: the caller is neither hung up nor moved.
    await breakAgentBridge('rc-broken');
    await apiCall(test, 'POST', '/api/agents/rc-broken/ready');
    await waitUntil('rc-broken ready again after the failed bridge', async () => (await statusOf('rc-broken')) === 'ready');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(call.events().map((e) => e.type)).not.toContain('ChannelHangupRequest');
    expect(call.events().map((e) => e.type)).not.toContain('PlaybackStarted');
    expect(test.pbx.bridges().find((bridge) => bridge.id === `hold-${attemptId}`)?.channels).toContain(call.channelId);
    // The next agent ready has them, out of the holding bridge.
    await readyAgent('rc-next', [], id);
    await expect.poll(() => call.events().filter((e) => e.type === 'ChannelEnteredBridge').map((e) => e.bridge?.id), { timeout: 20_000 })
      .toEqual([`hold-${attemptId}`, 'agent-bridge-rc-next']);
    await expect.poll(() => evidence(BACK_ON_HOLD)).toEqual([expect.objectContaining({ answeredBy: 'agent', agentId: 'rc-next' })]);
    await expect.poll(() => inboundAttempts(leadOf.get(BACK_ON_HOLD))).toMatchObject([{ id: attemptId, agent_id: 'rc-next' }]);
    test.pbx.callerHangsUp(call.channelId);
    call.stop();
    await waitUntil('rc-next in wrap-up', async () => (await statusOf('rc-next')) === 'wrap_up');
    await apiCall(test, 'POST', '/api/agents/rc-broken/pause', { reason: 'break' });
  }, 90_000);

  it('waits on hold for the rest of the wait its campaign allows when it was put through at once, and the next agent ready takes it', async () => {
    const { id, leadOf } = await campaignCalling(HOLDS_AFTER, { returnCallHoldSeconds: 60 }, [{ e164: PUT_ON_HOLD, fields: {} }]);
    await readyAgent('rc-failing', [], id);
    await breakAgentBridge('rc-failing');
    const call = callBack(test.pbx, PUT_ON_HOLD, HOLDS_AFTER);
    await expect.poll(async () => (await inboundAttempts(leadOf.get(PUT_ON_HOLD))).length, { timeout: 20_000 }).toBe(1);
    const attemptId = (await inboundAttempts(leadOf.get(PUT_ON_HOLD)))[0]!.id;
    // Its agent's bridge failed with nobody else ready: on hold in a holding bridge of its own, neither hung up nor played to.
    await expect.poll(() => call.events().find((e) => e.type === 'ChannelEnteredBridge')?.bridge?.id, { timeout: 20_000 }).toBe(`hold-${attemptId}`);
    await apiCall(test, 'POST', '/api/agents/rc-failing/pause', { reason: 'break' });
    expect(call.events().map((e) => e.type)).not.toContain('ChannelHangupRequest');
    expect(call.events().map((e) => e.type)).not.toContain('PlaybackStarted');
    expect(test.node.runtime.state().calls.get(attemptId)).toMatchObject({ status: 'waiting_agent' });
    // The next agent ready has them, out of the holding bridge.
    await readyAgent('rc-after', [], id);
    await expect.poll(() => call.events().filter((e) => e.type === 'ChannelEnteredBridge').map((e) => e.bridge?.id), { timeout: 20_000 })
      .toEqual([`hold-${attemptId}`, 'agent-bridge-rc-after']);
    await expect.poll(() => test.pbx.bridges().some((bridge) => bridge.id === `hold-${attemptId}`)).toBe(false);
    await expect.poll(() => evidence(PUT_ON_HOLD)).toEqual([expect.objectContaining({ answeredBy: 'agent', agentId: 'rc-after' })]);
    await expect.poll(() => inboundAttempts(leadOf.get(PUT_ON_HOLD))).toMatchObject([{ id: attemptId, agent_id: 'rc-after' }]);
    test.pbx.callerHangsUp(call.channelId);
    call.stop();
    await waitUntil('rc-after in wrap-up', async () => (await statusOf('rc-after')) === 'wrap_up');
  }, 90_000);

  it('hears the message when it was put through at once by a campaign that lets nobody wait, and is kept as a missed call for the staff', async () => {
    const { id, leadOf } = await campaignCalling(NO_HOLD, {}, [{ e164: HEARS_MESSAGE, fields: {} }]);
    await readyAgent('rc-gone', [], id);
    await breakAgentBridge('rc-gone');
    const call = callBack(test.pbx, HEARS_MESSAGE, NO_HOLD);
    await expect.poll(() => call.events().map((e) => e.type), { timeout: 20_000 }).toContain('PlaybackFinished');
    await expect.poll(() => call.events().map((e) => e.type), { timeout: 20_000 }).toContain('StasisEnd');
    call.stop();
    expect(call.events().map((e) => e.type)).not.toContain('ChannelEnteredBridge');
    await expect.poll(() => evidence(HEARS_MESSAGE)).toEqual([expect.objectContaining({ answeredBy: 'message', optedOut: false })]);
    // Nobody spoke to them: their attempt is kept, closed with no agent, and the staff see the missed call to call them back.
    const [attempt] = await inboundAttempts(leadOf.get(HEARS_MESSAGE));
    expect(attempt).toMatchObject({ agent_id: null, outcome: 'cancelled' });
    await expect.poll(() => apiCall<Array<Record<string, unknown>>>(test, 'GET', `/api/campaigns/${id}/missed-calls`)).toEqual([expect.objectContaining({
      attemptId: attempt!.id, phone: HEARS_MESSAGE, leadId: leadOf.get(HEARS_MESSAGE), reason: 'bridge_failed', calledNumber: NO_HOLD,
    })]);
  }, 60_000);

  it('is kept as a missed call whose agent\'s bridge failed when it fails after the wait on hold ran out, and hears the message', async () => {
    const { id, leadOf } = await campaignCalling(RAN_OUT, { returnCallHoldSeconds: 3 }, [{ e164: FAILED_LATE, fields: {} }]);
    await readyAgent('rc-overrun', [], id);
    await apiCall(test, 'POST', '/api/agents/rc-overrun/pause', { reason: 'break' });
    await waitUntil('rc-overrun paused', async () => (await statusOf('rc-overrun')) === 'paused');
    const call = callBack(test.pbx, FAILED_LATE, RAN_OUT);
    await expect.poll(async () => (await inboundAttempts(leadOf.get(FAILED_LATE))).length, { timeout: 20_000 }).toBe(1);
    const attemptId = (await inboundAttempts(leadOf.get(FAILED_LATE)))[0]!.id;
    await expect.poll(() => call.events().find((e) => e.type === 'ChannelEnteredBridge')?.bridge?.id, { timeout: 20_000 }).toBe(`hold-${attemptId}`);
    // The agent takes them within their wait, but the bridge to the agent hangs past its end, then fails.
    const answerBridge = test.pbx.holdBridgeAdds('agent-bridge-rc-overrun');
    await apiCall(test, 'POST', '/api/agents/rc-overrun/ready');
    await waitUntil('rc-overrun reserved for the caller', async () => (await statusOf('rc-overrun')) === 'reserved');
    const until = test.node.runtime.state().calls.get(attemptId)?.waitsForAgentUntilMs ?? 0;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, until - Date.now()) + 200));
    await breakAgentBridge('rc-overrun');
    answerBridge();
    await expect.poll(() => call.events().map((e) => e.type), { timeout: 20_000 }).toContain('PlaybackStarted');
    expect(call.events().filter((e) => e.type === 'ChannelEnteredBridge').map((e) => e.bridge?.id)).toEqual([`hold-${attemptId}`]);
    await expect.poll(() => call.events().map((e) => e.type), { timeout: 20_000 }).toContain('StasisEnd');
    call.stop();
    await expect.poll(() => evidence(FAILED_LATE)).toEqual([expect.objectContaining({ answeredBy: 'message', optedOut: false })]);
    expect(test.pbx.bridges().some((bridge) => bridge.id === `hold-${attemptId}`)).toBe(false);
    await expect.poll(() => inboundAttempts(leadOf.get(FAILED_LATE))).toMatchObject([{ id: attemptId, agent_id: null, outcome: 'cancelled' }]);
    // Said for what it was: an agent had them, and the bridge to them failed; not a wait no agent came to.
    await expect.poll(() => apiCall<Array<Record<string, unknown>>>(test, 'GET', `/api/campaigns/${id}/missed-calls`)).toEqual([expect.objectContaining({
      attemptId, phone: FAILED_LATE, leadId: leadOf.get(FAILED_LATE), reason: 'bridge_failed', calledNumber: RAN_OUT,
    })]);
    await apiCall(test, 'POST', '/api/agents/rc-overrun/pause', { reason: 'break' });
  }, 90_000);
});

describe("a call back whose agent's bridge is made after the engine gave up on it", () => {
  it('goes back into its holding bridge, with music, and out of the agent bridge', async () => {
    const { id, leadOf } = await campaignCalling(SLOW, { returnCallHoldSeconds: 60 }, [{ e164: LATE_BRIDGE, fields: {} }]);
    await readyAgent('rc-slow', [], id);
    await apiCall(test, 'POST', '/api/agents/rc-slow/pause', { reason: 'break' });
    await waitUntil('rc-slow paused', async () => (await statusOf('rc-slow')) === 'paused');
    const call = callBack(test.pbx, LATE_BRIDGE, SLOW);
    await expect.poll(async () => (await inboundAttempts(leadOf.get(LATE_BRIDGE))).length, { timeout: 20_000 }).toBe(1);
    const attemptId = (await inboundAttempts(leadOf.get(LATE_BRIDGE)))[0]!.id;
    await expect.poll(() => call.events().find((e) => e.type === 'ChannelEnteredBridge')?.bridge?.id, { timeout: 20_000 }).toBe(`hold-${attemptId}`);
    // The agent's bridge hangs past their reservation: the engine gives it up, the caller waits again.
    const answerBridge = test.pbx.holdBridgeAdds('agent-bridge-rc-slow');
    await apiCall(test, 'POST', '/api/agents/rc-slow/ready');
    await waitUntil('rc-slow reserved for the caller', async () => (await statusOf('rc-slow')) === 'reserved');
    await waitUntil('the reservation given up', async () => test.node.runtime.state().calls.get(attemptId)?.status === 'waiting_agent', 15_000);
    await apiCall(test, 'POST', '/api/agents/rc-slow/pause', { reason: 'break' });
    // Made late: the caller is taken back out of the agent bridge and put on hold again.
    answerBridge();
    await expect.poll(() => call.events().filter((e) => e.type === 'ChannelEnteredBridge').map((e) => e.bridge?.id), { timeout: 20_000 })
      .toEqual([`hold-${attemptId}`, 'agent-bridge-rc-slow', `hold-${attemptId}`]);
    await expect.poll(() => test.pbx.bridges().find((bridge) => bridge.id === `hold-${attemptId}`)?.channels, { timeout: 10_000 }).toContain(call.channelId);
    expect(test.pbx.bridgeMusic(`hold-${attemptId}`)).not.toBeNull();
    expect(test.pbx.bridges().find((bridge) => bridge.id === 'agent-bridge-rc-slow')?.channels).not.toContain(call.channelId);
    expect(test.node.runtime.state().calls.get(attemptId)).toMatchObject({ status: 'waiting_agent' });
    expect(call.events().map((e) => e.type)).not.toContain('ChannelHangupRequest');
    test.pbx.callerHangsUp(call.channelId);
    call.stop();
    await expect.poll(() => evidence(LATE_BRIDGE), { timeout: 20_000 }).toEqual([expect.objectContaining({ answeredBy: 'nobody', hungUpOnHold: true })]);
  }, 90_000);
});

describe('a call back hung up in the instant of being put through to an agent', () => {
  it('is kept as a missed call hung up while being put through, not on hold', async () => {
    const { id, leadOf } = await campaignCalling(CONNECTING, {}, [{ e164: HUNG_UP_CONNECTING, fields: {} }]);
    await readyAgent('rc-connecting', [], id);
    // The bridge to the agent hangs: the caller hangs up while being put through, never on hold.
    const answerBridge = test.pbx.holdBridgeAdds('agent-bridge-rc-connecting');
    const call = callBack(test.pbx, HUNG_UP_CONNECTING, CONNECTING);
    await waitUntil('rc-connecting reserved for the caller', async () => (await statusOf('rc-connecting')) === 'reserved');
    test.pbx.callerHangsUp(call.channelId);
    await expect.poll(async () => (await inboundAttempts(leadOf.get(HUNG_UP_CONNECTING)))[0]?.outcome ?? null, { timeout: 20_000 }).toBe('hangup_before_connect');
    answerBridge();
    call.stop();
    expect(call.events().filter((e) => e.type === 'ChannelEnteredBridge')).toEqual([]);
    const attemptId = (await inboundAttempts(leadOf.get(HUNG_UP_CONNECTING)))[0]!.id;
    await expect.poll(() => apiCall<Array<Record<string, unknown>>>(test, 'GET', `/api/campaigns/${id}/missed-calls`), { timeout: 20_000 }).toEqual([expect.objectContaining({
      attemptId, phone: HUNG_UP_CONNECTING, leadId: leadOf.get(HUNG_UP_CONNECTING), reason: 'hung_up_connecting', calledNumber: CONNECTING,
    })]);
    await expect.poll(() => evidence(HUNG_UP_CONNECTING)).toEqual([expect.objectContaining({ answeredBy: 'nobody' })]);
    expect((await evidence(HUNG_UP_CONNECTING))[0]).not.toHaveProperty('hungUpOnHold');
    const metrics = await (await fetch(`${test.node.url}/metrics`)).text();
    expect(metrics).toContain(`outpace_return_calls_total{campaign="${id}",outcome="hung_up_connecting"} 1\n`);
    expect(metrics).toContain(`outpace_return_calls_total{campaign="${id}",outcome="hung_up_on_hold"} 0\n`);
  }, 60_000);
});

describe('a call back hung up by the node while it waits on hold', () => {
  it('says the node ended it, not the caller, and counts it apart', async () => {
    const { id, leadOf } = await campaignCalling(STOPS, { returnCallHoldSeconds: 60 }, [{ e164: STOPPED, fields: {} }]);
    const call = callBack(test.pbx, STOPPED, STOPS);
    await expect.poll(async () => (await inboundAttempts(leadOf.get(STOPPED))).length, { timeout: 20_000 }).toBe(1);
    const attemptId = (await inboundAttempts(leadOf.get(STOPPED)))[0]!.id;
    await expect.poll(() => call.events().find((e) => e.type === 'ChannelEnteredBridge')?.bridge?.id, { timeout: 20_000 }).toBe(`hold-${attemptId}`);
    // The end of a stop's drain: what is still going is hung up.
    test.node.runtime.hangUpAll('engine stopping');
    await expect.poll(() => call.events().map((e) => e.type), { timeout: 20_000 }).toContain('StasisEnd');
    call.stop();
    await expect.poll(() => evidence(STOPPED), { timeout: 20_000 }).toEqual([expect.objectContaining({ answeredBy: 'nobody', endedBy: 'node', reason: 'engine stopping' })]);
    expect((await evidence(STOPPED))[0]).not.toHaveProperty('hungUpOnHold');
    await expect.poll(async () => (await inboundAttempts(leadOf.get(STOPPED)))[0]?.outcome ?? null).toBe('hangup_before_connect');
    const metrics = await (await fetch(`${test.node.url}/metrics`)).text();
    expect(metrics).toContain(`outpace_return_calls_total{campaign="${id}",outcome="ended_by_us"} 1\n`);
    expect(metrics).toContain(`outpace_return_calls_total{campaign="${id}",outcome="hung_up_on_hold"} 0\n`);
  }, 60_000);
});
