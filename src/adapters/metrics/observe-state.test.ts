// Gauges sampled from a real engine state, produced by the core's test driver.

import { describe, expect, it } from 'vitest';
import { abandonFigures, recordInLedger } from '../../core/compliance/abandon-ledger.js';
import { ofType } from '../../core/testing/engine-driver.js';
import { createMetrics } from './metrics.js';
import { observeCommands } from './observe-commands.js';
import { observeState } from './observe-state.js';
import { setFollowUpCounts, setLeadCounts } from './runtime-setters.js';
import { abandonedCall, dialOne, readyAgent, runningDriver, valueOf } from './metrics-test-helpers.js';

describe('observeState', () => {
  it('counts the agents paused past their pause reason\'s allowance', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver({ pauseLimitsMs: { break: 60_000 } });
    for (const [agentId, reason] of [['ag1', 'break'], ['ag2', 'training']] as const) {
      readyAgent(d, agentId);
      d.feed({ type: 'agent_pause', agentId, reason });
    }
    observeState(metrics, d.state, d.nowMs);
    expect(await valueOf(metrics, 'outpace_agents_over_pause_limit', { campaign: 'c1' })).toBe(0);
    d.advance(61_000);
    observeState(metrics, d.state, d.nowMs);
    expect(await valueOf(metrics, 'outpace_agents_over_pause_limit', { campaign: 'c1' })).toBe(1);
  });

  it("says how the predictive model's forecast of abandons has fared, decayed over the hour", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver();
    const campaign = d.state.campaigns.get('c1');
    if (!campaign) throw new Error('no campaign');
    campaign.calibration = { expected: 2.5, abandoned: 1, atMs: d.nowMs, shareInForce: null };
    observeState(metrics, d.state, d.nowMs);
    expect(await valueOf(metrics, 'outpace_forecast_abandons', { campaign: 'c1', kind: 'expected' })).toBe(2.5);
    expect(await valueOf(metrics, 'outpace_forecast_abandons', { campaign: 'c1', kind: 'happened' })).toBe(1);
    observeState(metrics, d.state, d.nowMs + 60 * 60_000);
    expect(await valueOf(metrics, 'outpace_forecast_abandons', { campaign: 'c1', kind: 'expected' })).toBeCloseTo(2.5 / Math.E, 9);
    expect(await valueOf(metrics, 'outpace_forecast_abandons', { campaign: 'c1', kind: 'happened' })).toBeCloseTo(1 / Math.E, 9);
  });

  it('samples agents and calls by state and the dial level', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver();
    readyAgent(d, 'ag1');
    readyAgent(d, 'ag2');
    dialOne(d, 'a1', 'l1');
    d.feed({ type: 'call_answered', attemptId: 'a1' });
    observeState(metrics, d.state, d.nowMs);

    expect(await valueOf(metrics, 'outpace_agents', { campaign: 'c1', state: 'reserved' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_agents', { campaign: 'c1', state: 'paused' })).toBe(0);
    expect(await valueOf(metrics, 'outpace_calls', { campaign: 'c1', state: 'connecting' })).toBe(1);
    const inProgress = [...d.state.calls.values()].length;
    expect(await valueOf(metrics, 'outpace_dial_level', { campaign: 'c1' })).toBeCloseTo(inProgress / 2);
    expect(await valueOf(metrics, 'outpace_campaign_running', { campaign: 'c1' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_engine_telephony_up')).toBe(1);
  });

  it("reads the dial level the pacing last aimed for at each step, also where the step's decision is not kept", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver();
    for (const agentId of ['ag1', 'ag2']) readyAgent(d, agentId);
    dialOne(d, 'a1', 'l1');
    d.advance(200); // one lead of the two asked for: the list is dry (0.5 lines per agent)
    const kept = d.state.campaigns.get('c1')?.decisions.length;
    // An agent gone with the call still ringing: 1 line per agent, under the same binding.
    d.feed({ type: 'agent_logout', agentId: 'ag2' });
    d.advance(200);
    const campaign = d.state.campaigns.get('c1');
    expect(campaign?.decisions.length).toBe(kept);
    const lastKept = campaign?.decisions.at(-1)?.dialLevel;
    observeState(metrics, d.state, d.nowMs);
    const level = await valueOf(metrics, 'outpace_pacing_dial_level', { campaign: 'c1' });
    expect([level, lastKept]).toEqual([1, 0.5]);
  });

  it('reports abandonment over the regime window and the last 15 minutes against the budget', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver({ abandonTarget: 0.02 });
    readyAgent(d, 'ag1');
    abandonedCall(d, 'ag1', 'a1', 'l1');
    observeState(metrics, d.state, d.nowMs);
    observeCommands(metrics, d.log, d.nowMs);
    observeState(metrics, d.state, d.nowMs);

    expect(await valueOf(metrics, 'outpace_abandon_rate', { campaign: 'c1', regime: 'us', window: 'regime' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_abandon_rate', { campaign: 'c1', regime: 'us', window: '15m' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_abandon_budget', { campaign: 'c1', regime: 'us' })).toBe(0.02);
    expect(await valueOf(metrics, 'outpace_regime_window_live_answers', { campaign: 'c1', regime: 'us' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_connect_rate', { campaign: 'c1', window: '15m' })).toBe(0);

    // A quarter of an hour later the rolling figure has forgotten; the 30-day one has not.
    observeState(metrics, d.state, d.nowMs + 16 * 60_000);
    expect(await valueOf(metrics, 'outpace_abandon_rate', { campaign: 'c1', regime: 'us', window: '15m' })).toBe(0);
    expect(await valueOf(metrics, 'outpace_abandon_rate', { campaign: 'c1', regime: 'us', window: 'regime' })).toBe(1);
  });

  it('counts the last 15 minutes as the regime does: UK adds the estimated AMD false positives, as the pacer\'s cap does', async () => {
    const rateOf = async (regime: 'us' | 'uk') => {
      const metrics = createMetrics({ defaultMetrics: false });
      const d = runningDriver({ regime, amdFalsePositiveRate: 0.1 });
      const campaign = d.state.campaigns.get('c1');
      if (!campaign) throw new Error('no campaign');
      // 20 live answers, one of them abandoned, and 10 machine answers: one person among them, by the estimate.
      for (let i = 0; i < 20; i++) recordInLedger(campaign.ledger, 'live', d.nowMs - 60_000);
      recordInLedger(campaign.ledger, 'abandoned', d.nowMs - 60_000);
      for (let i = 0; i < 10; i++) recordInLedger(campaign.ledger, 'machine', d.nowMs - 60_000);
      observeState(metrics, d.state, d.nowMs);
      return valueOf(metrics, 'outpace_abandon_rate', { campaign: 'c1', regime, window: '15m' });
    };
    expect(await rateOf('us')).toBeCloseTo(1 / 20, 9);
    expect(await rateOf('uk')).toBeCloseTo(2 / 21, 9);
  });

  it('counts the calls still talking among the last 15 minutes\' live answers, as they were answered', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver();
    // A shift's start: three customers put through and still talking, then one nobody was free for.
    for (const n of [1, 2, 3]) {
      readyAgent(d, `ag${n}`);
      dialOne(d, `a${n}`, `l${n}`, 'c1', `+1555010010${n}`);
      d.feed({ type: 'call_answered', attemptId: `a${n}` });
      d.feed({ type: 'call_bridged', attemptId: `a${n}`, agentId: `ag${n}` });
    }
    readyAgent(d, 'ag4');
    abandonedCall(d, 'ag4', 'a4', 'l4', '+15550100104');
    observeState(metrics, d.state, d.nowMs);
    observeCommands(metrics, d.log, d.nowMs);
    observeState(metrics, d.state, d.nowMs);
    expect(await valueOf(metrics, 'outpace_abandon_rate', { campaign: 'c1', regime: 'us', window: '15m' })).toBe(0.25);
  });

  it('leaves preview answers out of the last 15 minutes, as the regime window leaves them out', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver();
    readyAgent(d, 'ag1');
    readyAgent(d, 'ag2');
    // ag1 dials a preview call, answered and put through to them.
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'preview' });
    d.feed({ type: 'preview_dial', agentId: 'ag1', campaignId: 'c1', lead: { attemptId: 'p1', leadId: 'l9', phone: '+15550100009' } });
    d.feed({ type: 'call_answered', attemptId: 'p1' });
    d.feed({ type: 'call_bridged', attemptId: 'p1', agentId: 'ag1' });
    // The dialler's own call is answered with nobody free: an abandon.
    abandonedCall(d, 'ag2', 'a1', 'l1');
    d.advance(30_000);
    d.feed({ type: 'call_ended', attemptId: 'p1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    observeState(metrics, d.state, d.nowMs);
    observeCommands(metrics, d.log, d.nowMs);
    observeState(metrics, d.state, d.nowMs);

    expect(await valueOf(metrics, 'outpace_regime_window_live_answers', { campaign: 'c1', regime: 'us' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_abandon_rate', { campaign: 'c1', regime: 'us', window: 'regime' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_abandon_rate', { campaign: 'c1', regime: 'us', window: '15m' })).toBe(1);
    // The preview call is a dial put through to its agent all the same.
    expect(await valueOf(metrics, 'outpace_connect_rate', { campaign: 'c1', window: '15m' })).toBe(0.5);
  });

  it('gives the regime window terms that divide to its rate, AMD false positives counted in both under UK rules', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver({ regime: 'uk', amdEnabled: true });
    readyAgent(d, 'ag1');
    dialOne(d, 'a1', 'l1');
    d.feed({ type: 'call_answered', attemptId: 'a1' });
    d.feed({ type: 'amd_result', attemptId: 'a1', verdict: 'machine', detail: 'MAXWORDS-5-4' });
    d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    observeState(metrics, d.state, d.nowMs);
    const labels = { campaign: 'c1', regime: 'uk' };
    const live = (await valueOf(metrics, 'outpace_regime_window_live_answers', labels)) ?? 0;
    const abandoned = (await valueOf(metrics, 'outpace_regime_window_abandoned', labels)) ?? 0;
    expect(abandoned).toBeGreaterThan(0);
    expect(abandoned / live).toBeCloseTo((await valueOf(metrics, 'outpace_abandon_rate', { ...labels, window: 'regime' })) ?? Number.NaN, 9);
  });

  it('leaves out of the last 15 minutes a live answer an agent found to be a machine and left a message on', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver();
    readyAgent(d, 'ag1');
    dialOne(d, 'm1', 'l1', 'c1', '+15550100001', { prerecordedConsent: true });
    d.feed({ type: 'call_answered', attemptId: 'm1' });
    d.feed({ type: 'call_bridged', attemptId: 'm1', agentId: 'ag1' });
    d.advance(4_000);
    d.feed({ type: 'agent_leave_message', agentId: 'ag1' });
    d.advance(20_000);
    d.feed({ type: 'call_ended', attemptId: 'm1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    // Then a call answered with nobody free: an abandon, the one live answer left.
    dialOne(d, 'a1', 'l2');
    d.feed({ type: 'call_answered', attemptId: 'a1' });
    // Time passes tick by tick, as in the engine: the message comes within the 2 seconds.
    for (let waited = 0; waited < 2_600; waited += 200) d.advance(200);
    d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    observeState(metrics, d.state, d.nowMs);
    observeCommands(metrics, d.log, d.nowMs);
    observeState(metrics, d.state, d.nowMs);

    expect(await valueOf(metrics, 'outpace_regime_window_live_answers', { campaign: 'c1', regime: 'us' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_abandon_rate', { campaign: 'c1', regime: 'us', window: '15m' })).toBe(1);
  });

  it('takes out of the last 15 minutes a live answer whose disposition later finds it reached no person', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver();
    // Each step's commands observed at that step's time, as the runtime hands them over.
    let observed = 0;
    const observe = (): void => {
      observeCommands(metrics, d.log.slice(observed), d.nowMs);
      observed = d.log.length;
    };
    readyAgent(d, 'ag1');
    dialOne(d, 'm1', 'l1', 'c1', '+15550100001', { prerecordedConsent: true });
    d.feed({ type: 'call_answered', attemptId: 'm1' });
    d.feed({ type: 'call_bridged', attemptId: 'm1', agentId: 'ag1' });
    d.advance(30_000);
    d.feed({ type: 'call_ended', attemptId: 'm1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    observe();
    const liveAtMs = ofType(d.log, 'attempt_closed')[0]?.summary.liveAtMs;
    if (liveAtMs === undefined || liveAtMs === null) throw new Error('m1 was no live answer');
    // A minute on, its disposition says an answering machine: the disposition route's input.
    d.advance(60_000);
    d.feed({ type: 'live_answer_withdrawn', campaignId: 'c1', attemptId: 'm1', liveAtMs });
    observe();
    // Then a call answered with nobody free: an abandon, the one live answer left.
    dialOne(d, 'a1', 'l2');
    d.feed({ type: 'agent_pause', agentId: 'ag1', reason: 'break' });
    d.feed({ type: 'call_answered', attemptId: 'a1' });
    // Time passes tick by tick, as in the engine: the message comes within the 2 seconds.
    for (let waited = 0; waited < 2_600; waited += 200) d.advance(200);
    d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    observe();
    observeState(metrics, d.state, d.nowMs);

    const ledger = d.state.campaigns.get('c1')?.ledger;
    if (!ledger) throw new Error('no campaign');
    const regime = abandonFigures(ledger, d.nowMs, 0);
    expect([regime.quarterHourLive, regime.quarterHourAbandoned]).toEqual([1, 1]);
    expect(await valueOf(metrics, 'outpace_regime_window_live_answers', { campaign: 'c1', regime: 'us' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_abandon_rate', { campaign: 'c1', regime: 'us', window: '15m' })).toBe(1);
  });

  it('marks the binding limit of the latest decision', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver();
    readyAgent(d, 'ag1');
    d.feed({ type: 'telephony_down' });
    d.advance(200);
    observeState(metrics, d.state, d.nowMs);
    expect(await valueOf(metrics, 'outpace_pacing_binding', { campaign: 'c1', binding: 'telephony_down' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_pacing_binding', { campaign: 'c1', binding: 'agents' })).toBe(0);
  });

  it('zero-initialises counters of a new campaign and drops its gauges when it leaves', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver();
    observeState(metrics, d.state, d.nowMs);
    expect(await valueOf(metrics, 'outpace_compliance_blocks_total', { campaign: 'c1', rule: 'dnc' })).toBe(0);
    expect(await valueOf(metrics, 'outpace_safe_harbor_plays_total', { campaign: 'c1' })).toBe(0);
    expect(await valueOf(metrics, 'outpace_abandons_total', { campaign: 'c1', regime: 'us' })).toBe(0);

    d.state.campaigns.delete('c1');
    observeState(metrics, d.state, d.nowMs);
    expect(await valueOf(metrics, 'outpace_agents', { campaign: 'c1', state: 'ready' })).toBeUndefined();
    expect(await valueOf(metrics, 'outpace_abandon_rate', { campaign: 'c1', regime: 'us', window: 'regime' })).toBeUndefined();
  });

  it('drops every gauge of a campaign released here, its list and callback counts too', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver();
    observeState(metrics, d.state, d.nowMs);
    setLeadCounts(metrics, 'c1', { remaining: 40, due: 12 });
    setFollowUpCounts(metrics, 'c1', { callbacksDue: 3, callbacksOverdue: 1, undispositioned: 2 });
    d.feed({ type: 'campaign_stopped', campaignId: 'c1' });
    d.feed({ type: 'campaign_released', campaignId: 'c1' });
    observeState(metrics, d.state, d.nowMs);
    expect(await valueOf(metrics, 'outpace_abandon_rate', { campaign: 'c1', regime: 'us', window: 'regime' })).toBeUndefined();
    expect(await valueOf(metrics, 'outpace_dial_level', { campaign: 'c1' })).toBeUndefined();
    expect(await valueOf(metrics, 'outpace_campaign_running', { campaign: 'c1' })).toBeUndefined();
    for (const name of ['outpace_leads_remaining', 'outpace_leads_due', 'outpace_callbacks_due', 'outpace_callbacks_overdue', 'outpace_calls_undispositioned']) {
      expect(await valueOf(metrics, name, { campaign: 'c1' }), name).toBeUndefined();
    }
  });

  it('moves the regime-labelled gauges when the regime changes', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver();
    observeState(metrics, d.state, d.nowMs);
    const campaign = d.state.campaigns.get('c1');
    if (!campaign) throw new Error('campaign missing');
    campaign.settings = { ...campaign.settings, regime: 'strict' };
    observeState(metrics, d.state, d.nowMs);
    expect(await valueOf(metrics, 'outpace_abandon_budget', { campaign: 'c1', regime: 'us' })).toBeUndefined();
    expect(await valueOf(metrics, 'outpace_abandon_budget', { campaign: 'c1', regime: 'strict' })).toBe(0.01);
  });
});
