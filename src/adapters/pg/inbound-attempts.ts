// The attempt row of a person calling back the campaign's number, written before the engine is
// asked for an agent for them (every call an agent takes is an attempt), marked inbound so that it
// counts as no dial; and its removal when no agent took the call, which then is no call of the lead's
// (unless the caller waited on hold their time for one: that missed call is kept, its attempt closed).

import { DbError } from './db-error.js';
import type { Queryable } from './pool.js';

export interface InboundAttemptInput {
  campaignId: string;
  leadId: string;
  /** The caller's number, E.164. */
  e164: string;
  nodeId: string;
  /** The caller's channel: what a restarted node finds them on (an outbound call's is its attempt's id). */
  channelId: string;
  /** The campaign's caller ID the person dialled: what the agent sees they were shown. */
  callerId: string;
  now: Date;
}

/** Writes the attempt, under the lead's phone of that number if it has one; its id. */
export async function createInboundAttempt(db: Queryable, input: InboundAttemptInput): Promise<string> {
  const attempt = await db.query<{ id: string }>(
    `INSERT INTO attempts (campaign_id, lead_id, phone_id, e164, status, direction, created_at, node_id, channel_id, caller_id, lead_grade)
     VALUES ($1, $2, (SELECT id FROM lead_phones WHERE lead_id = $2 AND e164 = $3), $3, 'created', 'inbound', $4, $5, $6, $7,
       (SELECT grade FROM leads WHERE id = $2)) RETURNING id`,
    [input.campaignId, input.leadId, input.e164, input.now, input.nodeId, input.channelId, input.callerId],
  );
  const id = attempt.rows[0]?.id;
  if (!id) throw new DbError('NOT_FOUND', 'inbound attempt insert returned no row');
  return id;
}

/** Removes the attempt of a caller no agent took (they hear the message instead): one never put
 * through, or whose agent's bridge failed with no other to spare (`answered` then, never connected). */
export async function dropInboundAttempt(db: Queryable, attemptId: string): Promise<void> {
  await db.query(`DELETE FROM attempts WHERE id = $1 AND direction = 'inbound' AND status IN ('created', 'answered')`, [attemptId]);
}

/** The cause an attempt no agent took is closed with, by why: its wait on hold ran out, or its
 * agent's bridge failed with no other agent to spare and no wait left it. */
export const untakenCauses = {
  wait_over: 'no agent took the return call in its wait on hold',
  bridge_failed: "the agent's bridge failed and no other agent was free to take the return call",
} as const;

/** Closes the attempt of a caller no agent took (they hear the message): kept, as a caller's who
 * hung up on hold is (`cancelled`), so their missed call names their number and lead. */
export async function closeInboundAttemptUntaken(db: Queryable, attemptId: string, endedAt: Date, why: keyof typeof untakenCauses = 'wait_over'): Promise<void> {
  await db.query(
    `UPDATE attempts SET status = 'ended', outcome = 'cancelled', cause_txt = $3, ended_at = $2, held_since = NULL
     WHERE id = $1 AND direction = 'inbound' AND ended_at IS NULL`,
    [attemptId, endedAt, untakenCauses[why]]);
}
