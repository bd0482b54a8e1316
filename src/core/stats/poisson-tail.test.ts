import { describe, expect, it } from 'vitest';
import { largestPoissonMean, poissonAtLeast } from './poisson-tail.js';

describe('poisson tail', () => {
  it('gives the chance of at least k events', () => {
    expect(poissonAtLeast(2, 0)).toBe(1);
    expect(poissonAtLeast(0, 1)).toBe(0);
    expect(poissonAtLeast(1, 1)).toBeCloseTo(1 - Math.exp(-1), 12);
    expect(poissonAtLeast(2, 3)).toBeCloseTo(1 - Math.exp(-2) * (1 + 2 + 2), 12);
  });

  it('finds the largest mean that keeps the tail within a chance', () => {
    const mean = largestPoissonMean(3, 0.25);
    expect(poissonAtLeast(mean, 3)).toBeCloseTo(0.25, 6);
    expect(poissonAtLeast(mean * 1.01, 3)).toBeGreaterThan(0.25);
    expect(largestPoissonMean(1, 0.25)).toBeCloseTo(-Math.log(0.75), 6);
    expect(largestPoissonMean(0, 0.25)).toBe(0);
    expect(largestPoissonMean(4, 0.25)).toBeGreaterThan(mean);
  });
});
