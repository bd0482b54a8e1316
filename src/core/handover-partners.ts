// Campaigns that hand customers to each other (one lists the other in `handoverCampaigns`) must be
// driven on the same node: a handover moves the customer between agents' bridges the node holds,
// so a team driven elsewhere is never offered. The nodes keep such campaigns together by taking
// one on only where its partners are, or where none is driven yet, and by giving up one that is
// idle (nobody logged in, no call, no lead asked for) when a partner is driven elsewhere.

import type { CampaignSettings } from './campaign-settings.js';
import type { EngineState } from './engine-state.js';
import type { CampaignId } from './ids.js';

/** The campaigns `campaignId` hands customers to or takes them from, among `campaigns`. */
export function handoverPartnersOf(
  campaignId: CampaignId,
  campaigns: ReadonlyArray<{ id: CampaignId; settings: Pick<CampaignSettings, 'handoverCampaigns'> }>,
): CampaignId[] {
  const own = campaigns.find((c) => c.id === campaignId)?.settings.handoverCampaigns ?? [];
  const partners = new Set<CampaignId>(own);
  for (const other of campaigns) if (other.settings.handoverCampaigns?.includes(campaignId)) partners.add(other.id);
  partners.delete(campaignId);
  return [...partners].sort();
}

/** True when giving the campaign to another node disturbs nobody: no agent logged in to it, no
 * call of it in progress and no lead asked for it. */
export function campaignIsIdle(state: Pick<EngineState, 'agents' | 'calls' | 'campaigns'>, campaignId: CampaignId): boolean {
  if ((state.campaigns.get(campaignId)?.leadsPending ?? 0) > 0) return false;
  for (const agent of state.agents.values()) if (agent.campaignId === campaignId && agent.status !== 'logged_out') return false;
  for (const call of state.calls.values()) if (call.campaignId === campaignId) return false;
  return true;
}
