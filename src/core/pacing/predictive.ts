// Predictive pacing: launch as many calls as keeps the expected share of live answers that find
// no free agent within what the abandonment controller allows. Live answers are forecast per
// call in flight (conditioned on how long it has rung) and agents becoming free per busy agent
// (conditioned on how long it has talked or wrapped), at several horizons, because an answer
// that comes before the agent it was counting on is lost even if that agent frees up later.
// With few samples, a small team or a spent budget it falls back to one call per ready agent.

import { highestRegimeTarget } from '../compliance/abandon-regime.js';
import { launchesPerStepMax, safeHarborMarginMs } from '../limits.js';
import type { CampaignStats } from '../stats/campaign-stats.js';
import { effectiveSamples } from '../stats/running-mean.js';
import { abandonAllowance, budgetSpent } from './abandon-controller.js';
import { chanceFreeWithin, freeForecastModel } from './agent-free-forecast.js';
import { answerForecastModel, liveChances, newCallChances } from './answer-forecast.js';
import { burstWeight, lastQuarterHour } from './burst-weight.js';
import { lossChain, type LossMoments, type Period } from './loss-chain.js';
import type { ModeTarget } from './mode-targets.js';
import type { PacingSnapshot } from './pacing-snapshot.js';

/** Dials needed before the learned answer rate is trusted over progressive pacing. */
export const predictiveMinSamples = 60;
/** Below this many staffed agents the variance is too high to overdial within any regime's budget:
 * one burst of two answers and no agent is several percent of a small team's hour. Only a budget
 * above every regime's lets them (the benchmark's equal-abandonment runs set one, to compare with
 * pacers that abandon tens of percent). */
export const predictiveMinAgents = 4;
/** Dials over which the allowed risk ramps up from zero once the minimum is reached. */
const rampDials = 300;
/** Talks ended per staffed agent before the model is used, and by which its allowed risk has
 * ramped up to full. The first calls to end are the short ones, so a young talk-time histogram
 * runs short and expects busy agents free far too soon (a large team started together is then
 * overdialled by several times its budget); once every agent has ended a call or two, the long
 * ones have been seen too. */
export const minTalksPerAgent = 1.5;
const rampTalksPerAgent = 3;
/** Moments after now at which answers and free agents are compared (ms). */
export const forecastHorizonsMs: readonly number[] = [2_000, 4_000, 6_000, 8_000, 11_000, 14_000, 18_000, 24_000];

function progressive(snapshot: PacingSnapshot, binding: ModeTarget['binding']): ModeTarget {
  const inFlight = snapshot.callsDialing + snapshot.callsWaiting + snapshot.leadsPending;
  return { wanted: snapshot.agentsReady - inFlight, binding };
}

/** Standard errors by which the recent live-answer rate must exceed the long-run one before it
 * is taken as a change in the list rather than noise. */
const changeZ = 2.5;

/**
 * The live-answer rate to plan with: the long-run estimate, unless the recent one is clearly
 * higher. Answers coming back after a lull are what overfills agents, so a rise counts at once:
 * in steady state the recent rate less a standard error, and once it is beyond what noise
 * explains, the recent rate in full. Falls count only as the long-run estimate follows: a rate
 * believed too high underdials, which costs talk time but no abandons, whereas a noisy recent
 * rate at a low answer rate would often look like a fall that is not there.
 */
export function liveRateEstimate(stats: CampaignStats): number {
  const slow = stats.liveAnswerRate.mean;
  const fast = stats.liveAnswerRateFast;
  const n = effectiveSamples(fast);
  const standardError = Math.sqrt(Math.max(0.01, fast.mean * (1 - fast.mean)) / n);
  const noise = Math.sqrt(Math.max(0.01, slow * (1 - slow)) / n);
  const risen = fast.samples >= fast.horizon / 2 && fast.mean > slow + changeZ * noise;
  return Math.min(0.95, Math.max(0.005, slow, risen ? fast.mean : fast.mean - standardError));
}

