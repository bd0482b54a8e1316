// The caller ID and machine message the lists of leads about to be dialled set in place of their
// campaign's, looked up as the leads are leased (by the pacer, for a preview, for a callback).

import type { LeadDial } from '../../core/inputs.js';
import type { ListOverrides } from '../../core/list-overrides.js';
import type { Queryable } from './pool.js';

/** The overrides of each lead's list, for the leads whose list sets any. */
async function listOverridesOfLeads(db: Queryable, leadIds: readonly string[]): Promise<Map<string, ListOverrides>> {
  if (leadIds.length === 0) return new Map();
  const result = await db.query<{ lead_id: string; caller_id: string | null; machine_message_media: string | null }>(
    `SELECT l.id::text AS lead_id, li.caller_id, li.machine_message_media
     FROM leads l JOIN lists li ON li.id = l.list_id
     WHERE l.id = ANY($1::bigint[]) AND (li.caller_id IS NOT NULL OR li.machine_message_media IS NOT NULL)`,
    [leadIds],
  );
  return new Map(result.rows.map((row) => [row.lead_id, { callerId: row.caller_id, machineMessageMedia: row.machine_message_media }]));
}

/** The leads with what their lists set, ready for the engine. */
export async function withListOverrides<T extends LeadDial>(db: Queryable, leads: readonly T[]): Promise<T[]> {
  const overrides = await listOverridesOfLeads(db, leads.map((lead) => lead.leadId));
  return leads.map((lead) => withOverrides(lead, overrides));
}

/** One lead with what its list sets. */
export async function withListOverride<T extends LeadDial>(db: Queryable, lead: T): Promise<T> {
  return withOverrides(lead, await listOverridesOfLeads(db, [lead.leadId]));
}

function withOverrides<T extends LeadDial>(lead: T, overrides: ReadonlyMap<string, ListOverrides>): T {
  const found = overrides.get(lead.leadId);
  return found ? { ...lead, listOverrides: found } : lead;
}
