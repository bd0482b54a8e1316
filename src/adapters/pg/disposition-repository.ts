// Dispositions: what the agent said about a call. Submitting is idempotent on the attempt (a
// retried submission returns the first one and changes nothing), and the effects on the lead
// (stage, DNC, callback, retry, final) and the CRM webhooks it queues are written in the same
// transaction as the insert. A catalogue code moves the lead's stage forward only; a call whose
// lead was erased since keeps its code and nothing more.

import { stageLadder } from '../../core/lead-stage-ladder.js';
import { callbackLeadWaitsFor, cancelCallbacksOfEndedLead, insertCallback, waitingStatus } from './callback-repository.js';
import { attemptWasDialled } from './attempt-dialled.js';
import { recycledAway } from './callback-follow-up.js';
import { checkCallbackTime } from './callback-time.js';
import { DbError } from './db-error.js';
import { getDispositionCatalogEntry, type DispositionCatalogEntry, type LeadStage } from './disposition-catalog-repository.js';
import { loadDialRules } from './dial-rules-repository.js';
import { addDnc } from './dnc-repository.js';
import { dispositionWebhookPayload } from './disposition-webhook.js';
import { appendEvidence } from './evidence-log-repository.js';
import { leadHasDialsLeft } from './lead-dial-caps.js';
import { isLeadErased } from './erased-lead.js';
import { withTransaction, type Pool, type PoolClient, type Queryable } from './pool.js';
import { queueWebhooks } from './webhook-outbox.js';
import { withheldNumber } from './withheld-caller-lead.js';

export interface SubmitDispositionInput {
  attemptId: string;
  agentId: string | null;
  code: string;
  notes?: string | null;
  /** Required when the code schedules a callback: after `now`, within a year. */
  callbackAt?: Date | null;
  /** Personal callback for this agent; absent or null means anyone on the campaign. */
  callbackAgentId?: string | null;
  callbackTimezone?: string | null;
  /** The lead's stage as the agent set it; absent: the catalogue entry's stage, if it is ahead. */
  stage?: LeadStage | null;
  /** The one dispositioning may set any stage (a supervisor or manager); otherwise (an agent) an
   * explicit stage only moves the lead forward. */
  stageBackAllowed?: boolean;
  /** The engine has an agent owing this call's disposition: it was put through, whether or not
   * its write has landed yet. */
  owedByAgent?: boolean;
  now: Date;
}

export interface Disposition {
  id: string;
  attemptId: string;
  campaignId: string;
  leadId: string;
  agentId: string | null;
  code: string;
  notes: string | null;
  stageBefore: string | null;
  stageAfter: string | null;
  createdAt: Date;
}

export interface SubmitDispositionResult {
  /** False when this attempt already had a disposition: nothing was changed. */
  created: boolean;
  disposition: Disposition;
  leadStatus?: string;
  /** True when the lead's data was erased at the person's request: only the code was kept (no
   * notes, callback, stage or status change, nor CRM post). */
  leadErased?: boolean;
  /** The CRM webhook deliveries the disposition queued (none when it was not created). */
  webhookIds?: string[];
  /** When the call went live, if its new disposition says it reached no person (the code is not
   * "human answered"): the engine takes that live answer out of its abandonment figures. */
  noPersonLiveAt?: Date | null;
}

interface DispositionRow {
  id: string;
  attempt_id: string;
  campaign_id: string;
  lead_id: string;
  agent_id: string | null;
  code: string;
  notes: string | null;
  stage_before: string | null;
  stage_after: string | null;
  created_at: Date;
}

const toDisposition = (row: DispositionRow): Disposition => ({
  id: String(row.id),
  attemptId: row.attempt_id,
  campaignId: String(row.campaign_id),
  leadId: String(row.lead_id),
  agentId: row.agent_id,
  code: row.code,
  notes: row.notes,
  stageBefore: row.stage_before,
  stageAfter: row.stage_after,
  createdAt: row.created_at,
});

/** A campaign as its people know it, by name (its id if it has none). */
async function campaignName(client: PoolClient, campaignId: string): Promise<string> {
  const found = await client.query<{ name: string }>('SELECT name FROM campaigns WHERE id = $1', [campaignId]);
  return found.rows[0]?.name ?? campaignId;
}

