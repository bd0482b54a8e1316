// Attempts: progress events while the call lives, and closing it with its outcome, which also
// updates the phone and the lead (lease released, counts, next dial) in the same transaction, and
// writes the CRM deliveries of the call's result.

import type { ActingStaff } from '../../core/acting-staff.js';
import { abandonRestMsOfAttempt } from './abandon-rest-sql.js';
import { attemptWasDialled } from './attempt-dialled.js';
import { supersededSql } from './attempt-superseded.js';
import { recycledAway, reopenCallbacksOfUnsentDial, waitForOpenCallback } from './callback-follow-up.js';
import { DbError } from './db-error.js';
import { appendEvidence } from './evidence-log-repository.js';
import { phoneCapFrom } from './lead-dial-caps.js';
import { withTransaction, type Pool, type PoolClient, type Queryable } from './pool.js';
import type { AbandonRegime } from '../../core/compliance/abandon-regime.js';
import { recyclePolicyUnder } from '../../core/compliance/dial-rules-policy.js';
import { recycleLead, type RecyclePolicy } from '../../core/recycle-rule.js';
import { callWebhookPayload } from './call-webhook.js';
import { queueWebhooks } from './webhook-outbox.js';

export type AttemptEvent = 'originated' | 'ringing' | 'answered' | 'live' | 'connected';
const statusOrder = ['created', 'originated', 'ringing', 'answered', 'live', 'connected', 'ended'];

export interface AttemptEventDetails {
  channelId?: string;
  agentId?: string;
  amdStatus?: string;
  amdCause?: string;
  recordingName?: string;
  /** The caller ID the dial presented (at originate). */
  callerId?: string;
}

export interface Attempt {
  id: string;
  campaignId: string;
  leadId: string;
  phoneId: string | null;
  e164: string;
  agentId: string | null;
  channelId: string | null;
  status: string;
  outcome: string | null;
  cause: number | null;
  causeTxt: string | null;
  dialStatus: string | null;
  amdStatus: string | null;
  amdCause: string | null;
  abandoned: boolean;
  safeHarborPlayed: boolean;
  createdAt: Date;
  originatedAt: Date | null;
  ringingAt: Date | null;
  answeredAt: Date | null;
  liveAt: Date | null;
  connectedAt: Date | null;
  endedAt: Date | null;
  recordingName: string | null;
  /** When the recording was deleted under the retention; null while it is kept. */
  recordingPurgedAt: Date | null;
  nodeId: string | null;
  /** The caller ID the dial presented; null before it was dialled. */
  callerId: string | null;
  /** Time the customer spent on hold (holds ended so far, while the call is open). */
  heldMs: number;
  /** While the customer of an open call is on hold: since when. */
  heldSince: Date | null;
  /** Times the call was handed to another agent, and the agent who first had it. */
  transfers: number;
  transferredFrom: string | null;
  /** A person calling back the campaign's number, put through to an agent (no dial). */
  inbound: boolean;
}

interface AttemptRow {
  id: string;
  campaign_id: string;
  lead_id: string;
  phone_id: string | null;
  e164: string;
  agent_id: string | null;
  channel_id: string | null;
  status: string;
  outcome: string | null;
  cause: number | null;
  cause_txt: string | null;
  dial_status: string | null;
  amd_status: string | null;
  amd_cause: string | null;
  abandoned: boolean;
  safe_harbor_played: boolean;
  created_at: Date;
  originated_at: Date | null;
  ringing_at: Date | null;
  answered_at: Date | null;
  live_at: Date | null;
  connected_at: Date | null;
  ended_at: Date | null;
  recording_name: string | null;
  recording_purged_at: Date | null;
  node_id: string | null;
  caller_id: string | null;
  held_ms: number;
  held_since: Date | null;
  transfers: number;
  transferred_from: string | null;
  direction: string;
}

