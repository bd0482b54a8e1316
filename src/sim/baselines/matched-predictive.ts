// The product's predictive pacer with its abandonment budget set to another pacer's realised
// rate: the benchmark compares talk time at equal abandonment with it. A baseline that buys talk
// time with 10% abandonment is only beaten fairly by predictive pacing allowed the same 10%.
// Benchmark only: the product never lets a campaign's budget above its regime's limit.

import { decideWith } from '../../core/pacing/decide.js';
import { predictiveTarget } from '../../core/pacing/mode-targets.js';
import type { Pacer } from '../../core/pacing/pacer.js';

/** The budget a baseline that realised no abandons at all is matched with: zero would leave
 * predictive no overdial whatever the risk, and the comparison still counts only a run that
 * realises no more abandonment than the baseline did. */
export const zeroRateMatchBudget = 0.0005;

export function matchedBudget(baselineRate: number): number {
  return Math.max(baselineRate, zeroRateMatchBudget);
}

export function matchedPredictive(abandonTarget: number): Pacer {
  return (snapshot) => {
    const matched = { ...snapshot, abandonTarget };
    return decideWith(matched, predictiveTarget(matched), 'predictive-matched');
  };
}
