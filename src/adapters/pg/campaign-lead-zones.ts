// How the leads a campaign still has to dial in its active lists (those its lead filter lets
// through, under its dials-per-lead cap or owed a callback, as selection takes them) spread over
// time zones (as selection keeps them, a lead with no zone known in the campaign's default zone):
// the zones a plan opens the calling window in, and how much of the open hours their leads can fill.

import type { ZoneLeads } from '../../core/compliance/open-hours-across-zones.js';
import { underLeadCap } from './lead-cap-sql.js';
import { campaignLeadFilter, leadFilterParam, passesLeadFilter } from './lead-filter-sql.js';
import { workableLeadStatuses } from './lead-repository.js';
import type { Queryable } from './pool.js';

/** `maxAttemptsPerLead`: the campaign's dials-per-lead cap; a lead at it is not one to dial (a
 * cap lowered since its dials were made leaves it there), unless it is owed a callback. */
export async function campaignLeadZones(db: Queryable, campaignId: string, defaultZone: string, maxAttemptsPerLead: number): Promise<ZoneLeads[]> {
  const filter = leadFilterParam(await campaignLeadFilter(db, campaignId));
  const result = await db.query<{ zone: string; leads: number }>(
    `SELECT COALESCE(l.timezone, $2) AS zone, count(*)::int AS leads
       FROM leads l JOIN lists li ON li.id = l.list_id
      WHERE li.campaign_id = $1 AND li.active AND li.mix_weight > 0 AND l.status = ANY($3::text[]) AND ${passesLeadFilter('$4')}
        AND ${underLeadCap('$5')}
      GROUP BY 1 ORDER BY 1`,
    [campaignId, defaultZone, workableLeadStatuses, filter, maxAttemptsPerLead],
  );
  return result.rows;
}
