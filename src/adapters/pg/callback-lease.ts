// Leasing the lead of one personal callback for its agent: the lead is locked (skipping it when
// another node holds it), judged by the same eligibility rules as any dial (calling window in the
// lead's zone, caps, DNC, phones), leased to this node and given an attempt row for the agent
// before anything is dialled. The lead moves from `scheduled` to `callback`, so the pre-dial check
// accepts it and, after the call, the normal recycle rules decide what becomes of it.

import type { AbandonRegime } from '../../core/compliance/abandon-regime.js';
import { openTimeReached } from '../../core/compliance/open-time-reached.js';
import { windowInZones } from '../../core/compliance/window-in-zones.js';
import { dialRulesFrom } from '../../core/compliance/dial-rules-policy.js';
import { evaluateLead, leadCallingWindow } from '../../core/compliance/lead-eligibility.js';
import { cancelUndialledAttempt, createAgentAttempt } from './agent-attempts.js';
import { callbackLeadWaitsFor, waitingStatus } from './callback-repository.js';
import { withDialFact } from './lead-dial-facts.js';
import type { LeadDial } from '../../core/inputs.js';
import { loadDialRules } from './dial-rules-repository.js';
import { laboratoryColumn } from './laboratory-marker.js';
import { loadLeadFacts } from './lead-facts.js';
import { DbError } from './db-error.js';
import { withTransaction, type Pool, type Queryable } from './pool.js';

export interface CallbackLeaseRequest {
  callbackId: string;
  agentId: string;
  nodeId: string;
  now: Date;
  /** How long the lead stays ours without the attempt being closed (crash safety). */
  leaseMs: number;
}

/** Statuses a lead of an open personal callback may be in and still be dialled for it. */
const CALLBACK_LEAD_STATUSES = ['scheduled', 'callback', 'retry', 'new'];

/** Leases the callback's lead for its agent; null when the callback or its lead cannot be dialled now. */
export async function leaseCallbackLead(pool: Pool, request: CallbackLeaseRequest): Promise<LeadDial | null> {
  return withTransaction(pool, async (client) => {
    const found = await client.query<{ lead_id: string; campaign_id: string; status: string; due_at: Date }>(
      `SELECT l.id AS lead_id, l.campaign_id, l.status, c.due_at
       FROM callbacks c JOIN leads l ON l.id = c.lead_id
       WHERE c.id = $1 AND c.agent_id = $2 AND c.status IN ('pending', 'due') AND c.due_at <= $3
         AND l.status = ANY($4::text[]) AND (l.leased_until IS NULL OR l.leased_until < $3)
       FOR UPDATE OF l SKIP LOCKED`,
      [request.callbackId, request.agentId, request.now, CALLBACK_LEAD_STATUSES],
    );
    const lead = found.rows[0];
    if (!lead) return null;
    const leadId = String(lead.lead_id);
    const campaignId = String(lead.campaign_id);
    const loaded = await loadLeadFacts(client, leadId, { now: request.now });
    if (!loaded) return null;
    // Judged as the callback lead it is about to become; its due time is the callback's.
    const verdict = evaluateLead({ ...loaded.facts, status: 'callback', nextDialAtMs: lead.due_at.getTime() }, await loadDialRules(client, campaignId), request.now.getTime());
    if (!verdict.eligible || !verdict.phone) return null;
    const leasedUntil = new Date(request.now.getTime() + request.leaseMs);
    await client.query(
      `UPDATE leads SET status = 'callback', leased_by = $2, leased_until = $3, updated_at = $4 WHERE id = $1`,
      [leadId, request.nodeId, leasedUntil, request.now],
    );
    const attemptId = await createAgentAttempt(client, {
      campaignId, leadId, phoneId: verdict.phone.phoneId, e164: verdict.phone.e164, agentId: request.agentId, nodeId: request.nodeId, now: request.now,
    });
    return withDialFact(client, { attemptId, leadId, phone: verdict.phone.e164 });
  });
}

/**
 * A callback attempt the engine refused before dialling (the agent paused or took a call
 * meanwhile): the attempt ends cancelled without counting as a dial and the lead goes back to
 * waiting for the callback it waits for (callbackLeadWaitsFor): its agent's, or one for anyone it
 * also has, which selection must still find.
 */
export async function releaseCallbackLease(pool: Pool, input: { attemptId: string; leadId: string; now: Date }): Promise<void> {
  await withTransaction(pool, async (client) => {
    if (!(await cancelUndialledAttempt(client, { attemptId: input.attemptId, now: input.now, cause: 'agent no longer free for the callback' }))) return;
    const first = await callbackLeadWaitsFor(client, input.leadId);
    await client.query(
      `UPDATE leads SET status = $3, next_dial_at = coalesce($4, next_dial_at), leased_by = NULL, leased_until = NULL, updated_at = $2
       WHERE id = $1 AND status = 'callback'`,
      [input.leadId, input.now, first ? waitingStatus(first) : 'scheduled', first?.dueAt ?? null],
    );
  });
}

