// The region a national number typed into a request is read in: the one given, else the one the
// campaign's lists read their leads' numbers in (US without a campaign). A Chinese mobile read as
// a US number would be listed, checked or searched as another number altogether.

import { campaignNumberRegion } from '../pg/dnc-additions.js';
import type { Pool } from '../pg/pool.js';
import { ApiError } from './api-error.js';

/** The refusal of a number typed for a campaign whose lists read numbers in several regions. */
export class SeveralRegionsError extends ApiError {
  constructor(campaignId: string) {
    super('invalid_request', `campaign ${campaignId}'s lists read numbers in several regions: say which this number is in (region)`);
  }
}

export async function regionToRead(pool: Pool, given: string | undefined, campaignId: string | undefined): Promise<string> {
  if (given !== undefined) return given;
  if (campaignId === undefined) return 'US';
  const lists = await campaignNumberRegion(pool, campaignId);
  if (lists === null) throw new SeveralRegionsError(campaignId);
  return lists;
}
