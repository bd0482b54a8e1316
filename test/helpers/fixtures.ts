// Test fixtures: a campaign with a list and leads, built through the repositories themselves.

import type pg from 'pg';
import { createCampaign, type Campaign, type CreateCampaignInput } from '../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads, type LeadList, type NewLead } from '../../src/adapters/pg/lead-repository.js';

let counter = 0;

/** A distinct valid US number per call: +1555 followed by 7 digits. */
export function phoneNumber(n: number): string {
  return `+1555${String(n).padStart(7, '0')}`;
}

export interface SeededCampaign {
  campaign: Campaign;
  list: LeadList;
  leadIds: string[];
}

export async function seedCampaign(
  pool: pg.Pool,
  options: { leads?: number | NewLead[]; campaign?: Partial<CreateCampaignInput>; nextDialAt?: Date } = {},
): Promise<SeededCampaign> {
  counter += 1;
  const campaign = await createCampaign(pool, { name: `campaign ${counter} ${Date.now()}`, ...options.campaign });
  const list = await createList(pool, { campaignId: campaign.id, name: 'list 1' });
  const leads: NewLead[] = Array.isArray(options.leads)
    ? options.leads
    : Array.from({ length: options.leads ?? 0 }, (_, i) => ({
        externalId: `ext-${i}`,
        phones: [phoneNumber(counter * 100_000 + i)],
        ...(options.nextDialAt ? { nextDialAt: options.nextDialAt } : {}),
      }));
  const leadIds = await insertLeads(pool, list.id, leads);
  return { campaign, list, leadIds };
}
