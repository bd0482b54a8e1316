// Engine behaviour specified as input sequences and the commands they must produce.

import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings } from './campaign-settings.js';
import { InvariantViolation } from './assert.js';
import { EngineDriver, ofType, readyAgent, runningCampaign } from './testing/engine-driver.js';

const running = runningCampaign;

function dialOne(d: EngineDriver, attemptId = 'a1', leadId = 'l1'): void {
  const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
  d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId, leadId, phone: '+15550100001' }] });
}

describe('engine: a number two leads share', () => {
  it('is never rung twice at once: the second lease closes undialled, in one batch or a later one', () => {
    const d = running();
    for (const agentId of ['ag1', 'ag2', 'ag3']) readyAgent(d, agentId);
    const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
    const out = d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [
      { attemptId: 'a1', leadId: 'l1', phone: '+15550100001' },
      { attemptId: 'a2', leadId: 'l2', phone: '+15550100001' },
      { attemptId: 'a3', leadId: 'l3', phone: '+15550100003' },
    ] });
    expect(ofType(out, 'originate').map((c) => c.attemptId)).toEqual(['a1', 'a3']);
    expect(ofType(out, 'attempt_closed').map((c) => [c.summary.attemptId, c.summary.outcome, c.summary.causeText])).toEqual([['a2', 'cancelled', 'number already in a call']]);
    // A later lease of the number while its call goes on.
    const later = d.feed({ type: 'leads_leased', campaignId: 'c1', requested: 1, leads: [{ attemptId: 'a4', leadId: 'l4', phone: '+15550100001' }] });
    expect(ofType(later, 'originate')).toEqual([]);
    expect(ofType(later, 'attempt_closed')[0]?.summary).toMatchObject({ attemptId: 'a4', outcome: 'cancelled' });
  });
});

