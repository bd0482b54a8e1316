// Campaigns that hand customers to each other (one lists the other in `handoverCampaigns`) must be
// driven on the same node: a handover moves the customer between agents' bridges the node holds,
// so a team driven elsewhere is never offered. The nodes keep such campaigns together by taking
// one on only where its partners are, or where none is driven yet.

import type { CampaignSettings } from './campaign-settings.js';
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
