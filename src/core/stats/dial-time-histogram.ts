// When dials resolve, learned as decaying histograms: time from originate to a live answer, to
// an answer AMD recognised as a machine, and to any end that reached no agent (machine, busy, no
// answer). A call that has rung for a while without an answer is less likely to be a live
// person; and a call answered late is more likely a machine (they answer in a later cluster), so
// an answered call still in AMD analysis is judged by when it was answered.

export const dialBinMs = 1_000;
const BINS = 120;

export interface DialTimeHistogram {
  live: number[];
  /** Answers AMD called machines: a subset of the ends counted in `other`. */
  machine: number[];
  other: number[];
  /** Weight of the newest sample relative to the oldest is kept near 1 / decay. */
  decay: number;
  /** Weight the next sample gets: growing instead of decaying every bin keeps a sample O(1). */
  nextWeight: number;
}

export function createDialTimeHistogram(horizon: number): DialTimeHistogram {
  const live = new Array<number>(BINS).fill(0);
  const machine = new Array<number>(BINS).fill(0);
  const other = new Array<number>(BINS).fill(0);
  // Priors (DESIGN.md section 4): live answers around 9-10 s, machines in an 18-25 s cluster,
  // other ends spread up to 25 s.
  for (let b = 6; b <= 14; b++) live[b] = 0.2;
  for (let b = 18; b <= 25; b++) machine[b] = 0.05;
  for (let b = 1; b <= 25; b++) other[b] = 0.08;
  return { live, machine, other, decay: 1 - 1 / horizon, nextWeight: 1 };
}

function binOf(ms: number): number {
  return Math.min(BINS - 1, Math.max(0, Math.floor(ms / dialBinMs)));
}

export type DialEnd = 'live' | 'machine' | 'none';

export function addDialTime(histogram: DialTimeHistogram, end: DialEnd, ms: number): void {
  histogram.nextWeight /= histogram.decay;
  if (histogram.nextWeight > 1e12) rescale(histogram, 1 / histogram.nextWeight);
  const bin = binOf(ms);
  const add = (column: number[]): void => {
    column[bin] = (column[bin] ?? 0) + histogram.nextWeight;
  };
  if (end === 'live') add(histogram.live);
  else add(histogram.other);
  if (end === 'machine') add(histogram.machine);
}

function rescale(histogram: DialTimeHistogram, factor: number): void {
  for (const column of [histogram.live, histogram.machine, histogram.other]) {
    for (let b = 0; b < BINS; b++) column[b] = (column[b] ?? 0) * factor;
  }
  histogram.nextWeight *= factor;
}

/** Cumulative distribution (normalised, interpolated) of one column, for fast lookups. */
export interface DialTimeCdf {
  cumulative: Float64Array;
}

export function dialTimeCdf(column: readonly number[]): DialTimeCdf {
  const cumulative = new Float64Array(BINS + 1);
  let total = 0;
  for (let b = 0; b < BINS; b++) {
    total += column[b] ?? 0;
    cumulative[b + 1] = total;
  }
  if (total > 0) for (let b = 0; b <= BINS; b++) cumulative[b] = (cumulative[b] ?? 0) / total;
  return { cumulative };
}

/** P(time <= ms). */
export function cdfAt(cdf: DialTimeCdf, ms: number): number {
  if (ms <= 0) return 0;
  const x = ms / dialBinMs;
  const b = Math.floor(x);
  if (b >= BINS) return 1;
  const low = cdf.cumulative[b] ?? 0;
  const high = cdf.cumulative[b + 1] ?? 1;
  return low + (high - low) * (x - b);
}

/** P(time within `halfWidthMs` of `ms`): a smoothed density, for comparing two columns at one time. */
export function massAround(cdf: DialTimeCdf, ms: number, halfWidthMs: number): number {
  return cdfAt(cdf, ms + halfWidthMs) - cdfAt(cdf, ms - halfWidthMs);
}