export interface DuePersonalCallback {
  id: string;
  agentId: string;
  campaignId: string;
  leadId: string;
  dueAt: Date;
  /** Null while the calling window in the lead's zone is open; else when it opens next (null
   * too for a zone the platform does not know or a window that never opens: the lease refuses
   * those and they are tried again later). */
  windowOpensAt: Date | null;
}

/** A callback with what its calling window depends on: its lead's zones and its campaign's rules. */
export interface CallbackWindowRow {
  zone: string; other_zones: string[] | null; jurisdictions: string[] | null; regime: AbandonRegime; campaign_zone: string; settings: Record<string, unknown>;
  laboratory: boolean | null;
}

/** SQL columns of a `CallbackWindowRow` for callback `cb`, lead `l` and campaign `c`. */
export const callbackWindowColumns = `coalesce(l.timezone, c.timezone) AS zone, l.other_time_zones AS other_zones, l.jurisdictions,
            c.regime, c.timezone AS campaign_zone, c.settings, ${laboratoryColumn}`;

interface DueRow extends CallbackWindowRow {
  id: string; agent_id: string; campaign_id: string; lead_id: string; due_at: Date;
}

/** The lead's calling window at `at`: the campaign's, with the hours of the lead's jurisdictions. */
const windowOf = (row: CallbackWindowRow, at: Date) => leadCallingWindow({ jurisdictions: row.jurisdictions ?? [] },
  dialRulesFrom({ regime: row.regime, timezone: row.campaign_zone, settings: row.settings, laboratory: row.laboratory }), at.getTime());
const zonesOf = (row: CallbackWindowRow): string[] => [row.zone, ...(row.other_zones ?? [])];

/** When the calling window in the callback's zones opens next after `at`, or null while it is
 * open (and for a zone the platform does not know or a window that never opens: `never` says which). */
function callbackWindowOpensAt(row: CallbackWindowRow, at: Date): { opensAt: Date | null; never: boolean } {
  const status = windowInZones(windowOf(row, at), zonesOf(row), at.getTime());
  if (status.open) return { opensAt: null, never: false };
  return status.opensAtMs === null ? { opensAt: null, never: true } : { opensAt: new Date(status.opensAtMs), never: false };
}

/** Whether the calling window of the lead's zones is open at `at`, and if not, when it opens next
 * (null with `never` for a window that never opens): a callback promised for a closed hour is
 * made when it opens, which the agent promising it should know. */
export async function leadWindowAt(db: Queryable, leadId: string, at: Date): Promise<{ open: boolean; opensAt: Date | null; never: boolean }> {
  const { rows } = await db.query<CallbackWindowRow>(
    `SELECT ${callbackWindowColumns} FROM leads l JOIN campaigns c ON c.id = l.campaign_id WHERE l.id = $1`, [leadId]);
  const row = rows[0];
  if (!row) throw new DbError('NOT_FOUND', `lead ${leadId}`);
  const { opensAt, never } = callbackWindowOpensAt(row, at);
  return { open: opensAt === null && !never, opensAt, never };
}

/** When a personal callback due at `dueAt` has had `graceMs` of calling hours in its zones for its
 * agent to make it, or null when the window never opens that long. */
export function callbackGraceEndsAt(row: CallbackWindowRow, dueAt: Date, graceMs: number): Date | null {
  const endsMs = openTimeReached(windowOf(row, dueAt), zonesOf(row), dueAt.getTime(), graceMs);
  return endsMs === null ? null : new Date(endsMs);
}

/** When the calling window in the callback's zones opens next, or null while it is open. */
function windowOpensAt(row: DueRow, now: Date): Date | null {
  return callbackWindowOpensAt(row, now).opensAt;
}

/** Open personal callbacks whose time has come, oldest first (for the agents on this node), with
 * when each one's calling window opens, so a callback due at night is not tried until morning. */
export async function listDuePersonalCallbacks(db: Queryable, input: { agentIds: readonly string[]; now: Date }): Promise<DuePersonalCallback[]> {
  if (input.agentIds.length === 0) return [];
  const result = await db.query<DueRow>(
    `SELECT cb.id, cb.agent_id, cb.campaign_id, cb.lead_id, cb.due_at, ${callbackWindowColumns}
     FROM callbacks cb JOIN leads l ON l.id = cb.lead_id JOIN campaigns c ON c.id = cb.campaign_id
     WHERE cb.agent_id = ANY($1::text[]) AND cb.status IN ('pending', 'due') AND cb.due_at <= $2
     ORDER BY cb.due_at, cb.id`,
    [input.agentIds, input.now],
  );
  return result.rows.map((r) => ({
    id: String(r.id), agentId: r.agent_id, campaignId: String(r.campaign_id), leadId: String(r.lead_id), dueAt: r.due_at,
    windowOpensAt: windowOpensAt(r, input.now),
  }));
}
