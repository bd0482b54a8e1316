// The group of each leased lead for distribution: its value of the lead field the campaign
// distributes calls by (`settings.distributeBy`, e.g. "region" or "industry"). One look-up by
// primary key per lease, after it, so the selection query does not carry the field for every lease.

import type { Queryable } from './pool.js';

/** What a lead field name may be: `settings.distributeBy` names one. */
export const leadFieldName = /^[A-Za-z0-9_-]{1,40}$/;

/** The lead field the campaign distributes by, when it does (a valid field name). */
export function distributionField(campaign: { settings: Record<string, unknown> } | null): string | null {
  const field = campaign?.settings.distributeBy;
  return typeof field === 'string' && leadFieldName.test(field) ? field : null;
}

/** Lead id to group, for the leads whose campaign distributes by a field they have a value for. */
export async function leadGroups(db: Queryable, leadIds: readonly string[]): Promise<Map<string, string>> {
  if (leadIds.length === 0) return new Map();
  const result = await db.query<{ id: string; grp: string | null }>(
    `SELECT l.id::text AS id, l.fields->>(c.settings->>'distributeBy') AS grp
     FROM leads l JOIN campaigns c ON c.id = l.campaign_id
     WHERE l.id = ANY($1::bigint[]) AND c.settings ? 'distributeBy'`,
    [leadIds],
  );
  return new Map(result.rows.filter((row) => row.grp !== null && row.grp.trim() !== '').map((row) => [row.id, row.grp ?? '']));
}
