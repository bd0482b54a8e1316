// A short rolling window (15 minutes in 10-second buckets) of finished attempts per campaign,
// for the "right now" connect and abandonment rates. The regime window (30 days, 24 hours) is
// the core's abandonment ledger; this one shows a bad quarter of an hour that a month hides.
// A live answer is counted when its attempt closes; one whose disposition later finds it reached no
// person is taken back out of the bucket it was counted in, as the ledger takes it back.

import type { AttemptSummary } from '../../core/commands.js';
import type { AttemptId, CampaignId } from '../../core/ids.js';
import { addToRing, createBucketRing, ringTotals, takeFromRing, type BucketRing } from '../../core/stats/bucket-ring.js';
import { endedAsDial } from '../pg/counted-calls.js';

export const rollingWindowMs = 15 * 60_000;
const bucketMs = 10_000;
const bucketCount = rollingWindowMs / bucketMs;

type Count = 'finished' | 'connected' | 'live' | 'abandoned';
const counts: readonly Count[] = ['finished', 'connected', 'live', 'abandoned'];

interface CampaignWindow {
  ring: BucketRing<Count>;
  /** When each live answer still in the window was counted, in the order counted: where a
   * withdrawal finds it, and how one for a call never counted (preview, message left) is told. */
  liveCountedAt: Map<AttemptId, number>;
}

export type RollingWindows = Map<CampaignId, CampaignWindow>;

export interface RollingFigures {
  finished: number;
  connected: number;
  live: number;
  abandoned: number;
  /** connected / finished, 0 with no finished dials. */
  connectRate: number;
  /** abandoned / live (live answers as the regime counts them), 0 with none. */
  abandonRate: number;
}

export function createRollingWindows(): RollingWindows {
  return new Map();
}

function windowOf(windows: RollingWindows, campaignId: CampaignId): CampaignWindow {
  let window = windows.get(campaignId);
  if (!window) {
    window = { ring: createBucketRing(counts, bucketCount, bucketMs), liveCountedAt: new Map() };
    windows.set(campaignId, window);
  }
  return window;
}

/** Counts one finished dial; attempts that were no dial (blocked, or cancelled before they rang:
 * counted-calls.ts) are left out, as the results' contact rate leaves them out. */
export function recordFinished(windows: RollingWindows, summary: AttemptSummary, atMs: number): void {
  if (!endedAsDial(summary)) return;
  const window = windowOf(windows, summary.campaignId);
  const { ring } = window;
  addToRing(ring, 'finished', atMs);
  if (summary.connectedAtMs !== null) addToRing(ring, 'connected', atMs);
  if (isRegimeLiveAnswer(summary)) {
    addToRing(ring, 'live', atMs);
    forgetLeftWindow(window, atMs);
    window.liveCountedAt.set(summary.attemptId, atMs);
  }
  if (summary.abandoned) addToRing(ring, 'abandoned', atMs);
}

/** Takes out of the window the live answer of a closed call later found to reach no person (its
 * disposition): once, from the bucket it was counted in, if that is still in the window. A call
 * the window never counted as a live answer (dialled by its agent, a message left) has nothing
 * to take. */
export function withdrawLive(windows: RollingWindows, campaignId: CampaignId, attemptId: AttemptId): void {
  const window = windows.get(campaignId);
  const countedAt = window?.liveCountedAt.get(attemptId);
  if (!window || countedAt === undefined) return;
  window.liveCountedAt.delete(attemptId);
  takeFromRing(window.ring, 'live', countedAt);
}

/** Forgets the live answers whose bucket has left the window ending at `nowMs` (a bucket counts
 * while it overlaps it); they are kept in the order counted. */
function forgetLeftWindow(window: CampaignWindow, nowMs: number): void {
  for (const [attemptId, countedAt] of window.liveCountedAt) {
    if (countedAt > nowMs - rollingWindowMs - bucketMs) return;
    window.liveCountedAt.delete(attemptId);
  }
}

/** A live answer as the regime's ledger counts it: the dialler's own, and a person's. A call an
 * agent dialled themselves (preview, manual, personal callback) is answered with its agent on the
 * line, so it is never in the abandonment denominator; one its agent found to be a machine and
 * left a message on is taken out of it. */
const isRegimeLiveAnswer = (summary: AttemptSummary): boolean =>
  summary.liveAtMs !== null && summary.previewAgentId === null && summary.messageLeftAtMs === null;

export function rollingFigures(windows: RollingWindows, campaignId: CampaignId, nowMs: number): RollingFigures {
  const ring = windows.get(campaignId)?.ring;
  const totals = ring ? ringTotals(ring, nowMs, rollingWindowMs) : { finished: 0, connected: 0, live: 0, abandoned: 0 };
  return {
    ...totals,
    connectRate: totals.finished > 0 ? totals.connected / totals.finished : 0,
    abandonRate: totals.live > 0 ? totals.abandoned / totals.live : 0,
  };
}

export function forgetCampaign(windows: RollingWindows, campaignId: CampaignId): void {
  windows.delete(campaignId);
}
