// Abandonment regimes: how a jurisdiction counts abandoned calls and over which window.

export type AbandonRegime = 'us' | 'uk' | 'strict';

export interface RegimeRules {
  /** Rolling window over which the rate is measured. */
  windowMs: number;
  /** The highest target the regime permits, as a fraction of live answers. */
  maxTarget: number;
  /** Whether the estimated AMD false positives count as abandoned calls (UK). */
  countsAmdFalsePositives: boolean;
  /** An abandoned number may not be dialled again for this long (UK 72 h); 0 = no rule. */
  redialAfterAbandonMs: number;
  /** A lead whose call AMD took for a machine waits at least this long before the dialler calls it
   * again (Ofcom: within the same 24 h only with a live operator guaranteed); 0 = no rule. */
  redialAfterMachineMs: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const regimeRules: Record<AbandonRegime, RegimeRules> = {
  us: { windowMs: 30 * DAY_MS, maxTarget: 0.03, countsAmdFalsePositives: false, redialAfterAbandonMs: 0, redialAfterMachineMs: 0 },
  uk: { windowMs: DAY_MS, maxTarget: 0.03, countsAmdFalsePositives: true, redialAfterAbandonMs: 72 * HOUR_MS, redialAfterMachineMs: DAY_MS },
  strict: { windowMs: DAY_MS, maxTarget: 0.01, countsAmdFalsePositives: true, redialAfterAbandonMs: 72 * HOUR_MS, redialAfterMachineMs: DAY_MS },
};

/** The highest target any regime permits. */
export const highestRegimeTarget = Math.max(...Object.values(regimeRules).map((rules) => rules.maxTarget));

/** The budget in force: the campaign's target, never above what the regime permits. */
export function effectiveAbandonTarget(regime: AbandonRegime, campaignTarget: number): number {
  return Math.min(campaignTarget, regimeRules[regime].maxTarget);
}

/** Answers over a period, as counted before any estimate. */
export interface AnswerCounts {
  /** Answers by a person, the abandoned ones included. */
  liveAnswers: number;
  abandoned: number;
  /** Answers an AMD verdict gave to a machine. */
  machineAnswers: number;
}

/** Abandonment as the regime counts it: UK and strict take the machine verdicts that were people
 * (machine answers times the campaign's AMD false-positive rate) as abandoned live answers, in both
 * terms of the rate; the US counts the abandoned calls over the live answers. Rate 0 without answers. */
export function countedAbandonment(regime: AbandonRegime, counts: AnswerCounts, amdFalsePositiveRate: number): {
  countedAbandoned: number; countedLiveAnswers: number; rate: number;
} {
  const falsePositives = regimeRules[regime].countsAmdFalsePositives ? counts.machineAnswers * amdFalsePositiveRate : 0;
  const countedAbandoned = counts.abandoned + falsePositives;
  const countedLiveAnswers = counts.liveAnswers + falsePositives;
  return { countedAbandoned, countedLiveAnswers, rate: countedLiveAnswers > 0 ? countedAbandoned / countedLiveAnswers : 0 };
}
