// The equal-abandonment budget: a baseline's realised rate, with a floor for one that abandoned nothing.

import { describe, expect, it } from 'vitest';
import { matchedBudget, zeroRateMatchBudget } from './matched-predictive.js';

describe('matched budget', () => {
  it('is the baseline realised rate, and a small floor when that rate is zero', () => {
    expect(matchedBudget(0.1234)).toBe(0.1234);
    expect(matchedBudget(0)).toBe(zeroRateMatchBudget);
    expect(zeroRateMatchBudget).toBeGreaterThan(0);
    expect(zeroRateMatchBudget).toBeLessThan(0.001);
  });
});
