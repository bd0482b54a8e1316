// The standard normal distribution: density, upper tail and the expected positive part of a
// normal variable, used by the lognormal time forecasts and the large-team abandonment forecast.

const INV_SQRT_2PI = 0.3989422804014327;

export function normalDensity(z: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

/** P(Z > z), via a Chebyshev fit of the complementary error function (relative error < 1.2e-7). */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
    + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
    + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}

/** E[max(0, X)] for X normal with the given mean and standard deviation. */
export function expectedPositivePart(mean: number, sd: number): number {
  if (sd <= 1e-9) return Math.max(0, mean);
  const z = mean / sd;
  return sd * normalDensity(z) + mean * (1 - normalUpperTail(z));
}