export function predictiveLaunch(snapshot: PacingSnapshot): ModeTarget {
  const { stats } = snapshot;
  if (stats.dials < predictiveMinSamples) return progressive(snapshot, 'few_samples');
  if (snapshot.agentsStaffed < predictiveMinAgents && snapshot.abandonTarget <= highestRegimeTarget) return progressive(snapshot, 'small_team');
  if (budgetSpent(snapshot)) return progressive(snapshot, 'abandon_budget');
  const talksPerAgent = stats.talkShape.samples / snapshot.agentsStaffed;
  if (talksPerAgent < minTalksPerAgent) return progressive(snapshot, 'few_samples');
  const allowance = abandonAllowance(snapshot);
  const allowed = allowance.share * Math.min(1, (stats.dials - predictiveMinSamples) / rampDials,
    (talksPerAgent - minTalksPerAgent) / (rampTalksPerAgent - minTalksPerAgent));
  const p = liveRateEstimate(stats);
  const forecast = buildForecast(snapshot, p);

  const launch = mostWithin(Math.min(launchesPerStepMax, lineRoom(snapshot)), allowed, forecast.risk);
  const share = forecast.share(launch);
  const floor = progressive(snapshot, 'agents');
  const details = {
    liveAnswerRate: p,
    expectedFreeAgents: forecast.expectedFree,
    expectedLiveAnswers: forecast.expectedLive + launch * p,
    predictedAbandonShare: share,
    allowedAbandonShare: allowed,
    heldByQuarterHour: allowance.heldByQuarterHour,
    answerRateUncertainty: forecast.uncertainty,
    burstWeight: forecast.burstWeight,
    calibrationFactor: snapshot.calibrationFactor,
  };
  if (launch < floor.wanted) return { ...floor, forecast: details };
  return { wanted: launch, binding: 'model', forecast: details };
}

/**
 * The most calls (up to `max`) whose forecast risk stays within `allowed`; none when even no
 * launch is within it. Expected losses and pairs lost together are convex in the launch count
 * and the answers they are shared over grow linearly, so the risk is quasi-convex: the launches
 * within the allowance form one run from zero. Steps that launch a few calls are the common
 * case, so the search gallops up from one (1, 2, 4, ...) before it bisects: a handful of
 * forecasts either way.
 */
function mostWithin(max: number, allowed: number, risk: (launch: number) => number): number {
  if (risk(0) > allowed) return 0;
  let low = 0;
  let high = max + 1;
  for (let probe = 1; probe <= max; probe = Math.min(max, probe * 2)) {
    if (risk(probe) > allowed) {
      high = probe;
      break;
    }
    low = probe;
    if (probe === max) return max;
  }
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (risk(mid) <= allowed) low = mid;
    else high = mid;
  }
  return low;
}

function lineRoom(snapshot: PacingSnapshot): number {
  const lines = snapshot.callsDialing + snapshot.callsWaiting + snapshot.leadsPending + snapshot.callsConnected + snapshot.callsOther;
  return Math.max(0, snapshot.settings.maxLinesPerAgent * snapshot.agentsStaffed - lines);
}

/**
 * Relative standard error of the live-answer rate the forecast plans with, from the dials it
 * rests on. Losses grow faster than answers, so averaging them over a rate one error lower and
 * one higher costs a large burst of calls (whose answers all share the error) far more than a
 * few: answers per call are not independent draws when the rate itself is off. Low answer rates
 * need many calls per agent and are the least certain, so they are hit hardest. A recent rate
 * that disagrees with the long-run one is uncertainty too: while the list changes (the answer
 * rate comes back after a lull), the gap between the two is how far off the plan may be.
 */
export function answerRateUncertainty(stats: CampaignStats, p: number): number {
  const n = effectiveSamples(stats.liveAnswerRate);
  const sampling = Math.sqrt((1 - p) / (p * n));
  // A rate below where it has been for the last few thousand dials may go back up (a lull ends),
  // which is the direction that overfills agents; above it, the fall is what costs nothing.
  const lull = Math.max(0, stats.liveAnswerRateLong.mean - stats.liveAnswerRate.mean);
  const drift = Math.max(Math.abs(stats.liveAnswerRateFast.mean - stats.liveAnswerRate.mean), lull) / p;
  return Math.min(0.4, Math.max(0.05, sampling, drift));
}

function scaledAnswers(periods: readonly Period[], factor: number): Period[] {
  return periods.map((period) => ({ ...period, answers: period.answers * factor, perLaunch: period.perLaunch * factor }));
}