const toAttempt = (row: AttemptRow): Attempt => ({
  id: row.id,
  campaignId: String(row.campaign_id),
  leadId: String(row.lead_id),
  phoneId: row.phone_id === null ? null : String(row.phone_id),
  e164: row.e164,
  agentId: row.agent_id,
  channelId: row.channel_id,
  status: row.status,
  outcome: row.outcome,
  cause: row.cause,
  causeTxt: row.cause_txt,
  dialStatus: row.dial_status,
  amdStatus: row.amd_status,
  amdCause: row.amd_cause,
  abandoned: row.abandoned,
  safeHarborPlayed: row.safe_harbor_played,
  createdAt: row.created_at,
  originatedAt: row.originated_at,
  ringingAt: row.ringing_at,
  answeredAt: row.answered_at,
  liveAt: row.live_at,
  connectedAt: row.connected_at,
  endedAt: row.ended_at,
  recordingName: row.recording_name,
  recordingPurgedAt: row.recording_purged_at,
  nodeId: row.node_id,
  callerId: row.caller_id,
  heldMs: row.held_ms,
  heldSince: row.held_since,
  transfers: row.transfers,
  transferredFrom: row.transferred_from,
  inbound: row.direction === 'inbound',
});

export async function getAttempt(db: Queryable, attemptId: string): Promise<Attempt | null> {
  const result = await db.query<AttemptRow>('SELECT * FROM attempts WHERE id = $1', [attemptId]);
  return result.rows[0] ? toAttempt(result.rows[0]) : null;
}

/** Attempts not closed yet (of one node, or all): what to reconcile with the PBX after a restart. */
export async function listOpenAttempts(db: Queryable, filter: { nodeId?: string; campaignId?: string } = {}): Promise<Attempt[]> {
  const result = await db.query<AttemptRow>(
    `SELECT * FROM attempts WHERE ended_at IS NULL AND ($1::text IS NULL OR node_id = $1) AND ($2::bigint IS NULL OR campaign_id = $2)
     ORDER BY created_at`,
    [filter.nodeId ?? null, filter.campaignId ?? null],
  );
  return result.rows.map(toAttempt);
}

/**
 * Records a progress event. The first timestamp of each kind wins (events may repeat or arrive
 * late) and the status only moves forward. Returns false for an unknown attempt, or with
 * `onlyIfOpen` for one closed already.
 */
export async function markAttemptEvent(db: Queryable, attemptId: string, event: AttemptEvent, at: Date, details: AttemptEventDetails = {},
  onlyIfOpen = false): Promise<boolean> {
  const column = `${event}_at`;
  const result = await db.query(
    `UPDATE attempts SET
       ${column} = coalesce(${column}, $2),
       status = CASE WHEN array_position($3::text[], $4) > array_position($3::text[], status) THEN $4 ELSE status END,
       channel_id = coalesce($5, channel_id),
       agent_id = coalesce($6, agent_id),
       amd_status = coalesce($7, amd_status),
       amd_cause = coalesce($8, amd_cause),
       recording_name = coalesce($9, recording_name),
       caller_id = coalesce($10, caller_id)
     WHERE id = $1 AND (NOT $11::boolean OR ended_at IS NULL)`,
    [attemptId, at, statusOrder, event, details.channelId ?? null, details.agentId ?? null, details.amdStatus ?? null, details.amdCause ?? null,
      details.recordingName ?? null, details.callerId ?? null, onlyIfOpen],
  );
  return (result.rowCount ?? 0) > 0;
}

