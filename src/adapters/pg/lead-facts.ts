// Reads what the core's eligibility rules need to judge one lead: the lead, its list, its
// phones with their DNC entries, abandoned calls and dials (attempts that rang) of the last 24
// hours in any campaign and the calls to them under way for other leads, and its own dials of the
// last 24 hours.

import type { DncHit, LeadFacts, PhoneFacts } from '../../core/compliance/lead-eligibility.js';
import { abandonedCallsOf, recentAbandonsSql, type AbandonRow } from './abandon-rest-sql.js';
import { dialledInLastDaySql, dialTimeSql } from './attempt-dialled.js';
import { latestRegistryLoadsSql, registryLoadsOf } from './dnc-registry-loads.js';
import { numberInCallUntil } from './number-in-call-sql.js';
import type { Queryable } from './pool.js';

export interface LeadFactsRow {
  facts: LeadFacts;
  campaignId: string;
  listId: string;
  /** The lead is in the campaign's list of manual dials: agents call it, the pacer does not
   * (its weight is 0), so its list counts as active for an agent's dial and its pre-dial check. */
  manualDials: boolean;
}

interface LeadRow {
  campaign_id: string;
  list_id: string;
  status: string;
  list_active: boolean;
  manual_dials: boolean;
  next_dial_at: Date;
  leased_until: Date | null;
  attempts: number;
  timezone: string | null;
  other_time_zones: string[] | null;
  jurisdictions: string[] | null;
  /** The latest load of each national registry (latestRegistryLoadsSql). */
  registry_loads: Record<string, string>;
  fields: Record<string, unknown>;
  recent: Date[];
}

interface PhoneRow {
  id: string;
  e164: string;
  dial_order: number;
  disabled: boolean;
  attempts: number;
  dnc: { scope: 'global' | 'campaign'; source: string; expires_at: string | null }[];
  /** Abandoned calls to the number that may still rest it, with their rests (abandon-rest-sql.ts). */
  abandons: AbandonRow[];
  last_machine_at: Date | null;
  recent: Date[];
  in_call_until: Date | null;
}

export interface LeadFactsOptions {
  now: Date;
  /** The pre-dial check's own attempt, not counted among the lead's recent dials. */
  excludeAttemptId?: string | null;
}

export async function loadLeadFacts(db: Queryable, leadId: string, options: LeadFactsOptions): Promise<LeadFactsRow | null> {
  const lead = await db.query<LeadRow>(
    `SELECT l.campaign_id, l.list_id, l.status, (li.active AND (li.mix_weight > 0 OR li.manual_dials)) AS list_active, li.manual_dials, l.next_dial_at, l.leased_until,
            l.attempts, l.timezone, l.other_time_zones, l.jurisdictions, l.fields,
            ARRAY(SELECT ${dialTimeSql('a')} FROM attempts a WHERE a.lead_id = l.id AND ${dialledInLastDaySql('a', '$2')}
                    AND a.id IS DISTINCT FROM $3::uuid ORDER BY 1) AS recent,
            ${latestRegistryLoadsSql} AS registry_loads
     FROM leads l JOIN lists li ON li.id = l.list_id WHERE l.id = $1`,
    [leadId, options.now, options.excludeAttemptId ?? null],
  );
  const row = lead.rows[0];
  if (!row) return null;
  const phones = await db.query<PhoneRow>(
    `SELECT ph.id, ph.e164, ph.dial_order, ph.disabled, ph.attempts,
            coalesce((SELECT json_agg(json_build_object('scope', CASE WHEN d.campaign_id IS NULL THEN 'global' ELSE 'campaign' END,
                                                        'source', d.source, 'expires_at', d.expires_at))
                      FROM dnc_entries d WHERE d.e164 = ph.e164 AND (d.campaign_id IS NULL OR d.campaign_id = $2)), '[]') AS dnc,
            ${recentAbandonsSql('ph.e164', '$3')} AS abandons,
            (SELECT max(a.ended_at) FROM attempts a WHERE a.e164 = ph.e164 AND a.outcome = 'machine') AS last_machine_at,
            ARRAY(SELECT ${dialTimeSql('a')} FROM attempts a WHERE a.e164 = ph.e164 AND ${dialledInLastDaySql('a', '$3')}
                    AND a.id IS DISTINCT FROM $4::uuid ORDER BY 1) AS recent,
            ${numberInCallUntil('ph.e164', '$3', '$4')} AS in_call_until
     FROM lead_phones ph WHERE ph.lead_id = $1 ORDER BY ph.dial_order, ph.id`,
    [leadId, row.campaign_id, options.now, options.excludeAttemptId ?? null],
  );
  return {
    campaignId: String(row.campaign_id),
    listId: String(row.list_id),
    manualDials: row.manual_dials,
    facts: {
      status: row.status,
      listActive: row.list_active,
      nextDialAtMs: row.next_dial_at.getTime(),
      leasedUntilMs: row.leased_until?.getTime() ?? null,
      attempts: row.attempts,
      recentAttemptsMs: row.recent.map((d) => d.getTime()),
      timeZone: row.timezone,
      otherTimeZones: row.other_time_zones ?? [],
      jurisdictions: row.jurisdictions ?? [],
      fields: row.fields,
      registryLoads: registryLoadsOf(row.registry_loads),
      phones: phones.rows.map(toPhoneFacts),
    },
  };
}

function toPhoneFacts(row: PhoneRow): PhoneFacts {
  const dnc: DncHit[] = row.dnc.map((hit) => ({ scope: hit.scope, source: hit.source, expiresAtMs: hit.expires_at === null ? null : Date.parse(hit.expires_at) }));
  return {
    phoneId: String(row.id),
    e164: row.e164,
    dialOrder: row.dial_order,
    disabled: row.disabled,
    attempts: row.attempts,
    dnc,
    abandons: abandonedCallsOf(row.abandons),
    lastMachineAtMs: row.last_machine_at?.getTime() ?? null,
    recentDialsMs: row.recent.map((d) => d.getTime()),
    inCallUntilMs: row.in_call_until?.getTime() ?? null,
  };
}
