// The 2-second rule for a call being put through to an agent, and the abandons the dialler makes
// itself: every answered live call reaches an agent or the safe-harbor message within the connect
// limit, and one the engine hangs up unconnected is an abandon, counted once.

import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings } from '../campaign-settings.js';
import { abandonFigures } from '../compliance/abandon-ledger.js';
import { connectingMarginMs, safeHarborMarginMs } from '../limits.js';
import { invariantViolations } from '../invariants.js';
import { ofType, readyAgent, runningCampaign, type EngineDriver } from '../testing/engine-driver.js';

/** Past the deadline of a call being put through (the connect limit less the bridge's margin). */
const pastBridgeDeadlineMs = defaultCampaignSettings.connectLimitMs - connectingMarginMs + 100;

const ENDED = { cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' } as const;

const running = runningCampaign;

/** Agents ag1 and ag2 ready (ag1 the longer), and call a1 answered live and put through to ag1. */
function answeredWithTwoReady(): EngineDriver {
  const d = running();
  readyAgent(d, 'ag1');
  d.nowMs += 10;
  readyAgent(d, 'ag2');
  const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
  d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId: 'a1', leadId: 'l1', phone: '+15550100001' }] });
  d.feed({ type: 'call_ringing', attemptId: 'a1' });
  d.feed({ type: 'call_answered', attemptId: 'a1' });
  expect(d.state.calls.get('a1')).toMatchObject({ status: 'connecting', agentId: 'ag1' });
  return d;
}

function abandonsCounted(d: EngineDriver): number {
  const campaign = d.state.campaigns.get('c1');
  if (!campaign) throw new Error('campaign c1 is not loaded');
  return abandonFigures(campaign.ledger, d.nowMs, 0).abandoned;
}

function liveAtOf(d: EngineDriver, attemptId: string): number {
  const liveAtMs = d.state.calls.get(attemptId)?.liveAtMs;
  if (liveAtMs === null || liveAtMs === undefined) throw new Error(`call ${attemptId} is not live`);
  return liveAtMs;
}

