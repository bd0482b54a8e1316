// Rolling count of live answers, abandons and machine answers over a regime's window.
// Buckets keep memory bounded (720 of them whatever the window) and make the rate O(buckets).

import { decayFactor } from '../stats/decay.js';
import { regimeRules, type AbandonRegime } from './abandon-regime.js';
import { countInQuarterHour, createQuarterHourCount, quarterHourTotals, type QuarterHourCount } from './quarter-hour-count.js';

const BUCKETS = 720;
/** Time constant of the recent rate the pacer steers by (the regime window is far longer). */
export const recentAbandonTauMs = 10 * 60_000;

/** Counts decayed exponentially with time: the last quarter hour or so, without buckets. */
export interface RecentCounts {
  live: number;
  abandoned: number;
  machine: number;
  atMs: number;
}

export interface AbandonLedger {
  regime: AbandonRegime;
  bucketMs: number;
  /** Start time of each bucket slot (ring buffer indexed by bucket number modulo BUCKETS). */
  starts: number[];
  live: number[];
  abandoned: number[];
  machine: number[];
  recent: RecentCounts;
  quarterHour: QuarterHourCount;
}

export interface AbandonFigures {
  liveAnswers: number;
  abandoned: number;
  machineAnswers: number;
  /** Abandoned calls as the regime counts them (UK adds estimated AMD false positives). */
  countedAbandoned: number;
  /** countedAbandoned / (liveAnswers + AMD false positives counted), 0 with no answers. */
  rate: number;
  /** Decayed live answers and rate over roughly the last `recentAbandonTauMs`. */
  recentLiveAnswers: number;
  recentRate: number;
  /** Live answers and abandons (as they happened, before any estimate) over the last quarter hour. */
  quarterHourLive: number;
  quarterHourAbandoned: number;
}

export function createAbandonLedger(regime: AbandonRegime): AbandonLedger {
  const bucketMs = Math.ceil(regimeRules[regime].windowMs / BUCKETS);
  const zeros = (): number[] => new Array<number>(BUCKETS).fill(0);
  return { regime, bucketMs, starts: new Array<number>(BUCKETS).fill(-1), live: zeros(), abandoned: zeros(), machine: zeros(),
    recent: { live: 0, abandoned: 0, machine: 0, atMs: 0 }, quarterHour: createQuarterHourCount() };
}

function slotFor(ledger: AbandonLedger, atMs: number): number {
  const bucket = Math.floor(atMs / ledger.bucketMs);
  const slot = bucket % BUCKETS;
  const start = bucket * ledger.bucketMs;
  if (ledger.starts[slot] !== start) {
    ledger.starts[slot] = start;
    ledger.live[slot] = 0;
    ledger.abandoned[slot] = 0;
    ledger.machine[slot] = 0;
  }
  return slot;
}

export type LedgerEntry = 'live' | 'abandoned' | 'machine';

/** Records one event. An abandoned call is also a live answer: it is in both counts. */
export function recordInLedger(ledger: AbandonLedger, entry: LedgerEntry, atMs: number): void {
  const slot = slotFor(ledger, atMs);
  const column = ledger[entry];
  column[slot] = (column[slot] ?? 0) + 1;
  decayRecent(ledger.recent, atMs);
  ledger.recent[entry] += 1;
  if (entry !== 'machine') countInQuarterHour(ledger.quarterHour, entry, atMs);
}

function decayRecent(recent: RecentCounts, atMs: number): void {
  if (atMs <= recent.atMs) return;
  const factor = decayFactor(recent.atMs, atMs, recentAbandonTauMs);
  recent.live *= factor;
  recent.abandoned *= factor;
  recent.machine *= factor;
  recent.atMs = atMs;
}

/** Figures over the window that ends at `nowMs`. */
export function abandonFigures(ledger: AbandonLedger, nowMs: number, amdFalsePositiveRate: number): AbandonFigures {
  const windowStart = nowMs - regimeRules[ledger.regime].windowMs;
  let liveAnswers = 0;
  let abandoned = 0;
  let machineAnswers = 0;
  for (let slot = 0; slot < BUCKETS; slot++) {
    const start = ledger.starts[slot] ?? -1;
    if (start < 0 || start + ledger.bucketMs <= windowStart || start > nowMs) continue;
    liveAnswers += ledger.live[slot] ?? 0;
    abandoned += ledger.abandoned[slot] ?? 0;
    machineAnswers += ledger.machine[slot] ?? 0;
  }
  const falsePositives = regimeRules[ledger.regime].countsAmdFalsePositives ? machineAnswers * amdFalsePositiveRate : 0;
  const countedAbandoned = abandoned + falsePositives;
  const denominator = liveAnswers + falsePositives;
  const rate = denominator > 0 ? countedAbandoned / denominator : 0;
  const recent = recentFigures(ledger, nowMs, amdFalsePositiveRate);
  const quarter = quarterHourTotals(ledger.quarterHour, nowMs);
  return { liveAnswers, abandoned, machineAnswers, countedAbandoned, rate, ...recent, quarterHourLive: quarter.live, quarterHourAbandoned: quarter.abandoned };
}

function recentFigures(ledger: AbandonLedger, nowMs: number, amdFalsePositiveRate: number): { recentLiveAnswers: number; recentRate: number } {
  const { recent } = ledger;
  const factor = decayFactor(recent.atMs, nowMs, recentAbandonTauMs);
  const falsePositives = regimeRules[ledger.regime].countsAmdFalsePositives ? recent.machine * amdFalsePositiveRate : 0;
  const denominator = (recent.live + falsePositives) * factor;
  const rate = denominator > 0 ? ((recent.abandoned + falsePositives) * factor) / denominator : 0;
  return { recentLiveAnswers: recent.live * factor, recentRate: rate };
}