interface AttemptContext {
  campaignId: string;
  leadId: string;
  phoneId: string | null;
  e164: string;
  stage: LeadStage;
  status: string;
  /** The call has not closed yet: its close will count its dial. */
  open: boolean;
}

/** The call and whether a later call to its lead was dispositioned before it was. */
interface EffectContext extends AttemptContext {
  superseded: boolean;
}

export async function submitDisposition(pool: Pool, input: SubmitDispositionInput): Promise<SubmitDispositionResult> {
  return withTransaction(pool, async (client) => {
    const existing = await findDisposition(client, input.attemptId);
    if (existing) return { created: false, disposition: existing };
    const context = await lockAttemptLead(client, input.attemptId, input.owedByAgent === true);
    const entry = await getDispositionCatalogEntry(client, context.campaignId, input.code);
    if (!entry || !entry.active) throw new DbError('UNKNOWN_DISPOSITION', `${input.code} is not in the catalogue of campaign "${await campaignName(client, context.campaignId)}"`);
    // Erased (the lock orders this after any erasure): nothing personal comes back, nor goes out.
    if (await isLeadErased(client, context.leadId)) return recordCodeOnly(client, context, entry, input);
    checkDispositionInput(entry, input);
    refuseRedialOfEndedLead(context, entry);
    const stageAfter = stageAfterDisposition(context, entry, input);
    const row = await insertDisposition(client, context, input, { notes: input.notes ?? null, stageAfter });
    if (!row) return concurrentWinner(client, input.attemptId);
    const superseded = await laterCallDispositioned(client, context.leadId, input.attemptId);
    const leadStatus = await applyEffects(client, { ...context, superseded }, entry, input, stageAfter);
    const noPersonLiveAt = entry.humanAnswered ? null : await markNoPerson(client, input.attemptId);
    const webhookIds = await queueWebhooks(client, {
      campaignId: context.campaignId, event: 'disposition', at: input.now, payload: () => dispositionWebhookPayload(client, input.attemptId),
    });
    return { created: true, disposition: toDisposition(row), leadStatus, webhookIds, noPersonLiveAt };
  });
}

/** What the code asks of the submission: a callback time to come, notes. */
function checkDispositionInput(entry: DispositionCatalogEntry, input: SubmitDispositionInput): void {
  if (entry.callback && !input.callbackAt) throw new DbError('CALLBACK_TIME_REQUIRED', `${input.code} needs callbackAt`);
  if (entry.callback && input.callbackAt) checkCallbackTime(input.callbackAt, input.now);
  if (entry.notesRequired && !input.notes?.trim()) throw new DbError('NOTES_REQUIRED', `${input.code} needs notes: say why, or what was agreed`);
}

/** Whether `to` is up the ladder from `from`, or the same stage; `rejected` is off the ladder (the
 * person refused, or sales sent the lead back): a rejected lead back in the pool climbs again from the bottom. */
const ladder: readonly string[] = stageLadder;
const isForward = (from: LeadStage, to: LeadStage): boolean => to !== 'rejected' && ladder.indexOf(to) >= ladder.indexOf(from);

/**
 * The lead's stage after the disposition. The catalogue's move only takes a lead forward, or to
 * rejected: a NOT_INTERESTED on a later call does not undo an appointment (a later APPOINTMENT
 * would count it again in targets and results). A stage set explicitly is taken, but from an
 * agent only forward; moving a lead back is a supervisor's (or return-to-pool's).
 */
function stageAfterDisposition(context: AttemptContext, entry: DispositionCatalogEntry, input: SubmitDispositionInput): LeadStage {
  const current = context.stage;
  if (input.stage) {
    if (input.stage !== current && !input.stageBackAllowed && !isForward(current, input.stage)) {
      throw new DbError('INVALID_ARGUMENT',
        `lead ${context.leadId} is at stage ${current}: an agent moves a lead forward only (${stageLadder.join(' > ')}); a supervisor moves it back or to rejected`);
    }
    return input.stage;
  }
  const moved = entry.movesStageTo;
  return moved !== null && (moved === 'rejected' || isForward(current, moved)) ? moved : current;
}