describe('connect deadline: a call whose bridge does not complete', () => {
  it('gets the safe-harbor message within the connect limit, is counted abandoned and frees its agent', () => {
    const d = answeredWithTwoReady();
    const liveAtMs = liveAtOf(d, 'a1');
    for (let i = 0; i < 60; i += 1) d.advance(200); // 12 s with no call_bridged; invariants checked each step
    const played = ofType(d.log, 'play_media');
    expect(played).toEqual([{ type: 'play_media', attemptId: 'a1', media: 'sound:outpace/sh', purpose: 'safe_harbor' }]);
    const at = ofType(d.log, 'attempt_progress').find((p) => p.stage === 'safe_harbor')?.atMs ?? Number.POSITIVE_INFINITY;
    expect(at - liveAtMs).toBeLessThanOrEqual(defaultCampaignSettings.connectLimitMs);
    expect(ofType(d.log, 'bridge_call')).toHaveLength(1); // not passed around the agents
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'ready', callId: null });
    expect(d.state.calls.get('a1')).toMatchObject({ status: 'safe_harbor', agentId: null });
    d.feed({ type: 'playback_finished', attemptId: 'a1' });
    const end = d.feed({ type: 'call_ended', attemptId: 'a1', ...ENDED });
    // The close says when the message started, for the evidence of the 2-second rule.
    expect(ofType(end, 'attempt_closed')[0]?.summary).toMatchObject({ outcome: 'abandoned', abandoned: true, safeHarborPlayed: true, safeHarborAtMs: at });
    expect(abandonsCounted(d)).toBe(1);
  });

  it('hangs up when the PBX could not play the safe-harbor message, counted abandoned with no message played', () => {
    const d = answeredWithTwoReady();
    d.advance(pastBridgeDeadlineMs);
    expect(d.state.calls.get('a1')?.status).toBe('safe_harbor');
    expect(ofType(d.feed({ type: 'playback_finished', attemptId: 'a1', failed: true }), 'hangup_call'))
      .toEqual([{ type: 'hangup_call', attemptId: 'a1', reason: 'abandoned' }]);
    const end = d.feed({ type: 'call_ended', attemptId: 'a1', ...ENDED });
    expect(ofType(end, 'attempt_closed')[0]?.summary).toMatchObject({ outcome: 'abandoned', abandoned: true, safeHarborPlayed: false, safeHarborAtMs: null });
    expect(abandonsCounted(d)).toBe(1);
  });

  it('counts a safe-harbor message cut off by the hang-up after an opt-out as played', () => {
    const d = answeredWithTwoReady();
    d.advance(pastBridgeDeadlineMs);
    d.feed({ type: 'dtmf_received', attemptId: 'a1', digit: '1' });
    d.feed({ type: 'playback_finished', attemptId: 'a1', failed: false });
    const end = d.feed({ type: 'call_ended', attemptId: 'a1', ...ENDED });
    expect(ofType(end, 'attempt_closed')[0]?.summary).toMatchObject({ outcome: 'abandoned', safeHarborPlayed: true, optedOut: true });
  });

  it('takes the customer back out of the agent\'s bridge when the bridge is confirmed after the safe-harbor message', () => {
    const d = answeredWithTwoReady();
    d.advance(pastBridgeDeadlineMs);
    expect(d.state.calls.get('a1')?.status).toBe('safe_harbor');
    const late = d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag1' });
    expect(ofType(late, 'unbridge_call')).toEqual([{ type: 'unbridge_call', attemptId: 'a1', agentId: 'ag1' }]);
    expect(d.state.calls.get('a1')?.status).toBe('safe_harbor');
    expect(d.state.agents.get('ag1')?.status).toBe('ready');
  });

  it('takes the customer out of the bridge of an agent whose phone went down meanwhile, not of the next agent\'s', () => {
    const d = answeredWithTwoReady();
    d.feed({ type: 'agent_leg_down', agentId: 'ag1', cause: 16 });
    const late = d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag1' });
    expect(ofType(late, 'unbridge_call')).toEqual([{ type: 'unbridge_call', attemptId: 'a1', agentId: 'ag1' }]);
    const through = d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag2' });
    expect(ofType(through, 'unbridge_call')).toEqual([]);
    expect(d.state.calls.get('a1')).toMatchObject({ status: 'connected', agentId: 'ag2' });
    // A repeated confirmation of the bridge the call is in changes nothing.
    expect(ofType(d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag2' }), 'unbridge_call')).toEqual([]);
  });

  it('gives a reserved agent who asked for a pause that pause when the call is taken from them', () => {
    const d = answeredWithTwoReady();
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'break' });
    d.advance(pastBridgeDeadlineMs);
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'paused', pauseReason: 'break', callId: null });
  });

  it('counts as a violation of the invariants while the call is still being put through', () => {
    const d = answeredWithTwoReady();
    const liveAtMs = liveAtOf(d, 'a1');
    expect(invariantViolations(d.state, liveAtMs + defaultCampaignSettings.connectLimitMs)).toEqual([]);
    expect(invariantViolations(d.state, liveAtMs + defaultCampaignSettings.connectLimitMs + 1)).toEqual([
      `call a1 waited ${defaultCampaignSettings.connectLimitMs + 1} ms for an agent`,
    ]);
  });

  it('counts a safe-harbor message given past the connect limit as a violation, once', () => {
    const d = running();
    const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
    d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId: 'a1', leadId: 'l1', phone: '+15550100001' }] });
    d.feed({ type: 'call_answered', attemptId: 'a1' });
    const liveAtMs = liveAtOf(d, 'a1');
    // The engine's ticks stalled (a blocked event loop): the message comes 2.6 s after the answer.
    const lateMs = liveAtMs + 2_600;
    const call = d.state.calls.get('a1');
    if (!call) throw new Error('no call');
    Object.assign(call, { status: 'safe_harbor', safeHarborAtMs: lateMs });
    expect(invariantViolations(d.state, lateMs)).toEqual(['call a1 had its safe-harbor message 2600 ms after it was live']);
    expect(invariantViolations(d.state, lateMs + 200)).toEqual([]);
  });

  it("gives an agent's own dial, answered and never put through, the safe-harbor message in time: a live answer abandoned", () => {
    const d = running();
    readyAgent(d, 'ag1');
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'preview' });
    d.feed({ type: 'preview_dial', agentId: 'ag1', campaignId: 'c1', lead: { attemptId: 'p1', leadId: 'l9', phone: '+15550100009' } });
    const answeredAt = d.nowMs;
    d.feed({ type: 'call_answered', attemptId: 'p1' });
    d.advance(1_800);
    expect(d.state.calls.get('p1')).toMatchObject({ status: 'safe_harbor', abandoned: true, agentId: null });
    expect(ofType(d.log, 'play_media')).toMatchObject([{ attemptId: 'p1', purpose: 'safe_harbor' }]);
    expect((d.state.calls.get('p1')?.safeHarborAtMs ?? Infinity) - answeredAt).toBeLessThanOrEqual(2_000);
    expect(d.state.agents.get('ag1')?.callId).toBeNull();
    const figures = abandonFigures(d.state.campaigns.get('c1')!.ledger, d.nowMs, 0);
    expect(figures).toMatchObject({ liveAnswers: 1, abandoned: 1 });
    expect(invariantViolations(d.state, d.nowMs)).toEqual([]);
  });
});

