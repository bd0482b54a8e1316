// Many leads with their phones in one statement: a list of thousands (a demo's, a test's) loads in
// a few round trips instead of one per lead. The leads get their ids in the order given.

import { DbError } from './db-error.js';
import { rethrowConstraint } from './pg-errors.js';
import type { Queryable } from './pool.js';
import type { NewLead } from './lead-repository.js';

/** Leads per statement: one JSON parameter of a few hundred kilobytes. */
export const leadBatchSize = 1_000;

const INSERT_LEAD_BATCH = `
WITH list AS (SELECT id, campaign_id FROM lists WHERE id = $1),
given AS (
  SELECT r.*, nextval(pg_get_serial_sequence('leads', 'id')) AS id
  FROM (SELECT * FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (
    external_id text, first_name text, last_name text, fields jsonb, grade text, stage text, timezone text,
    timezone_source text, postal_code text, priority integer, status text, next_dial_at timestamptz,
    phones text[], other_time_zones text[], jurisdictions text[], prerecorded_consent boolean, prerecorded_consent_on date
  )) WITH ORDINALITY AS g(external_id, first_name, last_name, fields, grade, stage, timezone, timezone_source,
    postal_code, priority, status, next_dial_at, phones, other_time_zones, jurisdictions, prerecorded_consent, prerecorded_consent_on, ord) ORDER BY ord) r
  WHERE EXISTS (SELECT 1 FROM list)
),
lead AS (
  INSERT INTO leads (id, list_id, campaign_id, external_id, first_name, last_name, fields, grade, stage, timezone,
                     timezone_source, postal_code, priority, status, next_dial_at, other_time_zones, jurisdictions,
                     prerecorded_consent, prerecorded_consent_on)
  OVERRIDING SYSTEM VALUE
  SELECT given.id, list.id, list.campaign_id, external_id, first_name, last_name, fields, grade, stage, timezone,
         timezone_source, postal_code, priority, status, coalesce(next_dial_at, now()), other_time_zones, jurisdictions,
         prerecorded_consent, prerecorded_consent_on
  FROM given, list ORDER BY given.ord
  RETURNING id
),
phones AS (
  INSERT INTO lead_phones (lead_id, e164, dial_order)
  SELECT lead.id, p.e164, p.ord - 1 FROM lead JOIN given USING (id), unnest(given.phones) WITH ORDINALITY AS p(e164, ord)
)
SELECT id::text FROM given ORDER BY ord`;

/** The columns of one lead as the statement reads them, the defaults of a single insert filled in. */
function leadColumns(lead: NewLead): Record<string, unknown> {
  return {
    external_id: lead.externalId ?? null, first_name: lead.firstName ?? null, last_name: lead.lastName ?? null,
    fields: lead.fields ?? {}, grade: lead.grade ?? 'C', stage: lead.stage ?? 'raw_lead', timezone: lead.timezone ?? null,
    timezone_source: lead.timezoneSource ?? null, postal_code: lead.postalCode ?? null, priority: lead.priority ?? 0,
    status: lead.status ?? 'new', next_dial_at: lead.nextDialAt?.toISOString() ?? null, phones: lead.phones,
    other_time_zones: lead.otherTimeZones?.length ? lead.otherTimeZones : null,
    jurisdictions: lead.jurisdictions?.length ? lead.jurisdictions : null,
    prerecorded_consent: lead.prerecordedConsent ?? false, prerecorded_consent_on: lead.prerecordedConsentOn ?? null,
  };
}

/** Inserts `leads` (at most a batch) into the list in the caller's transaction; their ids in order. */
export async function insertLeadBatch(db: Queryable, listId: string, leads: readonly NewLead[]): Promise<string[]> {
  if (leads.length === 0) return [];
  const result = await db
    .query<{ id: string }>(INSERT_LEAD_BATCH, [listId, JSON.stringify(leads.map(leadColumns))])
    .catch(rethrowConstraint);
  if (result.rows.length !== leads.length) throw new DbError('NOT_FOUND', `list ${listId}`);
  return result.rows.map((row) => row.id);
}
