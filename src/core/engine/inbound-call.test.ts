// A person calling back the campaign's number is put through to the agent of the campaign who has
// waited longest, reserved as for an answered call of the dialler's, and busy while on it; the call
// counts as no dial and no live answer, so pacing and abandonment never see it. With no agent
// ready (or the lead in a call already) it is refused, and nothing of it stays in the engine.

import { describe, expect, it } from 'vitest';
import { abandonFigures } from '../compliance/abandon-ledger.js';
import { ofType, readyAgent, runningCampaign, type EngineDriver } from '../testing/engine-driver.js';

const ENDED = { cause: 16, causeText: 'Normal Clearing', dialStatus: '' };
const inbound = (d: EngineDriver, attemptId = 'in1', leadId = 'l1', phone = '+15550100007') =>
  d.feed({ type: 'inbound_call', attemptId, campaignId: 'c1', leadId, phone });

describe('a return call put through to an agent', () => {
  it('reserves the agent idle longest, bridges the caller to them, and keeps them busy until the disposition', () => {
    const d = runningCampaign({ mode: 'preview' });
    readyAgent(d, 'ag1');
    d.advance(1_000);
    readyAgent(d, 'ag2');
    const out = inbound(d);
    expect(ofType(out, 'input_rejected')).toEqual([]);
    expect(ofType(out, 'originate')).toEqual([]);
    expect(ofType(out, 'bridge_call')).toEqual([{ type: 'bridge_call', campaignId: 'c1', attemptId: 'in1', agentId: 'ag1', match: 'any' }]);
    expect(ofType(out, 'agent_state_changed')).toMatchObject([{ agentId: 'ag1', from: 'ready', to: 'reserved', attemptId: 'in1' }]);
    d.feed({ type: 'call_bridged', attemptId: 'in1', agentId: 'ag1' });
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'talking', callId: 'in1' });
    d.advance(30_000);
    const closed = ofType(d.feed({ type: 'call_ended', attemptId: 'in1', ...ENDED }), 'attempt_closed')[0]?.summary;
    expect(closed).toMatchObject({ attemptId: 'in1', leadId: 'l1', agentId: 'ag1', outcome: 'connected', inbound: true, dialSent: false, abandoned: false, liveAtMs: null });
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'wrap_up', owesDispositionFor: 'in1' });
  });

  it('puts two callers who withheld their numbers through at once: no number is no number in a call', () => {
    const d = runningCampaign({ mode: 'preview' });
    readyAgent(d, 'ag1');
    readyAgent(d, 'ag2');
    expect(ofType(inbound(d, 'in1', 'l1', ''), 'bridge_call')).toMatchObject([{ attemptId: 'in1', agentId: 'ag1' }]);
    const second = inbound(d, 'in2', 'l2', '');
    expect(ofType(second, 'input_rejected')).toEqual([]);
    expect(ofType(second, 'bridge_call')).toMatchObject([{ attemptId: 'in2', agentId: 'ag2' }]);
  });

  it('leaves the agent busy for pacing, and counts neither a dial nor a live answer nor an abandon', () => {
    const d = runningCampaign({ mode: 'progressive' });
    readyAgent(d, 'ag1');
    d.advance(1_000);
    const asked = d.log.filter((c) => c.type === 'request_leads').length;
    inbound(d);
    // The only agent is taken: progressive pacing asks for no lead for them while they are on it
    // (within the time a bridge is waited for).
    for (let i = 0; i < 4; i += 1) d.advance(1_000);
    expect(d.log.filter((c) => c.type === 'request_leads').length).toBe(asked);
    // The bridge never comes and the caller hangs up: still no abandon, the agent free again.
    d.feed({ type: 'call_ended', attemptId: 'in1', ...ENDED });
    const campaign = d.state.campaigns.get('c1');
    if (!campaign) throw new Error('no campaign');
    expect(campaign.stats.dials).toBe(0);
    expect(campaign.stats.liveAnswers).toBe(0);
    expect(abandonFigures(campaign.ledger, d.nowMs, 0)).toMatchObject({ liveAnswers: 0, abandoned: 0 });
    expect(ofType(d.log, 'attempt_closed')[0]?.summary).toMatchObject({ outcome: 'hangup_before_connect', abandoned: false, dialSent: false });
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'ready', callId: null });
  });

  it('is refused when no agent of the campaign is ready, and nothing of it stays', () => {
    const d = runningCampaign({ mode: 'preview' });
    d.feed({ type: 'agent_login', agentId: 'ag1', campaignId: 'c1', endpoint: 'Local/ag1@sim-agent' });
    d.feed({ type: 'agent_leg_up', agentId: 'ag1' });
    // Logged in, but paused (as an agent starts): not ready.
    const out = inbound(d);
    expect(ofType(out, 'input_rejected')).toMatchObject([{ input: 'inbound_call', code: 'no_agent_ready' }]);
    expect(ofType(out, 'bridge_call')).toEqual([]);
    expect(d.state.calls.size).toBe(0);
    expect(d.state.leadsInFlight.has('l1')).toBe(false);
  });

  it('is refused while its lead or its number is in another call', () => {
    const d = runningCampaign({ mode: 'preview' });
    readyAgent(d, 'ag1');
    readyAgent(d, 'ag2');
    inbound(d, 'in1', 'l1', '+15550100007');
    expect(ofType(inbound(d, 'in2', 'l1', '+15550100008'), 'input_rejected')).toMatchObject([{ code: 'call_in_progress' }]);
    expect(ofType(inbound(d, 'in3', 'l2', '+15550100007'), 'input_rejected')).toMatchObject([{ code: 'call_in_progress' }]);
    expect(d.state.agents.get('ag2')).toMatchObject({ status: 'ready', callId: null });
  });

  it('goes to the next ready agent when the bridge fails, and with none is let go to hear the message, not hung up', () => {
    const d = runningCampaign({ mode: 'preview' });
    readyAgent(d, 'ag1');
    d.advance(1_000);
    readyAgent(d, 'ag2');
    inbound(d);
    d.advance(1_000);
    const retried = d.feed({ type: 'bridge_failed', attemptId: 'in1', agentId: 'ag1', reason: 'ARI_NOT_FOUND' });
    expect(ofType(retried, 'bridge_call')).toMatchObject([{ attemptId: 'in1', agentId: 'ag2' }]);
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'ready', callId: null });
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'break' });
    const gaveUp = d.feed({ type: 'bridge_failed', attemptId: 'in1', agentId: 'ag2', reason: 'ARI_NOT_FOUND' });
    expect(ofType(gaveUp, 'bridge_call')).toEqual([]);
    expect(ofType(gaveUp, 'hangup_call')).toEqual([]);
    expect(ofType(gaveUp, 'return_call_released')).toEqual([{ type: 'return_call_released', campaignId: 'c1', attemptId: 'in1', waitedMs: 1_000, why: 'bridge_failed' }]);
    expect(d.state.calls.has('in1')).toBe(false);
    expect(d.state.leadsInFlight.has('l1')).toBe(false);
    expect(d.state.agents.get('ag2')).toMatchObject({ status: 'ready', callId: null });
  });

  it("is not rerouted when its bridge fails to an agent the campaign's own dials want", () => {
    const d = runningCampaign({ mode: 'progressive' });
    readyAgent(d, 'ag1');
    readyAgent(d, 'ag2');
    expect(ofType(inbound(d), 'bridge_call')).toMatchObject([{ attemptId: 'in1', agentId: 'ag1' }]);
    const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
    d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId: 'a1', leadId: 'l9', phone: '+15550100009' }] });
    d.feed({ type: 'call_ringing', attemptId: 'a1' });
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'break' });
    // ag2 is the one agent left for the ringing dial: the caller hears the message instead.
    const failed = d.feed({ type: 'bridge_failed', attemptId: 'in1', agentId: 'ag1', reason: 'ARI_NOT_FOUND' });
    expect(ofType(failed, 'bridge_call')).toEqual([]);
    expect(ofType(failed, 'return_call_released')).toMatchObject([{ attemptId: 'in1' }]);
    expect(d.state.agents.get('ag2')).toMatchObject({ status: 'ready', callId: null });
  });
  it("leaves the campaign's own dials their agents: taken only when one is to spare from the answers they are expected to bring", () => {
    const d = runningCampaign({ mode: 'progressive' });
    readyAgent(d, 'ag1');
    const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
    d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId: 'a1', leadId: 'l9', phone: '+15550100009' }] });
    d.feed({ type: 'call_ringing', attemptId: 'a1' });
    // One agent, and a dial ringing that may bring a person for them: the caller hears the message.
    expect(ofType(inbound(d), 'input_rejected')).toMatchObject([{ input: 'inbound_call', code: 'no_agent_ready', message: expect.stringContaining('wanted for its own calls') }]);
    expect(d.state.calls.has('in1')).toBe(false);
    // A second agent ready: one is to spare, and the caller goes to the one waiting longest.
    readyAgent(d, 'ag2');
    const out = inbound(d);
    expect(ofType(out, 'input_rejected')).toEqual([]);
    expect(ofType(out, 'bridge_call')).toMatchObject([{ attemptId: 'in1', agentId: 'ag1' }]);
    // The dial answered now still finds its agent.
    const answered = d.feed({ type: 'call_answered', attemptId: 'a1' });
    expect(ofType(answered, 'bridge_call')).toMatchObject([{ attemptId: 'a1', agentId: 'ag2' }]);
  });

});
