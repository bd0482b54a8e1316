// The most a step may allow once the last quarter hour has had abandons. A quarter hour may run
// to 5/3 of the regime's target (5% against 3%); with a few dozen answers in it that is a handful
// of abandons, and the allowance the regime window leaves would still expect one or two more:
// enough, by chance alone, to break it. So the share allowed is held to what keeps the chance of
// the quarter hour breaking its limit low, as Poisson counts of abandons go. It is reckoned
// cautiously on purpose: every abandon of the last quarter hour counts as still in it, and the
// last quarter hour's answers stand for the next one's. (Letting each abandon age out on time
// was measured too, and was too loose to spare the bad quarter hours.) Under a 3% budget it does
// not bind while a quarter hour has had no abandons; it bites hardest in small teams after a burst.
// The quarter hour is counted as the regime counts its rate (lastQuarterHour): under UK and strict
// rules the estimated AMD false positives are abandons in it, those of the last quarter hour and
// those the next one's machine answers will bring, so the step's own abandons have what they leave.

import { largestPoissonMean, poissonAtLeast } from '../stats/poisson-tail.js';
import { quarterHourLimitFactor, type QuarterHour } from './burst-weight.js';

/** The chance of breaking the quarter hour's limit a step's allowance may carry. */
export const quarterHourOverrunChance = 0.25;
/** A quarter hour counts as holding at least this many answers: the first minutes of a campaign
 * would otherwise read one abandon as a full quarter hour's worth. */
const minQuarterHourAnswers = 20;

/**
 * `share`, or the most of it that keeps the quarter hour within its limit as likely as asked.
 * Most steps fit, and are told so by one tail chance; the search runs only when the cap binds.
 */
export function holdToQuarterHour(share: number, target: number, quarterHour: QuarterHour, falsePositiveShare = 0): number {
  const answers = Math.max(minQuarterHourAnswers, quarterHour.live);
  // The step's abandons that would take the quarter hour over its limit: the limit itself is
  // allowed (6 of 120 is 5%, not above it); the tolerance keeps it so in floating point.
  const left = target * quarterHourLimitFactor * answers - quarterHour.abandoned - falsePositiveShare * answers;
  const room = Math.floor(left + 1e-9) + 1;
  if (poissonAtLeast(share * answers, room) <= quarterHourOverrunChance) return share;
  return largestPoissonMean(room, quarterHourOverrunChance) / answers;
}
