// A carrier's calls-per-second limit: a trunk that starts more calls in a second than its
// contract allows has the extra ones refused (or is blocked for a while), so calls started over
// the last second are counted, every kind (paced, preview, callback, manual), by the campaign
// (its own limit, for a campaign with a trunk of its own) and by the node (the trunk's limit over
// every campaign it drives), and the pacer launches no more than the room left, counting the
// leads asked for and not yet dialled.

import type { CampaignRuntime, EngineState } from '../engine-state.js';
import { dialRateWindowMs } from '../limits.js';

/** Notes a call started now, by its campaign and by the node, forgetting those older than the window. */
export function noteDialStarted(state: EngineState, campaign: CampaignRuntime, nowMs: number): void {
  for (const recent of [campaign.recentDialsMs, state.recentDialsMs]) {
    while (recent.length > 0 && (recent[0] ?? 0) <= nowMs - dialRateWindowMs) recent.shift();
    recent.push(nowMs);
  }
}

/** Calls started within the last second, of those noted in `recent`. */
function inLastSecond(recent: readonly number[], nowMs: number): number {
  return recent.filter((atMs) => atMs > nowMs - dialRateWindowMs).length;
}

/** Calls the campaign started within the last second. */
export function dialsInLastSecond(campaign: CampaignRuntime, nowMs: number): number {
  return inLastSecond(campaign.recentDialsMs, nowMs);
}

/** Calls the node may still start this second under its trunk's limit, the leads every campaign
 * has asked for counted as started; null when the node has no limit. */
export function nodeDialRoom(state: EngineState, nowMs: number): number | null {
  if (state.nodeDialsPerSecond === null) return null;
  let pending = 0;
  for (const campaign of state.campaigns.values()) pending += campaign.leadsPending;
  return Math.max(0, state.nodeDialsPerSecond - inLastSecond(state.recentDialsMs, nowMs) - pending);
}
