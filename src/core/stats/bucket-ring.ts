// Counts over a rolling window kept in a ring of fixed-width time buckets: memory stays bounded
// whatever the traffic, and a total is a pass over the buckets. A bucket whose slot comes round
// again is cleared before it counts anew.

export interface BucketRing<K extends string> {
  bucketMs: number;
  /** Start time of the bucket in each slot (slot = bucket number modulo slots), -1 when never used. */
  starts: number[];
  counts: Record<K, number[]>;
}

/** Slots of a ring totalled over `windowMs`: one more than the buckets the window spans, as a window
 * that does not start on a bucket's edge overlaps that many (the first in part), and with one slot
 * fewer the current bucket would clear the window's first while it still counts. */
export function slotsOverWindow(windowMs: number, bucketMs: number): number {
  return Math.ceil(windowMs / bucketMs) + 1;
}

export function createBucketRing<K extends string>(keys: readonly K[], slots: number, bucketMs: number): BucketRing<K> {
  const counts = {} as Record<K, number[]>;
  for (const key of keys) counts[key] = new Array<number>(slots).fill(0);
  return { bucketMs, starts: new Array<number>(slots).fill(-1), counts };
}

export function addToRing<K extends string>(ring: BucketRing<K>, key: K, atMs: number, count = 1): void {
  const bucket = Math.floor(atMs / ring.bucketMs);
  const slot = bucket % ring.starts.length;
  const start = bucket * ring.bucketMs;
  if (ring.starts[slot] !== start) {
    ring.starts[slot] = start;
    for (const column of Object.values<number[]>(ring.counts)) column[slot] = 0;
  }
  const column = ring.counts[key];
  column[slot] = (column[slot] ?? 0) + count;
}

/** Takes one back from the count of `key` at `atMs`, if its bucket is still in the ring (not
 * cleared for a later one) and counted it. */
export function takeFromRing<K extends string>(ring: BucketRing<K>, key: K, atMs: number): void {
  const bucket = Math.floor(atMs / ring.bucketMs);
  const slot = bucket % ring.starts.length;
  const column = ring.counts[key];
  if (ring.starts[slot] === bucket * ring.bucketMs && (column[slot] ?? 0) > 0) column[slot] = (column[slot] ?? 0) - 1;
}

/** Totals over the buckets that overlap the `windowMs` ending at `nowMs`. */
export function ringTotals<K extends string>(ring: BucketRing<K>, nowMs: number, windowMs: number): Record<K, number> {
  const keys = Object.keys(ring.counts) as K[];
  const totals = {} as Record<K, number>;
  for (const key of keys) totals[key] = 0;
  const windowStart = nowMs - windowMs;
  for (let slot = 0; slot < ring.starts.length; slot++) {
    const start = ring.starts[slot] ?? -1;
    if (start < 0 || start + ring.bucketMs <= windowStart || start > nowMs) continue;
    for (const key of keys) totals[key] += ring.counts[key][slot] ?? 0;
  }
  return totals;
}
