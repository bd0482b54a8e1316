// The equal-abandonment budget: the one that stops overdialling at a baseline's realised rate,
// with a floor for a baseline that abandoned nothing.

import { describe, expect, it } from 'vitest';
import { ceilingShare } from '../../core/pacing/abandon-controller.js';
import { matchedBudget, zeroRateMatchBudget } from './matched-predictive.js';

describe('matched budget', () => {
  it('is spent at the baseline realised rate, with a small floor when that rate is zero', () => {
    expect(matchedBudget(0.1234) * ceilingShare).toBeCloseTo(0.1234, 12);
    expect(matchedBudget(0) * ceilingShare).toBeCloseTo(zeroRateMatchBudget, 12);
    expect(matchedBudget(0.97)).toBe(1);
    expect(zeroRateMatchBudget).toBeGreaterThan(0);
    expect(zeroRateMatchBudget).toBeLessThan(0.001);
  });
});
