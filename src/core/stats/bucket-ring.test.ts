import { describe, expect, it } from 'vitest';
import { addToRing, createBucketRing, ringTotals } from './bucket-ring.js';

describe('bucket ring', () => {
  it('totals the window, forgets what is older and clears a slot before reusing it', () => {
    // 30 buckets of 30 s: a quarter hour.
    const ring = createBucketRing(['live', 'abandoned'], 30, 30_000);
    addToRing(ring, 'live', 0);
    addToRing(ring, 'abandoned', 10_000);
    addToRing(ring, 'live', 600_000);
    expect(ringTotals(ring, 700_000, 900_000)).toEqual({ live: 2, abandoned: 1 });
    expect(ringTotals(ring, 930_000, 900_000)).toEqual({ live: 1, abandoned: 0 });
    addToRing(ring, 'live', 901_000);
    expect(ring.counts.abandoned[0]).toBe(0);
    expect(ringTotals(ring, 1_000_000, 900_000)).toEqual({ live: 2, abandoned: 0 });
  });
});
