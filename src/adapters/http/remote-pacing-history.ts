// The pacing history of a campaign another node drives, read from that node's own API with the
// caller's token (tokens hold on every node of a cluster), so any node's pacing page draws the
// charts of every campaign. A node that does not answer in time is left out: the page then links
// to it instead.

import type { PacingHistoryView } from '../metrics/pacing-history.js';

export type CampaignSeries = PacingHistoryView['campaigns'][number];

export async function remotePacingHistory(nodeUrl: string, campaignId: string, authorization: string, timeoutMs = 2_000): Promise<CampaignSeries | null> {
  try {
    const url = `${nodeUrl.replace(/\/+$/, '')}/api/pacing/history?campaign=${encodeURIComponent(campaignId)}&local=true`;
    const response = await fetch(url, { headers: { authorization }, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return null;
    const view = (await response.json()) as Partial<PacingHistoryView>;
    return view.campaigns?.find((c) => c.campaignId === campaignId) ?? null;
  } catch {
    return null;
  }
}
