// How much of a node the engine core takes as its team grows: one campaign of n agents dialling
// predictively (the pacing bench's main scenario: live answer 0.2, talk 120 s, wrap 15 s, AMD) run
// in virtual time, every engine step timed on the wall clock. The live node runs the same steps,
// one per ARI event, agent action and tick, so the core's time per virtual second is its share of
// a CPU core at that size (the I/O around it, Postgres and the PBX, comes on top).

import type { Input } from '../../core/inputs.js';
import { Simulation } from '../engine/simulation.js';
import { scenario, simCampaignSettings } from '../engine/scenario.js';
import { cellTraffic } from './bench-grid.js';

export interface CapacityOptions {
  agents: number;
  /** Virtual minutes measured, after `warmupMinutes` not measured (the pacer learning, the JIT warming). */
  minutes: number;
  warmupMinutes: number;
  seed: number;
}

export interface StepTimes {
  count: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

export interface CapacityResult {
  agents: number;
  virtualMinutes: number;
  wallSeconds: number;
  /** Engine steps per virtual second: inputs the live node would take each second. */
  stepsPerSecond: number;
  steps: StepTimes;
  /** The ticks alone: they carry the pacing decision. */
  ticks: StepTimes;
  /** Core time per virtual second (ms): the share of one CPU core, in thousandths. */
  coreMsPerSecond: number;
  /** Calls in progress on average (dialling, ringing, talking). */
  callsInProgress: number;
  /** Heap in use after the run and a full collection (MB): the engine's state and the simulator's
   * together (run with --expose-gc; without it, before any collection). */
  heapMb: number;
}

/** Runs one size and times its steps. */
export function measureCapacity(options: CapacityOptions): CapacityResult {
  const warmupMs = options.warmupMinutes * 60_000;
  const durationMs = warmupMs + options.minutes * 60_000;
  const all: number[] = [];
  const ticks: number[] = [];
  let callSamples = 0;
  let callSum = 0;
  let sim: Simulation | null = null;
  const timer = (input: Input, nanos: number, nowMs: number): void => {
    if (nowMs < warmupMs || nowMs >= durationMs) return;
    all.push(nanos);
    if (input.type !== 'tick') return;
    ticks.push(nanos);
    callSamples += 1;
    callSum += sim?.state.calls.size ?? 0;
  };
  sim = new Simulation(scenario({
    name: `capacity-${options.agents}`,
    seed: options.seed,
    agents: options.agents,
    durationMs,
    warmupMs,
    traffic: cellTraffic({ id: 'capacity', agents: options.agents, live: 0.2, talkS: 120, wrapS: 15, amd: true, shock: 'none', hours: durationMs / 3_600_000, main: true }),
    campaign: { ...simCampaignSettings, mode: 'predictive', amdEnabled: true },
    breaks: { perAgentHour: 0.5, meanMs: 5 * 60_000 },
  }), timer);
  const started = performance.now();
  sim.run();
  const wallSeconds = (performance.now() - started) / 1000;
  (globalThis as { gc?: () => void }).gc?.();
  const heapMb = process.memoryUsage().heapUsed / 1_048_576;
  const measuredSeconds = options.minutes * 60;
  const totalNanos = all.reduce((sum, nanos) => sum + nanos, 0);
  return {
    agents: options.agents,
    virtualMinutes: options.minutes,
    wallSeconds,
    stepsPerSecond: all.length / measuredSeconds,
    steps: stepTimes(all),
    ticks: stepTimes(ticks),
    coreMsPerSecond: totalNanos / 1e6 / measuredSeconds,
    callsInProgress: callSamples > 0 ? callSum / callSamples : 0,
    heapMb,
  };
}

/** The results as a Markdown table. */
export function formatCapacity(results: readonly CapacityResult[]): string {
  const header = '| agents | calls in progress | steps/s | step p50 / p99 / max (µs) | tick p50 / p99 / max (µs) | core ms per s (share of a core) | heap MB | wall s |';
  const rule = '|---|---|---|---|---|---|---|---|';
  const rows = results.map((r) => `| ${r.agents} | ${r.callsInProgress.toFixed(0)} | ${r.stepsPerSecond.toFixed(0)} | ${times(r.steps)} | ${times(r.ticks)} | ${r.coreMsPerSecond.toFixed(1)} (${(r.coreMsPerSecond / 10).toFixed(1)}%) | ${r.heapMb.toFixed(0)} | ${r.wallSeconds.toFixed(1)} |`);
  return [header, rule, ...rows].join('\n');
}

function times(t: CapacityResult['steps']): string {
  return `${t.p50Us.toFixed(0)} / ${t.p99Us.toFixed(0)} / ${t.maxUs.toFixed(0)}`;
}

function stepTimes(nanos: number[]): StepTimes {
  const sorted = Float64Array.from(nanos).sort();
  const at = (q: number): number => (sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) / 1000);
  return { count: sorted.length, p50Us: at(0.5), p99Us: at(0.99), maxUs: sorted.length === 0 ? 0 : (sorted[sorted.length - 1] ?? 0) / 1000 };
}
