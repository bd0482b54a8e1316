// When dials resolve, learned as decaying histograms: time from originate to a live answer, and
// time from originate to any other end (machine, busy, no answer). A call that has rung for a
// while without an answer is less likely to be a live person; these histograms say how much.

export const dialBinMs = 1_000;
const BINS = 120;

export interface DialTimeHistogram {
  live: number[];
  other: number[];
  /** Weight of the newest sample relative to the oldest is kept near 1 / decay. */
  decay: number;
}

export function createDialTimeHistogram(horizon: number): DialTimeHistogram {
  const live = new Array<number>(BINS).fill(0);
  const other = new Array<number>(BINS).fill(0);
  // Priors (DESIGN.md section 4): live answers around 9-10 s, other ends spread up to 25 s.
  for (let b = 6; b <= 14; b++) live[b] = 0.2;
  for (let b = 1; b <= 25; b++) other[b] = 0.08;
  return { live, other, decay: 1 - 1 / horizon };
}

function binOf(ms: number): number {
  return Math.min(BINS - 1, Math.max(0, Math.floor(ms / dialBinMs)));
}

export function addDialTime(histogram: DialTimeHistogram, live: boolean, ms: number): void {
  const { decay } = histogram;
  for (let b = 0; b < BINS; b++) {
    histogram.live[b] = (histogram.live[b] ?? 0) * decay;
    histogram.other[b] = (histogram.other[b] ?? 0) * decay;
  }
  const column = live ? histogram.live : histogram.other;
  const bin = binOf(ms);
  column[bin] = (column[bin] ?? 0) + 1;
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
