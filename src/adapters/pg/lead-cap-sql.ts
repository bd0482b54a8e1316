// The per-lead dial cap (settings.recycle.maxAttempts) as SQL on a lead row `l`: the query that
// picks the leads to dial and those that count them (due now, left to dial, a list's due now)
// take this one condition, so a lead selection never takes is not counted as one to dial. A
// callback, for anyone or an agent's own, is made whatever the count (lead-eligibility.ts).

import { recyclePolicyFrom } from '../../core/recycle-rule.js';
import type { Queryable } from './pool.js';

/** The condition that lead `l` is under the cap given as parameter `cap` (e.g. `$4`). */
export const underLeadCap = (cap: string): string => `(l.attempts < ${cap} OR l.status IN ('callback', 'scheduled'))`;

/** The campaign's per-lead cap as its dial rules read it (the default for a campaign that does not exist). */
export async function campaignLeadCap(db: Queryable, campaignId: string): Promise<number> {
  const result = await db.query<{ recycle: unknown }>("SELECT settings -> 'recycle' AS recycle FROM campaigns WHERE id = $1", [campaignId]);
  return recyclePolicyFrom(result.rows[0]?.recycle).maxAttempts;
}
