// How much abandonment risk one pacing step may take. The regime's target is a ceiling, never a
// goal: the controller aims below it, trims its aim when the recent rate runs above it, scales it
// by how the forecast has fared (see forecast-calibration.ts), tapers to nothing as the
// regime window's rate approaches the target, and holds to what the last quarter hour's abandons
// leave room for (see quarter-hour-cap.ts). How far under budget the window is never raises
// the allowance: unspent budget is not spent to catch up, and no step is allowed the target.

import { lastQuarterHour } from './burst-weight.js';
import type { PacingSnapshot } from './pacing-snapshot.js';
import { holdToQuarterHour } from './quarter-hour-cap.js';

/** Share of the target aimed at, leaving headroom for forecast error and bad luck. */
export const aimShare = 0.8;
/** Share of the target at which the window counts as spent: the last few percent of the budget
 * are a margin for the abandons of calls already in flight when the window reaches it. */
export const ceilingShare = 0.95;
/** Live answers in the regime window before its rate tapers the aim. */
export const windowMinAnswers = 20;
/** Live answers before an over-target window stops overdialling altogether: one early abandon
 * among a handful of answers says little about a window of thousands. */
export const spentMinAnswers = 100;
/** Weight of the recent rate reaches 1 with this many (decayed) recent live answers. */
const recentFullWeightAnswers = 100;
/** How hard the recent rate's ratio to the aim bends the allowance (a power law, so that a
 * forecast that runs twice too optimistic is corrected by more than half). */
const recentExponent = 1.5;
const minMultiplier = 0.1;

/** True when the regime window has used up the budget: no more overdialling at all. */
export function budgetSpent(snapshot: PacingSnapshot): boolean {
  const { abandon } = snapshot;
  return abandon.liveAnswers >= spentMinAnswers && abandon.rate >= snapshot.abandonTarget * ceilingShare;
}

export interface AbandonAllowance {
  /** The expected share of live answers a step may leave without an agent. */
  share: number;
  /** True when the last quarter hour's abandons held the share below what the rest allowed. */
  heldByQuarterHour: boolean;
}

/**
 * The share of the counted rate that AMD's false positives take whatever the pacing does, where
 * the regime counts them (UK, strict): machine answers times the campaign's false-positive rate, in
 * both terms of the rate. Overdialling has only what they leave of the budget.
 */
export function falsePositiveShare(abandon: PacingSnapshot['abandon']): number {
  const estimated = abandon.countedAbandoned - abandon.abandoned;
  return abandon.countedLiveAnswers > 0 && estimated > 0 ? estimated / abandon.countedLiveAnswers : 0;
}

/** What a step may risk, and whether the last quarter hour is what limits it. */
export function abandonAllowance(snapshot: PacingSnapshot): AbandonAllowance {
  const target = snapshot.abandonTarget;
  const { abandon } = snapshot;
  const falsePositives = falsePositiveShare(abandon);
  // Every rate below is as the regime counts it; the step's own abandons are what is left above the false positives.
  const aim = target * aimShare - falsePositives;
  if (aim <= 0) return { share: 0, heldByQuarterHour: false };
  const weight = Math.min(1, abandon.recentLiveAnswers / recentFullWeightAnswers);
  // Only down: a recent rate under the aim mostly follows a stretch of progressive pacing (a
  // cold start, a spent budget), not a pessimistic forecast, and raising the allowance then
  // lets the first burst of overdialling after it run over.
  const ratio = Math.min(1, aim / Math.max(abandon.recentRate - falsePositives, aim * minMultiplier));
  let multiplier = Math.max(minMultiplier, 1 - weight + weight * ratio ** recentExponent);
  // The window's taper goes all the way to nothing: a forecast that runs optimistic must not
  // keep a window that sits just under the target overdialling at a tenth of the aim.
  const ceiling = target * ceilingShare;
  if (abandon.liveAnswers >= windowMinAnswers && abandon.rate > aim + falsePositives) {
    multiplier = Math.min(multiplier, Math.max(0, (ceiling - abandon.rate) / (ceiling - aim - falsePositives)));
  }
  const share = Math.min(ceiling - falsePositives, aim * multiplier * snapshot.calibrationFactor);
  const held = holdToQuarterHour(share, target, lastQuarterHour(abandon), falsePositives);
  return { share: held, heldByQuarterHour: held < share };
}