describe('engine: progressive call to an agent', () => {
  it('dials one call per ready agent, bridges the answer and closes the attempt as connected', () => {
    const d = running();
    readyAgent(d, 'ag1');
    expect(ofType(d.advance(200), 'request_leads')).toEqual([{ type: 'request_leads', campaignId: 'c1', count: 1, groups: [] }]);
    const out = d.feed({ type: 'leads_leased', campaignId: 'c1', requested: 1, leads: [{ attemptId: 'a1', leadId: 'l1', phone: '+15550100001' }] });
    expect(ofType(out, 'originate')[0]).toMatchObject({ attemptId: 'a1', ringTimeoutMs: 25_000, amd: false });
    expect(ofType(d.advance(200), 'request_leads')).toHaveLength(0); // the agent's line is taken
    d.feed({ type: 'call_ringing', attemptId: 'a1' });
    expect(ofType(d.feed({ type: 'call_answered', attemptId: 'a1' }), 'bridge_call')).toEqual([
      { type: 'bridge_call', campaignId: 'c1', attemptId: 'a1', agentId: 'ag1', match: 'any' },
    ]);
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag1' });
    expect(d.state.agents.get('ag1')?.status).toBe('talking');
    d.nowMs += 60_000;
    const end = d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    expect(ofType(end, 'attempt_closed')[0]?.summary).toMatchObject({ outcome: 'connected', agentId: 'ag1', abandoned: false });
    expect(d.state.agents.get('ag1')?.status).toBe('wrap_up');
    d.feed({ type: 'agent_dispositioned', agentId: 'ag1', attemptId: 'a1' });
    expect(d.state.agents.get('ag1')?.status).toBe('ready');
    expect(d.state.leadsInFlight.size).toBe(0);
  });

  it('gives an answered call the safe-harbor message before the 2-second limit when no agent is free', () => {
    const d = running();
    readyAgent(d, 'ag1');
    dialOne(d);
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'break' });
    d.feed({ type: 'call_answered', attemptId: 'a1' });
    expect(d.state.calls.get('a1')?.status).toBe('waiting_agent');
    d.advance(1_000);
    const out = d.advance(600);
    expect(ofType(out, 'play_media')).toEqual([
      { type: 'play_media', attemptId: 'a1', media: 'sound:outpace/sh', purpose: 'safe_harbor' },
    ]);
    const optOut = d.feed({ type: 'dtmf_received', attemptId: 'a1', digit: '1' });
    expect(ofType(optOut, 'add_dnc')).toHaveLength(1);
    expect(ofType(optOut, 'hangup_call')).toHaveLength(1);
    const end = d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    expect(ofType(end, 'attempt_closed')[0]?.summary).toMatchObject({ outcome: 'abandoned', abandoned: true, safeHarborPlayed: true, optedOut: true });
  });

  it('classifies a busy Local channel from the Dial status when the cause is 0', () => {
    const d = running();
    readyAgent(d, 'ag1');
    dialOne(d);
    const end = d.feed({ type: 'call_ended', attemptId: 'a1', cause: 0, causeText: 'Unknown', dialStatus: 'BUSY' });
    expect(ofType(end, 'attempt_closed')[0]?.summary.outcome).toBe('busy');
  });

  it('refuses to dial a lead that already has a call in progress', () => {
    const d = running();
    readyAgent(d, 'ag1');
    readyAgent(d, 'ag2');
    dialOne(d, 'a1', 'l1');
    expect(() => d.feed({ type: 'leads_leased', campaignId: 'c1', requested: 1, leads: [{ attemptId: 'a2', leadId: 'l1', phone: '+15550100001' }] }))
      .toThrow(InvariantViolation);
  });

  it('runs AMD on answer and hangs up machines without touching an agent', () => {
    const d = running({ amdEnabled: true });
    readyAgent(d, 'ag1');
    dialOne(d);
    expect(ofType(d.feed({ type: 'call_answered', attemptId: 'a1' }), 'start_amd')).toHaveLength(1);
    const out = d.feed({ type: 'amd_result', attemptId: 'a1', verdict: 'machine', detail: 'MAXWORDS-5-4' });
    expect(ofType(out, 'hangup_call')).toEqual([{ type: 'hangup_call', attemptId: 'a1', reason: 'machine' }]);
    const end = d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    expect(ofType(end, 'attempt_closed')[0]?.summary.outcome).toBe('machine');
    expect(d.state.agents.get('ag1')?.status).toBe('ready');
  });

  it('starts the 2-second clock at the end of the greeting when AMD says human', () => {
    const d = running({ amdEnabled: true });
    readyAgent(d, 'ag1');
    dialOne(d);
    d.feed({ type: 'call_answered', attemptId: 'a1' });
    d.nowMs += 1_700;
    const out = d.feed({ type: 'amd_result', attemptId: 'a1', verdict: 'human', detail: 'HUMAN-818-800' });
    expect(ofType(out, 'bridge_call')).toHaveLength(1);
    // 818 ms of silence heard (800 asked for): the greeting ended that long before the verdict.
    expect(d.state.calls.get('a1')?.liveAtMs).toBe(d.nowMs - 818);
  });

  it('holds a pause asked for during a call until the wrap-up ends', () => {
    const d = running();
    readyAgent(d, 'ag1');
    dialOne(d);
    d.feed({ type: 'call_answered', attemptId: 'a1' });
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag1' });
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'lunch' });
    expect(d.state.agents.get('ag1')?.status).toBe('talking');
    d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    d.feed({ type: 'agent_dispositioned', agentId: 'ag1', attemptId: 'a1' });
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'paused', pauseReason: 'lunch' });
  });

  it('starts a new pause when a paused agent pauses for another reason, its time counted apart', () => {
    const d = running();
    readyAgent(d, 'ag1');
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'break' });
    const breakFrom = d.nowMs;
    d.nowMs += 60_000;
    const moves = ofType(d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'lunch' }), 'agent_state_changed');
    expect(moves).toMatchObject([{ from: 'paused', to: 'paused', reason: 'lunch', durationMs: 60_000 }]);
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'paused', pauseReason: 'lunch', sinceMs: breakFrom + 60_000 });
    // The same reason again changes nothing.
    d.nowMs += 1_000;
    expect(ofType(d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'lunch' }), 'agent_state_changed')).toEqual([]);
    expect(d.state.agents.get('ag1')?.sinceMs).toBe(breakFrom + 60_000);
  });

  it('ends an automatic wrap-up when its timer runs out', () => {
    const d = running({ wrapUpMs: 10_000 });
    readyAgent(d, 'ag1');
    dialOne(d);
    d.feed({ type: 'call_answered', attemptId: 'a1' });
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag1' });
    d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    d.advance(9_000);
    expect(d.state.agents.get('ag1')?.status).toBe('wrap_up');
    d.advance(1_000);
    expect(d.state.agents.get('ag1')?.status).toBe('ready');
  });

  it('launches nothing while the telephony link is down', () => {
    const d = running();
    readyAgent(d, 'ag1');
    d.feed({ type: 'telephony_down' });
    expect(ofType(d.advance(200), 'request_leads')).toHaveLength(0);
    expect(d.state.campaigns.get('c1')?.decisions.at(-1)?.binding).toBe('telephony_down');
  });

  it('rejects settings that break the 2-second rule or the 15-second ring', () => {
    const d = new EngineDriver();
    const out = d.feed({ type: 'campaign_configured', campaignId: 'c2', settings: { ...defaultCampaignSettings, connectLimitMs: 3_000, ringTimeoutMs: 10_000 } });
    expect(ofType(out, 'input_rejected')[0]).toMatchObject({ code: 'invalid_settings' });
    expect(d.state.campaigns.has('c2')).toBe(false);
  });

  it('gives a hung-up agent leg back as logged out and hangs up their customer', () => {
    const d = running();
    readyAgent(d, 'ag1');
    dialOne(d);
    d.feed({ type: 'call_answered', attemptId: 'a1' });
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag1' });
    const out = d.feed({ type: 'agent_leg_down', agentId: 'ag1', cause: 16 });
    expect(ofType(out, 'hangup_call')).toEqual([{ type: 'hangup_call', attemptId: 'a1', reason: 'agent_left' }]);
    expect(d.state.agents.get('ag1')?.status).toBe('logged_out');
    const end = d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    expect(ofType(end, 'attempt_closed')[0]?.summary.outcome).toBe('connected');
  });
});