async function insertDisposition(
  client: PoolClient, context: AttemptContext, input: SubmitDispositionInput, kept: { notes: string | null; stageAfter: LeadStage },
): Promise<DispositionRow | undefined> {
  const inserted = await client.query<DispositionRow>(
    `INSERT INTO dispositions (attempt_id, campaign_id, lead_id, agent_id, code, notes, stage_before, stage_after, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (attempt_id) DO NOTHING RETURNING *`,
    [input.attemptId, context.campaignId, context.leadId, input.agentId, input.code, kept.notes, context.stage, kept.stageAfter, input.now],
  );
  return inserted.rows[0];
}

/** A concurrent submission won between our check and insert: its row, nothing done. */
async function concurrentWinner(client: PoolClient, attemptId: string): Promise<SubmitDispositionResult> {
  const winner = await findDisposition(client, attemptId);
  if (!winner) throw new DbError('NOT_FOUND', `disposition of attempt ${attemptId}`);
  return { created: false, disposition: winner };
}

/**
 * The disposition of a call whose lead was erased since (the call was in wrap-up, or on the
 * agent's list to disposition): the code alone, so that the agent owes nothing and the call's
 * outcome counts. No notes, callback or CRM post (the CRM was told of the erasure already), and
 * the lead stays as the erasure left it (DNC, its stage kept).
 */
async function recordCodeOnly(
  client: PoolClient, context: AttemptContext, entry: DispositionCatalogEntry, input: SubmitDispositionInput,
): Promise<SubmitDispositionResult> {
  const row = await insertDisposition(client, context, input, { notes: null, stageAfter: context.stage });
  if (!row) return concurrentWinner(client, input.attemptId);
  const noPersonLiveAt = entry.humanAnswered ? null : await markNoPerson(client, input.attemptId);
  return { created: true, disposition: toDisposition(row), leadStatus: context.status, leadErased: true, webhookIds: [], noPersonLiveAt };
}

/** The attempt reached no person, so it is no live answer; returns when it went live, if it did
 * and was counted as a live answer until now (a message left on a machine was not). An abandoned
 * call stays one whatever its disposition says: the person it left was never heard by an agent,
 * who cannot say that nobody answered, and the abandonment figures are the regulator's. */
async function markNoPerson(client: PoolClient, attemptId: string): Promise<Date | null> {
  const result = await client.query<{ live_at: Date | null }>(
    'UPDATE attempts SET no_person = true WHERE id = $1 AND NOT no_person AND NOT abandoned RETURNING live_at', [attemptId]);
  return result.rows[0]?.live_at ?? null;
}

export async function getDisposition(db: Queryable, attemptId: string): Promise<Disposition | null> {
  const result = await db.query<DispositionRow>('SELECT * FROM dispositions WHERE attempt_id = $1', [attemptId]);
  return result.rows[0] ? toDisposition(result.rows[0]) : null;
}

async function findDisposition(client: PoolClient, attemptId: string): Promise<Disposition | null> {
  const result = await client.query<DispositionRow>('SELECT * FROM dispositions WHERE attempt_id = $1', [attemptId]);
  return result.rows[0] ? toDisposition(result.rows[0]) : null;
}

const ATTEMPT_CONTEXT_SQL = `SELECT a.campaign_id, a.lead_id, a.phone_id, a.e164, l.stage, l.status,
    a.connected_at IS NOT NULL AS connected, a.ended_at IS NOT NULL AS ended, a.outcome, a.originated_at
  FROM attempts a JOIN leads l ON l.id = a.lead_id WHERE a.id = $1`;

/** Locks the call, then its lead, so concurrent submissions and closeAttempt serialise on them, then
 * reads the call: a read that waited for the lock sees the lead as the close left it but the attempt
 * as it was before (still open), and would count the call's dial a second time. The call first, as
 * the close takes them (it updates the attempt, then locks the lead): the other order deadlocks
 * with a close when the disposition marks the call as reaching no person. */
async function lockAttemptLead(client: PoolClient, attemptId: string, owed: boolean): Promise<AttemptContext> {
  await client.query('SELECT 1 FROM attempts WHERE id = $1 FOR NO KEY UPDATE', [attemptId]);
  await client.query(`${ATTEMPT_CONTEXT_SQL} FOR UPDATE OF l`, [attemptId]);
  const result = await client.query<{ campaign_id: string; lead_id: string; phone_id: string | null; e164: string; stage: LeadStage; status: string;
    connected: boolean; ended: boolean; outcome: string | null; originated_at: Date | null }>(ATTEMPT_CONTEXT_SQL, [attemptId]);
  const row = result.rows[0];
  if (!row) throw new DbError('NOT_FOUND', `attempt ${attemptId}`);
  if (!owed) refuseUnreachedCall(attemptId, row);
  return {
    campaignId: String(row.campaign_id), leadId: String(row.lead_id), phoneId: row.phone_id === null ? null : String(row.phone_id), e164: row.e164,
    stage: row.stage, status: row.status, open: !row.ended,
  };
}

