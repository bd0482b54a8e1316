// The campaign's lead filter (lead-filter.ts) as SQL on a lead row `l`, for every query that
// picks or counts the leads to dial: the conditions go in as one jsonb parameter, so a named
// statement stays one plan whatever the filter. Callbacks pass whatever it says.

import { leadFilterFrom, type LeadFilterCondition } from '../../core/compliance/lead-filter.js';
import type { Queryable } from './pool.js';

/** The condition that lead `l` passes the filter given as jsonb parameter `param` (e.g. `$24`). */
export const passesLeadFilter = (param: string): string => `
  (${param}::jsonb = '[]'::jsonb OR l.status = 'callback' OR NOT EXISTS (
    SELECT 1 FROM jsonb_to_recordset(${param}::jsonb) AS f(field text, op text, vals text[])
    WHERE NOT CASE f.op
      WHEN 'in' THEN coalesce(lower(trim(l.fields->>f.field)) = ANY(f.vals), false)
      WHEN 'not_in' THEN NOT coalesce(lower(trim(l.fields->>f.field)) = ANY(f.vals), false)
      WHEN 'empty' THEN coalesce(trim(l.fields->>f.field), '') = ''
      ELSE coalesce(trim(l.fields->>f.field), '') <> '' END))`;

/** The filter as that parameter's value. */
export function leadFilterParam(filter: readonly LeadFilterCondition[]): string {
  return JSON.stringify(filter.map((condition) => ({ field: condition.field, op: condition.op, vals: condition.values })));
}

/** The campaign's lead filter as its settings hold it (none for a campaign that does not exist). */
export async function campaignLeadFilter(db: Queryable, campaignId: string): Promise<LeadFilterCondition[]> {
  const result = await db.query<{ settings: Record<string, unknown> }>('SELECT settings FROM campaigns WHERE id = $1', [campaignId]);
  return leadFilterFrom(result.rows[0]?.settings.leadFilter);
}
