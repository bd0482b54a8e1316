// Callbacks beyond creation: scheduling one for a lead (due time in the lead's zone), marking due
// ones (the timer's job, and the sweep that catches lost timers), giving an agent's to anyone when
// they have not taken it in the campaign's time, closing them when the lead is dialled, the
// agent's list, and overdue ones (past the follow-up deadline, 48 h by default).

import { dateOfDayNumber, dayNumberOf, localTimeAt, utcOfLocal } from '../../core/compliance/local-time.js';
import { callbackGraceEndsAt, callbackWindowColumns, type CallbackWindowRow } from './callback-lease.js';
import { callbackLeadWaitsFor, insertCallback, waitingStatus, type Callback } from './callback-repository.js';
import { DbError } from './db-error.js';
import { isLeadErased } from './erased-lead.js';
import { leadStoppedByCaps } from './lead-dial-caps.js';
import { rethrowConstraint } from './pg-errors.js';
import { checkCallbackTime } from './callback-time.js';
import { withTransaction, type Pool, type Queryable } from './pool.js';

/** UTC instant of a local date-time ('2030-01-07T15:00') in a zone. */
export function localDateTimeToUtc(local: string, zone: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) throw new DbError('INVALID_ARGUMENT', `"${local}" is not a local date-time (YYYY-MM-DDTHH:MM)`);
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const utc = utcOfLocal(dayNumberOf(y, mo, d), h * 60 + mi, zone);
  // In the hour the clocks skip the time names no instant: say so rather than book the hour after.
  const found = localTimeAt(utc, zone);
  if (found.minuteOfDay !== h * 60 + mi) {
    const next = `${dateOfDayNumber(found.dayNumber)}T${clock(found.minuteOfDay)}`;
    throw new DbError('INVALID_ARGUMENT', `${local} does not exist in ${zone}: the clocks go forward then; the first time after it is ${next}`);
  }
  return new Date(utc);
}

const clock = (minuteOfDay: number): string =>
  `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;

export interface ScheduleCallbackInput {
  leadId: string;
  /** Absent or null: anyone on the campaign. */
  agentId?: string | null;
  /** Either an instant, or a local date-time read in the lead's zone. */
  dueAt?: Date;
  dueLocal?: string;
  notes?: string | null;
  followUpHours?: number;
  /** When given (a request made now), the time must be to come and within a year. */
  now?: Date;
  /** The agent booking it themselves: refused (FORBIDDEN) as agentCallbackRefusal says, judged
   * under the lead's lock, so that two colleagues booking their own at once do not both pass. */
  bookingAgentId?: string;
}

/** Creates the callback and puts the lead in the callback state, due at that time; refused for a
 * lead whose data was erased (its notes would bring personal data back, and it is not called). */
export async function scheduleCallback(pool: Pool, input: ScheduleCallbackInput): Promise<Callback> {
  return withTransaction(pool, async (client) => {
    const found = await client.query<{ campaign_id: string; zone: string; in_call: boolean; status: string }>(
      `SELECT l.campaign_id, coalesce(l.timezone, c.timezone) AS zone, coalesce(l.leased_until > coalesce($2, now()), false) AS in_call, l.status
       FROM leads l JOIN campaigns c ON c.id = l.campaign_id WHERE l.id = $1 FOR UPDATE OF l`,
      [input.leadId, input.now ?? null],
    );
    const refusal = input.bookingAgentId === undefined ? null : await agentCallbackRefusal(client, input.leadId, input.bookingAgentId);
    if (refusal) throw new DbError('FORBIDDEN', refusal);
    const lead = found.rows[0];
    if (!lead) throw new DbError('NOT_FOUND', `lead ${input.leadId}`);
    if (await isLeadErased(client, input.leadId)) {
      throw new DbError('CONFLICT', `lead ${input.leadId}'s data was erased at the person's request: no callback is scheduled for it`);
    }
    const never = neverCalledAgain(input.leadId, lead.status);
    if (never) throw new DbError('CONFLICT', never);
    // The call's end would decide the lead's next dial over it: given with the call's disposition, it stands.
    if (lead.in_call) throw new DbError('CONFLICT', `lead ${input.leadId} is being called or previewed: give the callback with that call's disposition, or once the call has ended or the preview was skipped`);
    if (input.agentId && (await client.query('SELECT 1 FROM agents WHERE id = $1', [input.agentId])).rowCount === 0) {
      throw new DbError('INVALID_ARGUMENT', `agent ${input.agentId} does not exist: a personal callback needs an agent on record`);
    }
    const dueAt = input.dueAt ?? (input.dueLocal ? localDateTimeToUtc(input.dueLocal, lead.zone) : null);
    if (!dueAt) throw new DbError('CALLBACK_TIME_REQUIRED', 'a callback needs dueAt or dueLocal');
    if (input.now) checkCallbackTime(dueAt, input.now);
    const callback = await insertCallback(client, {
      leadId: input.leadId, campaignId: String(lead.campaign_id), agentId: input.agentId ?? null, dueAt, timezone: lead.zone,
      notes: input.notes ?? null, ...(input.followUpHours === undefined ? {} : { followUpHours: input.followUpHours }),
    });
    // The lead waits for its first callback for anyone, this one or one still open, else its first
    // personal one (callbackLeadWaitsFor). Anyone's is dialled by selection (callbacks first); a
    // personal one waits for its agent.
    const first = (await callbackLeadWaitsFor(client, input.leadId)) ?? callback;
    // A lead already worked (a follow-up with a customer who bought, one with its dials used up)
    // keeps what it was, for a cancel to put it back (migration 130); one already waiting keeps
    // what it had before its first callback.
    await client.query(
      `UPDATE leads SET status = $2, next_dial_at = $3, updated_at = now(),
         status_before_callback = CASE WHEN status IN ('done', 'exhausted') THEN status WHEN status IN ('callback', 'scheduled') THEN status_before_callback END
       WHERE id = $1 AND status NOT IN ('dnc', 'invalid')`,
      [input.leadId, waitingStatus(first), first.dueAt],
    );
    return callback;
  });
}