/** A call is dispositioned once it was put through to an agent, or has ended after its dial went
 * out: a preview not dialled, a dial held back or one still ringing has no outcome to record. */
function refuseUnreachedCall(attemptId: string, call: { connected: boolean; ended: boolean; outcome: string | null; originated_at: Date | null }): void {
  if (call.connected) return;
  if (call.ended && call.outcome !== null && attemptWasDialled(call.outcome, call.originated_at)) return;
  if (call.originated_at === null) {
    throw new DbError('CONFLICT', `attempt ${attemptId} was never dialled: there is no call to disposition (dial or skip a preview instead)`);
  }
  throw new DbError('CONFLICT', `attempt ${attemptId} is still being dialled: disposition it once it is put through or has ended`);
}

/** A lead the do-not-call list ended during the call (the person asked the agent, or pressed the
 * opt-out key) is called again by no code: neither called back nor retried on any of its numbers. */
function refuseRedialOfEndedLead(context: AttemptContext, entry: DispositionCatalogEntry): void {
  if (context.status !== 'dnc' || (!entry.callback && entry.retryDelayMinutes === null)) return;
  throw new DbError('CONFLICT', `lead ${context.leadId} asked not to be called again, and is on the do-not-call list: `
    + `${entry.code} would call it ${entry.callback ? 'back' : 'again'}; give a code that ends the call (a do-not-call or final one)`);
}

/** A later call to the lead has its disposition: this one is given late (the agent left it on
 * their list while a colleague called the lead again). */
async function laterCallDispositioned(client: PoolClient, leadId: string, attemptId: string): Promise<boolean> {
  const later = await client.query(
    `SELECT 1 FROM dispositions d JOIN attempts a ON a.id = d.attempt_id
      WHERE d.lead_id = $1 AND a.created_at > (SELECT created_at FROM attempts WHERE id = $2) LIMIT 1`,
    [leadId, attemptId]);
  return (later.rowCount ?? 0) > 0;
}

/**
 * Applies the catalogue entry to the lead; returns the lead's new status. A disposition given
 * after a later call's does not undo what that call decided (an appointment dialled again on a
 * late NO_ANSWER_AGENT): what it says of the number still holds (do not call, a wrong number), and
 * a callback the person asked for is kept while the lead is still worked; the lead's status and
 * next dial stay as the later call left them.
 */