export interface CloseAttemptInput {
  attemptId: string;
  outcome: string;
  endedAt: Date;
  cause?: number | null;
  causeTxt?: string | null;
  dialStatus?: string | null;
  amdStatus?: string | null;
  amdCause?: string | null;
  abandoned?: boolean;
  /** An abandoned call's rest for its number, under the rules when it was abandoned; absent or
   * null: its campaign's rules as they are when the close is written. */
  abandonRestMs?: number | null;
  safeHarborPlayed?: boolean;
  /** When the safe-harbor message started. */
  safeHarborAt?: Date | null;
  recordingName?: string | null;
  agentId?: string | null;
  /** Time the customer spent on hold. */
  heldMs?: number;
  /** Each handover of the customer from one agent to another, in order. */
  handovers?: readonly AttemptHandover[];
  /** When the agent had the campaign's message left on the answering machine they reached. */
  messageLeftAt?: Date | null;
  /** When the campaign's (or the list's) message started on the answering machine, why then
   * (greeting-wait.ts), and which message. */
  messagePlayed?: { at: Date; start: string; media: string } | null;
  /** Why no message was left on the machine the call reached (the lead had not consented to it). */
  messageWithheld?: string | null;
  /** The third party the agent called about the customer, and when they left the customer with it. */
  thirdParty?: { name: string; handedOffAt: Date | null } | null;
  /** The person pressed the opt-out key: they are not to be called again on any of the lead's
   * numbers (the dialled one goes on the DNC list by its own command). */
  optedOut?: boolean;
  /** Overrides the campaign's settings.recycle for this close. */
  policy?: Partial<RecyclePolicy>;
  /** False: the dial never reached the PBX; its originate time is cleared, so that it is no dial
   * (the last check records it as dialled before the originate is sent). */
  dialSent?: boolean;
  /** The staff member who hung the call up for its agent (a supervisor's forced hang-up). */
  endedBy?: ActingStaff | null;
  /** Why the staff member hung it up, as they typed it (a caller waiting on hold); cleared by an erasure. */
  staffReason?: string | null;
}

export interface AttemptHandover {
  fromAgentId: string;
  toAgentId: string;
  at: Date;
}

export interface CloseAttemptResult {
  /** False when the attempt was already closed (closing is idempotent) or does not exist. */
  closed: boolean;
  leadStatus?: string;
  nextDialAt?: Date;
  /** The CRM deliveries of the call's result, for the sender to post. */
  webhookIds?: string[];
}

const CLOSE_SQL = `
UPDATE attempts SET
  status = 'ended', outcome = $2, ended_at = $3,
  cause = coalesce($4, cause), cause_txt = coalesce($5, cause_txt), dial_status = coalesce($6, dial_status),
  amd_status = coalesce($7, amd_status), amd_cause = coalesce($8, amd_cause),
  abandoned = abandoned OR $9, safe_harbor_played = safe_harbor_played OR $10,
  recording_name = coalesce($11, recording_name), agent_id = coalesce($12, agent_id), held_ms = greatest(held_ms, $13), held_since = NULL,
  transfers = greatest(transfers, $14), transferred_from = coalesce(transferred_from, $15),
  -- An abandoned call is a live answer, whatever a disposition given while it ended said (disposition-repository.ts).
  message_left_at = coalesce($16, message_left_at), no_person = (no_person OR $16 IS NOT NULL) AND NOT (abandoned OR $9),
  third_party = coalesce($17, third_party), third_party_handed_off_at = coalesce($18, third_party_handed_off_at),
  message_played_at = coalesce($19, message_played_at), message_start = coalesce($20, message_start),
  message_media = coalesce($21, message_media),
  originated_at = CASE WHEN $22 THEN originated_at END,
  safe_harbor_at = coalesce(safe_harbor_at, $23), ended_by = $24, message_withheld = coalesce($25, message_withheld),
  abandon_rest_ms = coalesce(abandon_rest_ms, $26), staff_reason = coalesce($27, staff_reason)
WHERE id = $1 AND ended_at IS NULL
RETURNING lead_id, phone_id, campaign_id, originated_at, direction`;

