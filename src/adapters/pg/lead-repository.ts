// Lists, leads and their phones: creation for small batches (the importer uses COPY) and reads.

import { DbError } from './db-error.js';
import { insertLeadBatch, leadBatchSize } from './lead-batch-insert.js';
import { rethrowConstraint } from './pg-errors.js';
import { withTransaction, type Pool, type Queryable } from './pool.js';
import type { LeadStage } from './disposition-catalog-repository.js';

/** new / retry / callback are dialable by selection; scheduled is a personal callback; the rest are final but in_progress. */
export const leadStatuses = ['new', 'retry', 'callback', 'scheduled', 'in_progress', 'done', 'dnc', 'exhausted', 'invalid'] as const;
export type LeadStatus = (typeof leadStatuses)[number];
/** A is best; selection orders by grade after priority. */
export const leadGrades = ['A', 'B', 'C', 'D', 'E'] as const;
export type LeadGrade = (typeof leadGrades)[number];

/** A lead's name as pages and reports show it: first and last, whichever are known. */
export function leadFullName(firstName: string | null, lastName: string | null): string {
  return [firstName, lastName].filter(Boolean).join(' ');
}
/** Statuses lead selection dials; `scheduled` (personal callback) is dialled by the callback scheduler. */
export const dialableLeadStatuses: readonly LeadStatus[] = ['new', 'retry', 'callback'];
/** Statuses of the leads a campaign still has to work: the dialable ones and personal callbacks. */
export const workableLeadStatuses: readonly LeadStatus[] = [...dialableLeadStatuses, 'scheduled'];

export interface LeadList {
  id: string;
  campaignId: string;
  name: string;
  defaultRegion: string;
  active: boolean;
  mixWeight: number;
  /** Presented in place of the campaign's caller ID when dialling its leads; null: the campaign's. */
  callerId: string | null;
  /** Left on answering machines in place of the campaign's message; null: the campaign's. */
  machineMessageMedia: string | null;
}

export interface Lead {
  id: string;
  listId: string;
  campaignId: string;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  fields: Record<string, unknown>;
  grade: LeadGrade;
  stage: LeadStage;
  timezone: string | null;
  timezoneSource: string | null;
  postalCode: string | null;
  priority: number;
  status: LeadStatus;
  attempts: number;
  /** Skips in preview since it was last dialled (or its list reset, or it came back to the pool). */
  previewSkips: number;
  nextDialAt: Date;
  lastAttemptAt: Date | null;
  lastOutcome: string | null;
  leasedBy: string | null;
  leasedUntil: Date | null;
}

export interface LeadPhone {
  id: string;
  leadId: string;
  e164: string;
  dialOrder: number;
  attempts: number;
  lastOutcome: string | null;
  disabled: boolean;
  disabledReason: string | null;
}

export interface NewLead {
  externalId?: string;
  firstName?: string;
  lastName?: string;
  fields?: Record<string, unknown>;
  grade?: LeadGrade;
  stage?: LeadStage;
  timezone?: string;
  timezoneSource?: string;
  /** Other zones less trusted sources name (the window must be open in these too). */
  otherTimeZones?: string[];
  /** Jurisdictions with their own calling hours its sources name (lead-jurisdictions.ts). */
  jurisdictions?: string[];
  postalCode?: string;
  priority?: number;
  /** Prior express written consent to prerecorded messages, and when it was given (YYYY-MM-DD). */
  prerecordedConsent?: boolean;
  prerecordedConsentOn?: string | null;
  status?: LeadStatus;
  nextDialAt?: Date;
  /** E.164 numbers in dial order. */
  phones: string[];
}

export interface ListRow {
  id: string;
  campaign_id: string;
  name: string;
  default_region: string;
  active: boolean;
  mix_weight: number;
  caller_id: string | null;
  machine_message_media: string | null;
}

export const toList = (row: ListRow): LeadList => ({
  id: String(row.id),
  campaignId: String(row.campaign_id),
  name: row.name,
  defaultRegion: row.default_region,
  active: row.active,
  mixWeight: row.mix_weight,
  callerId: row.caller_id,
  machineMessageMedia: row.machine_message_media,
});

