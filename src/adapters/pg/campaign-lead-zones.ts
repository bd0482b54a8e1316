// How the leads a campaign still has to dial in its active lists (those its lead filter lets
// through, under its dials-per-lead cap or owed a callback, as selection takes them) spread over
// time zones (as selection keeps them, a lead with no zone known in the campaign's default zone):
// the zones a plan opens the calling window in, and how much of the open hours their leads can fill.
// And how many dials those leads can still get, each at most what its dials-per-lead cap and its
// numbers' own caps leave of them: a lead of one number is dialled four times by default, not six,
// and one dialled twice already has two left.

import type { ZoneLeads } from '../../core/compliance/open-hours-across-zones.js';
import { underLeadCap } from './lead-cap-sql.js';
import { campaignLeadFilter, leadFilterParam, passesLeadFilter } from './lead-filter-sql.js';
import { workableLeadStatuses } from './lead-repository.js';
import { maxDueLaterMinutes } from '../../sim/planner/plan-limits.js';
import type { Queryable } from './pool.js';

/** The leads left of campaign $1 as lead `l` ($2 statuses, $3 filter, $4 dials-per-lead cap). */
const LEADS_LEFT = `FROM leads l JOIN lists li ON li.id = l.list_id
      WHERE li.campaign_id = $1 AND li.active AND li.mix_weight > 0 AND l.status = ANY($2::text[]) AND ${passesLeadFilter('$3')}
        AND ${underLeadCap('$4')}`;

/** The leads left, by zone, and the dials they can still get on average. */
export interface CampaignLeadsLeft {
  zones: ZoneLeads[];
  /** The dials a lead left can still get, on average over those leads: what the dials-per-lead cap
   * leaves of it, or what the per-number cap leaves on its numbers still enabled where that is
   * fewer; one at least (a callback is made whatever the counts). Null with no lead left. */
  meanDialsLeft: number | null;
}

/** One pass over the leads left. `maxAttemptsPerLead`: the campaign's dials-per-lead cap; a lead at
 * it is not one to dial (a cap lowered since its dials were made leaves it there), unless it is
 * owed a callback. */
export async function campaignLeadsLeft(
  db: Queryable, campaignId: string, defaultZone: string, caps: { maxAttemptsPerLead: number; maxAttemptsPerPhone: number },
): Promise<CampaignLeadsLeft> {
  const filter = leadFilterParam(await campaignLeadFilter(db, campaignId));
  const result = await db.query<{ zone: string; leads: number; dials: number }>(
    `SELECT COALESCE(l.timezone, $5) AS zone, count(*)::int AS leads,
            sum(greatest(1, least($4 - l.attempts,
              (SELECT coalesce(sum(greatest(0, $6 - p.attempts)), 0) FROM lead_phones p WHERE p.lead_id = l.id AND NOT p.disabled))))::float8 AS dials
     ${LEADS_LEFT}
      GROUP BY 1 ORDER BY 1`,
    [campaignId, workableLeadStatuses, filter, caps.maxAttemptsPerLead, defaultZone, caps.maxAttemptsPerPhone],
  );
  const leads = result.rows.reduce((sum, row) => sum + row.leads, 0);
  const dials = result.rows.reduce((sum, row) => sum + row.dials, 0);
  return { zones: result.rows.map(({ zone, leads: n }) => ({ zone, leads: n })), meanDialsLeft: leads > 0 ? dials / leads : null };
}

/** Leads left whose jurisdictions include any of `codes`, counted by which of them (sorted). */
export async function campaignLeadsLeftIn(
  db: Queryable, campaignId: string, caps: { maxAttemptsPerLead: number }, codes: readonly string[],
): Promise<{ codes: string[]; leads: number }[]> {
  if (codes.length === 0) return [];
  const filter = leadFilterParam(await campaignLeadFilter(db, campaignId));
  const result = await db.query<{ codes: string[]; leads: number }>(
    `SELECT codes, count(*)::int AS leads
       FROM (SELECT ARRAY(SELECT unnest(l.jurisdictions) INTERSECT SELECT unnest($5::text[]) ORDER BY 1) AS codes ${LEADS_LEFT}) x
      WHERE cardinality(codes) > 0 GROUP BY codes ORDER BY codes`,
    [campaignId, workableLeadStatuses, filter, caps.maxAttemptsPerLead, codes],
  );
  return result.rows;
}

/** Leads left waiting for a retry (or a callback) at `nowMs`, by the minutes until they fall due:
 * to the quarter hour over the next week, to the day after it, up to the planner's longest calendar
 * (maxDueLaterMinutes: one due after it is given as due then, a time the planner takes; some
 * hundreds of times at most). */
export async function campaignLeadsDueLater(
  db: Queryable, campaignId: string, caps: { maxAttemptsPerLead: number }, nowMs: number,
): Promise<{ afterMinutes: number; leads: number }[]> {
  const filter = leadFilterParam(await campaignLeadFilter(db, campaignId));
  const result = await db.query<{ after_minutes: number; leads: number }>(
    `SELECT least(CASE WHEN m <= 7 * 1440 THEN ceil(m / 15) * 15 ELSE ceil(m / 1440) * 1440 END, $6)::float8 AS after_minutes, count(*)::int AS leads
       FROM (SELECT extract(epoch FROM l.next_dial_at - $5::timestamptz) / 60 AS m ${LEADS_LEFT} AND l.next_dial_at > $5::timestamptz) due
      GROUP BY 1 ORDER BY 1`,
    [campaignId, workableLeadStatuses, filter, caps.maxAttemptsPerLead, new Date(nowMs), maxDueLaterMinutes],
  );
  return result.rows.map((row) => ({ afterMinutes: row.after_minutes, leads: row.leads }));
}
