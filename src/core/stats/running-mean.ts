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