/** Closes an attempt with its outcome and recycles the lead, all in one transaction. */
export async function closeAttempt(pool: Pool, input: CloseAttemptInput): Promise<CloseAttemptResult> {
  const handovers = input.handovers ?? [];
  return withTransaction(pool, async (client) => {
    // An abandoned call keeps the rest its campaign's rules gave when it was abandoned, as the engine
    // says (a close written late from the spool, after a change of rules, keeps it); a later change
    // does not shorten (or lengthen) it (abandon-rest-sql.ts). A close that does not say (spooled by
    // an older version, or written by a tool) takes its campaign's rules now.
    const abandonRestMs = input.abandoned !== true ? null : input.abandonRestMs ?? await abandonRestMsOfAttempt(client, input.attemptId);
    const closed = await client.query<{ lead_id: string; phone_id: string | null; campaign_id: string; originated_at: Date | null; direction: string }>(CLOSE_SQL, [
      input.attemptId, input.outcome, input.endedAt, input.cause ?? null, input.causeTxt ?? null, input.dialStatus ?? null,
      input.amdStatus ?? null, input.amdCause ?? null, input.abandoned ?? false, input.safeHarborPlayed ?? false,
      input.recordingName ?? null, input.agentId ?? null, Math.round(input.heldMs ?? 0), handovers.length, handovers[0]?.fromAgentId ?? null,
      input.messageLeftAt ?? null, input.thirdParty?.name ?? null, input.thirdParty?.handedOffAt ?? null,
      input.messagePlayed?.at ?? null, input.messagePlayed?.start ?? null, input.messagePlayed?.media ?? null,
      input.dialSent ?? true, input.safeHarborAt ?? null, input.endedBy ?? null, input.messageWithheld ?? null, abandonRestMs,
      input.staffReason ?? null,
    ]);
    const row = closed.rows[0];
    if (!row) return { closed: false };
    await saveHandovers(client, input.attemptId, handovers.map((h, i) => ({ ...h, seq: i + 1 })));
    // Why a machine got no message, on the evidence log beside the attempt's own record, by the
    // close that records the call only.
    if (input.messageWithheld) {
      await appendEvidence(client, {
        kind: 'message_withheld', campaignId: String(row.campaign_id), attemptId: input.attemptId, leadId: String(row.lead_id), at: input.endedAt,
        payload: { reason: input.messageWithheld },
      });
    }
    // A person who called back took nothing of the lead's turn: it stays as it was, and the
    // disposition the agent gives writes to it as any.
    if (row.direction === 'inbound') {
      const webhookIds = await queueWebhooks(client, {
        campaignId: String(row.campaign_id), event: 'call', at: input.endedAt, payload: () => callWebhookPayload(client, input.attemptId),
      });
      return { closed: true, webhookIds };
    }
    // An attempt closed before it was dialled (withdrawn before its dial, or refused by the last
    // check) rang no one: it takes nothing of the lead's or the number's dials.
    const dialled = attemptWasDialled(input.outcome, row.originated_at);
    // The lead is locked before its number is written, as a disposition (of this call or an earlier
    // one, disabling the number) and a return to the pool take them: the number first deadlocks.
    await lockLead(client, String(row.lead_id));
    if (row.phone_id !== null && dialled) await updatePhone(client, String(row.phone_id), input);
    const recycled = await updateLead(client, { leadId: String(row.lead_id), campaignId: String(row.campaign_id) }, input, dialled);
    // A callback is still owed when the dial never went out, whether or not its check had closed
    // it; and after one that went out, those it did not close (due later) are owed still.
    const leadId = String(row.lead_id);
    let waiting: Awaited<ReturnType<typeof waitForOpenCallback>> = null;
    if (!dialled) {
      waiting = await reopenCallbacksOfUnsentDial(client, {
        attemptId: input.attemptId, leadId, now: input.endedAt,
        notBefore: recycled.leadStatus === 'retry' ? recycled.nextDialAt ?? input.endedAt : input.endedAt,
      });
    } else if (recycledAway(recycled.leadStatus ?? '')) {
      waiting = await waitForOpenCallback(client, { leadId, now: input.endedAt, notBefore: input.endedAt });
    }
    const lead = waiting ? { ...recycled, leadStatus: waiting.status, nextDialAt: waiting.nextDialAt } : recycled;
    const webhookIds = await queueWebhooks(client, {
      campaignId: String(row.campaign_id), event: 'call', at: input.endedAt, payload: () => callWebhookPayload(client, input.attemptId),
    });
    return { ...lead, webhookIds };
  });
}