/** Why a callback just booked is no longer open, or null while it is: the lead's erasure (or a
 * cancel, or its call's disposition) may close it between its booking's commit and the answer to
 * it, and a booking answered as made must be one that stands. */
export async function callbackClosedSince(db: Queryable, callback: { id: string; leadId: string }): Promise<string | null> {
  const found = await db.query<{ status: string }>('SELECT status FROM callbacks WHERE id = $1', [callback.id]);
  const status = found.rows[0]?.status;
  if (status === 'pending' || status === 'due') return null;
  if (await isLeadErased(db, callback.leadId)) {
    return `lead ${callback.leadId}'s data was erased at the person's request while the callback was being scheduled: the callback was cancelled with it, and no callback is scheduled for it`;
  }
  return `callback ${callback.id} for lead ${callback.leadId} was ${status ?? 'removed'} while it was being scheduled: no callback is scheduled for it`;
}

/** Why a callback cannot be made for a lead in this status, or null when it can: one on the
 * do-not-call list, or with no valid number left, is never dialled, so its callback would only fall
 * due and go overdue. */
function neverCalledAgain(leadId: string, status: string): string | null {
  if (status === 'dnc') return `lead ${leadId} is on the do-not-call list: it is not called, so no callback is scheduled for it`;
  if (status === 'invalid') return `lead ${leadId} has no valid number left: it is not called, so no callback is scheduled for it`;
  return null;
}

/** Why an agent may not schedule a callback of their own for a lead, or null when they may: the
 * lead must be one they have had a call with, and no other agent's own callback may wait on it
 * (theirs would be dialled first and close the colleague's). */
export async function agentCallbackRefusal(db: Queryable, leadId: string, agentId: string): Promise<string | null> {
  const result = await db.query<{ worked: boolean; colleague: string | null }>(
    `SELECT EXISTS (SELECT 1 FROM attempts WHERE lead_id = $1 AND agent_id = $2) AS worked,
       (SELECT agent_id FROM callbacks WHERE lead_id = $1 AND status IN ('pending', 'due') AND agent_id IS NOT NULL AND agent_id <> $2 LIMIT 1) AS colleague`,
    [leadId, agentId],
  );
  const row = result.rows[0];
  if (!row?.worked) return `lead ${leadId} is not one of your calls: an agent schedules callbacks for the leads they have talked to`;
  if (row.colleague !== null) return `lead ${leadId} already waits for a callback of ${row.colleague}'s`;
  return null;
}

