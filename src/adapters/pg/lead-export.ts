// Leads as they stand, for the campaign manager who hands the results back to a client or a CRM,
// or the appointments to sales: a list's leads, or those a search finds (lead-search.ts), each
// with its numbers, where it stands (status, stage, grade), its dials, how its last call ended,
// its last disposition, its consent to prerecorded messages and the fields it was loaded with. Read through a cursor in one read-only
// transaction, a batch at a time as the download takes them: one consistent picture, which never
// sits in memory whole, sorted once (leads have no index by list and id, which would cost every
// import a write).

import { criteriaConditions, leadNumbersSql, leadOrderBy, type LeadCriteria, type LeadOrder } from './lead-search.js';
import type { Pool, Queryable } from './pool.js';

/** Which leads a download takes, and in which order ('loaded': as they were imported). */
export interface LeadExportSelection {
  criteria: LeadCriteria;
  order: LeadOrder | 'loaded';
}

export interface ExportedLead {
  id: string;
  campaignName: string;
  listName: string;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  /** Its numbers in dial order (none once it is erased). */
  phones: string[];
  status: string;
  stage: string;
  grade: string;
  priority: number;
  timezone: string | null;
  postalCode: string | null;
  attempts: number;
  lastOutcome: string | null;
  lastCalledAt: Date | null;
  nextDialAt: Date;
  lastDisposition: { code: string; notes: string | null; at: Date } | null;
  /** Consent to prerecorded messages, and the date it was given (YYYY-MM-DD) when the list said. */
  prerecordedConsent: boolean;
  prerecordedConsentOn: string | null;
  /** The columns it was loaded with beyond the standard ones. */
  fields: Record<string, unknown>;
}

interface LeadRow {
  id: string;
  campaign_name: string;
  list_name: string;
  external_id: string | null;
  first_name: string | null;
  last_name: string | null;
  phones: string[];
  status: string;
  stage: string;
  grade: string;
  priority: number;
  timezone: string | null;
  postal_code: string | null;
  attempts: number;
  last_outcome: string | null;
  last_attempt_at: Date | null;
  next_dial_at: Date;
  disposition_code: string | null;
  disposition_notes: string | null;
  disposition_at: Date | null;
  prerecorded_consent: boolean;
  prerecorded_consent_on: string | null;
  fields: Record<string, unknown> | null;
}

const toLead = (row: LeadRow): ExportedLead => ({
  id: row.id, campaignName: row.campaign_name, listName: row.list_name, externalId: row.external_id, firstName: row.first_name, lastName: row.last_name, phones: row.phones,
  status: row.status, stage: row.stage, grade: row.grade, priority: row.priority, timezone: row.timezone, postalCode: row.postal_code,
  attempts: row.attempts, lastOutcome: row.last_outcome, lastCalledAt: row.last_attempt_at, nextDialAt: row.next_dial_at,
  lastDisposition: row.disposition_code !== null && row.disposition_at !== null ? { code: row.disposition_code, notes: row.disposition_notes, at: row.disposition_at } : null,
  prerecordedConsent: row.prerecorded_consent, prerecordedConsentOn: row.prerecorded_consent_on, fields: row.fields ?? {},
});

/** The selection's conditions on lead `l`, with their parameters. */
function whereOf(selection: LeadExportSelection): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const conditions = criteriaConditions(selection.criteria, selection.order, (value) => `$${params.push(value)}`);
  return { where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

export interface LeadExportOptions {
  /** Leads fetched at a time. */
  batchSize?: number;
  /** Told the names of the custom fields the selected leads carry, sorted (the export's extra
   * columns), before the first lead: read in the same picture as the leads. */
  onFieldNames?: (names: string[]) => void;
}

export async function* exportLeads(pool: Pool, selection: LeadExportSelection, options: LeadExportOptions = {}): AsyncGenerator<ExportedLead> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 1000));
  const { where, params } = whereOf(selection);
  const client = await pool.connect();
  let open = false;
  try {
    // One snapshot for the fields' names and the leads: a lead imported meanwhile is in neither.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    open = true;
    const names = await client.query<{ name: string }>(`SELECT DISTINCT jsonb_object_keys(l.fields) AS name FROM leads l ${where} ORDER BY name`, params);
    options.onFieldNames?.(names.rows.map((row) => row.name));
    await client.query(
      `DECLARE exported_leads NO SCROLL CURSOR FOR
       SELECT l.id::text, c.name AS campaign_name, li.name AS list_name, l.external_id, l.first_name, l.last_name,
         ${leadNumbersSql} AS phones,
         l.status, l.stage, l.grade, l.priority, l.timezone, l.postal_code, l.attempts, l.last_outcome, l.last_attempt_at,
         l.next_dial_at, d.code AS disposition_code, d.notes AS disposition_notes, d.created_at AS disposition_at,
         l.prerecorded_consent, to_char(l.prerecorded_consent_on, 'YYYY-MM-DD') AS prerecorded_consent_on, l.fields
       FROM leads l JOIN campaigns c ON c.id = l.campaign_id JOIN lists li ON li.id = l.list_id
       LEFT JOIN LATERAL (SELECT code, notes, created_at FROM dispositions WHERE lead_id = l.id ORDER BY created_at DESC, id DESC LIMIT 1) d ON true
       ${where}
       ORDER BY ${leadOrderBy[selection.order]}`,
      params,
    );
    for (;;) {
      const result = await client.query<LeadRow>(`FETCH ${batchSize} FROM exported_leads`);
      for (const row of result.rows) yield toLead(row);
      if (result.rows.length < batchSize) break;
    }
    await client.query('COMMIT');
    open = false;
  } finally {
    // Also when the download stops half way: the reader gave up, so the transaction goes (and the
    // connection with it, should the rollback fail).
    const broken = open && (await client.query('ROLLBACK').then(() => false, () => true));
    client.release(broken);
  }
}

/** The list an export is of, with its campaign; null when there is none by that id. */
export async function exportedList(db: Queryable, listId: string): Promise<{ id: string; name: string; campaignId: string } | null> {
  const result = await db.query<{ id: string; name: string; campaign_id: string }>('SELECT id::text, name, campaign_id::text FROM lists WHERE id = $1', [listId]);
  const row = result.rows[0];
  return row ? { id: row.id, name: row.name, campaignId: row.campaign_id } : null;
}