/** The customer of an open attempt went on hold (`heldSince`) or came off it (null); `heldMs`:
 * the time on hold of the holds ended so far. */
export async function saveHold(db: Queryable, attemptId: string, hold: { heldMs: number; heldSince: Date | null }): Promise<void> {
  await db.query('UPDATE attempts SET held_ms = greatest(held_ms, $2), held_since = $3 WHERE id = $1 AND ended_at IS NULL',
    [attemptId, Math.round(hold.heldMs), hold.heldSince]);
}

/** Handovers of an attempt by their number in the call: one kept as it happens, or all of them at
 * the close. One kept already is left as it is, so either may come first. */
export async function saveHandovers(db: Queryable, attemptId: string, handovers: ReadonlyArray<AttemptHandover & { seq: number }>): Promise<void> {
  if (handovers.length === 0) return;
  await db.query(
    `INSERT INTO attempt_handovers (attempt_id, seq, from_agent, to_agent, at)
     SELECT $1, h.seq, h.from_agent, h.to_agent, h.at
     FROM unnest($2::int[], $3::text[], $4::text[], $5::timestamptz[]) AS h (seq, from_agent, to_agent, at)
     ON CONFLICT (attempt_id, seq) DO NOTHING`,
    [attemptId, handovers.map((h) => h.seq), handovers.map((h) => h.fromAgentId), handovers.map((h) => h.toAgentId), handovers.map((h) => h.at)],
  );
}

/** The handovers kept of an attempt, in order. */
export async function attemptHandovers(db: Queryable, attemptId: string): Promise<AttemptHandover[]> {
  const result = await db.query<{ from_agent: string; to_agent: string; at: Date }>(
    'SELECT from_agent, to_agent, at FROM attempt_handovers WHERE attempt_id = $1 ORDER BY seq', [attemptId]);
  return result.rows.map((row) => ({ fromAgentId: row.from_agent, toAgentId: row.to_agent, at: row.at }));
}


async function updatePhone(client: PoolClient, phoneId: string, input: CloseAttemptInput): Promise<void> {
  await client.query(
    `UPDATE lead_phones SET attempts = attempts + 1, last_outcome = $2, last_attempt_at = $3,
       disabled = disabled OR $4, disabled_reason = CASE WHEN $4 AND NOT disabled THEN $2 ELSE disabled_reason END
     WHERE id = $1`,
    [phoneId, input.outcome, input.endedAt, input.outcome === 'invalid_number'],
  );
}

interface LeadStateRow {
  status: string;
  attempts: number;
  /** Dials of each enabled phone, this one included. */
  phone_attempts: number[];
  dispositioned: boolean;
  /** A newer attempt of the lead is still open: the lead's lease is its. */
  newer_open: boolean;
  superseded: boolean;
  recycle: unknown;
  /** The campaign's regime and calling window: UK rules lengthen the wait after a machine. */
  regime: AbandonRegime;
  calling_window: unknown;
}

/** The lock on its own, before the lead is read: a statement that waited for a lock still reads the
 * rows it joins as they were when it began, so a disposition committed during the wait (its lead set
 * to a callback) would be missed, and the close would put its own status over the disposition's. */
async function lockLead(client: PoolClient, leadId: string): Promise<void> {
  await client.query('SELECT 1 FROM leads WHERE id = $1 FOR UPDATE', [leadId]);
}