describe('connect deadline: a failed bridge', () => {
  it('goes to the next ready agent within the deadline', () => {
    const d = answeredWithTwoReady();
    d.nowMs += 500;
    const out = d.feed({ type: 'bridge_failed', attemptId: 'a1', agentId: 'ag1', reason: 'ARI_NOT_FOUND' });
    expect(ofType(out, 'bridge_call')).toEqual([{ type: 'bridge_call', campaignId: 'c1', attemptId: 'a1', agentId: 'ag2', match: 'any' }]);
    expect(d.state.agents.get('ag1')?.status).toBe('ready');
  });

  it('gives the agent the pause they asked for while the call was put through, and the call to another', () => {
    const d = answeredWithTwoReady();
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'break' });
    const out = d.feed({ type: 'bridge_failed', attemptId: 'a1', agentId: 'ag1', reason: 'ARI_NOT_FOUND' });
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'paused', pauseReason: 'break', pendingPause: null });
    expect(ofType(out, 'bridge_call').map((c) => c.agentId)).toEqual(['ag2']);
  });

  it('gets the safe-harbor message instead of another agent once the deadline has passed', () => {
    const d = answeredWithTwoReady();
    d.nowMs += pastBridgeDeadlineMs; // no tick in between
    const out = d.feed({ type: 'bridge_failed', attemptId: 'a1', agentId: 'ag1', reason: 'ARI_NOT_FOUND' });
    expect(ofType(out, 'bridge_call')).toHaveLength(0);
    expect(ofType(out, 'play_media')).toEqual([{ type: 'play_media', attemptId: 'a1', media: 'sound:outpace/sh', purpose: 'safe_harbor' }]);
    expect(d.state.calls.get('a1')).toMatchObject({ status: 'safe_harbor', agentId: null });
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'ready', callId: null });
    expect(d.state.agents.get('ag2')?.status).toBe('ready');
    expect(abandonsCounted(d)).toBe(1);
  });
});

