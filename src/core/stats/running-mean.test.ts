import { describe, expect, it } from 'vitest';
import { addSample, createRunningMean, effectiveSamples } from './running-mean.js';

/** One over the sum of the squared weights the mean gives its samples, worked out sample by sample. */
function worthByWeights(horizon: number, samples: number): number {
  let weights: number[] = [];
  for (let n = 1; n <= samples; n++) {
    const w = 1 / Math.min(n, horizon);
    weights = [...weights.map((x) => x * (1 - w)), w];
  }
  return 1 / weights.reduce((sum, w) => sum + w * w, 0);
}

describe('effectiveSamples', () => {
  it('is the plain count up to the horizon, then grows towards 2·horizon - 1 as the weights say', () => {
    const horizon = 60;
    for (const samples of [1, 10, 59, 60, 61, 90, 200, 600]) {
      const estimate = createRunningMean(0.2, horizon);
      for (let i = 0; i < samples; i++) addSample(estimate, i % 5 === 0 ? 1 : 0);
      expect(effectiveSamples(estimate), `${samples} samples`).toBeCloseTo(worthByWeights(horizon, samples), 6);
    }
    const settled = createRunningMean(0.2, horizon);
    for (let i = 0; i < 5_000; i++) addSample(settled, 0);
    expect(effectiveSamples(settled)).toBeCloseTo(2 * horizon - 1, 6);
    expect(effectiveSamples(createRunningMean(0.2, horizon))).toBe(1);
  });
});
