// How the predictive forecast has fared: the abandons it expected against those that happened,
// over the recent past. Each live answer adds the share the forecast in force expected to lose
// (its chance of being abandoned); each of those answers that is then abandoned adds one. Their
// ratio corrects the allowance both ways: a forecast that has run pessimistic for a long stretch
// may be trusted for a little more, one that ran optimistic gets less. Answers taken while no
// forecast was in force (cold start, a small team, a spent budget) say nothing and are left out.

import { decayFactor } from '../stats/decay.js';

export interface ForecastCalibration {
  /** Decayed sum of the expected abandon chance of each counted live answer. */
  expected: number;
  /** Decayed count of counted live answers that were abandoned. */
  abandoned: number;
  atMs: number;
  /** The expected share of the decision in force, null when the last one made no forecast. */
  shareInForce: number | null;
}

/** Long enough to hold a few dozen expected abandons in a mid-size team. */
export const calibrationTauMs = 60 * 60_000;
/** Pseudo-abandons on both sides: with little evidence the ratio stays near one. */
const PRIOR_ABANDONS = 3;
/** The most a pessimistic record raises the allowance, and the most an optimistic one cuts it. */
const MAX_RAISE = 1.2;
const MAX_CUT = 0.25;

export function createForecastCalibration(): ForecastCalibration {
  return { expected: 0, abandoned: 0, atMs: 0, shareInForce: null };
}

function decay(calibration: ForecastCalibration, atMs: number): void {
  if (atMs <= calibration.atMs) return;
  const factor = decayFactor(calibration.atMs, atMs, calibrationTauMs);
  calibration.expected *= factor;
  calibration.abandoned *= factor;
  calibration.atMs = atMs;
}

export function noteForecastInForce(calibration: ForecastCalibration, share: number | null): void {
  calibration.shareInForce = share;
}

/** A live answer: returns the share it is counted with, or null when no forecast was in force. */
export function noteLiveAnswer(calibration: ForecastCalibration, atMs: number): number | null {
  const share = calibration.shareInForce;
  if (share === null) return null;
  decay(calibration, atMs);
  calibration.expected += share;
  return share;
}

/** An abandon of a live answer that was counted against a forecast. */
export function noteCountedAbandon(calibration: ForecastCalibration, atMs: number): void {
  decay(calibration, atMs);
  calibration.abandoned += 1;
}

/** Expected over realised abandons, shrunk towards one: > 1 when the forecast ran pessimistic. */
export function calibrationFactor(expected: number, abandoned: number): number {
  const ratio = (expected + PRIOR_ABANDONS) / (abandoned + PRIOR_ABANDONS);
  return Math.min(MAX_RAISE, Math.max(MAX_CUT, ratio));
}

/** The decayed counts as they stand at `nowMs`. */
export function calibrationNow(calibration: ForecastCalibration, nowMs: number): { expected: number; abandoned: number } {
  const factor = decayFactor(calibration.atMs, nowMs, calibrationTauMs);
  return { expected: calibration.expected * factor, abandoned: calibration.abandoned * factor };
}

/** The factor the allowance is scaled by at `nowMs`. */
export function calibrationFactorAt(calibration: ForecastCalibration, nowMs: number): number {
  const { expected, abandoned } = calibrationNow(calibration, nowMs);
  return calibrationFactor(expected, abandoned);
}
