import { describe, expect, it } from 'vitest';
import { addToRing, createBucketRing, ringTotals, takeFromRing } from './bucket-ring.js';

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

  it('takes a count back from its bucket only while the bucket is still in the ring and counted it', () => {
    const ring = createBucketRing(['live', 'abandoned'], 30, 30_000);
    addToRing(ring, 'live', 5_000);
    addToRing(ring, 'live', 6_000);
    takeFromRing(ring, 'live', 7_000);
    expect(ringTotals(ring, 10_000, 900_000)).toEqual({ live: 1, abandoned: 0 });
    takeFromRing(ring, 'abandoned', 7_000);
    expect(ring.counts.abandoned[0]).toBe(0);
    // The slot has gone round to a later bucket: that bucket's count is not the one to take from.
    addToRing(ring, 'live', 905_000);
    takeFromRing(ring, 'live', 5_000);
    expect(ringTotals(ring, 910_000, 900_000)).toEqual({ live: 1, abandoned: 0 });
  });
});
