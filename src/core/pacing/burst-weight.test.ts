import { describe, expect, it } from 'vitest';
import { burstWeight } from './burst-weight.js';

describe('burst weight', () => {
  it('is nothing while the quarter hour has no abandons, and grows as it fills with them', () => {
    expect(burstWeight(0.03, { live: 120, abandoned: 0 })).toBe(0);
    // 120 answers at 3%: the quarter hour may hold 6 abandons.
    expect(burstWeight(0.03, { live: 120, abandoned: 2 })).toBeCloseTo(0.5 * (2 / 4), 9);
    expect(burstWeight(0.03, { live: 120, abandoned: 4 })).toBeCloseTo(1, 9);
    expect(burstWeight(0.03, { live: 120, abandoned: 9 })).toBeCloseTo(4, 9);
  });

  it('counts a small quarter hour as having room for a few abandons', () => {
    expect(burstWeight(0.03, { live: 30, abandoned: 1 })).toBeCloseTo(0.5 * (2 / 2), 9);
    expect(burstWeight(0.03, { live: 30, abandoned: 1 })).toBe(burstWeight(0.03, { live: 50, abandoned: 1 }));
  });
});
