// An exponentially weighted mean that behaves as a plain mean until it has `horizon` samples,
// so early estimates are not dominated by the prior and later ones follow drift.

export interface RunningMean {
  mean: number;
  samples: number;
  horizon: number;
}

export function createRunningMean(prior: number, horizon: number): RunningMean {
  return { mean: prior, samples: 0, horizon };
}

export function addSample(estimate: RunningMean, value: number): void {
  estimate.samples += 1;
  const weight = 1 / Math.min(estimate.samples, estimate.horizon);
  estimate.mean += (value - estimate.mean) * weight;
}

/**
 * The samples the estimate is worth: one over the sum of its squared weights. Until it has
 * `horizon` samples it is their plain mean; after, each sample shrinks the older weights by 1 - w
 * (w = 1/horizon) and comes in at w, so the worth grows towards (2 - w) / w = 2·horizon - 1.
 * Taking it as `horizon` overstates the error of a settled estimate by √2.
 */
export function effectiveSamples(estimate: RunningMean): number {
  const { samples, horizon } = estimate;
  if (samples < horizon) return Math.max(1, samples);
  const w = 1 / horizon;
  const kept = (1 - w) ** (2 * (samples - horizon));
  return 1 / (kept / horizon + (w * w * (1 - kept)) / (1 - (1 - w) ** 2));
}
