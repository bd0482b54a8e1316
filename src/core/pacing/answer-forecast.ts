// When calls in flight turn into live answers that need an agent. A call that has rung for a
// while without being answered is less likely to be a person (machines answer late, no-answers
// ring out), so each call's chance is conditioned on its age using the learned dial times. A
// call already answered and in AMD analysis is judged by when it was answered: people answer
// early, machines late, so an early answer is nearly always a person who will need an agent as
// soon as the verdict comes, and a late one rarely is.

import type { CampaignStats } from '../stats/campaign-stats.js';
import { cdfAt, dialTimeCdf, massAround, type DialTimeCdf } from '../stats/dial-time-histogram.js';
import type { DialingCall } from './pacing-snapshot.js';

export interface AnswerForecastModel {
  /** Live answers per dial. */
  p: number;
  /** Answers AMD recognises as machines, per dial. */
  machine: number;
  /** Of calls answered and in AMD, the share that will be passed on as live, when the ring time is unknown. */
  answeredIsLive: number;
  live: DialTimeCdf;
  machineTimes: DialTimeCdf;
  other: DialTimeCdf;
  /** From answer to the moment the call needs an agent (the AMD verdict), as equal-weight nodes, ms. */
  liveDelayNodesMs: readonly number[];
  /** From the launch decision to the originate (lead lease), ms. */
  launchDelayMs: number;
}

/** The time from the decision to originate: the shell leases the lead first. */
const LEASE_DELAY_MS = 100;
/** AMD says HUMAN after a short greeting ("hello?", about 0.3-1.5 s) and then the configured
 * silence; equal-weight quantile nodes of the greeting's length. The spread matters: a verdict
 * that comes a second earlier than planned meets an agent who is not free yet. */
const GREETING_NODES_MS = [400, 650, 900, 1_150, 1_500];
/** Half-width of the ring-time window an answered call is compared in. */
const RING_MATCH_MS = 1_500;

export function answerForecastModel(stats: CampaignStats, p: number, amd: { enabled: boolean; afterGreetingMs: number }): AnswerForecastModel {
  const machine = stats.machineRate.mean;
  return {
    p,
    machine,
    answeredIsLive: p + machine > 0 ? p / (p + machine) : 1,
    live: dialTimeCdf(stats.dialTimes.live),
    machineTimes: dialTimeCdf(stats.dialTimes.machine),
    other: dialTimeCdf(stats.dialTimes.other),
    liveDelayNodesMs: amd.enabled ? GREETING_NODES_MS.map((g) => g + amd.afterGreetingMs) : [0],
    launchDelayMs: LEASE_DELAY_MS,
  };
}

/** The chance an answered call in AMD analysis is passed on as live, given when it was answered. */
export function answeredLiveChance(model: AnswerForecastModel, ringMs: number | undefined): number {
  if (ringMs === undefined) return model.answeredIsLive;
  const live = model.p * massAround(model.live, ringMs, RING_MATCH_MS);
  const machine = model.machine * massAround(model.machineTimes, ringMs, RING_MATCH_MS);
  if (live + machine <= 1e-9) return model.answeredIsLive;
  return live / (live + machine);
}

/** The chance a dialling call ever becomes live, and the chance it does so within each horizon. */
export function liveChances(model: AnswerForecastModel, call: DialingCall, horizonsMs: readonly number[], out: Float64Array): number {
  const nodes = model.liveDelayNodesMs;
  if (call.answered) {
    const since = call.sinceAnswerMs;
    const chance = answeredLiveChance(model, since === undefined ? undefined : call.elapsedMs - since);
    // The verdict's delay, conditioned on it not having come yet; an overdue one is due now.
    const pending = since === undefined ? [] : nodes.filter((d) => d > since).map((d) => d - since);
    if (pending.length === 0) {
      out.fill(chance);
      return chance;
    }
    for (let k = 0; k < horizonsMs.length; k++) {
      const h = horizonsMs[k] ?? 0;
      out[k] = (chance * pending.filter((d) => d <= h).length) / pending.length;
    }
    return chance;
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
    let sum = 0;
    for (const d of nodes) {
      const by = e + (horizonsMs[k] ?? 0) - d;
      if (by > e) sum += Math.max(0, cdfAt(model.live, by) - liveSoFar);
    }
    out[k] = (model.p * sum) / nodes.length / pending;
  }
  return pendingLive / pending;
}

/** The same for a call launched now. */
export function newCallChances(model: AnswerForecastModel, horizonsMs: readonly number[], out: Float64Array): number {
  const nodes = model.liveDelayNodesMs;
  for (let k = 0; k < horizonsMs.length; k++) {
    let sum = 0;
    for (const d of nodes) sum += cdfAt(model.live, (horizonsMs[k] ?? 0) - d - model.launchDelayMs);
    out[k] = (model.p * sum) / nodes.length;
  }
  return model.p;
}
