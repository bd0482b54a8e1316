// Predictive pacing: launch as many calls as keeps the expected share of live answers that find
// no free agent within the abandonment budget. Agents becoming free are forecast from the
// learned talk and wrap times; live answers from the learned answer rate. With few samples, a
// small team or a spent budget it falls back to one call per ready agent.

import type { ModeTarget } from './mode-targets.js';
import type { BusyAgent, PacingSnapshot } from './pacing-snapshot.js';

/** Dials needed before the learned answer rate is trusted over progressive pacing. */
export const predictiveMinSamples = 60;
/** Below this many staffed agents the variance is too high to overdial safely. */
export const predictiveMinAgents = 3;
/** Aim for this share of the budget, keeping headroom for forecast error. */
const budgetShare = 0.6;

function progressive(snapshot: PacingSnapshot, binding: ModeTarget['binding']): ModeTarget {
  const inFlight = snapshot.callsDialing + snapshot.callsWaiting + snapshot.leadsPending;
  return { wanted: snapshot.agentsReady - inFlight, binding };
}

/** Chance that a busy agent is free within `horizonMs`, treating talk time as memoryless. */
export function chanceFreeWithin(agent: BusyAgent, horizonMs: number, talkMs: number, wrapMs: number): number {
  if (agent.phase === 'wrap_up') return wrapMs - agent.elapsedMs <= horizonMs ? 0.9 : 0.1;
  const afterWrap = horizonMs - wrapMs;
  if (afterWrap <= 0 || talkMs <= 0) return 0;
  return 1 - Math.exp(-afterWrap / talkMs);
}

/** Distribution of a sum of independent Bernoulli variables (Poisson binomial). */
export function sumOfBernoulli(chances: readonly number[]): number[] {
  let pmf = [1];
  for (const p of chances) {
    const next = new Array<number>(pmf.length + 1).fill(0);
    for (let k = 0; k < pmf.length; k++) {
      const mass = pmf[k] ?? 0;
      next[k] = (next[k] ?? 0) + mass * (1 - p);
      next[k + 1] = (next[k + 1] ?? 0) + mass * p;
    }
    pmf = next;
  }
  return pmf;
}

/** Expected live answers that find no agent, as a share of expected live answers. */
export function expectedShortfallShare(answerPmf: readonly number[], freePmf: readonly number[]): number {
  let shortfall = 0;
  let answers = 0;
  for (let a = 0; a < answerPmf.length; a++) {
    const pa = answerPmf[a] ?? 0;
    if (pa < 1e-12) continue;
    answers += a * pa;
    for (let f = 0; f < a && f < freePmf.length; f++) shortfall += pa * (freePmf[f] ?? 0) * (a - f);
  }
  return answers > 0 ? shortfall / answers : 0;
}

function binomialPmf(trials: number, p: number): number[] {
  return sumOfBernoulli(new Array<number>(trials).fill(p));
}

export function predictiveLaunch(snapshot: PacingSnapshot): ModeTarget {
  const { stats } = snapshot;
  if (stats.dials < predictiveMinSamples) return progressive(snapshot, 'few_samples');
  if (snapshot.agentsStaffed < predictiveMinAgents) return progressive(snapshot, 'small_team');
  const budget = snapshot.abandonTarget;
  if (snapshot.abandon.liveAnswers >= 20 && snapshot.abandon.rate >= budget) {
    return progressive(snapshot, 'abandon_budget');
  }
  const p = Math.min(0.95, Math.max(0.01, stats.liveAnswerRate.mean));
  const horizonMs = stats.liveRingMs.mean;
  const freeChances = [
    ...new Array<number>(snapshot.agentsReady).fill(1),
    ...snapshot.busyAgents.map((a) => chanceFreeWithin(a, horizonMs, stats.talkMs.mean, stats.wrapMs.mean)),
  ];
  const freePmf = sumOfBernoulli(freeChances);
  const outstanding = snapshot.callsDialing + snapshot.leadsPending;
  const allowed = budget * budgetShare;
  const fits = (launch: number): boolean => {
    const answers = binomialPmf(outstanding + launch, p);
    const shifted = snapshot.callsWaiting > 0 ? shift(answers, snapshot.callsWaiting) : answers;
    return expectedShortfallShare(shifted, freePmf) <= allowed;
  };
  const ceiling = Math.ceil((snapshot.agentsStaffed * snapshot.settings.dialLevel) / p);
  let low = 0;
  let high = Math.max(0, ceiling - outstanding);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  const floor = progressive(snapshot, 'agents').wanted;
  return low >= floor ? { wanted: low, binding: 'model' } : { wanted: floor, binding: 'agents' };
}

/** Adds a fixed count to a distribution (calls already answered and waiting). */
function shift(pmf: readonly number[], by: number): number[] {
  return [...new Array<number>(by).fill(0), ...pmf];
}
