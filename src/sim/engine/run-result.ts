// The figures a run reports, computed from its metrics: productivity over the measured window,
// abandonment by the campaign's regime over the whole run and its worst quarter hour, latency,
// waits, dial rate, shock recovery, and the audit.

import { regimeRules } from '../../core/compliance/abandon-regime.js';
import { abandonFigures } from '../../core/compliance/abandon-ledger.js';
import type { Simulation, SimAudit } from './simulation.js';
import { simCampaignId } from './scenario.js';

const MINUTE_MS = 60_000;
/** A window's rate is reported only with at least this many live answers in it. */
const WINDOW_MIN_LIVE = 20;

export interface RunResult {
  name: string;
  seed: number;
  agentHours: number;
  talkMinPerAgentHour: number;
  occupancy: number;
  abandonRate: number;
  worst15MinAbandonRate: number | null;
  /** After each edge of an answer-rate shock: the rate over the quarter hour from 5 to 20 min later. */
  afterShockAbandonRate: number | null;
  /** The worst quarter hour that starts at or after the answer-rate shock (the cold start apart). */
  worst15MinFromShockRate: number | null;
  /** Minutes from each shock edge until the quarter hour that starts then is at or under the
   * target (the worse edge); null without a shock, the search's end when it never is. */
  shockRecoveryMin: number | null;
  /** The first quarter hour, learning from priors: reported apart, not hidden. */
  coldStart15MinAbandonRate: number | null;
  /** The pacer's mean forecast share of live answers left without an agent (null if it never forecast). */
  predictedAbandonShare: number | null;
  latencyP50Ms: number;
  latencyP99Ms: number;
  meanWaitS: number;
  dialsPerAgentHour: number;
  liveAnswers: number;
  abandoned: number;
  silentCalls: number;
  audit: SimAudit & { ledgerMismatch: number };
}

export function runResult(sim: Simulation): RunResult {
  const { metrics: m, scenario } = sim;
  const staffedMs = m.statusMs.ready + m.statusMs.reserved + m.statusMs.talking + m.statusMs.wrap_up;
  const busyMs = m.statusMs.reserved + m.statusMs.talking + m.statusMs.wrap_up;
  const agentHours = staffedMs / 3_600_000;
  const minutes = Math.ceil(scenario.durationMs / MINUTE_MS);
  const rate = regimeRate(sim);
  const whole = rate(0, minutes);
  const sortedLatency = [...m.latenciesMs].sort((a, b) => a - b);
  return {
    name: scenario.name,
    seed: scenario.seed,
    agentHours,
    talkMinPerAgentHour: agentHours > 0 ? m.personTalkMs / 60_000 / agentHours : 0,
    occupancy: staffedMs > 0 ? busyMs / staffedMs : 0,
    abandonRate: whole.rate,
    worst15MinAbandonRate: worstWindow(rate, minutes, 15),
    afterShockAbandonRate: afterShock(sim, rate),
    ...shockFigures(sim, rate, minutes),
    coldStart15MinAbandonRate: minutes >= 15 ? windowOrNull(rate(0, 15)) : null,
    predictedAbandonShare: m.forecastLive > 0 ? m.forecastLost / m.forecastLive : null,
    latencyP50Ms: quantile(sortedLatency, 0.5),
    latencyP99Ms: quantile(sortedLatency, 0.99),
    meanWaitS: m.waitsMs.length > 0 ? m.waitsMs.reduce((a, b) => a + b, 0) / m.waitsMs.length / 1000 : 0,
    dialsPerAgentHour: agentHours > 0 ? m.dials / agentHours : 0,
    liveAnswers: whole.live,
    abandoned: whole.abandoned,
    silentCalls: sim.audit.amdFalsePositives,
    audit: { ...sim.audit, ledgerMismatch: ledgerMismatch(sim) },
  };
}

interface WindowRate {
  rate: number;
  live: number;
  abandoned: number;
}

/** Abandonment over minutes [from, to) as the regime counts it (UK adds estimated AMD false positives). */
function regimeRate(sim: Simulation): (from: number, to: number) => WindowRate {
  const { metrics: m } = sim;
  const campaign = sim.state.campaigns.get(simCampaignId);
  const countsFp = regimeRules[sim.scenario.campaign.regime].countsAmdFalsePositives;
  const fpRate = countsFp ? campaign?.settings.amdFalsePositiveRate ?? 0 : 0;
  return (from, to) => {
    let live = 0;
    let abandoned = 0;
    let machines = 0;
    for (let i = Math.max(0, from); i < to; i++) {
      live += m.live[i] ?? 0;
      abandoned += m.abandoned[i] ?? 0;
      machines += m.machines[i] ?? 0;
    }
    const fp = machines * fpRate;
    const denominator = live + fp;
    return { rate: denominator > 0 ? (abandoned + fp) / denominator : 0, live, abandoned };
  };
}

function worstWindow(rate: (from: number, to: number) => WindowRate, minutes: number, width: number): number | null {
  let worst: number | null = null;
  for (let start = 0; start + width <= minutes; start++) {
    const w = rate(start, start + width);
    if (w.live >= WINDOW_MIN_LIVE) worst = Math.max(worst ?? 0, w.rate);
  }
  return worst;
}

function afterShock(sim: Simulation, rate: (from: number, to: number) => WindowRate): number | null {
  const shock = sim.scenario.answerShock;
  if (!shock) return null;
  let worst: number | null = null;
  for (const edgeMs of [shock.startMs, shock.startMs + shock.durationMs]) {
    const from = Math.ceil(edgeMs / MINUTE_MS) + 5;
    const w = rate(from, from + 15);
    if (w.live > 0) worst = Math.max(worst ?? 0, w.rate);
  }
  return worst;
}

/** The regime's target the recovery is measured against. */
const RECOVERY_TARGET = 0.03;
const RECOVERY_SEARCH_MIN = 30;

function windowOrNull(w: WindowRate): number | null {
  return w.live >= WINDOW_MIN_LIVE ? w.rate : null;
}

function shockFigures(sim: Simulation, rate: (from: number, to: number) => WindowRate, minutes: number): Pick<RunResult, 'worst15MinFromShockRate' | 'shockRecoveryMin'> {
  const shock = sim.scenario.answerShock;
  if (!shock) return { worst15MinFromShockRate: null, shockRecoveryMin: null };
  const startMin = Math.floor(shock.startMs / MINUTE_MS);
  let worst: number | null = null;
  for (let from = startMin; from + 15 <= minutes; from++) {
    const w = windowOrNull(rate(from, from + 15));
    if (w !== null) worst = Math.max(worst ?? 0, w);
  }
  let recovery = 0;
  for (const edgeMs of [shock.startMs, shock.startMs + shock.durationMs]) {
    const edge = Math.ceil(edgeMs / MINUTE_MS);
    let k = 0;
    while (k < RECOVERY_SEARCH_MIN && edge + k + 15 <= minutes && rate(edge + k, edge + k + 15).rate > RECOVERY_TARGET) k++;
    recovery = Math.max(recovery, k);
  }
  return { worst15MinFromShockRate: worst, shockRecoveryMin: recovery };
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** The engine's own ledger against the simulator's count of closed live calls (drained runs only). */
function ledgerMismatch(sim: Simulation): number {
  const campaign = sim.state.campaigns.get(simCampaignId);
  if (!campaign || !sim.scenario.drain) return 0;
  const figures = abandonFigures(campaign.ledger, sim.nowMs, 0);
  return Math.abs(figures.liveAnswers - sim.metrics.liveTotal) + Math.abs(figures.abandoned - sim.metrics.abandonedTotal);
}
