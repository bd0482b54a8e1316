// Rolling count of live answers, abandons and machine answers over a regime's window (720
// buckets whatever its length, its first in part) and over the last quarter hour (30 buckets of 30 s), the span over
// which abandons that come in a burst show. Both are counted as the regime counts them too.

import { addToRing, createBucketRing, ringTotals, slotsOverWindow, takeFromRing, type BucketRing } from '../stats/bucket-ring.js';
import { decayFactor } from '../stats/decay.js';
import { countedAbandonment, regimeRules, type AbandonRegime } from './abandon-regime.js';

const BUCKETS = 720;
export const quarterHourMs = 15 * 60_000;
/** The quarter hour's bucket: history read back for the last quarter hour is grouped by it. */
export const quarterHourBucketMs = quarterHourMs / 30;
/** Time constant of the recent rate the pacer steers by (the regime window is far longer). */
export const recentAbandonTauMs = 10 * 60_000;

/** Counts decayed exponentially with time: the last quarter hour or so, without buckets. */
export interface RecentCounts {
  live: number;
  abandoned: number;
  machine: number;
  atMs: number;
}

export type LedgerEntry = 'live' | 'abandoned' | 'machine';

export interface AbandonLedger {
  regime: AbandonRegime;
  window: BucketRing<LedgerEntry>;
  recent: RecentCounts;
  quarterHour: BucketRing<'live' | 'abandoned'>;
  /** The quarter hour's machine answers, in a ring of their own: a machine answer opening a bucket
   * must not clear the live answers and abandons of the one its slot held. */
  quarterHourMachines: BucketRing<'machine'>;
}

export interface AbandonFigures {
  liveAnswers: number;
  abandoned: number;
  machineAnswers: number;
  /** Abandoned calls as the regime counts them (UK adds estimated AMD false positives). */
  countedAbandoned: number;
  /** Live answers as the regime counts them: the rate's denominator (UK adds the same estimate). */
  countedLiveAnswers: number;
  /** countedAbandoned / countedLiveAnswers, 0 with no answers. */
  rate: number;
  /** Decayed live answers and rate over roughly the last `recentAbandonTauMs`. */
  recentLiveAnswers: number;
  recentRate: number;
  /** Live answers, abandons and machine answers (as they happened, before any estimate) over the last quarter hour. */
  quarterHourLive: number;
  quarterHourAbandoned: number;
  quarterHourMachineAnswers: number;
  /** The last quarter hour's abandons and live answers as the regime counts them (UK and strict add
   * the estimated AMD false positives to both, as the window's rate does). */
  quarterHourCountedAbandoned: number;
  quarterHourCountedLiveAnswers: number;
}

/** Width of the regime window's buckets: history read back from storage is grouped by it. */
export function ledgerBucketMs(regime: AbandonRegime): number {
  return Math.ceil(regimeRules[regime].windowMs / BUCKETS);
}

export function createAbandonLedger(regime: AbandonRegime): AbandonLedger {
  // Each window's first bucket, in part, is kept beside the current one (slotsOverWindow).
  const bucketMs = ledgerBucketMs(regime);
  const quarterHourSlots = slotsOverWindow(quarterHourMs, quarterHourBucketMs);
  return {
    regime,
    window: createBucketRing(['live', 'abandoned', 'machine'], slotsOverWindow(regimeRules[regime].windowMs, bucketMs), bucketMs),
    recent: { live: 0, abandoned: 0, machine: 0, atMs: 0 },
    quarterHour: createBucketRing(['live', 'abandoned'], quarterHourSlots, quarterHourBucketMs),
    quarterHourMachines: createBucketRing(['machine'], quarterHourSlots, quarterHourBucketMs),
  };
}

/** Records one event. An abandoned call is also a live answer: it is in both counts. */
export function recordInLedger(ledger: AbandonLedger, entry: LedgerEntry, atMs: number): void {
  addToRing(ledger.window, entry, atMs);
  decayRecent(ledger.recent, atMs);
  ledger.recent[entry] += 1;
  addToQuarterHour(ledger, entry, atMs);
}

function addToQuarterHour(ledger: AbandonLedger, entry: LedgerEntry, atMs: number, count = 1): void {
  if (entry === 'machine') addToRing(ledger.quarterHourMachines, entry, atMs, count);
  else addToRing(ledger.quarterHour, entry, atMs, count);
}

/** Un-counts a live answer made at `liveAtMs` that turned out to be an answering machine (the
 * agent put through to it said so): abandonment is a share of answers by a person. */
