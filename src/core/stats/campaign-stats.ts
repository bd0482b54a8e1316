// Online statistics the pacer needs, learned from the campaign's own calls: how often a dial
// reaches a live person, when dials resolve, how long talking and wrapping take. Priors are the
// figures of DESIGN.md section 4 and are replaced by data as calls complete.

import { addDialTime, createDialTimeHistogram, type DialTimeHistogram } from './dial-time-histogram.js';
import { addDuration, createDurationHistogram, type DurationHistogram } from './duration-histogram.js';
import { addLogSample, createLogMoments, type LogMoments } from './log-moments.js';
import { addSample, createRunningMean, type RunningMean } from './running-mean.js';

export interface CampaignStats {
  /** Share of finished dials that reached a live person (human or AMD-missed machine). */
  liveAnswerRate: RunningMean;
  /** The same over the last few dozen dials: reacts within a minute to a change in the list. */
  liveAnswerRateFast: RunningMean;
  /** The same over the last few thousand dials: where the rate has been, and may come back to. */
  liveAnswerRateLong: RunningMean;
  /** Share of finished dials answered by a machine that AMD recognised. */
  machineRate: RunningMean;
  /** From originate to live answer, for live answers. */
  liveRingMs: RunningMean;
  /** From originate to the end of a dial that reached no one. */
  failedDialMs: RunningMean;
  talkMs: RunningMean;
  wrapMs: RunningMean;
  /** Lognormal fits of talk and wrap time (summary figures for reports). */
  talkLog: LogMoments;
  wrapLog: LogMoments;
  /** The learned shapes of talk and wrap time, for forecasting when busy agents free up. */
  talkShape: DurationHistogram;
  wrapShape: DurationHistogram;
  /** When dials resolve, live answers apart from everything else. */
  dialTimes: DialTimeHistogram;
  dials: number;
  liveAnswers: number;
}

const HORIZON = 500;
const FAST_HORIZON = 60;
const LONG_HORIZON = 5_000;

export function createCampaignStats(): CampaignStats {
  return {
    liveAnswerRate: createRunningMean(0.2, HORIZON),
    liveAnswerRateFast: createRunningMean(0.2, FAST_HORIZON),
    liveAnswerRateLong: createRunningMean(0.2, LONG_HORIZON),
    machineRate: createRunningMean(0.2, HORIZON),
    liveRingMs: createRunningMean(10_000, HORIZON),
    failedDialMs: createRunningMean(20_000, HORIZON),
    talkMs: createRunningMean(120_000, HORIZON),
    wrapMs: createRunningMean(15_000, HORIZON),
    talkLog: createLogMoments(120_000, 1, HORIZON),
    wrapLog: createLogMoments(15_000, 0.5, HORIZON),
    talkShape: createDurationHistogram(120_000, 1, HORIZON),
    wrapShape: createDurationHistogram(15_000, 0.5, HORIZON),
    dialTimes: createDialTimeHistogram(HORIZON),
    dials: 0,
    liveAnswers: 0,
  };
}

export type DialResult = 'live' | 'machine' | 'none';

/** Records the fate of one dial once it is known (answered live, machine, or no one). */
export function recordDialResult(stats: CampaignStats, result: DialResult, ringMs: number): void {
  stats.dials += 1;
  const live = result === 'live' ? 1 : 0;
  addSample(stats.liveAnswerRate, live);
  addSample(stats.liveAnswerRateFast, live);
  addSample(stats.liveAnswerRateLong, live);
  addSample(stats.machineRate, result === 'machine' ? 1 : 0);
  addDialTime(stats.dialTimes, result, ringMs);
  if (result === 'live') {
    stats.liveAnswers += 1;
    addSample(stats.liveRingMs, ringMs);
  } else {
    addSample(stats.failedDialMs, ringMs);
  }
}

export function recordTalk(stats: CampaignStats, talkMs: number): void {
  addSample(stats.talkMs, talkMs);
  addLogSample(stats.talkLog, talkMs);
  addDuration(stats.talkShape, talkMs);
}

export function recordWrap(stats: CampaignStats, wrapMs: number): void {
  addSample(stats.wrapMs, wrapMs);
  addLogSample(stats.wrapLog, wrapMs);
  addDuration(stats.wrapShape, wrapMs);
}
