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
  const fpRate = countsFp ? campaign?.amdFalsePositiveRate ?? 0 : 0;
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
