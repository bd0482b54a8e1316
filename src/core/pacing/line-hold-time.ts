// How long one of a campaign's dials holds a trunk line on average, from the campaign's own
// statistics: a live answer rings, then talks; any other dial rings until it ends. The lines a
// campaign wants in progress (lines-wanted.ts) over this are the calls a second they need (Little's
// law): a predictive team's extra lines mostly ring out and free soon, so each asks more calls a
// second than a line held for a conversation. An answering machine's few seconds of detection
// after it answers are not counted: they are small beside the ring.

import type { CampaignStats } from '../stats/campaign-stats.js';

/** The shortest hold taken: a campaign whose figures say less would ask calls no trunk has. */
const shortestHoldMs = 1_000;

export function meanLineHoldMs(stats: CampaignStats): number {
  const live = Math.min(1, Math.max(0, stats.liveAnswerRate.mean));
  const hold = live * (stats.liveRingMs.mean + stats.talkMs.mean) + (1 - live) * stats.failedDialMs.mean;
  return Number.isFinite(hold) ? Math.max(shortestHoldMs, hold) : shortestHoldMs;
}
