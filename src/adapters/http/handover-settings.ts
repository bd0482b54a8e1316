// The campaigns whose teams a campaign's agents may hand customers to (`settings.handoverCampaigns`:
// a closer campaign), checked when the settings are saved: existing campaigns other than itself,
// named by id, the first bad entry named.

import { getCampaign } from '../pg/campaign-repository.js';
import type { Queryable } from '../pg/pool.js';
import { ApiError } from './api-error.js';

const MAX_HANDOVER_CAMPAIGNS = 20;

/** Refuses a `handoverCampaigns` that is not a list of other campaigns' ids (null or [] for none). */
export async function assertHandoverCampaignsValid(db: Queryable, settings: Record<string, unknown> | undefined, selfId: string | null): Promise<void> {
  const list = settings?.handoverCampaigns;
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) throw invalid('', 'a list of campaign ids');
  if (list.length > MAX_HANDOVER_CAMPAIGNS) throw invalid('', `at most ${MAX_HANDOVER_CAMPAIGNS} campaigns`);
  const seen = new Set<string>();
  for (const [i, id] of list.entries()) {
    if (typeof id !== 'string' || !/^\d+$/.test(id)) throw invalid(`[${i}]`, `${JSON.stringify(id)} is not a campaign id`);
    if (id === selfId) throw invalid(`[${i}]`, `${id} is this campaign: its agents hand customers to each other without it`);
    if (seen.has(id)) throw invalid(`[${i}]`, `${id} is listed twice`);
    seen.add(id);
    if (!(await getCampaign(db, id))) throw invalid(`[${i}]`, `campaign ${id} does not exist`);
  }
}

function invalid(path: string, message: string): ApiError {
  return new ApiError('invalid_request', `settings.handoverCampaigns${path}: ${message}`);
}
