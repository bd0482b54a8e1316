// A short rolling window (15 minutes in 10-second buckets) of finished dials per campaign, for the
// "right now" connect rate. The quarter hour's abandonment is the core's ledger's (counted as
// calls are answered), and the regime window (30 days, 24 hours) is the ledger's too.

import type { AttemptSummary } from '../../core/commands.js';
import type { CampaignId } from '../../core/ids.js';
import { addToRing, createBucketRing, ringTotals, slotsOverWindow, type BucketRing } from '../../core/stats/bucket-ring.js';
import { endedAsDial } from '../pg/counted-calls.js';

export const rollingWindowMs = 15 * 60_000;
const bucketMs = 10_000;

type Count = 'finished' | 'connected';
const counts: readonly Count[] = ['finished', 'connected'];

export type RollingWindows = Map<CampaignId, BucketRing<Count>>;

export interface RollingFigures {
  finished: number;
  connected: number;
  /** connected / finished, 0 with no finished dials. */
  connectRate: number;
}

export function createRollingWindows(): RollingWindows {
  return new Map();
}

/** Counts one finished dial; attempts that were no dial (blocked, or cancelled before they rang:
 * counted-calls.ts) are left out, as the results' contact rate leaves them out. */
export function recordFinished(windows: RollingWindows, summary: AttemptSummary, atMs: number): void {
  if (!endedAsDial(summary)) return;
  let ring = windows.get(summary.campaignId);
  if (!ring) {
    ring = createBucketRing(counts, slotsOverWindow(rollingWindowMs, bucketMs), bucketMs);
    windows.set(summary.campaignId, ring);
  }
  addToRing(ring, 'finished', atMs);
  if (summary.connectedAtMs !== null) addToRing(ring, 'connected', atMs);
}

export function rollingFigures(windows: RollingWindows, campaignId: CampaignId, nowMs: number): RollingFigures {
  const ring = windows.get(campaignId);
  const totals = ring ? ringTotals(ring, nowMs, rollingWindowMs) : { finished: 0, connected: 0 };
  return { ...totals, connectRate: totals.finished > 0 ? totals.connected / totals.finished : 0 };
}

export function forgetCampaign(windows: RollingWindows, campaignId: CampaignId): void {
  windows.delete(campaignId);
}
