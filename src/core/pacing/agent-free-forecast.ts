// When busy agents become free: from the learned shapes of talk and wrap time, conditioned on
// the time each agent has already spent in the current phase. A call is not memoryless: what is
// left of it depends on how long it has lasted, and wrap-up is short and fairly predictable.

import { durationQuantile, durationSurvival, type DurationHistogram } from '../stats/duration-histogram.js';
import type { BusyAgent } from './pacing-snapshot.js';

export interface FreeForecastModel {
  talk: DurationHistogram;
  /** Mean talk time: what is left of a call that has outlasted everything learned. */
  talkMeanMs: number;
  wrap: DurationHistogram;
  /** Equal-weight quantile nodes of the wrap time, to add it to what is left of a call. */
  wrapNodes: readonly number[];
}

const WRAP_QUANTILES = [0.1, 0.3, 0.5, 0.7, 0.9];

export function freeForecastModel(talk: DurationHistogram, wrap: DurationHistogram, talkMeanMs: number): FreeForecastModel {
  return { talk, talkMeanMs, wrap, wrapNodes: WRAP_QUANTILES.map((q) => durationQuantile(wrap, q)) };
}

/** A call longer than any learned says little about its end; it is taken as memoryless with the
 * mean talk time left, not as ending at once: early in a campaign only the short calls have
 * ended, and the long ones still running would otherwise all be expected free this instant. */
function overdueWithin(meanMs: number, withinMs: number): number {
  return 1 - Math.exp(-withinMs / Math.max(1, meanMs));
}

/** P(the agent is free within `withinMs` from now). */
export function chanceFreeWithin(model: FreeForecastModel, agent: BusyAgent, withinMs: number): number {
  if (agent.leaving || withinMs <= 0) return 0;
  if (agent.phase === 'wrap_up') return conditionalWithin(model.wrap, agent.elapsedMs, withinMs);
  const elapsed = agent.phase === 'reserved' ? 0 : agent.elapsedMs;
  const survived = durationSurvival(model.talk, elapsed);
  let chance = 0;
  for (const wrapMs of model.wrapNodes) {
    const talkLeft = withinMs - wrapMs;
    if (talkLeft <= 0) continue;
    chance += survived > 1e-6
      ? Math.max(0, survived - durationSurvival(model.talk, elapsed + talkLeft)) / survived
      : overdueWithin(model.talkMeanMs, talkLeft);
  }
  return chance / model.wrapNodes.length;
}

/** P(X <= elapsed + within | X > elapsed) for the learned distribution X. */
function conditionalWithin(shape: DurationHistogram, elapsedMs: number, withinMs: number): number {
  const survived = durationSurvival(shape, elapsedMs);
  if (survived < 1e-6) return 1; // overdue: the data say nothing useful, expect it soon
  return Math.max(0, survived - durationSurvival(shape, elapsedMs + withinMs)) / survived;
}
