// Tail chances of a Poisson count, and the largest mean that keeps a tail within a given chance:
// how many abandons a stretch of calls may be expected to make when `k` of them would be too many.

/** P(N >= k) for N ~ Poisson(mean). */
export function poissonAtLeast(mean: number, k: number): number {
  if (k <= 0) return 1;
  if (mean <= 0) return 0;
  let term = Math.exp(-mean);
  let below = 0;
  for (let n = 0; n < k; n++) {
    below += term;
    term *= mean / (n + 1);
  }
  return Math.max(0, 1 - below);
}

/** The largest mean whose chance of at least `k` events is at most `chance` (0 for k <= 0). */
export function largestPoissonMean(k: number, chance: number): number {
  if (k <= 0) return 0;
  // The chance grows with the mean, and a mean of k + 10·sqrt(k) + 10 exceeds any chance asked here.
  let low = 0;
  let high = k + 10 * Math.sqrt(k) + 10;
  for (let i = 0; i < 50; i++) {
    const mid = (low + high) / 2;
    if (poissonAtLeast(mid, k) <= chance) low = mid;
    else high = mid;
  }
  return low;
}
