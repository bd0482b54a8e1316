// A short rolling window (15 minutes in 10-second buckets) of finished attempts per campaign,
// for the "right now" connect and abandonment rates. The regime window (30 days, 24 hours) is
// the core's abandonment ledger; this one shows a bad quarter of an hour that a month hides.

import type { AttemptSummary } from '../../core/commands.js';
import type { CampaignId } from '../../core/ids.js';
import { addToRing, createBucketRing, ringTotals, type BucketRing } from '../../core/stats/bucket-ring.js';
import { endedAsDial } from '../pg/counted-calls.js';

export const rollingWindowMs = 15 * 60_000;
const bucketMs = 10_000;
const bucketCount = rollingWindowMs / bucketMs;

type Count = 'finished' | 'connected' | 'live' | 'abandoned';
const counts: readonly Count[] = ['finished', 'connected', 'live', 'abandoned'];

export type RollingWindows = Map<CampaignId, BucketRing<Count>>;

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

function ringOf(windows: RollingWindows, campaignId: CampaignId): BucketRing<Count> {
  let ring = windows.get(campaignId);
  if (!ring) {
    ring = createBucketRing(counts, bucketCount, bucketMs);
    windows.set(campaignId, ring);
  }
  return ring;
}

/** Counts one finished dial; attempts that were no dial (blocked, or cancelled before they rang:
 * counted-calls.ts) are left out, as the results' contact rate leaves them out. */
export function recordFinished(windows: RollingWindows, summary: AttemptSummary, atMs: number): void {
  if (!endedAsDial(summary)) return;
  const ring = ringOf(windows, summary.campaignId);
  addToRing(ring, 'finished', atMs);
  if (summary.connectedAtMs !== null) addToRing(ring, 'connected', atMs);
  if (isRegimeLiveAnswer(summary)) addToRing(ring, 'live', atMs);
  if (summary.abandoned) addToRing(ring, 'abandoned', atMs);
}

/** A live answer as the regime's ledger counts it: the dialler's own, and a person's. A call an
 * agent dialled themselves (preview, manual, personal callback) is answered with its agent on the
 * line, so it is never in the abandonment denominator; one its agent found to be a machine and
 * left a message on is taken out of it. */
const isRegimeLiveAnswer = (summary: AttemptSummary): boolean =>
  summary.liveAtMs !== null && summary.previewAgentId === null && summary.messageLeftAtMs === null;

export function rollingFigures(windows: RollingWindows, campaignId: CampaignId, nowMs: number): RollingFigures {
  const ring = windows.get(campaignId);
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
