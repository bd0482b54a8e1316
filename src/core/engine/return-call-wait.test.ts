// A person calling back with no agent to spare waits on hold when the campaign lets them
// (`returnCallHoldSeconds`): the first agent to spare takes them before the pacer dials for that
// agent, the campaign's answered dials still come first, the end of the wait lets the call go to
// hear the message, and hanging up while waiting is no abandon.

import { describe, expect, it } from 'vitest';
import { abandonFigures } from '../compliance/abandon-ledger.js';
import { failedAgentRetryMs, reservationTimeoutMs } from '../limits.js';
import { ofType, readyAgent, runningCampaign, type EngineDriver } from '../testing/engine-driver.js';

const ENDED = { cause: 16, causeText: 'Normal Clearing', dialStatus: '' };
const inbound = (d: EngineDriver, attemptId = 'in1', leadId = 'l1', phone = '+15550100007') =>
  d.feed({ type: 'inbound_call', attemptId, campaignId: 'c1', leadId, phone });
/** Agent `agentId` logged in with their phone up, paused (as an agent starts). */
const pausedAgent = (d: EngineDriver, agentId: string) => {
  d.feed({ type: 'agent_login', agentId, campaignId: 'c1', endpoint: `Local/${agentId}@sim-agent` });
  d.feed({ type: 'agent_leg_up', agentId });
};

