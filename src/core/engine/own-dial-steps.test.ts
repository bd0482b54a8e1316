// Calls an agent dials themselves (a preview, a number typed in, their callback): they are rung
// only into the campaign the agent works, an agent on a break goes back to it afterwards, and an
// agent whose own call could not be bridged takes a customer left waiting.

import { describe, expect, it } from 'vitest';
import { abandonFigures } from '../compliance/abandon-ledger.js';
import { defaultCampaignSettings } from '../campaign-settings.js';
import { pauseAllowedUntilMs } from '../pause-limit.js';
import { ofType, readyAgent, runningCampaign, type EngineDriver } from '../testing/engine-driver.js';

const ENDED = { cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' };
const ownDial = (d: EngineDriver, attemptId: string, campaignId = 'c1') =>
  d.feed({ type: 'preview_dial', agentId: 'ag1', campaignId, lead: { attemptId, leadId: `l-${attemptId}`, phone: '+15550100009' } });
/** The agent's own dial, answered, put through and over. */
function ownCall(d: EngineDriver, attemptId: string): void {
  ownDial(d, attemptId);
  d.feed({ type: 'call_answered', attemptId });
  d.feed({ type: 'call_bridged', attemptId, agentId: 'ag1' });
  d.feed({ type: 'call_ended', attemptId, ...ENDED });
}

describe("an agent's own dial", () => {
  it('is refused for a campaign the agent no longer works (a preview left open before moving)', () => {
    const d = runningCampaign();
    d.feed({ type: 'campaign_configured', campaignId: 'c2', settings: { ...defaultCampaignSettings, mode: 'preview' } });
    d.feed({ type: 'campaign_started', campaignId: 'c2' });
    readyAgent(d, 'ag1');
    const out = ownDial(d, 'p1', 'c2');
    expect(ofType(out, 'input_rejected')[0]).toMatchObject({ code: 'not_your_call' });
    expect(ofType(out, 'originate')).toHaveLength(0);
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'ready', callId: null });
  });

  it('is refused while its number is in another call (a household line two leads share)', () => {
    const d = runningCampaign({ mode: 'preview' });
    readyAgent(d, 'ag1');
    readyAgent(d, 'ag2');
    d.feed({ type: 'preview_dial', agentId: 'ag2', campaignId: 'c1', lead: { attemptId: 'p0', leadId: 'l-other', phone: '+15550100009' } });
    const out = ownDial(d, 'p1');
    expect(ofType(out, 'input_rejected')[0]).toMatchObject({ code: 'call_in_progress' });
    expect(ofType(out, 'originate')).toHaveLength(0);
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'ready', callId: null });
  });

  it('takes an agent on a break back to it after the call, not to paced calls, with what is left of its allowance', () => {
    const d = runningCampaign({ mode: 'predictive', pauseLimitsMs: { lunch: 45 * 60_000 } });
    readyAgent(d, 'ag1');
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'lunch' });
    d.advance(10 * 60_000);
    ownCall(d, 'm1');
    d.advance(defaultCampaignSettings.wrapUpMs + 1_000);
    const agent = d.state.agents.get('ag1');
    expect(agent).toMatchObject({ status: 'paused', pauseReason: 'lunch' });
    // Ten of its 45 minutes were taken before the call.
    if (!agent) throw new Error('no agent');
    expect(pauseAllowedUntilMs(agent, d.state.campaigns.get('c1')?.settings)).toBe(agent.sinceMs + 35 * 60_000);
    // Another pause, or ready, starts afresh.
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'break' });
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'lunch' });
    expect(pauseAllowedUntilMs(agent, d.state.campaigns.get('c1')?.settings)).toBe(agent.sinceMs + 45 * 60_000);
  });

  it('leaves an agent paused since logging in ready after it; one on a break ends a manual wrap-up back on it', () => {
    const fresh = runningCampaign();
    fresh.feed({ type: 'agent_login', agentId: 'ag1', campaignId: 'c1', endpoint: 'Local/ag1@sim-agent' });
    fresh.feed({ type: 'agent_leg_up', agentId: 'ag1' });
    ownCall(fresh, 'm1');
    fresh.advance(defaultCampaignSettings.wrapUpMs + 1_000);
    expect(fresh.state.agents.get('ag1')?.status).toBe('ready');

    const onBreak = runningCampaign({ wrapUpMode: 'manual' });
    readyAgent(onBreak, 'ag1');
    onBreak.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'lunch' });
    ownCall(onBreak, 'm2');
    onBreak.feed({ type: 'agent_dispositioned', agentId: 'ag1', attemptId: 'm2' });
    // A manual wrap-up waits for the agent; Ready ends it, as after a call that came during a pause
    // asked for: back to the break.
    onBreak.advance(defaultCampaignSettings.wrapUpMs + 1_000);
    expect(onBreak.state.agents.get('ag1')).toMatchObject({ status: 'wrap_up', pendingPause: 'lunch' });
    onBreak.feed({ type: 'agent_ready', agentId: 'ag1' });
    expect(onBreak.state.agents.get('ag1')).toMatchObject({ status: 'paused', pauseReason: 'lunch' });
    onBreak.feed({ type: 'agent_ready', agentId: 'ag1' });
    expect(onBreak.state.agents.get('ag1')?.status).toBe('ready');
  });

  it('spends the break it goes back to when the agent pauses in the wrap-up: their next call ends ready', () => {
    const d = runningCampaign({ wrapUpMode: 'manual' });
    readyAgent(d, 'ag1');
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'lunch' });
    ownCall(d, 'm1');
    d.feed({ type: 'agent_dispositioned', agentId: 'ag1', attemptId: 'm1' });
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'meeting' });
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'paused', pauseReason: 'meeting', pendingPause: null });
    d.feed({ type: 'agent_ready', agentId: 'ag1' });
    ownCall(d, 'm2');
    d.feed({ type: 'agent_dispositioned', agentId: 'ag1', attemptId: 'm2' });
    d.feed({ type: 'agent_ready', agentId: 'ag1' });
    expect(d.state.agents.get('ag1')?.status).toBe('ready');
  });

  it('that cannot be bridged gives its person the safe-harbor message and frees its agent for a customer waiting, within the 2 seconds', () => {
    const d = runningCampaign();
    readyAgent(d, 'ag1');
    const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
    d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId: 'w1', leadId: 'l1', phone: '+15550100001' }] });
    // The agent dials by hand; the paced call is answered with nobody free.
    ownDial(d, 'm1');
    d.feed({ type: 'call_answered', attemptId: 'w1' });
    d.feed({ type: 'call_answered', attemptId: 'm1' });
    expect(d.state.calls.get('w1')?.status).toBe('waiting_agent');
    const out = d.feed({ type: 'bridge_failed', attemptId: 'm1', agentId: 'ag1', reason: 'ARI_NOT_FOUND' });
    expect(ofType(out, 'bridge_call')).toMatchObject([{ attemptId: 'w1', agentId: 'ag1' }]);
    // The person who answered the agent's dial is not left in silence: the message, an abandon.
    expect(ofType(out, 'play_media')).toMatchObject([{ attemptId: 'm1', purpose: 'safe_harbor' }]);
    expect(d.state.calls.get('m1')).toMatchObject({ status: 'safe_harbor', abandoned: true });
  });

  it('may be hung up by its agent while it rings; a paced call being put through may not', () => {
    const d = runningCampaign();
    readyAgent(d, 'ag1');
    ownDial(d, 'm1');
    d.feed({ type: 'call_ringing', attemptId: 'm1' });
    const out = d.feed({ type: 'agent_hangup', agentId: 'ag1' });
    expect(ofType(out, 'hangup_call')).toEqual([{ type: 'hangup_call', attemptId: 'm1', reason: 'agent_hangup' }]);
    const end = d.feed({ type: 'call_ended', attemptId: 'm1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'CANCEL' });
    expect(ofType(end, 'attempt_closed')[0]?.summary).toMatchObject({ outcome: 'cancelled', dialSent: true });
    // As for any of their own dials that ends unanswered: wrap-up, its disposition theirs to give.
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'wrap_up', callId: null, owesDispositionFor: 'm1' });

    // Their phone lost while it rings ends it the same way.
    const lost = runningCampaign();
    readyAgent(lost, 'ag1');
    ownDial(lost, 'm2');
    lost.feed({ type: 'call_ringing', attemptId: 'm2' });
    lost.feed({ type: 'agent_leg_down', agentId: 'ag1', cause: 16 });
    const lostEnd = lost.feed({ type: 'call_ended', attemptId: 'm2', cause: 16, causeText: 'Normal Clearing', dialStatus: 'CANCEL' });
    expect(ofType(lostEnd, 'attempt_closed')[0]?.summary).toMatchObject({ outcome: 'cancelled' });

    const paced = runningCampaign();
    readyAgent(paced, 'ag1');
    const requested = ofType(paced.advance(200), 'request_leads')[0]?.count ?? 0;
    paced.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId: 'a1', leadId: 'l1', phone: '+15550100001' }] });
    paced.feed({ type: 'call_answered', attemptId: 'a1' });
    expect(ofType(paced.feed({ type: 'agent_hangup', agentId: 'ag1' }), 'input_rejected')).toHaveLength(1);
  });

  it('hung up by its agent once answered, before it is put through, gives the person the safe-harbor message and counts an abandon', () => {
    const d = runningCampaign();
    readyAgent(d, 'ag1');
    ownDial(d, 'm1');
    d.feed({ type: 'call_answered', attemptId: 'm1' });
    d.advance(300);
    const out = d.feed({ type: 'agent_hangup', agentId: 'ag1' });
    // The person answered and has nobody: not a dead line, the message, with its opt-out.
    expect(ofType(out, 'play_media')).toMatchObject([{ attemptId: 'm1', purpose: 'safe_harbor' }]);
    expect(ofType(out, 'hangup_call')).toEqual([]);
    const campaign = d.state.campaigns.get('c1');
    expect(campaign && abandonFigures(campaign.ledger, d.nowMs, 0)).toMatchObject({ liveAnswers: 1, abandoned: 1 });
    // The call's disposition is still the agent's to give.
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'wrap_up', callId: null, owesDispositionFor: 'm1' });
    // A bridge the PBX makes after all does not put the agent back on the line.
    expect(ofType(d.feed({ type: 'call_bridged', attemptId: 'm1', agentId: 'ag1' }), 'unbridge_call')).toMatchObject([{ attemptId: 'm1', agentId: 'ag1' }]);
    d.feed({ type: 'playback_finished', attemptId: 'm1' });
    const end = d.feed({ type: 'call_ended', attemptId: 'm1', ...ENDED });
    expect(ofType(end, 'attempt_closed')[0]?.summary).toMatchObject({ outcome: 'abandoned', abandoned: true, safeHarborPlayed: true, endedBy: null });
  });

  it('hung up once answered keeps its live answer while the message plays, whatever its disposition says', () => {
    const d = runningCampaign();
    readyAgent(d, 'ag1');
    ownDial(d, 'm1');
    d.feed({ type: 'call_answered', attemptId: 'm1' });
    const liveAtMs = d.nowMs;
    d.feed({ type: 'agent_hangup', agentId: 'ag1' });
    // ANSWERING_MACHINE given during the message: the route asks the engine to count the answer out.
    d.feed({ type: 'live_answer_withdrawn', campaignId: 'c1', attemptId: 'm1', liveAtMs });
    const campaign = d.state.campaigns.get('c1');
    expect(campaign && abandonFigures(campaign.ledger, d.nowMs, 0)).toMatchObject({ liveAnswers: 1, abandoned: 1 });
  });

  it('handed on is no longer its first agent\'s to hang up when a colleague brings them back to it', () => {
    const d = runningCampaign();
    readyAgent(d, 'ag1');
    readyAgent(d, 'ag2');
    ownDial(d, 'm1');
    d.feed({ type: 'call_answered', attemptId: 'm1' });
    d.feed({ type: 'call_bridged', attemptId: 'm1', agentId: 'ag1' });
    d.feed({ type: 'agent_transfer', agentId: 'ag1', to: { agentId: 'ag2' } });
    d.feed({ type: 'call_bridged', attemptId: 'm1', agentId: 'ag2' });
    d.feed({ type: 'agent_ready', agentId: 'ag1' });
    d.feed({ type: 'agent_consult', agentId: 'ag2', to: { agentId: 'ag1' } });
    expect(d.state.agents.get('ag1')?.status).toBe('reserved');
    const out = d.feed({ type: 'agent_hangup', agentId: 'ag1' });
    expect(ofType(out, 'hangup_call')).toEqual([]);
    expect(d.state.calls.get('m1')?.status).not.toBe('hanging_up');
  });

  it("leaves the answer rates pacing plans with alone, answered or not: it is not the dialler's dial", () => {
    const d = runningCampaign();
    readyAgent(d, 'ag1');
    const stats = d.state.campaigns.get('c1')?.stats;
    ownDial(d, 'm1');
    d.feed({ type: 'call_ringing', attemptId: 'm1' });
    d.advance(30_000);
    d.feed({ type: 'call_ended', attemptId: 'm1', cause: 19, causeText: 'No answer', dialStatus: 'NOANSWER' });
    d.feed({ type: 'agent_dispositioned', agentId: 'ag1', attemptId: 'm1' });
    d.advance(defaultCampaignSettings.wrapUpMs + 1_000);
    ownCall(d, 'm2');
    expect(stats).toMatchObject({ dials: 0, liveAnswers: 0 });
  });

  it('is refused to an agent who paused a manual wrap-up without its disposition, as Ready is', () => {
    const d = runningCampaign({ wrapUpMode: 'manual' });
    readyAgent(d, 'ag1');
    ownCall(d, 'm1');
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'lunch' });
    const out = ownDial(d, 'm2');
    expect(ofType(out, 'input_rejected')[0]).toMatchObject({ code: 'agent_busy', message: 'the last call needs a disposition first' });
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'paused', owesDispositionFor: 'm1' });
    d.feed({ type: 'agent_dispositioned', agentId: 'ag1', attemptId: 'm1' });
    expect(ofType(ownDial(d, 'm2'), 'originate')).toHaveLength(1);
  });
});
