// Online statistics the pacer needs, learned from the campaign's own calls: how often a dial
// reaches a live person, how long ringing and talking take. Priors are the figures of
// DESIGN.md section 4 and are replaced by data as calls complete.

import { addSample, createRunningMean, type RunningMean } from './running-mean.js';

export interface CampaignStats {
  /** Share of finished dials that reached a live person (human or AMD-missed machine). */
  liveAnswerRate: RunningMean;
  /** Share of finished dials answered by a machine that AMD recognised. */
  machineRate: RunningMean;
  /** From originate to live answer, for live answers. */
  liveRingMs: RunningMean;
  /** From originate to the end of a dial that reached no one. */
  failedDialMs: RunningMean;
  talkMs: RunningMean;
  wrapMs: RunningMean;
  dials: number;
  liveAnswers: number;
}

const HORIZON = 500;

export function createCampaignStats(): CampaignStats {
  return {
    liveAnswerRate: createRunningMean(0.2, HORIZON),
    machineRate: createRunningMean(0.2, HORIZON),
    liveRingMs: createRunningMean(10_000, HORIZON),
    failedDialMs: createRunningMean(20_000, HORIZON),
    talkMs: createRunningMean(120_000, HORIZON),
    wrapMs: createRunningMean(15_000, HORIZON),
    dials: 0,
    liveAnswers: 0,
  };
}

export type DialResult = 'live' | 'machine' | 'none';

/** Records the fate of one dial once it is known (answered live, machine, or no one). */
export function recordDialResult(stats: CampaignStats, result: DialResult, ringMs: number): void {
  stats.dials += 1;
  addSample(stats.liveAnswerRate, result === 'live' ? 1 : 0);
  addSample(stats.machineRate, result === 'machine' ? 1 : 0);
  if (result === 'live') {
    stats.liveAnswers += 1;
    addSample(stats.liveRingMs, ringMs);
  } else {
    addSample(stats.failedDialMs, ringMs);
  }
}

export function recordTalk(stats: CampaignStats, talkMs: number): void {
  addSample(stats.talkMs, talkMs);
}

export function recordWrap(stats: CampaignStats, wrapMs: number): void {
  addSample(stats.wrapMs, wrapMs);
}
