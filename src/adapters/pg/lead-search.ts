// Finding leads the way staff ask for them: by one of the lead's phone numbers, by the id their
// own system gave it, or by the start of a name ("ann", "smi", "ann smi"); in one campaign or in
// all, and by status, stage or grade; newest first, or the leads called lately (the last called
// first), a page at a time. The same criteria pick the leads a download takes (lead-export.ts).

import { leadErasedSql } from './erased-lead.js';
import type { LeadGrade, LeadStatus } from './lead-repository.js';
import type { LeadStage } from './disposition-catalog-repository.js';
import type { Queryable } from './pool.js';
import { withheldCallSql } from './withheld-caller-lead.js';

/** Newest first (by id), or the last called first (leads never called left out). */
export const leadOrders = ['newest', 'lastCalled'] as const;
export type LeadOrder = (typeof leadOrders)[number];

/** Where a page of the last called leads starts: after this lead, called at this microsecond. */
export interface CalledCursor {
  calledMicros: string;
  id: string;
}

/** Which leads: every criterion given must hold. */
export interface LeadCriteria {
  campaignId?: string;
  listId?: string;
  /** A number in E.164: leads with it among their phones. */
  e164?: string;
  /** An external id, or the start of a first name, a last name or both ("ann smi"). */
  text?: string;
  /** `text` read as a phone number, in E.164, when it reads as one: leads with it among their
   * phones match the text too (a number typed into the search box). */
  textE164?: string;
  status?: LeadStatus;
  stage?: LeadStage;
  grade?: LeadGrade;
}

export interface LeadSearch extends LeadCriteria {
  order: LeadOrder;
  limit: number;
  /** The page after one whose last lead had this id (newest first) or was this one (last called first). */
  before?: string | CalledCursor;
}

export interface LeadSummary {
  id: string;
  campaignId: string;
  campaignName: string;
  listName: string;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  status: LeadStatus;
  stage: LeadStage;
  grade: LeadGrade;
  attempts: number;
  lastOutcome: string | null;
  lastAttemptAt: Date | null;
  nextDialAt: Date;
  /** The zone its calling hours are read in (its own, else its campaign's): the customer's clock. */
  timeZone: string;
  /** Its numbers in dial order. */
  phones: string[];
  /** It has no number because the person called in with theirs withheld (the lead made for that call). */
  withheld: boolean;
}

/** A page of leads, and where the next one starts (null: this is the last). */
export interface LeadPage {
  leads: LeadSummary[];
  next: string | null;
}

interface SummaryRow {
  id: string;
  campaign_id: string;
  campaign_name: string;
  list_name: string;
  external_id: string | null;
  first_name: string | null;
  last_name: string | null;
  status: LeadStatus;
  stage: LeadStage;
  grade: LeadGrade;
  attempts: number;
  last_outcome: string | null;
  last_attempt_at: Date | null;
  next_dial_at: Date;
  time_zone: string;
  phones: string[];
  withheld: boolean;
  called_micros: string | null;
}

/** SQL: lead `l`'s numbers in dial order. An erased lead's are kept only to keep them off every
 * list: like the rest of its personal data they are read back nowhere (none). */
export const leadNumbersSql = `CASE WHEN ${leadErasedSql('l.id')} THEN '{}'::text[]
  ELSE ARRAY(SELECT p.e164 FROM lead_phones p WHERE p.lead_id = l.id ORDER BY p.dial_order, p.id) END`;

/** SQL: lead `l` has no number of its own, made for a caller who withheld theirs. */
const withheldLeadSql = `(NOT EXISTS (SELECT 1 FROM lead_phones p WHERE p.lead_id = l.id)
  AND EXISTS (SELECT 1 FROM attempts a WHERE a.lead_id = l.id AND ${withheldCallSql('a')}))`;

/** SQL: the leads with number `e164` among their phones, but an erased one: it is found by no number. */
const leadsWithNumber = (e164: string): string =>
  `SELECT ph.lead_id FROM lead_phones ph WHERE ph.e164 = ${e164} AND NOT ${leadErasedSql('ph.lead_id')}`;

