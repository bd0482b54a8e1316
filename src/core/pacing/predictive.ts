// Predictive pacing: launch as many calls as keeps the expected share of live answers that find
// no free agent within what the abandonment controller allows. Live answers are forecast per
// call in flight (conditioned on how long it has rung) and agents becoming free per busy agent
// (conditioned on how long it has talked or wrapped), at several horizons, because an answer
// that comes before the agent it was counting on is lost even if that agent frees up later.
// With few samples, a small team or a spent budget it falls back to one call per ready agent.

import { launchesPerStepMax, safeHarborMarginMs } from '../limits.js';
import type { CampaignStats } from '../stats/campaign-stats.js';
import { allowedAbandonShare, budgetSpent } from './abandon-controller.js';
import { chanceFreeWithin, freeForecastModel } from './agent-free-forecast.js';
import { answerForecastModel, liveChances, newCallChances } from './answer-forecast.js';
import { expectedLosses, type Period } from './loss-chain.js';
import type { ModeTarget } from './mode-targets.js';
import type { PacingSnapshot } from './pacing-snapshot.js';

/** Dials needed before the learned answer rate is trusted over progressive pacing. */
export const predictiveMinSamples = 60;
/** Below this many staffed agents the variance is too high to overdial safely. */
export const predictiveMinAgents = 4;
/** Dials over which the allowed risk ramps up from zero once the minimum is reached. */
const rampDials = 300;
/** Talks ended per staffed agent before the model is used, and by which its allowed risk has
 * ramped up to full. The first calls to end are the short ones, so a young talk-time histogram
 * runs short and expects busy agents free far too soon (a large team started together is then
 * overdialled by several times its budget); once every agent has ended a call or two, the long
 * ones have been seen too. */
const minTalksPerAgent = 1.5;
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
  const n = Math.max(1, Math.min(fast.samples, fast.horizon));
  const standardError = Math.sqrt(Math.max(0.01, fast.mean * (1 - fast.mean)) / n);
  const noise = Math.sqrt(Math.max(0.01, slow * (1 - slow)) / n);
  const risen = fast.samples >= fast.horizon / 2 && fast.mean > slow + changeZ * noise;
  return Math.min(0.95, Math.max(0.005, slow, risen ? fast.mean : fast.mean - standardError));
}

export function predictiveLaunch(snapshot: PacingSnapshot): ModeTarget {
  const { stats } = snapshot;
  if (stats.dials < predictiveMinSamples) return progressive(snapshot, 'few_samples');
  if (snapshot.agentsStaffed < predictiveMinAgents) return progressive(snapshot, 'small_team');
  if (budgetSpent(snapshot)) return progressive(snapshot, 'abandon_budget');
  const talksPerAgent = stats.talkShape.samples / snapshot.agentsStaffed;
  if (talksPerAgent < minTalksPerAgent) return progressive(snapshot, 'few_samples');
  const allowed = allowedAbandonShare(snapshot) * Math.min(1, (stats.dials - predictiveMinSamples) / rampDials,
    (talksPerAgent - minTalksPerAgent) / (rampTalksPerAgent - minTalksPerAgent));
  const p = liveRateEstimate(stats);
  const forecast = buildForecast(snapshot, p);

  const maxLaunch = Math.min(launchesPerStepMax, lineRoom(snapshot));
  let launch = 0;
  let share = forecast.share(0);
  while (launch < maxLaunch && share <= allowed) {
    const next = forecast.share(launch + 1);
    if (next > allowed) break;
    launch += 1;
    share = next;
  }
  const floor = progressive(snapshot, 'agents');
  const details = {
    liveAnswerRate: p,
    expectedFreeAgents: forecast.expectedFree,
    expectedLiveAnswers: forecast.expectedLive + launch * p,
    predictedAbandonShare: share,
    allowedAbandonShare: allowed,
  };
  if (launch < floor.wanted) return { ...floor, forecast: details };
  return { wanted: launch, binding: 'model', forecast: details };
}

function lineRoom(snapshot: PacingSnapshot): number {
  const lines = snapshot.callsDialing + snapshot.callsWaiting + snapshot.leadsPending + snapshot.callsConnected + snapshot.callsOther;
  return Math.max(0, snapshot.settings.maxLinesPerAgent * snapshot.agentsStaffed - lines);
}

interface Forecast {
  /** Expected share of live answers left without an agent with `launch` more calls. */
  share(launch: number): number;
  expectedFree: number;
  expectedLive: number;
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
  return {
    share: (launch) => {
      const denominator = expectedLive + launch * p;
      if (denominator <= 0) return 0;
      return expectedLosses(snapshot.agentsReady, periods, launch, cap) / denominator;
    },
    expectedFree,
    expectedLive,
  };
}
