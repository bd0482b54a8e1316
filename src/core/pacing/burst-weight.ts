// How much more than their share a step's abandons that come together count. The regime's rate
// is kept over a long window, but abandons come in bursts (several answers at a moment no agent
// is free), and a burst of them is what makes a bad quarter hour: with 20 agents a quarter hour
// holds about 120 live answers, so 5% of it is six. A step's expected pairs of answers lost
// together, E[L(L-1)], therefore count extra once the last quarter hour has started to use its
// allowance: nothing while it has no abandons (a weight there costs talk time every step and
// saves little), growing with the share used and with how little room is left. A quarter hour
// with few answers cannot hold a share against even one burst whatever the pacing (with 30
// answers, 5% is one and a half abandons), so its room is counted from a floor of a few abandons
// rather than holding a small team near progressive.

import { countedQuarterHour } from '../compliance/counted-quarter-hour.js';

/** A quarter hour may run to this multiple of the regime's target (5% against a 3% target). */
export const quarterHourLimitFactor = 5 / 3;
/** Weight of the pairs when the room left equals one abandon and the weight is fully in force. */
const pairWeightAtOneAbandon = 2;
/** Room below this many abandons counts as this many: the weight is bounded. */
const minRoom = 0.5;
/** The fewest abandons a quarter hour's room is counted from. */
const minQuarterHourAllowance = 3;
/** Share of the quarter hour's allowance used at which the weight is fully in force. */
const fullWeightAtUsed = 2 / 3;

/** A quarter hour as the regime counts it (lastQuarterHour). */
export interface QuarterHour {
  live: number;
  abandoned: number;
}

/** The last quarter hour as the regime counts it (UK and strict: with the estimated AMD false
 * positives among its abandons and live answers), as the window's rate is counted. */
export function lastQuarterHour(abandon: Parameters<typeof countedQuarterHour>[0]): QuarterHour {
  const counted = countedQuarterHour(abandon);
  return { live: counted.countedLiveAnswers, abandoned: counted.countedAbandoned };
}

/** Weight on E[L(L-1)] for a campaign with this target and last quarter hour. */
export function burstWeight(target: number, quarterHour: QuarterHour): number {
  const allowance = Math.max(minQuarterHourAllowance, target * quarterHourLimitFactor * quarterHour.live);
  const inForce = Math.min(1, quarterHour.abandoned / allowance / fullWeightAtUsed);
  return (inForce * pairWeightAtOneAbandon) / Math.max(minRoom, allowance - quarterHour.abandoned);
}
