// When calls in flight turn into live answers that need an agent. A call that has rung for a
// while without being answered is less likely to be a person (machines answer late, no-answers
// ring out), so each call's chance is conditioned on its age using the learned dial times.

import type { CampaignStats } from '../stats/campaign-stats.js';
import { cdfAt, dialTimeCdf, type DialTimeCdf } from '../stats/dial-time-histogram.js';
import type { DialingCall } from './pacing-snapshot.js';

export interface AnswerForecastModel {
  /** Live answers per dial. */
  p: number;
  /** Of calls answered and in AMD, the share that will be passed on as live. */
  answeredIsLive: number;
  live: DialTimeCdf;
  other: DialTimeCdf;
  /** From answer to the moment the call needs an agent (AMD analysis), ms. */
  liveDelayMs: number;
  /** From the launch decision to the originate (lead lease), ms. */
  launchDelayMs: number;
}

/** The time from the decision to originate: the shell leases the lead first. */
const LEASE_DELAY_MS = 100;
/** AMD's HUMAN verdict arrives this long after the answer, typically (DESIGN.md section 4). */
const AMD_DELAY_MS = 2_000;

export function answerForecastModel(stats: CampaignStats, p: number, amdEnabled: boolean): AnswerForecastModel {
  const machine = stats.machineRate.mean;
  return {
    p,
    answeredIsLive: p + machine > 0 ? p / (p + machine) : 1,
    live: dialTimeCdf(stats.dialTimes.live),
    other: dialTimeCdf(stats.dialTimes.other),
    liveDelayMs: amdEnabled ? AMD_DELAY_MS : 0,
    launchDelayMs: LEASE_DELAY_MS,
  };
}

/** The chance a dialling call ever becomes live, and the chance it does so within `withinMs`. */
export function liveChances(model: AnswerForecastModel, call: DialingCall, horizonsMs: readonly number[], out: Float64Array): number {
  if (call.answered) {
    out.fill(model.answeredIsLive);
    return model.answeredIsLive;
  }
  const e = call.elapsedMs;
  const liveSoFar = cdfAt(model.live, e);
  const pendingLive = model.p * (1 - liveSoFar);
  const pendingOther = (1 - model.p) * (1 - cdfAt(model.other, e));
  const pending = pendingLive + pendingOther;
  if (pending <= 1e-12) {
    out.fill(0);
    return 0;
  }
  for (let k = 0; k < horizonsMs.length; k++) {
    const by = e + (horizonsMs[k] ?? 0) - model.liveDelayMs;
    out[k] = by <= e ? 0 : (model.p * Math.max(0, cdfAt(model.live, by) - liveSoFar)) / pending;
  }
  return pendingLive / pending;
}

/** The same for a call launched now. */
export function newCallChances(model: AnswerForecastModel, horizonsMs: readonly number[], out: Float64Array): number {
  for (let k = 0; k < horizonsMs.length; k++) {
    out[k] = model.p * cdfAt(model.live, (horizonsMs[k] ?? 0) - model.liveDelayMs - model.launchDelayMs);
  }
  return model.p;
}
