// A carrier's calls-per-second limit: a trunk that starts more calls in a second than its
// contract allows has the extra ones refused (or is blocked for a while), so the campaign counts
// the calls it started over the last second, every kind (paced, preview, callback), and the pacer
// launches no more than the room left, counting the leads it has asked for and not yet dialled.

import type { CampaignRuntime } from '../engine-state.js';
import { dialRateWindowMs } from '../limits.js';

/** Notes a call the campaign starts now, forgetting those older than the window. */
export function noteDialStarted(campaign: CampaignRuntime, nowMs: number): void {
  const recent = campaign.recentDialsMs;
  while (recent.length > 0 && (recent[0] ?? 0) <= nowMs - dialRateWindowMs) recent.shift();
  recent.push(nowMs);
}

/** Calls the campaign started within the last second. */
export function dialsInLastSecond(campaign: CampaignRuntime, nowMs: number): number {
  return campaign.recentDialsMs.filter((atMs) => atMs > nowMs - dialRateWindowMs).length;
}