async function applyEffects(
  client: PoolClient,
  context: EffectContext,
  entry: DispositionCatalogEntry,
  input: SubmitDispositionInput,
  stageAfter: LeadStage,
): Promise<string> {
  let nextDialAt: Date | null = null;
  let status: string;
  if (entry.dnc) {
    await blockNumber(client, context, entry, input);
    status = 'dnc';
  } else if (context.superseded && entry.callback && leadEnded(context.status)) {
    status = context.status;
  } else if (entry.callback && input.callbackAt) {
    await insertCallback(client, {
      leadId: context.leadId, campaignId: context.campaignId, agentId: input.callbackAgentId ?? null,
      attemptId: input.attemptId, dueAt: input.callbackAt, timezone: input.callbackTimezone ?? null, notes: input.notes ?? null,
    });
    // The lead waits for its first open callback for anyone, else its first personal one
    // (callbackLeadWaitsFor), this one or one made before. Anyone's is dialled by lead selection
    // when due; a personal one by the scheduler.
    const first = (await callbackLeadWaitsFor(client, context.leadId)) ?? { agentId: input.callbackAgentId ?? null, dueAt: input.callbackAt };
    status = waitingStatus(first);
    nextDialAt = first.dueAt;
  } else if (entry.final) {
    if (entry.refusal) await keepRefusalOffList(client, context, input);
    status = 'done';
  } else if (entry.disablesPhone || entry.retryDelayMinutes !== null) {
    const phonesLeft = entry.disablesPhone ? await disablePhone(client, context, input.code) : 1;
    // Another try only with a dial left under the caps, this call's counted: a retry with none is never made.
    const dialsLeft = await leadHasDialsLeft(client, context.leadId, { phoneId: context.phoneId, dials: context.open ? 1 : 0 });
    status = phonesLeft === 0 ? 'invalid' : dialsLeft ? 'retry' : 'exhausted';
    nextDialAt = new Date(input.now.getTime() + (entry.retryDelayMinutes ?? 0) * 60_000);
    // A callback still open (due after this call) is owed whatever the dials left: the lead waits for it.
    const open = recycledAway(status) ? await callbackLeadWaitsFor(client, context.leadId) : null;
    if (open) {
      status = waitingStatus(open);
      nextDialAt = open.dueAt;
    }
  } else {
    // A code with no effect still decides: the lead is worked.
    status = 'done';
  }
  if (context.superseded && !entry.callback && status !== 'dnc' && status !== 'invalid') {
    status = context.status;
    nextDialAt = null;
  }
  // Ended by the do-not-call list during the call: whatever else the code says, it stays so.
  if (context.status === 'dnc') status = 'dnc';
  await client.query(
    // What the lead was before a follow-up it waited for counts no more once a call decides it otherwise.
    `UPDATE leads SET stage = $2, status = $3, next_dial_at = coalesce($4, next_dial_at), updated_at = $5,
       status_before_callback = CASE WHEN $3 IN ('callback', 'scheduled') THEN status_before_callback END WHERE id = $1`,
    [context.leadId, stageAfter, status, nextDialAt, input.now],
  );
  // A lead this call ended is never dialled again: a callback still open on it (a colleague's own,
  // one for anyone due later) is called off rather than left to fall due and go overdue.
  if (leadEnded(status)) await cancelCallbacksOfEndedLead(client, context.leadId, input.now);
  return status;
}

/** Statuses a disposition leaves a lead in that no dial follows. */
const leadEnded = (status: string): boolean => status === 'done' || status === 'dnc' || status === 'invalid';

async function blockNumber(client: PoolClient, context: AttemptContext, entry: DispositionCatalogEntry, input: SubmitDispositionInput): Promise<void> {
  // A caller who withheld their number left none to block: the lead's status says the rest.
  if (context.e164 === withheldNumber) return;
  const campaignId = entry.dncScope === 'campaign' ? context.campaignId : null;
  await addDnc(client, { e164: context.e164, campaignId, source: 'agent', reason: input.code });
  await appendEvidence(client, {
    kind: 'dnc_added', campaignId: context.campaignId, attemptId: input.attemptId, leadId: context.leadId, at: input.now,
    payload: { scope: entry.dncScope, source: 'agent', agentId: input.agentId, code: input.code },
  });
}

/** A refusal under a campaign that keeps refusals off its list for a while (China: 6 months):
 * the number on its DNC list until then, with the evidence. Elsewhere the lead is only worked. */
async function keepRefusalOffList(client: PoolClient, context: AttemptContext, input: SubmitDispositionInput): Promise<void> {
  const { refusalDncMs } = await loadDialRules(client, context.campaignId);
  if (refusalDncMs <= 0 || context.e164 === withheldNumber) return;
  const expiresAt = new Date(input.now.getTime() + refusalDncMs);
  await addDnc(client, { e164: context.e164, campaignId: context.campaignId, source: 'refusal', reason: input.code, expiresAt });
  await appendEvidence(client, {
    kind: 'dnc_added', campaignId: context.campaignId, attemptId: input.attemptId, leadId: context.leadId, at: input.now,
    payload: { scope: 'campaign', source: 'refusal', agentId: input.agentId, code: input.code, expiresAt: expiresAt.toISOString() },
  });
}

/** Disables the dialled phone; returns how many enabled phones the lead has left. */
async function disablePhone(client: PoolClient, context: AttemptContext, reason: string): Promise<number> {
  if (context.phoneId !== null) {
    await client.query('UPDATE lead_phones SET disabled = true, disabled_reason = $2 WHERE id = $1', [context.phoneId, reason]);
  }
  const left = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM lead_phones WHERE lead_id = $1 AND NOT disabled', [context.leadId]);
  return left.rows[0]?.n ?? 0;
}
