// Live answers and abandons over the last quarter hour, in 30-second slots: the span over which
// abandons that come in a burst show, however long the regime's own window is.

const SLOT_MS = 30_000;
const SLOTS = 30;
export const quarterHourMs = SLOT_MS * SLOTS;

export interface QuarterHourCount {
  /** Start time of each slot (ring indexed by slot number modulo SLOTS), -1 when never used. */
  starts: number[];
  live: number[];
  abandoned: number[];
}

export function createQuarterHourCount(): QuarterHourCount {
  const zeros = (): number[] => new Array<number>(SLOTS).fill(0);
  return { starts: new Array<number>(SLOTS).fill(-1), live: zeros(), abandoned: zeros() };
}

export function countInQuarterHour(count: QuarterHourCount, entry: 'live' | 'abandoned', atMs: number): void {
  const n = Math.floor(atMs / SLOT_MS);
  const slot = n % SLOTS;
  const start = n * SLOT_MS;
  if (count.starts[slot] !== start) {
    count.starts[slot] = start;
    count.live[slot] = 0;
    count.abandoned[slot] = 0;
  }
  count[entry][slot] = (count[entry][slot] ?? 0) + 1;
}

/** Counts over the slots that overlap the quarter hour ending at `nowMs`. */
export function quarterHourTotals(count: QuarterHourCount, nowMs: number): { live: number; abandoned: number } {
  let live = 0;
  let abandoned = 0;
  for (let slot = 0; slot < SLOTS; slot++) {
    const start = count.starts[slot] ?? -1;
    if (start < 0 || start + SLOT_MS <= nowMs - quarterHourMs || start > nowMs) continue;
    live += count.live[slot] ?? 0;
    abandoned += count.abandoned[slot] ?? 0;
  }
  return { live, abandoned };
}