/** Cancels an open callback (false when it is not open). Its lead, waiting for it, follows the
 * lead's next open callback if it has one, or goes back to where it was before it waited: the
 * dialling pool (exhausted when it has no dial left under the caps), or worked (done, its dials
 * used up) for a follow-up booked on a worked lead. A cancelled callback is neither dialled
 * (selection reads the lead) nor leaves a personal one's lead waiting for ever, nor sends a
 * customer who bought into the pool as a new prospect. */
export async function cancelCallback(pool: Pool, callbackId: string, now: Date): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    // The lead is locked before its callback, as a disposition, a close and an erasure take them:
    // the callback first deadlocks with one calling it off; and the next callback is read after the
    // lock, so one booked meanwhile is not missed.
    const found = await client.query<{ lead_id: string }>('SELECT lead_id FROM callbacks WHERE id = $1', [callbackId]);
    const leadId = found.rows[0]?.lead_id;
    if (leadId === undefined) return false;
    await client.query('SELECT 1 FROM leads WHERE id = $1 FOR UPDATE', [leadId]);
    const cancelled = await client.query(
      `UPDATE callbacks SET status = 'cancelled', updated_at = $2 WHERE id = $1 AND status IN ('pending', 'due')`, [callbackId, now]);
    if (cancelled.rowCount === 0) return false;
    const next = await callbackLeadWaitsFor(client, String(leadId));
    // Back to the pool only with a dial left under the caps (a callback given on the last allowed
    // dial has none), else exhausted, as a disposition's retry with none left is: selection would
    // step over it for ever, while the list's counts took it for a lead still to dial.
    const returnsTo = !next && (await leadStoppedByCaps(client, String(leadId))) ? 'exhausted' : 'retry';
    await client.query(
      `UPDATE leads SET status = coalesce($2, status_before_callback, $5), next_dial_at = $3, updated_at = $4,
         status_before_callback = CASE WHEN $2::text IS NOT NULL THEN status_before_callback END
       WHERE id = $1 AND status IN ('callback', 'scheduled')`,
      [leadId, next ? waitingStatus(next) : null, next?.dueAt ?? now, now, returnsTo],
    );
    return true;
  });
}

/** Marks one callback due (the timer fired); false if it is not pending or not yet due. */
export async function markCallbackDue(db: Queryable, callbackId: string, now: Date): Promise<boolean> {
  const result = await db.query(
    `UPDATE callbacks SET status = 'due', fired_at = coalesce(fired_at, $2), updated_at = $2
     WHERE id = $1 AND status = 'pending' AND due_at <= $2`,
    [callbackId, now],
  );
  return (result.rowCount ?? 0) > 0;
}

/** Marks every pending callback whose time has come: the sweep that does not trust timers. */
export async function markDueCallbacks(db: Queryable, now: Date): Promise<{ id: string; agentId: string | null; campaignId: string; leadId: string }[]> {
  const result = await db.query<{ id: string; agent_id: string | null; campaign_id: string; lead_id: string }>(
    `UPDATE callbacks SET status = 'due', fired_at = coalesce(fired_at, $1), updated_at = $1
     WHERE status = 'pending' AND due_at <= $1 RETURNING id, agent_id, campaign_id, lead_id`,
    [now],
  );
  return result.rows.map((r) => ({ id: String(r.id), agentId: r.agent_id, campaignId: String(r.campaign_id), leadId: String(r.lead_id) }));
}

export interface ReleasedCallback {
  id: string;
  leadId: string;
  campaignId: string;
  releasedFrom: string;
}

/** Gives to anyone on its campaign each open personal callback meeting `which` (SQL on `cb`, the
 * callback, and `c`, its campaign; $1 is now): its lead is dialled by selection, callbacks first,
 * once due, like any callback for anyone. One whose lead is being dialled now is left to that call. */
