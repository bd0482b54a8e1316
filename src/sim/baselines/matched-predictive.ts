// The product's predictive pacer with its abandonment budget set to another pacer's realised
// rate: the benchmark compares talk time at equal abandonment with it. A baseline that buys talk
// time with 10% abandonment is only beaten fairly by predictive pacing allowed the same 10%.
// Benchmark only: the product never lets a campaign's budget above its regime's limit.

import { decideWith } from '../../core/pacing/decide.js';
import { predictiveTarget } from '../../core/pacing/mode-targets.js';
import type { Pacer } from '../../core/pacing/pacer.js';

export function matchedPredictive(abandonTarget: number): Pacer {
  return (snapshot) => {
    const matched = { ...snapshot, abandonTarget };
    return decideWith(matched, predictiveTarget(matched), 'predictive-matched');
  };
}