describe('connect deadline: the agent\'s phone lost while the call is put through', () => {
  it('puts the customer through to another ready agent instead of hanging them up', () => {
    const d = answeredWithTwoReady();
    const out = d.feed({ type: 'agent_leg_down', agentId: 'ag1', cause: 16 });
    expect(ofType(out, 'hangup_call')).toHaveLength(0);
    expect(ofType(out, 'bridge_call')).toEqual([{ type: 'bridge_call', campaignId: 'c1', attemptId: 'a1', agentId: 'ag2', match: 'any' }]);
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'logged_out', callId: null });
    expect(d.state.calls.get('a1')).toMatchObject({ status: 'connecting', agentId: 'ag2' });
  });

  it('ignores the failure of the bridge to the agent who left, once the call is with another', () => {
    const d = answeredWithTwoReady();
    d.feed({ type: 'agent_leg_down', agentId: 'ag1', cause: 16 });
    const out = d.feed({ type: 'bridge_failed', attemptId: 'a1', agentId: 'ag1', reason: 'ARI_NOT_FOUND: agent bridge gone' });
    expect(out).toEqual([]);
    expect(d.state.calls.get('a1')).toMatchObject({ status: 'connecting', agentId: 'ag2' });
    expect(d.state.agents.get('ag2')?.status).toBe('reserved');
  });

  it('leaves the customer waiting for the next agent when none is ready, then safe harbor', () => {
    const d = answeredWithTwoReady();
    d.feed({ type: 'agent_pause', agentId: 'ag2', reason: 'break' });
    d.feed({ type: 'agent_leg_down', agentId: 'ag1', cause: 16 });
    expect(d.state.calls.get('a1')).toMatchObject({ status: 'waiting_agent', agentId: null });
    d.advance(1_600);
    expect(d.state.calls.get('a1')?.status).toBe('safe_harbor');
  });

  it("gives the safe-harbor message at once to a call AMD reports live already too late to wait for an agent", () => {
    const d = running({ amdEnabled: true, amdAfterGreetingMs: 1_500 });
    const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
    d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId: 'a1', leadId: 'l1', phone: '+15550100001' }] });
    d.feed({ type: 'call_answered', attemptId: 'a1' });
    d.advance(3_000);
    const out = d.feed({ type: 'amd_result', attemptId: 'a1', verdict: 'human', detail: 'HUMAN' });
    expect(ofType(out, 'play_media')).toEqual([expect.objectContaining({ attemptId: 'a1', purpose: 'safe_harbor' })]);
    expect(d.nowMs - liveAtOf(d, 'a1')).toBeLessThanOrEqual(defaultCampaignSettings.connectLimitMs - safeHarborMarginMs);
  });

  it("starts the 2 seconds at the greeting's end as AMD measured it: the silence its HUMAN cause says it heard", () => {
    const verdictAfter = (detail: string): number => {
      const d = running({ amdEnabled: true, amdAfterGreetingMs: 800 });
      const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
      d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId: 'a1', leadId: 'l1', phone: '+15550100001' }] });
      d.feed({ type: 'call_answered', attemptId: 'a1' });
      d.nowMs += 1_700;
      d.feed({ type: 'amd_result', attemptId: 'a1', verdict: detail.startsWith('HUMAN') ? 'human' : 'notsure', detail });
      return d.nowMs - liveAtOf(d, 'a1');
    };
    expect(verdictAfter('HUMAN-960-800')).toBe(960);
    // Less than asked, or no figure at all: the silence asked for.
    expect([verdictAfter('HUMAN-700-800'), verdictAfter('HUMAN'), verdictAfter('TOOLONG-3500')]).toEqual([800, 800, 800]);
  });

  it('gives the customer the safe-harbor message when the deadline has passed', () => {
    const d = answeredWithTwoReady();
    d.nowMs += pastBridgeDeadlineMs;
    const out = d.feed({ type: 'agent_leg_down', agentId: 'ag1', cause: 16 });
    expect(ofType(out, 'play_media')).toHaveLength(1);
    expect(d.state.calls.get('a1')?.status).toBe('safe_harbor');
    expect(d.state.agents.get('ag2')?.status).toBe('ready');
  });
});