/** `text` as the start of a LIKE pattern: its own % and _ match themselves. */
const startsWith = (text: string): string => `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The conditions of the criteria on lead `l` in `order`, their parameters numbered by `param`.
 * Each way of matching text is its own index scan, joined by UNION ALL: as one OR the planner
 * walks the primary key backwards instead, reading every lead when few match.
 */
export function criteriaConditions(criteria: LeadCriteria, order: LeadOrder | 'loaded', param: (value: unknown) => string): string[] {
  const where: string[] = [];
  if (criteria.campaignId) where.push(`l.campaign_id = ${param(criteria.campaignId)}`);
  if (criteria.listId) where.push(`l.list_id = ${param(criteria.listId)}`);
  if (criteria.e164) where.push(`l.id IN (${leadsWithNumber(param(criteria.e164))})`);
  const text = criteria.text?.trim();
  if (text) {
    const words = text.split(/\s+/);
    const matches = [`SELECT id FROM leads WHERE external_id = ${param(text)}`];
    if (words.length === 1) {
      const prefix = param(startsWith(text));
      matches.push(`SELECT id FROM leads WHERE lower(first_name) LIKE ${prefix}`, `SELECT id FROM leads WHERE lower(last_name) LIKE ${prefix}`);
    } else {
      // "ann smi": the first name starts with the first word and the last name with the rest.
      const first = param(startsWith(words[0] ?? ''));
      matches.push(`SELECT id FROM leads WHERE lower(first_name) LIKE ${first} AND lower(last_name) LIKE ${param(startsWith(words.slice(1).join(' ')))}`);
    }
    if (criteria.textE164) matches.push(leadsWithNumber(param(criteria.textE164)));
    where.push(`l.id IN (${matches.join(' UNION ALL ')})`);
  }
  if (criteria.status) where.push(`l.status = ${param(criteria.status)}`);
  if (criteria.stage) where.push(`l.stage = ${param(criteria.stage)}`);
  if (criteria.grade) where.push(`l.grade = ${param(criteria.grade)}`);
  if (order === 'lastCalled') where.push('l.last_attempt_at IS NOT NULL');
  return where;
}

/** The search's conditions and where its page starts, with their parameters. */
function conditions(search: LeadSearch): { where: string[]; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown): string => `$${params.push(value)}`;
  const where = criteriaConditions(search, search.order, param);
  const before = search.before;
  if (typeof before === 'string') where.push(`l.id < ${param(before)}`);
  else if (before) {
    // In microseconds, as Postgres keeps them: a cursor in milliseconds would skip or repeat leads
    // called within the same millisecond.
    where.push(`(l.last_attempt_at, l.id) < (timestamptz 'epoch' + ${param(before.calledMicros)}::bigint * interval '1 microsecond', ${param(before.id)})`);
  }
  return { where, params };
}

/** Newest first, the last called first, or as loaded (a list's download). */
export const leadOrderBy: Record<LeadOrder | 'loaded', string> = { newest: 'l.id DESC', lastCalled: 'l.last_attempt_at DESC, l.id DESC', loaded: 'l.id' };

/** A lead's place in the order searched, as the API gives it for the next page. */
function cursorOf(order: LeadOrder, row: SummaryRow): string {
  return order === 'lastCalled' && row.called_micros !== null ? `${row.called_micros}.${row.id}` : row.id;
}

/** A `before` cursor read back: a lead id, or a call's microsecond and a lead id for the last
 * called first; null when it is not one of the order's. */
export function parseLeadCursor(order: LeadOrder, text: string): string | CalledCursor | null {
  if (order === 'newest') return /^\d+$/.test(text) ? text : null;
  const match = /^(\d+)\.(\d+)$/.exec(text);
  return match?.[1] && match[2] ? { calledMicros: match[1], id: match[2] } : null;
}

export async function searchLeads(db: Queryable, search: LeadSearch): Promise<LeadPage> {
  const { where, params } = conditions(search);
  const result = await db.query<SummaryRow>(
    `SELECT l.id, l.campaign_id, c.name AS campaign_name, li.name AS list_name, l.external_id, l.first_name, l.last_name,
            l.status, l.stage, l.grade, l.attempts, l.last_outcome, l.last_attempt_at, l.next_dial_at,
            COALESCE(l.timezone, c.timezone) AS time_zone,
            ${leadNumbersSql} AS phones, ${withheldLeadSql} AS withheld,
            (extract(epoch FROM l.last_attempt_at) * 1000000)::bigint::text AS called_micros
     FROM leads l JOIN lists li ON li.id = l.list_id JOIN campaigns c ON c.id = l.campaign_id
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${leadOrderBy[search.order]}
     LIMIT $${params.length + 1}`,
    // One more than the page: whether there is a next one.
    [...params, search.limit + 1],
  );
  const rows = result.rows.slice(0, search.limit);
  const last = rows.at(-1);
  const leads = rows.map((r) => ({
    id: r.id, campaignId: r.campaign_id, campaignName: r.campaign_name, listName: r.list_name, externalId: r.external_id,
    firstName: r.first_name, lastName: r.last_name, status: r.status, stage: r.stage, grade: r.grade, attempts: r.attempts,
    lastOutcome: r.last_outcome, lastAttemptAt: r.last_attempt_at, nextDialAt: r.next_dial_at, timeZone: r.time_zone, phones: r.phones, withheld: r.withheld,
  }));
  return { leads, next: result.rows.length > search.limit && last ? cursorOf(search.order, last) : null };
}
