import { describe, expect, it } from 'vitest';
import { poissonAtLeast } from '../stats/poisson-tail.js';
import { holdToQuarterHour, quarterHourOverrunChance } from './quarter-hour-cap.js';

/** The cap alone: what is left of a share no other limit holds down. */
const capOf = (live: number, abandoned: number): number => holdToQuarterHour(1, 0.03, { live, abandoned });

describe('quarter-hour cap', () => {
  it('leaves the most a step is ever allowed alone while a mid-size team has had no abandons', () => {
    // 120 answers at 3%: 7 abandons would break 5%.
    expect(holdToQuarterHour(0.0285, 0.03, { live: 120, abandoned: 0 })).toBe(0.0285);
    expect(capOf(120, 0)).toBeGreaterThan(0.0285);
  });

  it('tightens with every abandon the quarter hour has had, and shuts once it is full', () => {
    const caps = [0, 1, 2, 3, 4, 5, 6, 7].map((abandoned) => capOf(120, abandoned));
    for (let i = 1; i < caps.length; i++) expect(caps[i]).toBeLessThan(caps[i - 1] ?? 0);
    expect(caps[6]).toBeGreaterThan(0);
    expect(caps[7]).toBe(0);
    expect(holdToQuarterHour(0.02, 0.03, { live: 120, abandoned: 5 })).toBe(caps[5]);
  });

  it('keeps the chance of breaking the limit at what it allows', () => {
    // 60 answers: 4 abandons break 5%; with 2 already, 2 more would.
    expect(poissonAtLeast(capOf(60, 2) * 60, 2)).toBeCloseTo(quarterHourOverrunChance, 6);
  });

  it('counts a young quarter hour as holding a few dozen answers', () => {
    expect(capOf(3, 1)).toBe(capOf(20, 1));
    expect(capOf(3, 1)).toBeGreaterThan(0);
  });
});
