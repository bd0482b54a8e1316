// Gauges sampled from the engine state, once a second: who is doing what, how hard we dial,
// where abandonment stands against its budget, both over the regime's window and right now, and
// how the predictive model's forecast of abandons has fared.

import { countedQuarterHour } from '../../core/compliance/counted-quarter-hour.js';
import type { EngineState } from '../../core/engine-state.js';
import { calibrationNow } from '../../core/pacing/forecast-calibration.js';
import { bindingLimits } from '../../core/pacing/pacing-decision.js';
import { initialiseCampaign, retireCampaign } from './campaign-series.js';
import { campaignSnapshot } from './campaign-snapshot.js';
import { rollingWindowLabel, type Metrics } from './metrics.js';
import { rollingFigures } from './rolling-window.js';
import { clearCampaignCounts } from './runtime-setters.js';

/** Samples every per-campaign gauge from the state; the runtime calls it every second. */
export function observeState(metrics: Metrics, state: EngineState, nowMs: number): void {
  metrics.telephonyUp.set(state.telephonyUp ? 1 : 0);
  // A campaign that left the engine (driven elsewhere now, or stopped and done with here) exports
  // nothing more from this node: a frozen figure would win alerts' max over nodes.
  for (const known of [...metrics.initialised]) {
    if (state.campaigns.has(known)) continue;
    retireCampaign(metrics, known);
    clearCampaignCounts(metrics, known);
  }
  for (const runtime of state.campaigns.values()) {
    const campaign = runtime.id;
    const regime = runtime.settings.regime;
    initialiseCampaign(metrics, campaign, regime);
    const snap = campaignSnapshot(state, runtime, nowMs);
    for (const [status, count] of Object.entries(snap.agents)) metrics.agents.set({ campaign, state: status }, count);
    for (const [status, count] of Object.entries(snap.calls)) metrics.calls.set({ campaign, state: status }, count);
    metrics.dialLevel.set({ campaign }, snap.dialLevel);
    metrics.campaignRunning.set({ campaign }, runtime.status === 'running' ? 1 : 0);
    metrics.handoversWaiting.set({ campaign }, snap.handoversWaiting);
    metrics.agentsOverPauseLimit.set({ campaign }, snap.overPauseLimit);
    metrics.abandonRate.set({ campaign, regime, window: 'regime' }, snap.abandon.rate);
    metrics.abandonBudget.set({ campaign, regime }, snap.abandonBudget);
    // The rate's denominator: UK and strict count the estimated AMD false positives among both terms.
    metrics.regimeLiveAnswers.set({ campaign, regime }, snap.abandon.countedLiveAnswers);
    metrics.regimeAbandoned.set({ campaign, regime }, snap.abandon.countedAbandoned);
    const rolling = rollingFigures(metrics.rolling, campaign, nowMs);
    metrics.connectRate.set({ campaign, window: rollingWindowLabel }, rolling.connectRate);
    // The quarter hour's abandonment as the core's ledger counts it, each live answer when it was
    // answered (counted at the calls' close, the calls still talking were missing from it and a
    // shift's first abandons read as most of its answers), and as the regime counts it, as the
    // pacer's quarter-hour cap does: UK and strict add the estimated AMD false positives.
    metrics.abandonRate.set({ campaign, regime, window: rollingWindowLabel }, countedQuarterHour(snap.abandon).rate);
    const last = runtime.decisions[runtime.decisions.length - 1];
    for (const binding of bindingLimits) metrics.pacingBinding.set({ campaign, binding }, last?.binding === binding ? 1 : 0);
    if (runtime.latestDialLevel !== null) metrics.dialLevelDecided.set({ campaign }, runtime.latestDialLevel);
    const forecast = calibrationNow(runtime.calibration, nowMs);
    metrics.forecastAbandons.set({ campaign, kind: 'expected' }, forecast.expected);
    metrics.forecastAbandons.set({ campaign, kind: 'happened' }, forecast.abandoned);
  }
}