describe('a return call waiting on hold for an agent', () => {
  it('is kept on hold with no agent ready, and the next agent to be ready takes it before the pacer dials for them', () => {
    const d = runningCampaign({ mode: 'progressive', returnCallHoldSeconds: 30 });
    pausedAgent(d, 'ag1');
    const out = inbound(d);
    expect(ofType(out, 'input_rejected')).toEqual([]);
    expect(ofType(out, 'bridge_call')).toEqual([]);
    // Not put through yet: no progress of the attempt until an agent has the caller.
    expect(ofType(out, 'attempt_progress')).toEqual([]);
    expect(d.state.calls.get('in1')).toMatchObject({ status: 'waiting_agent', inbound: true, agentId: null });
    expect(ofType(d.advance(5_000), 'return_call_released')).toEqual([]);

    d.feed({ type: 'agent_ready', agentId: 'ag1' });
    const tick = d.advance(200);
    expect(ofType(tick, 'bridge_call')).toEqual([{ type: 'bridge_call', campaignId: 'c1', attemptId: 'in1', agentId: 'ag1', match: 'any' }]);
    expect(ofType(tick, 'attempt_progress')).toMatchObject([{ attemptId: 'in1', stage: 'answered' }]);
    expect(ofType(tick, 'request_leads')).toEqual([]);
    d.feed({ type: 'call_bridged', attemptId: 'in1', agentId: 'ag1' });
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'talking', callId: 'in1' });
    // Past the end of the wait it is the agent's call, not let go.
    expect(ofType(d.advance(60_000), 'return_call_released')).toEqual([]);
    d.feed({ type: 'call_ended', attemptId: 'in1', ...ENDED });
    expect(ofType(d.log, 'attempt_closed')[0]?.summary).toMatchObject({ outcome: 'connected', inbound: true, abandoned: false, liveAtMs: null });
  });

  it('is let go at the end of the wait, to hear the message, and nothing of it stays in the engine', () => {
    const d = runningCampaign({ mode: 'preview', returnCallHoldSeconds: 10 });
    pausedAgent(d, 'ag1');
    inbound(d);
    expect(ofType(d.advance(9_900), 'return_call_released')).toEqual([]);
    const out = d.advance(100);
    expect(ofType(out, 'return_call_released')).toEqual([{ type: 'return_call_released', campaignId: 'c1', attemptId: 'in1', waitedMs: 10_000, why: 'wait_over' }]);
    expect(ofType(out, 'attempt_closed')).toEqual([]);
    expect(d.state.calls.has('in1')).toBe(false);
    expect(d.state.leadsInFlight.has('l1')).toBe(false);
    // An agent ready afterwards has nobody to take.
    expect(ofType(d.feed({ type: 'agent_ready', agentId: 'ag1' }), 'bridge_call')).toEqual([]);
  });

  it('closes cancelled, not abandoned, when the caller hangs up while waiting', () => {
    const d = runningCampaign({ mode: 'progressive', returnCallHoldSeconds: 60 });
    pausedAgent(d, 'ag1');
    inbound(d);
    d.advance(20_000);
    d.feed({ type: 'call_ended', attemptId: 'in1', ...ENDED });
    expect(ofType(d.log, 'attempt_closed')[0]?.summary).toMatchObject({ attemptId: 'in1', outcome: 'cancelled', abandoned: false, inbound: true, dialSent: false, agentId: null });
    const campaign = d.state.campaigns.get('c1');
    if (!campaign) throw new Error('no campaign');
    expect(abandonFigures(campaign.ledger, d.nowMs, 0)).toMatchObject({ liveAnswers: 0, abandoned: 0 });
    expect(d.state.calls.size).toBe(0);
    expect(d.state.leadsInFlight.size).toBe(0);
    expect(ofType(d.advance(60_000), 'return_call_released')).toEqual([]);
  });

  it("goes back on hold for the rest of its wait when its agent's bridge fails with no other agent, then to the next agent or the message", () => {
    const d = runningCampaign({ mode: 'preview', returnCallHoldSeconds: 30 });
    pausedAgent(d, 'ag1');
    inbound(d);
    d.advance(10_000);
    d.feed({ type: 'agent_ready', agentId: 'ag1' });
    expect(ofType(d.advance(200), 'bridge_call')).toMatchObject([{ attemptId: 'in1', agentId: 'ag1' }]);
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'break' });
    const failed = d.feed({ type: 'bridge_failed', attemptId: 'in1', agentId: 'ag1', reason: 'ARI_NOT_FOUND' });
    // Neither hung up nor let go: waiting again, as before it was taken.
    expect(ofType(failed, 'hangup_call')).toEqual([]);
    expect(ofType(failed, 'return_call_released')).toEqual([]);
    expect(d.state.calls.get('in1')).toMatchObject({ status: 'waiting_agent', agentId: null, waitsForAgentUntilMs: 1_030_000 });
    // The agent whose bridge failed is not tried again for them; the next agent to be ready takes them.
    d.feed({ type: 'agent_ready', agentId: 'ag1' });
    expect(ofType(d.advance(200), 'bridge_call')).toEqual([]);
    pausedAgent(d, 'ag2');
    d.feed({ type: 'agent_ready', agentId: 'ag2' });
    expect(ofType(d.advance(200), 'bridge_call')).toMatchObject([{ attemptId: 'in1', agentId: 'ag2' }]);
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'break' });
    d.feed({ type: 'agent_pause', agentId: 'ag2', reason: 'break' });
    d.feed({ type: 'bridge_failed', attemptId: 'in1', agentId: 'ag2', reason: 'ARI_NOT_FOUND' });
    // With nobody, the caller hears the message when the wait they were given ends (30 s after they called).
    expect(ofType(d.advance(19_000), 'return_call_released')).toEqual([]);
    expect(ofType(d.advance(1_000), 'return_call_released')).toMatchObject([{ attemptId: 'in1' }]);
  });

  it("waits on hold for the rest of the campaign's wait when put through at once and its agent's bridge fails with no other, then to the next agent", () => {
    const d = runningCampaign({ mode: 'preview', returnCallHoldSeconds: 30 });
    readyAgent(d, 'ag1');
    expect(ofType(inbound(d), 'bridge_call')).toMatchObject([{ attemptId: 'in1', agentId: 'ag1' }]);
    d.advance(1_000);
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'break' });
    const failed = d.feed({ type: 'bridge_failed', attemptId: 'in1', agentId: 'ag1', reason: 'ARI_NOT_FOUND' });
    // Neither hung up nor let go to the message: on hold, the line told to put them in their holding bridge.
    expect(ofType(failed, 'hangup_call')).toEqual([]);
    expect(ofType(failed, 'return_call_released')).toEqual([]);
    expect(ofType(failed, 'return_call_held')).toEqual([{ type: 'return_call_held', campaignId: 'c1', attemptId: 'in1', untilMs: 1_030_000 }]);
    expect(d.state.calls.get('in1')).toMatchObject({ status: 'waiting_agent', agentId: null, waitsForAgentUntilMs: 1_030_000 });
    pausedAgent(d, 'ag2');
    d.feed({ type: 'agent_ready', agentId: 'ag2' });
    expect(ofType(d.advance(200), 'bridge_call')).toMatchObject([{ attemptId: 'in1', agentId: 'ag2' }]);
    d.feed({ type: 'call_bridged', attemptId: 'in1', agentId: 'ag2' });
    expect(d.state.agents.get('ag2')).toMatchObject({ status: 'talking', callId: 'in1' });
  });

  it('hears the message at the end of the wait it was given from when it called, when put through at once and no agent takes it after', () => {
    const d = runningCampaign({ mode: 'preview', returnCallHoldSeconds: 30 });
    readyAgent(d, 'ag1');
    inbound(d);
    d.advance(1_000);
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'break' });
    expect(ofType(d.feed({ type: 'bridge_failed', attemptId: 'in1', agentId: 'ag1', reason: 'ARI_NOT_FOUND' }), 'return_call_held')).toMatchObject([{ untilMs: 1_030_000 }]);
    expect(ofType(d.advance(28_900), 'return_call_released')).toEqual([]);
    expect(ofType(d.advance(100), 'return_call_released')).toEqual([{ type: 'return_call_released', campaignId: 'c1', attemptId: 'in1', waitedMs: 30_000, why: 'wait_over' }]);
    expect(d.state.calls.has('in1')).toBe(false);
  });

  it('tries the agent whose bridge failed again only after a short back-off, while no other agent is ready', () => {
    const d = runningCampaign({ mode: 'preview', returnCallHoldSeconds: 60 });
    pausedAgent(d, 'ag1');
    inbound(d);
    d.feed({ type: 'agent_ready', agentId: 'ag1' });
    expect(ofType(d.advance(200), 'bridge_call')).toMatchObject([{ attemptId: 'in1', agentId: 'ag1' }]);
    d.feed({ type: 'bridge_failed', attemptId: 'in1', agentId: 'ag1', reason: 'ARI_NOT_FOUND' });
    // ag1 is ready again at once, but not for this caller yet.
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'ready' });
    expect(ofType(d.advance(failedAgentRetryMs - 200), 'bridge_call')).toEqual([]);
    expect(ofType(d.advance(200), 'bridge_call')).toMatchObject([{ attemptId: 'in1', agentId: 'ag1' }]);
    d.feed({ type: 'call_bridged', attemptId: 'in1', agentId: 'ag1' });
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'talking', callId: 'in1' });
  });

  it('passes over every agent whose bridge to it failed in the back-off, not only the last, each tried again after their own', () => {
    const d = runningCampaign({ mode: 'preview', returnCallHoldSeconds: 60 });
    pausedAgent(d, 'ag1');
    pausedAgent(d, 'ag2');
    inbound(d);
    d.feed({ type: 'agent_ready', agentId: 'ag1' });
    expect(ofType(d.advance(200), 'bridge_call')).toMatchObject([{ attemptId: 'in1', agentId: 'ag1' }]);
    d.feed({ type: 'bridge_failed', attemptId: 'in1', agentId: 'ag1', reason: 'ARI_NOT_FOUND' });
    d.feed({ type: 'agent_ready', agentId: 'ag2' });
    expect(ofType(d.advance(200), 'bridge_call')).toMatchObject([{ attemptId: 'in1', agentId: 'ag2' }]);
    // ag1 failed 200 ms ago: not put through to them again straight from ag2's failure.
    const failed = d.feed({ type: 'bridge_failed', attemptId: 'in1', agentId: 'ag2', reason: 'ARI_NOT_FOUND' });
    expect(ofType(failed, 'bridge_call')).toEqual([]);
    expect(d.state.calls.get('in1')).toMatchObject({ status: 'waiting_agent', agentId: null });
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'ready', callId: null });
    expect(d.state.agents.get('ag2')).toMatchObject({ status: 'ready', callId: null });
    expect(ofType(d.advance(failedAgentRetryMs - 400), 'bridge_call')).toEqual([]);
    // ag1's back-off is over before ag2's: ag1 has them.
    expect(ofType(d.advance(200), 'bridge_call')).toMatchObject([{ attemptId: 'in1', agentId: 'ag1' }]);
  });

  it("goes back into its holding bridge when its agent's bridge, given up as hung, is made after all", () => {
    const d = runningCampaign({ mode: 'preview', returnCallHoldSeconds: 60 });
    pausedAgent(d, 'ag1');
    inbound(d);
    d.feed({ type: 'agent_ready', agentId: 'ag1' });
    expect(ofType(d.advance(200), 'bridge_call')).toMatchObject([{ attemptId: 'in1', agentId: 'ag1' }]);
    // The bridge hangs: the agent's reservation runs out, and the caller waits again.
    d.advance(reservationTimeoutMs + 200);
    expect(d.state.calls.get('in1')).toMatchObject({ status: 'waiting_agent', agentId: null });
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'ready' });
    // Made late: the caller is taken out of the agent's bridge and put on hold again, not left in silence.
    const late = d.feed({ type: 'call_bridged', attemptId: 'in1', agentId: 'ag1' });
    expect(ofType(late, 'unbridge_call')).toEqual([{ type: 'unbridge_call', attemptId: 'in1', agentId: 'ag1' }]);
    expect(ofType(late, 'return_call_held')).toEqual([{ type: 'return_call_held', campaignId: 'c1', attemptId: 'in1', untilMs: 1_060_000 }]);
    expect(d.state.calls.get('in1')).toMatchObject({ status: 'waiting_agent', agentId: null, waitsForAgentUntilMs: 1_060_000 });
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'ready', callId: null });
  });

  it("goes on hold again when put through at once and its agent's bridge, given up as hung, is made after all", () => {
    const d = runningCampaign({ mode: 'preview', returnCallHoldSeconds: 60 });
    readyAgent(d, 'ag1');
    expect(ofType(inbound(d), 'bridge_call')).toMatchObject([{ attemptId: 'in1', agentId: 'ag1' }]);
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'break' });
    expect(ofType(d.advance(reservationTimeoutMs + 200), 'return_call_held')).toMatchObject([{ attemptId: 'in1', untilMs: 1_060_000 }]);
    const late = d.feed({ type: 'call_bridged', attemptId: 'in1', agentId: 'ag1' });
    expect(ofType(late, 'unbridge_call')).toMatchObject([{ attemptId: 'in1', agentId: 'ag1' }]);
    expect(ofType(late, 'return_call_held')).toEqual([{ type: 'return_call_held', campaignId: 'c1', attemptId: 'in1', untilMs: 1_060_000 }]);
    expect(d.state.calls.get('in1')).toMatchObject({ status: 'waiting_agent', agentId: null });
  });

  it('says who hung up a waiting caller on request (the node, or the staff member), apart from one who hung up themselves', () => {
    const d = runningCampaign({ mode: 'preview', returnCallHoldSeconds: 60 });
    pausedAgent(d, 'ag1');
    inbound(d, 'in1', 'l1', '+15550100007');
    inbound(d, 'in2', 'l2', '+15550100008');
    d.feed({ type: 'call_withdrawn', attemptId: 'in1', reason: 'engine stopping' });
    d.feed({ type: 'call_withdrawn', attemptId: 'in2', reason: 'hung up by a supervisor', by: { id: 'tok-1', name: 'Sam', role: 'supervisor' } });
    d.feed({ type: 'call_ended', attemptId: 'in1', ...ENDED });
    d.feed({ type: 'call_ended', attemptId: 'in2', ...ENDED });
    const [first, second] = ofType(d.log, 'attempt_closed').map((closed) => closed.summary);
    expect(first).toMatchObject({ attemptId: 'in1', outcome: 'hangup_before_connect', withdrawnReason: 'engine stopping', endedBy: null, abandoned: false });
    expect(second).toMatchObject({ attemptId: 'in2', withdrawnReason: 'hung up by a supervisor', endedBy: { name: 'Sam', role: 'supervisor' } });
  });

  it("leaves the agent come free to the campaign's answered dial first, and keeps the caller waiting while none is to spare", () => {
    const d = runningCampaign({ mode: 'progressive', returnCallHoldSeconds: 60 });
    readyAgent(d, 'ag1');
    const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
    d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId: 'a1', leadId: 'l9', phone: '+15550100009' }] });
    d.feed({ type: 'call_ringing', attemptId: 'a1' });
    // The one agent is wanted for the dial ringing: the caller waits.
    expect(ofType(inbound(d), 'bridge_call')).toEqual([]);
    expect(ofType(d.advance(1_000), 'bridge_call')).toEqual([]);
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'break' });
    expect(ofType(d.feed({ type: 'call_answered', attemptId: 'a1' }), 'bridge_call')).toEqual([]);
    // The agent back: the answered dial, waiting seconds, has them, though the caller waited longer.
    const back = d.feed({ type: 'agent_ready', agentId: 'ag1' });
    expect(ofType(back, 'bridge_call')).toMatchObject([{ attemptId: 'a1', agentId: 'ag1' }]);
    expect(ofType(d.advance(200), 'bridge_call')).toEqual([]);
    expect(d.state.calls.get('in1')).toMatchObject({ status: 'waiting_agent', agentId: null });
  });
});