async function releaseCallbacks(pool: Pool, which: string, params: unknown[]): Promise<ReleasedCallback[]> {
  return withTransaction(pool, async (client) => {
    // Their leads first, in id order, then the callbacks: as a disposition, a close, an erasure and
    // a cancel take them. The callbacks first deadlock with a disposition calling one off.
    await client.query(
      `SELECT 1 FROM callbacks cb JOIN campaigns c ON c.id = cb.campaign_id JOIN leads l ON l.id = cb.lead_id
       WHERE cb.status IN ('pending', 'due') AND cb.agent_id IS NOT NULL AND (l.leased_until IS NULL OR l.leased_until < $1) AND ${which}
       ORDER BY l.id FOR UPDATE OF l`,
      params);
    return releaseLockedCallbacks(client, which, params);
  });
}

async function releaseLockedCallbacks(db: Queryable, which: string, params: unknown[]): Promise<ReleasedCallback[]> {
  const result = await db.query<{ id: string; lead_id: string; campaign_id: string; released_from: string }>(
    `WITH released AS (
       UPDATE callbacks cb SET released_from = cb.agent_id, agent_id = NULL, released_at = $1, updated_at = $1
       FROM campaigns c, leads l
       WHERE c.id = cb.campaign_id AND l.id = cb.lead_id AND cb.status IN ('pending', 'due') AND cb.agent_id IS NOT NULL
         AND (l.leased_until IS NULL OR l.leased_until < $1) AND ${which}
       RETURNING cb.id, cb.lead_id, cb.campaign_id, cb.released_from, cb.due_at
     ), freed AS (
       -- The lead now waits for its first callback for anyone (callbackLeadWaitsFor): this one or an earlier one.
       UPDATE leads l SET status = 'callback', updated_at = $1,
         next_dial_at = least(CASE WHEN l.status = 'callback' THEN l.next_dial_at END, (SELECT min(r2.due_at) FROM released r2 WHERE r2.lead_id = l.id))
       FROM (SELECT DISTINCT lead_id FROM released) r WHERE l.id = r.lead_id AND l.status IN ('scheduled', 'callback')
     )
     SELECT * FROM released`,
    params,
  );
  return result.rows.map((r) => ({ id: String(r.id), leadId: String(r.lead_id), campaignId: String(r.campaign_id), releasedFrom: r.released_from }));
}

/** The personal callbacks their agents have not taken within their campaign's
 * `callbackReleaseMinutes` of calling hours after they fell due (an agent away or ill), given to
 * anyone. Only time the calling window in the lead's zones is open counts: a callback due at 07:00
 * before an 08:00 window is its agent's until the window has been open that long, and one due ten
 * minutes before it closes is theirs again when it reopens. */
export async function releaseUnclaimedCallbacks(pool: Pool, now: Date): Promise<ReleasedCallback[]> {
  const late = await pool.query<CallbackWindowRow & { id: string; due_at: Date; release_minutes: string }>(
    `SELECT cb.id, cb.due_at, (c.settings->>'callbackReleaseMinutes') AS release_minutes, ${callbackWindowColumns}
     FROM callbacks cb JOIN leads l ON l.id = cb.lead_id JOIN campaigns c ON c.id = cb.campaign_id
     WHERE cb.status IN ('pending', 'due') AND cb.agent_id IS NOT NULL AND jsonb_typeof(c.settings->'callbackReleaseMinutes') = 'number'
       AND cb.due_at + (c.settings->>'callbackReleaseMinutes')::numeric * interval '1 minute' <= $1`,
    [now],
  );
  const ids = late.rows.filter((row) => {
    const graceEnds = callbackGraceEndsAt(row, row.due_at, Number(row.release_minutes) * 60_000);
    return graceEnds !== null && graceEnds <= now;
  }).map((row) => row.id);
  if (ids.length === 0) return [];
  return releaseCallbacks(pool, 'cb.id = ANY($2::bigint[])', [now, ids]);
}

/** Every open personal callback of an agent who no longer works here (made inactive), given to
 * anyone, due or not: nobody else would ever make them. */