describe('engine: abandon history from before this engine', () => {
  function powerCampaign(history: boolean | { live: number; abandoned: number }): EngineDriver {
    const d = new EngineDriver(40 * 86_400_000);
    d.feed({ type: 'telephony_up' });
    d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: { ...defaultCampaignSettings, mode: 'power', dialLevel: 2 } });
    if (history) {
      // Yesterday: by default 4 abandons in 100 live answers, over the 3% the US regime allows over 30 days.
      const { live, abandoned } = history === true ? { live: 100, abandoned: 4 } : history;
      d.feed({ type: 'abandon_history_loaded', campaignId: 'c1', buckets: [{ atMs: d.nowMs - 86_400_000, live, abandoned, machine: 0 }] });
    }
    d.feed({ type: 'campaign_started', campaignId: 'c1' });
    for (const agentId of ['ag1', 'ag2']) readyAgent(d, agentId);
    return d;
  }

  it('keeps a campaign whose window is already over budget to one call per ready agent', () => {
    const decisions = ofType(powerCampaign(true).advance(200), 'pacing_decided');
    expect(decisions.at(-1)?.decision).toMatchObject({ launch: 2, binding: 'abandon_budget' });
    expect(decisions.at(-1)?.decision.inputs.abandonRate).toBeCloseTo(0.04, 12);
  });

  it('stops overdialling at the ceiling, short of the target, and at an early abandon among few answers', () => {
    const atCeiling = ofType(powerCampaign({ live: 1000, abandoned: 29 }).advance(200), 'pacing_decided');
    expect(atCeiling.at(-1)?.decision).toMatchObject({ launch: 2, binding: 'abandon_budget' });
    const early = ofType(powerCampaign({ live: 5, abandoned: 1 }).advance(200), 'pacing_decided');
    expect(early.at(-1)?.decision).toMatchObject({ launch: 2, binding: 'abandon_budget' });
    // Well under it, the ratio holds.
    const under = ofType(powerCampaign({ live: 1000, abandoned: 20 }).advance(200), 'pacing_decided');
    expect(under.at(-1)?.decision).toMatchObject({ launch: 4, binding: 'model' });
  });

  it('overdials at the power ratio when the same campaign starts without that history', () => {
    const decisions = ofType(powerCampaign(false).advance(200), 'pacing_decided');
    expect(decisions.at(-1)?.decision).toMatchObject({ launch: 4, binding: 'model' });
  });

  it('refuses history for a campaign it has not loaded', () => {
    const d = new EngineDriver(1_000);
    const out = d.feed({ type: 'abandon_history_loaded', campaignId: 'nope', buckets: [] });
    expect(ofType(out, 'input_rejected')[0]).toMatchObject({ code: 'unknown_campaign' });
  });
});

describe('engine: the campaign\'s estimate of AMD false positives', () => {
  function ukPowerDecision(amdFalsePositiveRate: number, live = 100) {
    const d = new EngineDriver(10 * 86_400_000);
    d.feed({ type: 'telephony_up' });
    d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: { ...defaultCampaignSettings, regime: 'uk', mode: 'power', dialLevel: 2, amdFalsePositiveRate } });
    // The last hours: 1 abandon in 100 live answers, and 50 answers AMD called machines.
    d.feed({ type: 'abandon_history_loaded', campaignId: 'c1', buckets: [{ atMs: d.nowMs - 3_600_000, live, abandoned: live > 0 ? 1 : 0, machine: 50 }] });
    d.feed({ type: 'campaign_started', campaignId: 'c1' });
    for (const agentId of ['ag1', 'ag2']) readyAgent(d, agentId);
    return ofType(d.advance(200), 'pacing_decided').at(-1)?.decision;
  }

  it('counts that share of machine answers as abandoned live calls under the UK regime', () => {
    const decision = ukPowerDecision(0.1);
    expect(decision?.inputs.abandonRate).toBeCloseTo((1 + 5) / (100 + 5), 12);
    expect(decision?.binding).toBe('abandon_budget');
  });

  it('holds power mode to its budget on those estimated abandons alone, before any live answer', () => {
    const decision = ukPowerDecision(0.1, 0);
    expect(decision?.inputs.abandonRate).toBe(1);
    expect(decision).toMatchObject({ binding: 'abandon_budget', launch: 2 });
  });

  it('leaves the rate to the abandons themselves when the estimate is zero', () => {
    const decision = ukPowerDecision(0);
    expect(decision?.inputs.abandonRate).toBeCloseTo(0.01, 12);
    expect(decision?.binding).toBe('model');
  });

  it('refuses an estimate outside 0-50%', () => {
    const d = new EngineDriver(1_000);
    const out = d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: { ...defaultCampaignSettings, amdFalsePositiveRate: 0.6 } });
    expect(ofType(out, 'input_rejected')[0]?.message).toMatch(/amdFalsePositiveRate/);
  });
});