export function withdrawLiveAnswer(ledger: AbandonLedger, liveAtMs: number, nowMs: number): void {
  takeFromRing(ledger.window, 'live', liveAtMs);
  takeFromRing(ledger.quarterHour, 'live', liveAtMs);
  decayRecent(ledger.recent, nowMs);
  ledger.recent.live = Math.max(0, ledger.recent.live - decayFactor(liveAtMs, ledger.recent.atMs, recentAbandonTauMs));
}

/** Counts of one stretch of past calls, as storage gives them back (see `ledgerFromHistory`). */
export interface AbandonHistoryBucket {
  atMs: number;
  /** Live answers, the abandoned ones included (as in the ledger). */
  live: number;
  abandoned: number;
  /** Machine answers: storage gives them only for regimes that count AMD false positives. */
  machine: number;
}

/**
 * A ledger that starts from what storage holds for the campaign up to now (a restart, another
 * node that drove the campaign, a change of regime): the regime's window is days long, and a
 * ledger that started empty would let the pacer spend a budget already used. Storage has every
 * answer this engine has counted too, so the history replaces what the ledger held. Stretches
 * outside the window are left out; the quarter hour and the recent rate take the stretches in
 * their spans, the recent rate decayed by their age.
 */
export function ledgerFromHistory(regime: AbandonRegime, history: readonly AbandonHistoryBucket[], nowMs: number): AbandonLedger {
  const ledger = createAbandonLedger(regime);
  const windowStart = nowMs - regimeRules[regime].windowMs;
  const bucketMs = ledgerBucketMs(regime);
  ledger.recent.atMs = nowMs;
  for (const bucket of history) {
    // A stretch is labelled by its start: the first one of the window starts before it, and its
    // answers (storage gives none older than the window) count, as the ring counts its bucket.
    if (bucket.atMs + bucketMs <= windowStart || bucket.atMs > nowMs) continue;
    const age = decayFactor(bucket.atMs, nowMs, recentAbandonTauMs);
    for (const entry of ['live', 'abandoned', 'machine'] as const) {
      const count = bucket[entry];
      if (!Number.isFinite(count) || count <= 0) continue;
      addToRing(ledger.window, entry, bucket.atMs, count);
      ledger.recent[entry] += count * age;
      if (bucket.atMs + quarterHourBucketMs > nowMs - quarterHourMs) addToQuarterHour(ledger, entry, bucket.atMs, count);
    }
  }
  return ledger;
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
  const { live: liveAnswers, abandoned, machine: machineAnswers } = ringTotals(ledger.window, nowMs, regimeRules[ledger.regime].windowMs);
  const { countedAbandoned, countedLiveAnswers: denominator, rate } = countedAbandonment(ledger.regime, { liveAnswers, abandoned, machineAnswers }, amdFalsePositiveRate);
  const recent = recentFigures(ledger, nowMs, amdFalsePositiveRate);
  const quarterHour = { ...ringTotals(ledger.quarterHour, nowMs, quarterHourMs), ...ringTotals(ledger.quarterHourMachines, nowMs, quarterHourMs) };
  const countedQuarterHour = countedAbandonment(ledger.regime,
    { liveAnswers: quarterHour.live, abandoned: quarterHour.abandoned, machineAnswers: quarterHour.machine }, amdFalsePositiveRate);
  return { liveAnswers, abandoned, machineAnswers, countedAbandoned, countedLiveAnswers: denominator, rate, ...recent,
    quarterHourLive: quarterHour.live, quarterHourAbandoned: quarterHour.abandoned, quarterHourMachineAnswers: quarterHour.machine,
    quarterHourCountedAbandoned: countedQuarterHour.countedAbandoned, quarterHourCountedLiveAnswers: countedQuarterHour.countedLiveAnswers };
}

function recentFigures(ledger: AbandonLedger, nowMs: number, amdFalsePositiveRate: number): { recentLiveAnswers: number; recentRate: number } {
  const { recent } = ledger;
  const factor = decayFactor(recent.atMs, nowMs, recentAbandonTauMs);
  const falsePositives = regimeRules[ledger.regime].countsAmdFalsePositives ? recent.machine * amdFalsePositiveRate : 0;
  const denominator = (recent.live + falsePositives) * factor;
  const rate = denominator > 0 ? ((recent.abandoned + falsePositives) * factor) / denominator : 0;
  return { recentLiveAnswers: recent.live * factor, recentRate: rate };
}