export async function releaseAgentCallbacks(pool: Pool, agentId: string, now: Date): Promise<ReleasedCallback[]> {
  return releaseCallbacks(pool, 'cb.agent_id = $2', [now, agentId]);
}

/** Closes the lead's callbacks this dial honours: those due, and, for a dial an agent made by hand
 * (ahead of time: its `manual_dial` entry is on record, manual-dial-lease.ts), those the agent
 * promised or anyone may make; not another agent's. The engine's own dial of a due callback (or a
 * preview) keeps only those due: a later promise is still to be made at its time, should this
 * call reach no one. */
export async function completeHonouredCallbacks(db: Queryable, input: { leadId: string; attemptId: string; now: Date }): Promise<number> {
  const result = await db.query(
    `UPDATE callbacks cb SET status = 'done', updated_at = $2, honoured_by = $3, honoured_from = cb.status
     WHERE cb.lead_id = $1 AND cb.status IN ('pending', 'due')
       AND (cb.due_at <= $2 OR EXISTS (
         SELECT 1 FROM attempts a JOIN evidence_log e ON e.attempt_id = a.id AND e.kind = 'manual_dial'
         WHERE a.id = $3 AND a.agent_id IS NOT NULL AND (cb.agent_id IS NULL OR cb.agent_id = a.agent_id)))`,
    [input.leadId, input.now, input.attemptId],
  );
  return result.rowCount ?? 0;
}

/** After a dial that never went out (refused by its last check, hung up before it was sent, the
 * PBX away): the callbacks it closed are given back as they were, and a lead with an open callback
 * waits for its first (callbackLeadWaitsFor) again, unless a newer dial holds it. The refused dial
 * counted for nothing, so a lead the recycle rule found exhausted or sent to the retry pool is
 * still owed its callback; it is not dialled before `notBefore` (the refused dial's retry time, so
 * that a refusal that stands is not met again at once). The lead's status and next dial time then,
 * or null when it has no callback open. */
export async function reopenCallbacksOfUnsentDial(
  db: Queryable, input: { attemptId: string; leadId: string; now: Date; notBefore: Date },
): Promise<{ status: string; nextDialAt: Date } | null> {
  await db.query(
    `UPDATE callbacks SET status = honoured_from, honoured_by = NULL, honoured_from = NULL, updated_at = $2
     WHERE honoured_by = $1 AND status = 'done'`, [input.attemptId, input.now]);
  return waitForOpenCallback(db, input);
}

/** The statuses the recycle rule (or a disposition's retry) gives a lead without a callback in view. */
export const recycledAway = (status: string): boolean => status === 'retry' || status === 'exhausted';

/** A lead the recycle rule has just sent to the retry pool or found exhausted, with a callback
 * still open (one due later than the dial that closed those due), waits for that callback: a
 * callback is a promise the lifetime dial counts do not hold back, and a personal one is dialled
 * only for a lead waiting for a callback. The lead's status and next dial time then, or null when
 * it has none open. */
export async function waitForOpenCallback(
  db: Queryable, input: { leadId: string; now: Date; notBefore: Date },
): Promise<{ status: string; nextDialAt: Date } | null> {
  const first = await callbackLeadWaitsFor(db, input.leadId);
  if (!first) return null;
  const updated = await db.query<{ status: string; next_dial_at: Date }>(
    `UPDATE leads SET status = $2, next_dial_at = greatest($3::timestamptz, $5::timestamptz), updated_at = $4
     WHERE id = $1 AND leased_until IS NULL AND status NOT IN ('dnc', 'invalid', 'done') RETURNING status, next_dial_at`,
    [input.leadId, waitingStatus(first), first.dueAt, input.now, input.notBefore]);
  const row = updated.rows[0];
  return row ? { status: row.status, nextDialAt: row.next_dial_at } : null;
}

export interface OverdueCallback {
  id: string;
  campaignId: string;
  leadId: string;
  agentId: string | null;
  dueAt: Date;
  followUpDeadline: Date;
}