export async function createList(
  db: Queryable,
  input: { campaignId: string; name: string; defaultRegion?: string; active?: boolean; mixWeight?: number },
): Promise<LeadList> {
  const result = await db
    .query<ListRow>(
      `INSERT INTO lists (campaign_id, name, default_region, active, mix_weight) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [input.campaignId, input.name, input.defaultRegion ?? 'US', input.active ?? true, input.mixWeight ?? 1],
    )
    .catch(rethrowConstraint);
  const row = result.rows[0];
  if (!row) throw new DbError('NOT_FOUND', 'list insert returned no row');
  return toList(row);
}

export async function listLists(db: Queryable, campaignId: string): Promise<LeadList[]> {
  const result = await db.query<ListRow>('SELECT * FROM lists WHERE campaign_id = $1 ORDER BY id', [campaignId]);
  return result.rows.map(toList);
}

export async function setListActive(db: Queryable, listId: string, active: boolean): Promise<boolean> {
  const result = await db.query('UPDATE lists SET active = $2, updated_at = now() WHERE id = $1', [listId, active]);
  return (result.rowCount ?? 0) > 0;
}

/** Inserts one lead with its phones (in the caller's transaction); its id. */
export async function insertLead(db: Queryable, listId: string, lead: NewLead): Promise<string> {
  const [id] = await insertLeadBatch(db, listId, [lead]);
  if (id === undefined) throw new DbError('NOT_FOUND', `list ${listId}`);
  return id;
}

/** Inserts leads with their phones in one transaction, a batch per statement; returns their ids in
 * input order. */
export async function insertLeads(pool: Pool, listId: string, leads: readonly NewLead[]): Promise<string[]> {
  return withTransaction(pool, async (client) => {
    const ids: string[] = [];
    for (let start = 0; start < leads.length; start += leadBatchSize) {
      ids.push(...await insertLeadBatch(client, listId, leads.slice(start, start + leadBatchSize)));
    }
    return ids;
  });
}

interface LeadRow {
  id: string;
  list_id: string;
  campaign_id: string;
  external_id: string | null;
  first_name: string | null;
  last_name: string | null;
  fields: Record<string, unknown>;
  grade: LeadGrade;
  stage: LeadStage;
  timezone: string | null;
  timezone_source: string | null;
  postal_code: string | null;
  priority: number;
  status: LeadStatus;
  attempts: number;
  preview_skips: number;
  next_dial_at: Date;
  last_attempt_at: Date | null;
  last_outcome: string | null;
  leased_by: string | null;
  leased_until: Date | null;
}

const toLead = (row: LeadRow): Lead => ({
  id: String(row.id),
  listId: String(row.list_id),
  campaignId: String(row.campaign_id),
  externalId: row.external_id,
  firstName: row.first_name,
  lastName: row.last_name,
  fields: row.fields,
  grade: row.grade,
  stage: row.stage,
  timezone: row.timezone,
  timezoneSource: row.timezone_source,
  postalCode: row.postal_code,
  priority: row.priority,
  status: row.status,
  attempts: row.attempts,
  previewSkips: row.preview_skips,
  nextDialAt: row.next_dial_at,
  lastAttemptAt: row.last_attempt_at,
  lastOutcome: row.last_outcome,
  leasedBy: row.leased_by,
  leasedUntil: row.leased_until,
});

export async function getLead(db: Queryable, leadId: string): Promise<Lead | null> {
  const result = await db.query<LeadRow>('SELECT * FROM leads WHERE id = $1', [leadId]);
  return result.rows[0] ? toLead(result.rows[0]) : null;
}

interface PhoneRow {
  id: string;
  lead_id: string;
  e164: string;
  dial_order: number;
  attempts: number;
  last_outcome: string | null;
  disabled: boolean;
  disabled_reason: string | null;
}

export async function listLeadPhones(db: Queryable, leadId: string): Promise<LeadPhone[]> {
  const result = await db.query<PhoneRow>('SELECT * FROM lead_phones WHERE lead_id = $1 ORDER BY dial_order, id', [leadId]);
  return result.rows.map((row) => ({
    id: String(row.id),
    leadId: String(row.lead_id),
    e164: row.e164,
    dialOrder: row.dial_order,
    attempts: row.attempts,
    lastOutcome: row.last_outcome,
    disabled: row.disabled,
    disabledReason: row.disabled_reason,
  }));
}

/**
 * Extends this node's leases of leads whose calls are still going on: a lead's lease is its
 * crash safety, and a conversation longer than the lease must not let the lead be dialled
 * again while it lasts. Leases already longer are left alone. Returns how many were extended.
 */
export async function renewLeadLeases(db: Queryable, input: { leadIds: readonly string[]; nodeId: string; until: Date }): Promise<number> {
  if (input.leadIds.length === 0) return 0;
  const result = await db.query(
    'UPDATE leads SET leased_until = $3 WHERE id = ANY($1::bigint[]) AND leased_by = $2 AND leased_until < $3',
    [input.leadIds, input.nodeId, input.until],
  );
  return result.rowCount ?? 0;
}

/** Takes the lead's lease for this node again (a restarted node taking up a conversation its
 * crashed run left going on); false when another node holds it. */
export async function reclaimLeadLease(db: Queryable, input: { leadId: string; nodeId: string; now: Date; until: Date }): Promise<boolean> {
  const result = await db.query(
    `UPDATE leads SET leased_by = $2, leased_until = greatest(leased_until, $4)
     WHERE id = $1 AND (leased_by IS NULL OR leased_by = $2 OR leased_until < $3)`,
    [input.leadId, input.nodeId, input.now, input.until],
  );
  return (result.rowCount ?? 0) > 0;
}

/** Releases leases that expired (a crashed node's leads), so they count as dialable again. */
export async function releaseExpiredLeadLeases(db: Queryable, now: Date): Promise<number> {
  const result = await db.query(
    'UPDATE leads SET leased_by = NULL, leased_until = NULL, updated_at = $1 WHERE leased_by IS NOT NULL AND leased_until < $1',
    [now],
  );
  return result.rowCount ?? 0;
}
