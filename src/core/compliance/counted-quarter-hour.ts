// The last quarter hour's abandonment as the campaign's regime counts it: under UK and strict rules
// the estimated AMD false positives are abandons and live answers in it, as in the regime window's
// rate. The pacer's quarter-hour cap, the metrics' 15-minute rate and the compliance page's
// quarter hour all read it from here, so that none of them counts a quarter hour another way.

import type { AbandonFigures } from './abandon-ledger.js';

export interface CountedQuarterHour {
  /** As they happened, before any estimate. */
  liveAnswers: number;
  abandoned: number;
  machineAnswers: number;
  /** As the regime counts them (UK and strict add the estimated AMD false positives to both). */
  countedLiveAnswers: number;
  countedAbandoned: number;
  /** countedAbandoned over countedLiveAnswers; 0 while the quarter hour holds no live answer. */
  rate: number;
}

type QuarterHourFigures = Pick<AbandonFigures, 'quarterHourLive' | 'quarterHourAbandoned' | 'quarterHourMachineAnswers'
  | 'quarterHourCountedLiveAnswers' | 'quarterHourCountedAbandoned'>;

export function countedQuarterHour(figures: QuarterHourFigures): CountedQuarterHour {
  const { quarterHourCountedLiveAnswers: countedLiveAnswers, quarterHourCountedAbandoned: countedAbandoned } = figures;
  return {
    liveAnswers: figures.quarterHourLive, abandoned: figures.quarterHourAbandoned, machineAnswers: figures.quarterHourMachineAnswers,
    countedLiveAnswers, countedAbandoned, rate: countedLiveAnswers > 0 ? countedAbandoned / countedLiveAnswers : 0,
  };
}
