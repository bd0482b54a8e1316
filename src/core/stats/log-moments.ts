// Exponentially weighted mean and variance of ln(x): a lognormal fitted online. Talk and wrap
// times are close to lognormal, and their right tail is what decides when an agent frees up.

import { normalUpperTail } from './normal-distribution.js';

export interface LogMoments {
  mu: number;
  /** Mean of ln(x)^2; the variance is meanSq - mu^2. */
  meanSq: number;
  samples: number;
  horizon: number;
}

/** A prior lognormal with the given mean (ms) and coefficient of variation. */
export function createLogMoments(mean: number, cv: number, horizon: number): LogMoments {
  const sigma2 = Math.log(1 + cv * cv);
  const mu = Math.log(mean) - sigma2 / 2;
  return { mu, meanSq: sigma2 + mu * mu, samples: 0, horizon };
}

export function addLogSample(moments: LogMoments, value: number): void {
  const x = Math.log(Math.max(1, value));
  moments.samples += 1;
  const weight = 1 / Math.min(moments.samples, moments.horizon);
  moments.mu += (x - moments.mu) * weight;
  moments.meanSq += (x * x - moments.meanSq) * weight;
}

export function logSigma(moments: LogMoments): number {
  return Math.sqrt(Math.max(0.01, moments.meanSq - moments.mu * moments.mu));
}

/** P(X > x) under the fitted lognormal. */
export function logSurvival(moments: LogMoments, x: number): number {
  if (x <= 0) return 1;
  return normalUpperTail((Math.log(x) - moments.mu) / logSigma(moments));
}

export function logMean(moments: LogMoments): number {
  const s = logSigma(moments);
  return Math.exp(moments.mu + (s * s) / 2);
}
