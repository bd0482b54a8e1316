// Dispositions: what the agent said about a call. Submitting is idempotent on the attempt (a
// retried submission returns the first one and changes nothing), and the effects on the lead
// (stage, DNC, callback, retry, final) and the CRM webhooks it queues are written in the same
// transaction as the insert.

import { insertCallback } from './callback-repository.js';
import { DbError } from './db-error.js';
import { getDispositionCatalogEntry, type DispositionCatalogEntry, type LeadStage } from './disposition-catalog-repository.js';
import { addDnc } from './dnc-repository.js';
import { dispositionWebhookPayload } from './disposition-webhook.js';
import { appendEvidence } from './evidence-log-repository.js';
import { withTransaction, type Pool, type PoolClient, type Queryable } from './pool.js';
import { queueWebhooks } from './webhook-outbox.js';

export interface SubmitDispositionInput {
  attemptId: string;
  agentId: string | null;
  code: string;
  notes?: string | null;
  /** Required when the code schedules a callback. */
  callbackAt?: Date | null;
  /** Personal callback for this agent; absent or null means anyone on the campaign. */
  callbackAgentId?: string | null;
  callbackTimezone?: string | null;
  /** The lead's stage as the agent set it; absent: the catalogue entry's stage, if any. */
  stage?: LeadStage | null;
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

interface AttemptContext {
  campaignId: string;
  leadId: string;
  phoneId: string | null;
  e164: string;
  stage: LeadStage;
}

export async function submitDisposition(pool: Pool, input: SubmitDispositionInput): Promise<SubmitDispositionResult> {
  return withTransaction(pool, async (client) => {
    const existing = await findDisposition(client, input.attemptId);
    if (existing) return { created: false, disposition: existing };
    const context = await lockAttemptLead(client, input.attemptId);
    const entry = await getDispositionCatalogEntry(client, context.campaignId, input.code);
    if (!entry || !entry.active) throw new DbError('UNKNOWN_DISPOSITION', `${input.code} is not in the catalogue of campaign ${context.campaignId}`);
    if (entry.callback && !input.callbackAt) throw new DbError('CALLBACK_TIME_REQUIRED', `${input.code} needs callbackAt`);
    if (entry.notesRequired && !input.notes?.trim()) throw new DbError('NOTES_REQUIRED', `${input.code} needs notes: say why, or what was agreed`);
    const stageAfter = input.stage ?? entry.movesStageTo ?? context.stage;
    const inserted = await client.query<DispositionRow>(
      `INSERT INTO dispositions (attempt_id, campaign_id, lead_id, agent_id, code, notes, stage_before, stage_after, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (attempt_id) DO NOTHING RETURNING *`,
      [input.attemptId, context.campaignId, context.leadId, input.agentId, input.code, input.notes ?? null, context.stage, stageAfter, input.now],
    );
    const row = inserted.rows[0];
    if (!row) {
      // A concurrent submission won between our check and insert: return its row, do nothing.
      const winner = await findDisposition(client, input.attemptId);
      if (!winner) throw new DbError('NOT_FOUND', `disposition of attempt ${input.attemptId}`);
      return { created: false, disposition: winner };
    }
    const leadStatus = await applyEffects(client, context, entry, input, stageAfter);
    const noPersonLiveAt = entry.humanAnswered ? null : await markNoPerson(client, input.attemptId);
    const webhookIds = await queueWebhooks(client, {
      campaignId: context.campaignId, event: 'disposition', at: input.now, payload: () => dispositionWebhookPayload(client, input.attemptId),
    });
    return { created: true, disposition: toDisposition(row), leadStatus, webhookIds, noPersonLiveAt };
  });
}

/** The attempt reached no person, so it is no live answer; returns when it went live, if it did
 * and was counted as a live answer until now (a message left on a machine was not). */
async function markNoPerson(client: PoolClient, attemptId: string): Promise<Date | null> {
  const result = await client.query<{ live_at: Date | null }>(
    'UPDATE attempts SET no_person = true WHERE id = $1 AND NOT no_person RETURNING live_at', [attemptId]);
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

/** Locks the lead row so concurrent submissions and closeAttempt serialise on it. */
async function lockAttemptLead(client: PoolClient, attemptId: string): Promise<AttemptContext> {
  const result = await client.query<{ campaign_id: string; lead_id: string; phone_id: string | null; e164: string; stage: LeadStage }>(
    `SELECT a.campaign_id, a.lead_id, a.phone_id, a.e164, l.stage
     FROM attempts a JOIN leads l ON l.id = a.lead_id WHERE a.id = $1 FOR UPDATE OF l`,
    [attemptId],
  );
  const row = result.rows[0];
  if (!row) throw new DbError('NOT_FOUND', `attempt ${attemptId}`);
  return { campaignId: String(row.campaign_id), leadId: String(row.lead_id), phoneId: row.phone_id === null ? null : String(row.phone_id), e164: row.e164, stage: row.stage };
}

/** Applies the catalogue entry to the lead; returns the lead's new status. */
async function applyEffects(
  client: PoolClient,
  context: AttemptContext,
  entry: DispositionCatalogEntry,
  input: SubmitDispositionInput,
  stageAfter: LeadStage,
): Promise<string> {
  let nextDialAt: Date | null = null;
  let status: string;
  if (entry.dnc) {
    await blockNumber(client, context, entry, input);
    status = 'dnc';
  } else if (entry.callback && input.callbackAt) {
    await insertCallback(client, {
      leadId: context.leadId, campaignId: context.campaignId, agentId: input.callbackAgentId ?? null,
      attemptId: input.attemptId, dueAt: input.callbackAt, timezone: input.callbackTimezone ?? null, notes: input.notes ?? null,
    });
    // Anyone's callback is dialled by lead selection when due; a personal one by the scheduler.
    status = input.callbackAgentId ? 'scheduled' : 'callback';
    nextDialAt = input.callbackAt;
  } else if (entry.final) {
    status = 'done';
  } else if (entry.disablesPhone || entry.retryDelayMinutes !== null) {
    const phonesLeft = entry.disablesPhone ? await disablePhone(client, context, input.code) : 1;
    status = phonesLeft > 0 ? 'retry' : 'invalid';
    nextDialAt = new Date(input.now.getTime() + (entry.retryDelayMinutes ?? 0) * 60_000);
  } else {
    // A code with no effect still decides: the lead is worked.
    status = 'done';
  }
  await client.query(
    `UPDATE leads SET stage = $2, status = $3, next_dial_at = coalesce($4, next_dial_at), updated_at = $5 WHERE id = $1`,
    [context.leadId, stageAfter, status, nextDialAt, input.now],
  );
  return status;
}

async function blockNumber(client: PoolClient, context: AttemptContext, entry: DispositionCatalogEntry, input: SubmitDispositionInput): Promise<void> {
  const campaignId = entry.dncScope === 'campaign' ? context.campaignId : null;
  await addDnc(client, { e164: context.e164, campaignId, source: 'agent', reason: input.code });
  await appendEvidence(client, {
    kind: 'dnc_added', campaignId: context.campaignId, attemptId: input.attemptId, leadId: context.leadId, at: input.now,
    payload: { scope: entry.dncScope, source: 'agent', agentId: input.agentId, code: input.code },
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
