// The caller IDs a campaign may present that an older version stored without judging them (a
// national form, which no check could judge, a premium-rate number): its own, its local presence
// numbers (`settings.callerIdPool`) and its lists'. Each holds back the campaign's start, is listed
// in its status and is said when a node takes the campaign on running.

import { storedCallerIdProblem } from '../../phone/caller-id-number.js';
import type { Queryable } from './pool.js';

/** What of a campaign names its own caller IDs. */
export interface CampaignCallerIds {
  id: string;
  callerId: string | null;
  settings: Readonly<Record<string, unknown>>;
}

/** Its own caller ID's and its local presence numbers' problems, each naming the setting. */
function ownCallerIdProblems(campaign: CampaignCallerIds): string[] {
  const pool: unknown = campaign.settings.callerIdPool;
  const numbers = Array.isArray(pool) ? pool : [];
  return [
    storedCallerIdProblem('callerId', campaign.callerId),
    ...numbers.map((n: unknown, i) => (typeof n === 'string' ? storedCallerIdProblem(`settings.callerIdPool[${i}]`, n) : null)),
  ].filter((problem) => problem !== null);
}

/** Each campaign's stored caller IDs that may not be presented, by its id (none: an empty list):
 * its own, its local presence numbers', then its lists', each naming its list. One read for all. */
export async function storedCallerIdProblems(db: Queryable, campaigns: readonly CampaignCallerIds[]): Promise<Map<string, string[]>> {
  const problems = new Map(campaigns.map((campaign) => [campaign.id, ownCallerIdProblems(campaign)]));
  if (campaigns.length === 0) return problems;
  const lists = await db.query<{ campaign_id: string; id: string; name: string; caller_id: string }>(
    'SELECT campaign_id::text, id::text, name, caller_id FROM lists WHERE campaign_id = ANY($1::bigint[]) AND caller_id IS NOT NULL ORDER BY id',
    [campaigns.map((campaign) => campaign.id)]);
  for (const list of lists.rows) {
    const problem = storedCallerIdProblem(`list ${list.id} (${list.name}) callerId`, list.caller_id);
    if (problem !== null) problems.get(list.campaign_id)?.push(problem);
  }
  return problems;
}
