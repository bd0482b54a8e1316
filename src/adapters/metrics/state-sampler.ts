// The once-a-second sampling of the engine state into the gauges and the pacing history, as
// one timer the runtime starts and stops.

import type { EngineState } from '../../core/engine-state.js';
import type { Metrics } from './metrics.js';
import { observeState } from './observe-state.js';
import { recordPacingSample, type PacingHistory } from './pacing-history.js';

export interface StateSamplerDeps {
  metrics: Metrics;
  history: PacingHistory | null;
  state: () => EngineState;
  now: () => number;
  intervalMs?: number;
}

export interface StateSampler {
  /** Samples at once, outside the timer (e.g. just before a scrape in tests). */
  sampleNow(): void;
  stop(): void;
}

/** Starts sampling every second; the timer never keeps the process alive on its own. */
export function startStateSampler(deps: StateSamplerDeps): StateSampler {
  const sampleNow = (): void => {
    const state = deps.state();
    const nowMs = deps.now();
    observeState(deps.metrics, state, nowMs);
    if (deps.history) recordPacingSample(deps.history, state, nowMs);
  };
  sampleNow();
  const timer = setInterval(sampleNow, deps.intervalMs ?? 1_000);
  timer.unref();
  return { sampleNow, stop: () => clearInterval(timer) };
}