describe('abandons the dialler makes itself', () => {
  /** Call a1 answered live while its agent has paused: it waits for one. */
  function waitingLive(): EngineDriver {
    const d = running();
    readyAgent(d, 'ag1');
    const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
    d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId: 'a1', leadId: 'l1', phone: '+15550100001' }] });
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'break' });
    d.feed({ type: 'call_answered', attemptId: 'a1' });
    expect(d.state.calls.get('a1')?.status).toBe('waiting_agent');
    return d;
  }

  it('puts a waiting call through to an agent freed after its waiting deadline, while a bridge still fits', () => {
    const d = waitingLive();
    d.nowMs += defaultCampaignSettings.connectLimitMs - safeHarborMarginMs + 100; // no tick in between
    const out = d.feed({ type: 'agent_ready', agentId: 'ag1' });
    expect(ofType(out, 'bridge_call')).toHaveLength(1);
    expect(d.state.calls.get('a1')?.status).toBe('connecting');
    // Too late even for a bridge: the next tick gives it the safe-harbor message instead.
    const late = waitingLive();
    late.nowMs += pastBridgeDeadlineMs;
    expect(ofType(late.feed({ type: 'agent_ready', agentId: 'ag1' }), 'bridge_call')).toHaveLength(0);
  });

  it('closes a waiting live call it withdraws as abandoned, counted once', () => {
    const d = waitingLive();
    expect(ofType(d.feed({ type: 'call_withdrawn', attemptId: 'a1', reason: 'engine stopping' }), 'hangup_call')).toHaveLength(1);
    expect(abandonsCounted(d)).toBe(1);
    const end = d.feed({ type: 'call_ended', attemptId: 'a1', ...ENDED });
    expect(ofType(end, 'attempt_closed')[0]?.summary).toMatchObject({ outcome: 'abandoned', abandoned: true, safeHarborPlayed: false });
    expect(abandonsCounted(d)).toBe(1);
  });

  it('closes a call being put through that it withdraws as abandoned, and frees the agent', () => {
    const d = answeredWithTwoReady();
    d.feed({ type: 'call_withdrawn', attemptId: 'a1', reason: 'engine stopping' });
    const end = d.feed({ type: 'call_ended', attemptId: 'a1', ...ENDED });
    expect(ofType(end, 'attempt_closed')[0]?.summary).toMatchObject({ outcome: 'abandoned', abandoned: true });
    expect(abandonsCounted(d)).toBe(1);
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'ready', callId: null });
  });

  it('does not count again a call withdrawn during its safe-harbor message', () => {
    const d = waitingLive();
    d.advance(1_600);
    expect(abandonsCounted(d)).toBe(1);
    d.feed({ type: 'call_withdrawn', attemptId: 'a1', reason: 'engine stopping' });
    const end = d.feed({ type: 'call_ended', attemptId: 'a1', ...ENDED });
    expect(ofType(end, 'attempt_closed')[0]?.summary).toMatchObject({ outcome: 'abandoned', abandoned: true, safeHarborPlayed: true });
    expect(abandonsCounted(d)).toBe(1);
  });

  it("counts an agent's own dial withdrawn after its answer, before its bridge, an abandon", () => {
    const d = running();
    readyAgent(d, 'ag1');
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'preview' });
    d.feed({ type: 'preview_dial', agentId: 'ag1', campaignId: 'c1', lead: { attemptId: 'p1', leadId: 'l9', phone: '+15550100009' } });
    d.feed({ type: 'call_answered', attemptId: 'p1' });
    d.feed({ type: 'call_withdrawn', attemptId: 'p1', reason: 'engine stopping' });
    const end = d.feed({ type: 'call_ended', attemptId: 'p1', ...ENDED });
    expect(ofType(end, 'attempt_closed')[0]?.summary).toMatchObject({ outcome: 'abandoned', abandoned: true });
    expect(abandonsCounted(d)).toBe(1);
  });

  it('leaves a customer who hangs up while waiting an abandon, counted once', () => {
    const d = waitingLive();
    const end = d.feed({ type: 'call_ended', attemptId: 'a1', ...ENDED });
    expect(ofType(end, 'attempt_closed')[0]?.summary).toMatchObject({ outcome: 'abandoned', abandoned: true });
    expect(abandonsCounted(d)).toBe(1);
  });

  it('leaves a customer who hangs up while being put through a hang-up before connection', () => {
    const d = answeredWithTwoReady();
    const end = d.feed({ type: 'call_ended', attemptId: 'a1', ...ENDED });
    expect(ofType(end, 'attempt_closed')[0]?.summary).toMatchObject({ outcome: 'hangup_before_connect', abandoned: false });
    expect(abandonsCounted(d)).toBe(0);
  });
});

