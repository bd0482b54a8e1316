// A campaign's calls over a period, one row per dial with its lead, outcome, times, agent (and
// the one who handed the call over to them), time on hold, disposition, the caller ID it presented
// and the staff member who hung it up, if one did: the call detail records a campaign manager loads into a spreadsheet or a CRM.
// A dial as the results count it (counted-calls.ts): an attempt blocked by the last check or
// closed before its dial went out called nobody; the evidence log keeps the blocked ones.
// A call is in the period it was dialled, as the results and the day caps count it
// (dialledInPeriodSql): a preview read across midnight is the next day's call, its reading time no
// ring time. Streamed in batches in the order of their dials (keyset paging on dial time and id, on
// attempts_campaign_dial_time_idx), so a month of dials never sits in memory.

import type { ActingStaff } from '../../core/acting-staff.js';
import { dialTimeSql } from './attempt-dialled.js';
import { agentTalkEndSql, dialledInPeriodSql, dialledSql, gradeDialledSql } from './counted-calls.js';
import { leadErasedSql } from './erased-lead.js';
import type { Queryable } from './pool.js';
import { recordedSql } from './recording-shown.js';

export interface CallRecord {
  attemptId: string;
  /** When its dial went out (its lease, for one still being dialled). */
  dialledAt: Date;
  answeredAt: Date | null;
  connectedAt: Date | null;
  endedAt: Date | null;
  /** When the agent's talk ended (agentTalkEndSql): the message left on a machine, the customer
   * left with a third party, else the call's end. */
  talkEndedAt: Date | null;
  leadId: string;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  /** The grade the lead had when dialled (its grade now for a call made before attempts kept it). */
  grade: string;
  /** The number dialled; null once its person was erased (the call stays, the number is told no one). */
  phone: string | null;
  outcome: string | null;
  abandoned: boolean;
  agentId: string | null;
  disposition: string | null;
  notes: string | null;
  stageAfter: string | null;
  /** Whether it was recorded (an erased person's call is not said to be). */
  recorded: boolean;
  /** The caller ID the dial presented. */
  callerId: string | null;
  heldMs: number;
  /** The agent who first had the customer, when they handed the call over to `agentId`. */
  transferredFrom: string | null;
  /** The staff member who hung the call up for its agent (a supervisor's forced hang-up), if one did. */
  endedBy: ActingStaff | null;
  /** The end of the greeting on a live answer: where the 2 seconds start. */
  liveAt: Date | null;
  /** When the safe-harbor message started, on an answer no agent took in time. */
  safeHarborAt: Date | null;
}

interface CallRow {
  id: string;
  created_at: Date;
  originated_at: Date | null;
  /** The dial time as Postgres holds it (microseconds), to page on without rounding to ms. */
  dialled_key: string;
  answered_at: Date | null;
  connected_at: Date | null;
  ended_at: Date | null;
  talk_ended_at: Date | null;
  lead_id: string;
  external_id: string | null;
  first_name: string | null;
  last_name: string | null;
  grade: string;
  e164: string | null;
  outcome: string | null;
  abandoned: boolean;
  agent_id: string | null;
  code: string | null;
  notes: string | null;
  stage_after: string | null;
  recorded: boolean;
  caller_id: string | null;
  held_ms: number;
  transferred_from: string | null;
  ended_by: ActingStaff | null;
  live_at: Date | null;
  safe_harbor_at: Date | null;
}

const toRecord = (row: CallRow): CallRecord => ({
  attemptId: row.id, dialledAt: row.originated_at ?? row.created_at, answeredAt: row.answered_at, connectedAt: row.connected_at, endedAt: row.ended_at, talkEndedAt: row.talk_ended_at,
  leadId: String(row.lead_id), externalId: row.external_id, firstName: row.first_name, lastName: row.last_name, grade: row.grade,
  phone: row.e164, outcome: row.outcome, abandoned: row.abandoned, agentId: row.agent_id, disposition: row.code, notes: row.notes,
  stageAfter: row.stage_after, recorded: row.recorded, callerId: row.caller_id, heldMs: row.held_ms,
  transferredFrom: row.transferred_from, endedBy: row.ended_by, liveAt: row.live_at, safeHarborAt: row.safe_harbor_at,
});

/** The page after `after` (the first page without it): on the index, from where the last ended. */
const callsPageSql = (after: boolean): string =>
  `SELECT a.id::text, a.created_at, a.originated_at, ${dialTimeSql('a')}::text AS dialled_key, a.answered_at, a.connected_at, a.ended_at, ${agentTalkEndSql('a')} AS talk_ended_at, a.lead_id, l.external_id, l.first_name, l.last_name,
     ${gradeDialledSql('a', 'l')} AS grade,
     CASE WHEN ${leadErasedSql('a.lead_id')} THEN NULL ELSE a.e164 END AS e164, a.outcome, a.abandoned, a.agent_id, d.code, d.notes, d.stage_after, ${recordedSql('a')} AS recorded, a.caller_id,
     a.held_ms, a.transferred_from, a.ended_by, a.live_at, a.safe_harbor_at
   FROM attempts a JOIN leads l ON l.id = a.lead_id LEFT JOIN dispositions d ON d.attempt_id = a.id
   WHERE a.campaign_id = $1 AND ${dialledInPeriodSql('a', '$2', '$3')} AND ${dialledSql('a')}
     ${after ? `AND (${dialTimeSql('a')}, a.id) > ($5::timestamptz, $6::uuid)` : ''}
   ORDER BY ${dialTimeSql('a')}, a.id LIMIT $4`;

export async function* exportCalls(db: Queryable, range: { campaignId: string; from: Date; to: Date }, batchSize = 1000): AsyncGenerator<CallRecord> {
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const params: unknown[] = [range.campaignId, range.from, range.to, batchSize, ...(after ? [after.at, after.id] : [])];
    const result: { rows: CallRow[] } = await db.query<CallRow>(callsPageSql(after !== null), params);
    for (const row of result.rows) yield toRecord(row);
    const last = result.rows.at(-1);
    if (!last || result.rows.length < batchSize) return;
    after = { at: last.dialled_key, id: last.id };
  }
}