/** Open callbacks past their follow-up deadline (every callback stores one: insertCallback). */
export async function listOverdueCallbacks(db: Queryable, filter: { now: Date; campaignId?: string; agentId?: string }): Promise<OverdueCallback[]> {
  const result = await db.query<{ id: string; campaign_id: string; lead_id: string; agent_id: string | null; due_at: Date; follow_up_deadline: Date }>(
    `SELECT id, campaign_id, lead_id, agent_id, due_at, follow_up_deadline
     FROM callbacks
     WHERE status IN ('pending', 'due') AND follow_up_deadline < $1
       AND ($2::bigint IS NULL OR campaign_id = $2) AND ($3::text IS NULL OR agent_id = $3)
     ORDER BY follow_up_deadline`,
    [filter.now, filter.campaignId ?? null, filter.agentId ?? null],
  );
  return result.rows.map((r) => ({ id: String(r.id), campaignId: String(r.campaign_id), leadId: String(r.lead_id), agentId: r.agent_id, dueAt: r.due_at, followUpDeadline: r.follow_up_deadline }));
}

/** Overdue callbacks per campaign, for the metrics gauge. */
export async function countOverdueCallbacks(db: Queryable, now: Date): Promise<Map<string, number>> {
  const result = await db.query<{ campaign_id: string; n: number }>(
    `SELECT campaign_id, count(*)::int AS n FROM callbacks
     WHERE status IN ('pending', 'due') AND follow_up_deadline < $1 GROUP BY campaign_id`,
    [now],
  );
  return new Map(result.rows.map((r) => [String(r.campaign_id), r.n]));
}

/** A lead handed to sales (or dialled to its limits) comes back to the dialling pool, keeping (or
 * setting) its stage, with its dial counts and those of its numbers still enabled back to zero, as
 * a list's reset does: a lead left at its limit would be refused every dial. A lead with a callback
 * still open waits for its first one (callbackLeadWaitsFor) rather than be dialled now in the pool's
 * order and leave the promise to go overdue. Not one being called now (its lease is the call's:
 * cleared, the pacer could dial it again). Every rule that is not a count still applies (DNC,
 * calling hours, dials a day). A DNC lead only `fromDnc` (lead-return.ts checks its numbers
 * are off the list). Its status then, or null when it was not returned. */
export async function returnLeadToPool(db: Queryable, input: { leadId: string; stage?: string; now: Date; fromDnc?: boolean }): Promise<string | null> {
  const waits = await callbackLeadWaitsFor(db, input.leadId);
  const result = await db.query<{ status: string }>(
    `WITH returned AS (
       UPDATE leads SET status = $4, stage = coalesce($2, stage), next_dial_at = $5, leased_by = NULL, leased_until = NULL, updated_at = $3,
         preview_skips = 0, attempts = 0, status_before_callback = NULL
       WHERE id = $1 AND status NOT IN ('invalid', 'in_progress') AND (status <> 'dnc' OR $6) AND NOT coalesce(leased_until > $3, false) RETURNING id, status
     ), phones AS (
       UPDATE lead_phones p SET attempts = 0 FROM returned WHERE p.lead_id = returned.id AND NOT p.disabled
     )
     SELECT status FROM returned`,
    [input.leadId, input.stage ?? null, input.now, waits ? waitingStatus(waits) : 'retry', waits?.dueAt ?? input.now, input.fromDnc === true],
  ).catch(rethrowConstraint);
  return result.rows[0]?.status ?? null;
}

/** Overdue callbacks per campaign no node drives (stopped, completed, not yet started): no
 * engine holds them, so no node's own gauges count them. */
export async function countOverdueCallbacksOfIdleCampaigns(db: Queryable, now: Date): Promise<Map<string, number>> {
  const result = await db.query<{ campaign_id: string; n: number }>(
    `SELECT cb.campaign_id, count(*)::int AS n FROM callbacks cb JOIN campaigns c ON c.id = cb.campaign_id
     WHERE cb.status IN ('pending', 'due') AND cb.follow_up_deadline < $1 AND c.status NOT IN ('running', 'paused')
     GROUP BY cb.campaign_id`,
    [now],
  );
  return new Map(result.rows.map((r) => [String(r.campaign_id), r.n]));
}
