// Missed return calls (migrations 113, 114, 118, 125): people calling back no agent took: they hung up
// while waiting on hold for one (or in the instant of being put through to one), their wait ran out or their agent's bridge failed with no wait
// left them (they heard the message), or, their number withheld, the engine turned them away at
// once. A withheld caller's has no attempt (nor lead): there is no one to call back.
// Written when the call is missed; listed per campaign, the open ones first, until a
// supervisor or manager marks one handled, or books a callback on its lead and says so.

import type { ActingStaff, StaffShown } from '../../core/acting-staff.js';
import { DbError } from './db-error.js';
import { leadErasedSql } from './erased-lead.js';
import { withTransaction, type Pool, type Queryable } from './pool.js';

/** Why the call was missed: the caller hung up on hold, or in the instant of being put through to
 * an agent (`hung_up_connecting`, migration 125), their wait on hold ran out, their number was
 * withheld and no agent was offered them, or their agent's bridge failed with no wait left them
 * (migration 118). */
export const missedCallReasons = ['hung_up', 'hung_up_connecting', 'wait_over', 'withheld', 'bridge_failed'] as const;
export type MissedCallReason = (typeof missedCallReasons)[number];

export interface MissedCallInput {
  campaignId: string;
  reason: MissedCallReason;
  /** The attempt of the call; null for a withheld number, whose attempt (if any) is not kept. */
  attemptId: string | null;
  /** The campaign's number they called. */
  calledNumber: string;
  calledAt: Date;
  waitedMs: number;
}

export interface MissedCall {
  id: string;
  campaignId: string;
  attemptId: string | null;
  /** The caller's number (E.164); null when withheld, or when their lead was erased. */
  e164: string | null;
  leadId: string | null;
  reason: MissedCallReason;
  calledNumber: string;
  calledAt: Date;
  waitedMs: number;
  handledAt: Date | null;
  handledBy: StaffShown | null;
  callbackId: string | null;
}

/** Keeps a missed call; a second write for the same attempt changes nothing. */
export async function recordMissedCall(db: Queryable, input: MissedCallInput): Promise<void> {
  await db.query(
    `INSERT INTO missed_calls (campaign_id, attempt_id, reason, called_number, called_at, waited_ms) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (attempt_id) DO NOTHING`,
    [input.campaignId, input.attemptId, input.reason, input.calledNumber, input.calledAt, Math.max(0, Math.round(input.waitedMs))]);
}

interface MissedCallRow {
  id: string;
  campaign_id: string;
  attempt_id: string | null;
  e164: string | null;
  lead_id: string | null;
  reason: MissedCallReason;
  called_number: string;
  called_at: Date;
  waited_ms: number;
  handled_at: Date | null;
  handled_by: ActingStaff | null;
  callback_id: string | null;
}

const toMissedCall = (row: MissedCallRow): MissedCall => ({
  id: String(row.id), campaignId: String(row.campaign_id), attemptId: row.attempt_id, e164: row.e164,
  leadId: row.lead_id === null ? null : String(row.lead_id), reason: row.reason, calledNumber: row.called_number, calledAt: row.called_at,
  waitedMs: row.waited_ms, handledAt: row.handled_at, handledBy: row.handled_by ? { name: row.handled_by.name, role: row.handled_by.role } : null,
  callbackId: row.callback_id === null ? null : String(row.callback_id),
});

// The erasure keeps the attempt's number (the call happened) but no one is told it again: like
// the lead's own numbers it is read back nowhere.
const missedCallsSelect = `SELECT m.id, m.campaign_id, m.attempt_id, CASE WHEN ${leadErasedSql('a.lead_id')} THEN NULL ELSE a.e164 END AS e164,
    a.lead_id, m.reason, m.called_number, m.called_at, m.waited_ms, m.handled_at, m.handled_by, m.callback_id
  FROM missed_calls m LEFT JOIN attempts a ON a.id = m.attempt_id`;

/** The campaign's missed calls, the latest first: those not handled yet, or with `handled` every one, up to `limit`.
 * An erased person's are left out: they are never called back (their numbers are on the DNC list). */
export async function listMissedCalls(db: Queryable, campaignId: string, options: { handled: boolean; limit: number }): Promise<MissedCall[]> {
  const result = await db.query<MissedCallRow>(
    `${missedCallsSelect} WHERE m.campaign_id = $1 AND ($2 OR m.handled_at IS NULL) AND NOT ${leadErasedSql('a.lead_id')}
     ORDER BY m.called_at DESC, m.id DESC LIMIT $3`,
    [campaignId, options.handled, options.limit]);
  return result.rows.map(toMissedCall);
}

/** Marks a missed call handled by `by`, with the callback booked for it if any: the call as it now
 * stands. Handling one twice keeps the first; none such is NOT_FOUND, a callback on another lead
 * INVALID_ARGUMENT. */
export async function markMissedCallHandled(pool: Pool, input: { id: string; by: ActingStaff; at: Date; callbackId?: string }): Promise<MissedCall> {
  return withTransaction(pool, async (client) => {
    // Locked while judged and marked: two supervisors marking it at once keep the first's callback.
    const found = await client.query<{ lead_id: string | null }>(
      'SELECT a.lead_id FROM missed_calls m LEFT JOIN attempts a ON a.id = m.attempt_id WHERE m.id = $1 FOR UPDATE OF m', [input.id]);
    const call = found.rows[0];
    if (!call) throw new DbError('NOT_FOUND', `missed call ${input.id}`);
    if (input.callbackId !== undefined) {
      const callback = await client.query('SELECT 1 FROM callbacks WHERE id = $1 AND lead_id = $2', [input.callbackId, call.lead_id]);
      if (callback.rowCount === 0) throw new DbError('INVALID_ARGUMENT', `callback ${input.callbackId} is no callback on the lead of missed call ${input.id}`);
    }
    await client.query(
      'UPDATE missed_calls SET handled_at = $2, handled_by = $3, callback_id = $4 WHERE id = $1 AND handled_at IS NULL',
      [input.id, input.at, JSON.stringify(input.by), input.callbackId ?? null]);
    const result = await client.query<MissedCallRow>(`${missedCallsSelect} WHERE m.id = $1`, [input.id]);
    return toMissedCall(result.rows[0] as MissedCallRow);
  });
}
