// Scheduled callbacks. Creation happens with a disposition (same transaction); the callback
// scheduler reads due ones and moves them through pending -> due -> done / cancelled.

import type { Queryable } from './pool.js';

export type CallbackStatus = 'pending' | 'due' | 'done' | 'cancelled';

export interface Callback {
  id: string;
  leadId: string;
  campaignId: string;
  agentId: string | null;
  attemptId: string | null;
  dueAt: Date;
  timezone: string | null;
  status: CallbackStatus;
  notes: string | null;
  followUpDeadline: Date;
  createdAt: Date;
  /** The agent whose callback it was, when it went to anyone because they did not take it in time. */
  releasedFrom: string | null;
}

export interface NewCallback {
  leadId: string;
  campaignId: string;
  /** null: anyone on the campaign may take it. */
  agentId?: string | null;
  attemptId?: string | null;
  dueAt: Date;
  timezone?: string | null;
  notes?: string | null;
  /** Hours after its time the callback, still open, is overdue; DEFAULT_FOLLOW_UP_HOURS if absent. */
  followUpHours?: number;
}

/** Hours after its time an open callback is overdue, unless it was scheduled with others. */
export const DEFAULT_FOLLOW_UP_HOURS = 48;

/** The follow-up deadline of a callback due at `dueAt`: one rule for every callback, however it was
 * made (a disposition, or the callbacks route), so each shows the deadline it is judged by. */
export function followUpDeadline(dueAt: Date, hours = DEFAULT_FOLLOW_UP_HOURS): Date {
  return new Date(dueAt.getTime() + hours * 3_600_000);
}

interface CallbackRow {
  id: string;
  lead_id: string;
  campaign_id: string;
  agent_id: string | null;
  attempt_id: string | null;
  due_at: Date;
  timezone: string | null;
  status: CallbackStatus;
  notes: string | null;
  follow_up_deadline: Date;
  created_at: Date;
  released_from: string | null;
}

const toCallback = (row: CallbackRow): Callback => ({
  id: String(row.id),
  leadId: String(row.lead_id),
  campaignId: String(row.campaign_id),
  agentId: row.agent_id,
  attemptId: row.attempt_id,
  dueAt: row.due_at,
  timezone: row.timezone,
  status: row.status,
  notes: row.notes,
  followUpDeadline: row.follow_up_deadline,
  createdAt: row.created_at,
  releasedFrom: row.released_from,
});

export async function insertCallback(db: Queryable, callback: NewCallback): Promise<Callback> {
  const result = await db.query<CallbackRow>(
    `INSERT INTO callbacks (lead_id, campaign_id, agent_id, attempt_id, due_at, timezone, notes, follow_up_deadline)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [callback.leadId, callback.campaignId, callback.agentId ?? null, callback.attemptId ?? null, callback.dueAt,
      callback.timezone ?? null, callback.notes ?? null, followUpDeadline(callback.dueAt, callback.followUpHours)],
  );
  const row = result.rows[0];
  if (!row) throw new Error('callback insert returned no row');
  return toCallback(row);
}

/** The open callback the lead waits for: its first one for anyone, which selection dials by the
 * lead's status and next dial time, else its first personal one. A personal callback is found by
 * the scheduler from the callbacks themselves, so it never needs to hold a callback for anyone
 * back: one earlier than it is dialled for its agent all the same. */
export async function callbackLeadWaitsFor(db: Queryable, leadId: string): Promise<{ agentId: string | null; dueAt: Date } | null> {
  const result = await db.query<{ agent_id: string | null; due_at: Date }>(
    `SELECT agent_id, due_at FROM callbacks WHERE lead_id = $1 AND status IN ('pending', 'due')
     ORDER BY agent_id IS NOT NULL, due_at, id LIMIT 1`, [leadId]);
  const row = result.rows[0];
  return row ? { agentId: row.agent_id, dueAt: row.due_at } : null;
}

/** Cancels every open callback of a lead whose disposition ended it (worked, DNC, no valid number
 * left): none of them would be dialled, yet each would fall due on its agent's desktop and be
 * reported overdue. Returns how many were cancelled. */
export async function cancelCallbacksOfEndedLead(db: Queryable, leadId: string, now: Date): Promise<number> {
  const result = await db.query(
    `UPDATE callbacks SET status = 'cancelled', updated_at = $2 WHERE lead_id = $1 AND status IN ('pending', 'due')`, [leadId, now]);
  return result.rowCount ?? 0;
}

/** The lead's state while it waits for a callback: a personal one is dialled for its agent, one
 * for anyone by selection. */
export const waitingStatus = (callback: { agentId: string | null }): 'scheduled' | 'callback' => (callback.agentId ? 'scheduled' : 'callback');

export async function listCallbacks(
  db: Queryable,
  filter: { campaignId?: string; agentId?: string; status?: readonly CallbackStatus[]; dueBefore?: Date; limit?: number; latestFirst?: boolean } = {},
): Promise<Callback[]> {
  const result = await db.query<CallbackRow>(
    `SELECT * FROM callbacks
     WHERE ($1::bigint IS NULL OR campaign_id = $1) AND ($2::text IS NULL OR agent_id = $2)
       AND ($3::text[] IS NULL OR status = ANY($3)) AND ($4::timestamptz IS NULL OR due_at <= $4)
     ORDER BY ${filter.latestFirst ? 'due_at DESC, id DESC' : 'due_at, id'} LIMIT $5`,
    [filter.campaignId ?? null, filter.agentId ?? null, filter.status ?? null, filter.dueBefore ?? null, filter.limit ?? null],
  );
  return result.rows.map(toCallback);
}
