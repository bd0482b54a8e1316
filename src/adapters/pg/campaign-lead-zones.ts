// The time zones a campaign's active lists hold leads in (as the lists keep them for selection),
// and its default zone when some lead still to be dialled has none known: the zones a plan opens
// the calling window in.

import type { Queryable } from './pool.js';

export async function campaignLeadZones(db: Queryable, campaignId: string, defaultZone: string): Promise<string[]> {
  const result = await db.query<{ timezone: string }>(
    `SELECT DISTINCT z.timezone FROM list_time_zones z JOIN lists li ON li.id = z.list_id
      WHERE li.campaign_id = $1 AND li.active AND li.mix_weight > 0
     UNION
     SELECT $2 WHERE EXISTS (
       SELECT 1 FROM lists li JOIN leads l ON l.list_id = li.id
        WHERE li.campaign_id = $1 AND li.active AND li.mix_weight > 0 AND l.timezone IS NULL AND l.status IN ('new', 'retry'))
     ORDER BY 1`,
    [campaignId, defaultZone],
  );
  return result.rows.map((row) => row.timezone);
}