interface Forecast {
  /** Expected share of live answers left without an agent with `launch` more calls. */
  share(launch: number): number;
  /** That share with the answers lost together weighted up by the burst weight: what the
   * allowance is held against. */
  risk(launch: number): number;
  burstWeight: number;
  expectedFree: number;
  expectedLive: number;
  uncertainty: number;
}

function buildForecast(snapshot: PacingSnapshot, p: number): Forecast {
  const { stats, settings } = snapshot;
  const horizons = forecastHorizonsMs;
  const answerModel = answerForecastModel(stats, p, { enabled: settings.amdEnabled, afterGreetingMs: settings.amdAfterGreetingMs });
  const freeModel = freeForecastModel(stats.talkShape, stats.wrapShape, stats.talkMs.mean);
  // With AMD the 2-second clock starts at the greeting's end, before the verdict that routes the call.
  const greetingHeadStart = settings.amdEnabled ? settings.amdAfterGreetingMs : 0;
  const grace = Math.max(0, settings.connectLimitMs - safeHarborMarginMs - greetingHeadStart);
  // Cumulative expected answers and frees by each horizon.
  const answersBy = new Float64Array(horizons.length);
  const buffer = new Float64Array(horizons.length);
  let expectedLive = snapshot.callsWaiting;
  const addCall = (finalChance: number): void => {
    expectedLive += finalChance;
    for (let k = 0; k < horizons.length; k++) answersBy[k] = (answersBy[k] ?? 0) + (buffer[k] ?? 0);
  };
  for (const call of snapshot.dialingCalls) addCall(liveChances(answerModel, call, horizons, buffer));
  for (let i = 0; i < snapshot.leadsPending; i++) addCall(newCallChances(answerModel, horizons, buffer));
  const perLaunchBy = new Float64Array(horizons.length);
  newCallChances(answerModel, horizons, perLaunchBy);
  const freesBy = horizons.map((h) => snapshot.busyAgents.reduce((sum, agent) => sum + chanceFreeWithin(freeModel, agent, h + grace), 0));
  const periods: Period[] = horizons.map((_, k) => ({
    frees: (freesBy[k] ?? 0) - (k > 0 ? freesBy[k - 1] ?? 0 : 0),
    answers: (answersBy[k] ?? 0) - (k > 0 ? answersBy[k - 1] ?? 0 : 0) + (k === 0 ? snapshot.callsWaiting : 0),
    perLaunch: (perLaunchBy[k] ?? 0) - (k > 0 ? perLaunchBy[k - 1] ?? 0 : 0),
  }));
  const expectedFree = snapshot.agentsReady + (freesBy[freesBy.length - 1] ?? 0);
  const cap = Math.ceil(expectedFree + 4 * Math.sqrt(expectedFree) + 5);
  const u = answerRateUncertainty(stats, p);
  const low = lossChain(scaledAnswers(periods, 1 - u), cap);
  const high = lossChain(scaledAnswers(periods, 1 + u), cap);
  const weight = burstWeight(snapshot.abandonTarget, lastQuarterHour(snapshot.abandon));
  // The search asks for the risk of a few launch counts; the share of the one chosen follows.
  const known = new Map<number, LossMoments>();
  const moments = (launch: number): LossMoments => {
    const seen = known.get(launch);
    if (seen) return seen;
    const atLow = low.moments(snapshot.agentsReady, launch);
    const atHigh = high.moments(snapshot.agentsReady, launch);
    const both = { lost: (atLow.lost + atHigh.lost) / 2, pairs: (atLow.pairs + atHigh.pairs) / 2 };
    known.set(launch, both);
    return both;
  };
  const perAnswer = (launch: number, losses: (m: LossMoments) => number): number => {
    const denominator = expectedLive + launch * p;
    return denominator > 0 ? losses(moments(launch)) / denominator : 0;
  };
  return {
    share: (launch) => perAnswer(launch, (m) => m.lost),
    risk: (launch) => perAnswer(launch, (m) => m.lost + weight * m.pairs),
    burstWeight: weight,
    expectedFree,
    expectedLive,
    uncertainty: u,
  };
}