/** The lead's state after the call; its lock taken already (lockLead). */
async function updateLead(client: PoolClient, ids: { leadId: string; campaignId: string }, input: CloseAttemptInput, dialled: boolean): Promise<CloseAttemptResult> {
  const state = await client.query<LeadStateRow>(
    `SELECT l.status, l.attempts + $3::int AS attempts,
       (SELECT coalesce(array_agg(p.attempts), '{}') FROM lead_phones p WHERE p.lead_id = l.id AND NOT p.disabled) AS phone_attempts,
       EXISTS (SELECT 1 FROM dispositions d WHERE d.attempt_id = $2) AS dispositioned,
       EXISTS (SELECT 1 FROM attempts a JOIN attempts me ON me.id = $2
               WHERE a.lead_id = l.id AND a.ended_at IS NULL AND a.id <> me.id AND a.created_at > me.created_at) AS newer_open,
       ${supersededSql('$2', 'l.id')} AS superseded,
       c.settings -> 'recycle' AS recycle, c.regime, c.settings -> 'callingWindow' AS calling_window
     FROM leads l JOIN campaigns c ON c.id = l.campaign_id WHERE l.id = $1`,
    [ids.leadId, input.attemptId, dialled ? 1 : 0],
  );
  const lead = state.rows[0];
  if (!lead) throw new DbError('NOT_FOUND', `lead ${ids.leadId}`);
  // A disposition already decided the lead's fate, final statuses (DNC, done...) stay final, and a
  // newer attempt of the lead owns it (attempt-superseded.ts).
  const keepStatus = lead.dispositioned || lead.superseded || !['new', 'retry', 'callback', 'in_progress'].includes(lead.status);
  const policy = { ...recyclePolicyUnder({ regime: lead.regime, settings: { recycle: lead.recycle, callingWindow: lead.calling_window } }), ...input.policy };
  // A phone at its own dial cap can never be dialled again: a lead left with only such phones is
  // exhausted, not a retry that selection would step over forever.
  const perPhoneCap = phoneCapFrom(lead.recycle);
  const dialablePhones = lead.phone_attempts.filter((n) => n < perPhoneCap).length;
  const decision = recycleLead({ outcome: input.outcome, attempts: lead.attempts, enabledPhones: dialablePhones }, policy);
  const status = input.optedOut ? 'dnc' : keepStatus ? lead.status : decision.status;
  const nextDialAt = !keepStatus && decision.status === 'retry' ? new Date(input.endedAt.getTime() + decision.delayMinutes * 60_000) : null;
  const updated = await client.query<{ status: string; next_dial_at: Date }>(
    // Its last call is the last dial that went out, as its number's is: one never sent called nobody.
    `UPDATE leads SET attempts = attempts + $7::int, last_attempt_at = CASE WHEN $7::int > 0 THEN $2 ELSE last_attempt_at END,
       last_outcome = CASE WHEN $7::int > 0 THEN $3 ELSE last_outcome END, status = $4,
       next_dial_at = coalesce($5, next_dial_at), updated_at = $2, preview_skips = CASE WHEN $7::int > 0 THEN 0 ELSE preview_skips END,
       leased_by = CASE WHEN $6 THEN leased_by END, leased_until = CASE WHEN $6 THEN leased_until END,
       status_before_callback = CASE WHEN $4 IN ('callback', 'scheduled') THEN status_before_callback END
     WHERE id = $1 RETURNING status, next_dial_at`,
    // The lease stays only with a newer attempt still open: an older one left open (a preview sat
    // on past its lease) owns nothing, and a newer one closed already has let it go.
    [ids.leadId, input.endedAt, input.outcome, status, nextDialAt, lead.newer_open, dialled ? 1 : 0],
  );
  const row = updated.rows[0];
  return { closed: true, leadStatus: row?.status ?? status, nextDialAt: row?.next_dial_at ?? input.endedAt };
}
