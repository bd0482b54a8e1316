// The product's predictive pacer with its abandonment budget set to another pacer's realised
// rate: the benchmark compares talk time at equal abandonment with it. A baseline that buys talk
// time with 10% abandonment is only beaten fairly by predictive pacing allowed the same 10%.
// The benchmark also runs it at a few set budgets on the headline scenarios, for predictive's
// curve of talk time against abandonment. Benchmark only: the product never lets a campaign's
// budget above its regime's limit.

import { ceilingShare } from '../../core/pacing/abandon-controller.js';
import { decideWith } from '../../core/pacing/decide.js';
import { predictiveTarget } from '../../core/pacing/mode-targets.js';
import type { Pacer } from '../../core/pacing/pacer.js';

/** The budget a baseline that realised no abandons at all is matched with: zero would leave
 * predictive no overdial whatever the risk, and the comparison still counts only a run that
 * realises no more abandonment than the baseline did. */
export const zeroRateMatchBudget = 0.0005;

/** The budget whose spent point (where the controller stops overdialling) is the rate the
 * baseline realised: predictive then steers to that rate from below, as it would to its own
 * budget's. Matched to the rate itself it would stop at 95% of it and aim at 80%. */
export function matchedBudget(baselineRate: number): number {
  return Math.min(1, Math.max(baselineRate, zeroRateMatchBudget) / ceilingShare);
}

export function matchedPredictive(abandonTarget: number): Pacer {
  return (snapshot) => {
    const matched = { ...snapshot, abandonTarget };
    return decideWith(matched, predictiveTarget(matched), 'predictive-matched');
  };
}
