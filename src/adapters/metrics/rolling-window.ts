// A short rolling window (15 minutes in 10-second buckets) of finished attempts per campaign,
// for the "right now" connect and abandonment rates. The regime window (30 days, 24 hours) is
// the core's abandonment ledger; this one shows a bad quarter of an hour that a month hides.

import type { AttemptSummary } from '../../core/commands.js';
import type { CampaignId } from '../../core/ids.js';

export const rollingWindowMs = 15 * 60_000;
const bucketMs = 10_000;
const bucketCount = rollingWindowMs / bucketMs;

interface Bucket {
  start: number;
  finished: number;
  connected: number;
  live: number;
  abandoned: number;
}

export type RollingWindows = Map<CampaignId, Bucket[]>;

export interface RollingFigures {
  finished: number;
  connected: number;
  live: number;
  abandoned: number;
  /** connected / finished, 0 with no finished dials. */
  connectRate: number;
  /** abandoned / live, 0 with no live answers. */
  abandonRate: number;
}

export function createRollingWindows(): RollingWindows {
  return new Map();
}

function emptyBucket(start: number): Bucket {
  return { start, finished: 0, connected: 0, live: 0, abandoned: 0 };
}

function bucketAt(windows: RollingWindows, campaignId: CampaignId, atMs: number): Bucket {
  let buckets = windows.get(campaignId);
  if (!buckets) {
    buckets = Array.from({ length: bucketCount }, () => emptyBucket(-1));
    windows.set(campaignId, buckets);
  }
  const index = Math.floor(atMs / bucketMs);
  const start = index * bucketMs;
  const slot = index % bucketCount;
  const current = buckets[slot];
  if (current && current.start === start) return current;
  const fresh = emptyBucket(start);
  buckets[slot] = fresh;
  return fresh;
}

/** Counts one finished attempt; cancelled ones never rang anyone and are left out. */
export function recordFinished(windows: RollingWindows, summary: AttemptSummary, atMs: number): void {
  if (summary.outcome === 'cancelled' && summary.answeredAtMs === null) return;
  const bucket = bucketAt(windows, summary.campaignId, atMs);
  bucket.finished += 1;
  if (summary.connectedAtMs !== null) bucket.connected += 1;
  if (summary.liveAtMs !== null) bucket.live += 1;
  if (summary.abandoned) bucket.abandoned += 1;
}

export function rollingFigures(windows: RollingWindows, campaignId: CampaignId, nowMs: number): RollingFigures {
  const totals = { finished: 0, connected: 0, live: 0, abandoned: 0 };
  const windowStart = nowMs - rollingWindowMs;
  for (const bucket of windows.get(campaignId) ?? []) {
    if (bucket.start < 0 || bucket.start + bucketMs <= windowStart || bucket.start > nowMs) continue;
    totals.finished += bucket.finished;
    totals.connected += bucket.connected;
    totals.live += bucket.live;
    totals.abandoned += bucket.abandoned;
  }
  return {
    ...totals,
    connectRate: totals.finished > 0 ? totals.connected / totals.finished : 0,
    abandonRate: totals.live > 0 ? totals.abandoned / totals.live : 0,
  };
}

export function forgetCampaign(windows: RollingWindows, campaignId: CampaignId): void {
  windows.delete(campaignId);
}
