// A learned distribution of durations (talk, wrap-up) as a decaying histogram on log-spaced
// bins. Talk time is a mixture in practice (conversations, plus the few seconds an agent spends
// on an answering machine AMD missed), which no single lognormal fits; the histogram takes the
// shape the campaign actually has. The cumulative distribution is kept up to date on each sample.

const MIN_MS = 500;
const RATIO = 1.15;
const BINS = 80;
const LOG_RATIO = Math.log(RATIO);

export interface DurationHistogram {
  weights: number[];
  /** cumulative[b] = P(duration <= upper edge of bin b - 1); cumulative[0] = P(duration <= MIN_MS). */
  cumulative: number[];
  decay: number;
  samples: number;
}

function edge(bin: number): number {
  return MIN_MS * Math.exp(bin * LOG_RATIO);
}

/** A histogram seeded with a lognormal prior worth `priorSamples` observations. */
export function createDurationHistogram(meanMs: number, cv: number, horizon: number, priorSamples = 20): DurationHistogram {
  const sigma = Math.sqrt(Math.log(1 + cv * cv));
  const mu = Math.log(meanMs) - (sigma * sigma) / 2;
  const weights = new Array<number>(BINS).fill(0);
  for (let b = 0; b < BINS; b++) {
    const mid = Math.log(edge(b + 0.5));
    const z = (mid - mu) / sigma;
    weights[b] = Math.exp(-0.5 * z * z);
  }
  const total = weights.reduce((a, w) => a + w, 0);
  for (let b = 0; b < BINS; b++) weights[b] = ((weights[b] ?? 0) / total) * priorSamples;
  const histogram: DurationHistogram = { weights, cumulative: new Array<number>(BINS + 1).fill(0), decay: 1 - 1 / horizon, samples: 0 };
  refresh(histogram);
  return histogram;
}

function binOf(ms: number): number {
  if (ms <= MIN_MS) return 0;
  return Math.min(BINS - 1, Math.floor(Math.log(ms / MIN_MS) / LOG_RATIO));
}

export function addDuration(histogram: DurationHistogram, ms: number): void {
  const { weights, decay } = histogram;
  for (let b = 0; b < BINS; b++) weights[b] = (weights[b] ?? 0) * decay;
  const bin = binOf(ms);
  weights[bin] = (weights[bin] ?? 0) + 1;
  histogram.samples += 1;
  refresh(histogram);
}

function refresh(histogram: DurationHistogram): void {
  let total = 0;
  for (let b = 0; b < BINS; b++) total += histogram.weights[b] ?? 0;
  let running = 0;
  histogram.cumulative[0] = 0;
  for (let b = 0; b < BINS; b++) {
    running += histogram.weights[b] ?? 0;
    histogram.cumulative[b + 1] = total > 0 ? running / total : 0;
  }
}

/** P(duration > ms), interpolated in log time inside a bin. */
export function durationSurvival(histogram: DurationHistogram, ms: number): number {
  if (ms <= MIN_MS) return 1 - (histogram.cumulative[0] ?? 0);
  const x = Math.log(ms / MIN_MS) / LOG_RATIO;
  const b = Math.floor(x);
  if (b >= BINS) return 0;
  const low = histogram.cumulative[b] ?? 0;
  const high = histogram.cumulative[b + 1] ?? 1;
  return 1 - (low + (high - low) * (x - b));
}

/** The duration at cumulative probability q. */
export function durationQuantile(histogram: DurationHistogram, q: number): number {
  const c = histogram.cumulative;
  for (let b = 0; b < BINS; b++) {
    const low = c[b] ?? 0;
    const high = c[b + 1] ?? 1;
    if (high >= q && high > low) return edge(b + (q - low) / (high - low));
  }
  return edge(BINS);
}