describe('the rest an abandoned call gives its number', () => {
  const ukRestMs = 72 * 3_600_000;

  it('is the one in force when the call was abandoned, though its campaign turned to US rules before it ended', () => {
    const d = running({ regime: 'uk', abandonRestMs: ukRestMs });
    readyAgent(d, 'ag1');
    const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
    d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId: 'a1', leadId: 'l1', phone: '+15550100001' }] });
    d.feed({ type: 'call_ringing', attemptId: 'a1' });
    d.feed({ type: 'call_answered', attemptId: 'a1' });
    for (let i = 0; i < 20; i += 1) d.advance(200); // no bridge: the safe-harbor message
    expect(d.state.calls.get('a1')).toMatchObject({ status: 'safe_harbor' });
    d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: { ...defaultCampaignSettings, regime: 'us', abandonRestMs: 0 } });
    const end = d.feed({ type: 'call_ended', attemptId: 'a1', ...ENDED });
    expect(ofType(end, 'attempt_closed')[0]?.summary).toMatchObject({ outcome: 'abandoned', abandoned: true, abandonRestMs: ukRestMs });
  });

  it('is none for a call that was not abandoned', () => {
    const d = answeredWithTwoReady();
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag1' });
    const end = d.feed({ type: 'call_ended', attemptId: 'a1', ...ENDED });
    expect(ofType(end, 'attempt_closed')[0]?.summary).toMatchObject({ outcome: 'connected', abandonRestMs: null });
  });
});

describe('an answer missed in a gap in the PBX events', () => {
  /** Call a1 ringing with ag1 ready, found answered `agoMs` ago (the gap began then). */
  function foundAnswered(agoMs: number, amdEnabled = false): EngineDriver {
    const d = running(amdEnabled ? { amdEnabled: true } : {});
    readyAgent(d, 'ag1');
    const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
    d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId: 'a1', leadId: 'l1', phone: '+15550100001' }] });
    d.feed({ type: 'call_ringing', attemptId: 'a1' });
    d.nowMs += 6_000;
    d.feed({ type: 'call_answered', attemptId: 'a1', answeredAtMs: d.nowMs - agoMs });
    return d;
  }

  it('counts its 2 seconds from when the gap began: past them, the message plays at once, no agent reserved', () => {
    const d = foundAnswered(5_000);
    expect(ofType(d.log, 'play_media')).toEqual([{ type: 'play_media', attemptId: 'a1', media: 'sound:outpace/sh', purpose: 'safe_harbor' }]);
    expect(ofType(d.log, 'bridge_call')).toEqual([]);
    expect(d.state.agents.get('ag1')).toMatchObject({ status: 'ready', callId: null });
    expect(liveAtOf(d, 'a1')).toBe(d.nowMs - 5_000);
    expect(abandonsCounted(d)).toBe(1);
    expect(invariantViolations(d.state, d.nowMs)).toEqual([]);
  });

  it('is put through when the gap was short enough for a bridge, and skips AMD either way', () => {
    const d = foundAnswered(300, true);
    expect(ofType(d.log, 'start_amd')).toEqual([]);
    expect(d.state.calls.get('a1')).toMatchObject({ status: 'connecting', agentId: 'ag1', liveAtMs: d.nowMs - 300 });
  });
});
