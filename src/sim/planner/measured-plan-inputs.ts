// What a campaign has measured, read as the planner's inputs: a plan for the rest of a list is
// better made from the answer rate and call lengths the list has shown than from guesses. Each
// figure is given only once something has been measured for it (the stats start from priors).

import type { CampaignStats } from '../../core/stats/campaign-stats.js';
import type { RunningMean } from '../../core/stats/running-mean.js';

export interface MeasuredPlanInputs {
  /** Dials the rates rest on. */
  dials: number;
  /** Share of dials that reached a live person, over the last few thousand dials (a machine AMD
   * took for a person counts: it reached an agent too). */
  liveRate: number | null;
  /** Share of dials answered by a machine that AMD recognised. */
  machineRate: number | null;
  /** Talks and wraps ended that the lengths rest on. */
  talks: number;
  talkSeconds: number | null;
  wraps: number;
  wrapSeconds: number | null;
}

const measured = (mean: RunningMean, scale = 1): number | null => (mean.samples > 0 ? mean.mean / scale : null);

const positiveOrNull = (value: number | null): number | null => (value !== null && value > 0 ? value : null);

/** The campaign's figures as planner inputs; null when it has not dialled yet. */
export function measuredPlanInputs(stats: CampaignStats): MeasuredPlanInputs | null {
  if (stats.dials === 0 && stats.talkMs.samples === 0) return null;
  return {
    dials: stats.dials,
    // No live answer yet among a few dials is no rate to plan on (the planner takes none of 0).
    liveRate: positiveOrNull(measured(stats.liveAnswerRateLong)),
    machineRate: measured(stats.machineRate),
    talks: stats.talkMs.samples,
    talkSeconds: measured(stats.talkMs, 1000),
    wraps: stats.wrapMs.samples,
    wrapSeconds: measured(stats.wrapMs, 1000),
  };
}
