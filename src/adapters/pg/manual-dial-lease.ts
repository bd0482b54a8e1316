// An agent's manual dial: they name a lead of their campaign, or type a number (the lead of the
// campaign holding it, or else a new lead in the campaign's list of manual dials), and the lead is
// leased to them and given an attempt before anything is dialled, as a personal callback's is. It
// is judged by every rule of any dial (list, status, the campaign's lead filter, caps, calling
// window in every zone of the lead, DNC, the number's 24-hour cap, the rest after an abandon) but
// one: its next dial time, since the agent calls it now. The first rule that blocks is the answer.
// A lead waiting for a callback the agent promised is theirs to call early (as the callback it is);
// one waiting for another agent's callback is not.

import { evaluateLead, type LeadRule, type PhoneRule, type PhoneVerdict } from '../../core/compliance/lead-eligibility.js';
import type { LeadDial } from '../../core/inputs.js';
import { cancelUndialledAttempt, createAgentAttempt } from './agent-attempts.js';
import { appendEvidence } from './evidence-log-repository.js';
import { loadDialRules } from './dial-rules-repository.js';
import { loadLeadFacts } from './lead-facts.js';
import { withDialFact } from './lead-dial-facts.js';
import { leadHoldingNumber, manualDialList, newManualDialLead } from './manual-dial-leads.js';
import { createPhoneNormaliser } from './phone-normaliser.js';
import { withTransaction, type Pool, type Queryable } from './pool.js';

export interface ManualDialRequest {
  campaignId: string;
  agentId: string;
  nodeId: string;
  now: Date;
  /** How long the lead stays ours without the attempt being closed (crash safety). */
  leaseMs: number;
  /** A lead of the campaign, or a number as typed (E.164, or national in `region`, else in the
   * manual list's region). */
  target: { leadId: string } | { phone: string; region?: string };
}

export type ManualDialRefusal = { rule: LeadRule | PhoneRule | 'lead_missing' | 'invalid_number' | 'being_dialled'; detail: string };
export type ManualDialLease =
  /** `callbackId`: the agent's own callback this dial makes early (null for any other dial). */
  | { leased: true; lead: LeadDial; created: boolean; callbackId: string | null }
  | ({ leased: false } & ManualDialRefusal);

/** Thrown inside the transaction so that a refused dial leaves nothing, not even the lead made for it. */
class Refused extends Error {
  constructor(readonly refusal: ManualDialRefusal) {
    super(refusal.detail);
  }
}

const refuse = (rule: ManualDialRefusal['rule'], detail: string): never => {
  throw new Refused({ rule, detail });
};

/** Leases the lead for the agent, or says which rule stops the dial. */
export async function leaseManualDial(pool: Pool, request: ManualDialRequest): Promise<ManualDialLease> {
  try {
    return await withTransaction(pool, (client) => leaseIn(client, request));
  } catch (error: unknown) {
    if (error instanceof Refused) return { leased: false, ...error.refusal };
    throw error;
  }
}

async function leaseIn(client: Queryable, request: ManualDialRequest): Promise<ManualDialLease> {
  const found = await leadToDial(client, request);
  // Another node or agent dialling it holds the row: passed over, not waited for.
  const locked = await client.query('SELECT 1 FROM leads WHERE id = $1 FOR UPDATE SKIP LOCKED', [found.leadId]);
  if (locked.rowCount === 0) return refuse('being_dialled', 'a dial of this lead is in progress');
  const loaded = await loadLeadFacts(client, found.leadId, { now: request.now });
  if (!loaded) return refuse('lead_missing', `lead ${found.leadId} does not exist`);
  const callbackId = loaded.facts.status === 'scheduled' ? await ownCallbackOf(client, found.leadId, request.agentId) : null;
  const nowMs = request.now.getTime();
  // The agent's own callback is judged as the callback lead it becomes, as when it falls due.
  const facts = { ...loaded.facts, nextDialAtMs: nowMs, ...(callbackId === null ? {} : { status: 'callback' }) };
  const verdict = evaluateLead(facts, await loadDialRules(client, request.campaignId), nowMs);
  const phone = found.e164 === null ? verdict.phone ?? verdict.phones[0] : verdict.phones.find((p) => p.e164 === found.e164);
  const block = verdict.checks.find((c) => c.blocks && c.rule !== 'dialable_phone') ?? firstPhoneBlock(phone);
  if (block) return refuse(block.rule, block.detail);
  if (!phone) return refuse('dialable_phone', 'lead has no phone');
  const attemptId = await leaseFor(client, request, { leadId: found.leadId, phone, asCallback: callbackId !== null });
  // Who dialled a number by hand, and which, is on record beside the pre-dial check of the call.
  await appendEvidence(client, {
    kind: 'manual_dial', campaignId: request.campaignId, attemptId, leadId: found.leadId, at: request.now,
    payload: { agentId: request.agentId, e164: phone.e164, leadCreated: found.created, ...(callbackId === null ? {} : { callbackId }) },
  });
  const lead = await withDialFact(client, { attemptId, leadId: found.leadId, phone: phone.e164 });
  return { leased: true, created: found.created, lead, callbackId };
}

/** The agent's open callback the lead waits for; refused when it waits for someone else's. */
async function ownCallbackOf(db: Queryable, leadId: string, agentId: string): Promise<string | null> {
  const open = await db.query<{ id: string; agent_id: string | null }>(
    `SELECT id::text, agent_id FROM callbacks WHERE lead_id = $1 AND status IN ('pending', 'due') AND agent_id IS NOT NULL
     ORDER BY (agent_id = $2) DESC, due_at, id LIMIT 1`,
    [leadId, agentId],
  );
  const callback = open.rows[0];
  if (!callback) return null;
  if (callback.agent_id !== agentId) return refuse('lead_status', `the lead waits for a callback by agent ${callback.agent_id}`);
  return callback.id;
}

function firstPhoneBlock(phone: PhoneVerdict | undefined): { rule: PhoneRule; detail: string } | null {
  return phone?.checks.find((c) => c.blocks) ?? null;
}

interface Found { leadId: string; e164: string | null; created: boolean }

/** The lead named, or the one holding the number typed (the one touched last, if several do), or a new one. */
async function leadToDial(db: Queryable, request: ManualDialRequest): Promise<Found> {
  if ('leadId' in request.target) {
    const lead = await db.query('SELECT 1 FROM leads WHERE id = $1 AND campaign_id = $2', [request.target.leadId, request.campaignId]);
    if (lead.rowCount === 0) return refuse('lead_missing', `lead ${request.target.leadId} is not in campaign ${request.campaignId}`);
    return { leadId: request.target.leadId, e164: null, created: false };
  }
  const list = await manualDialList(db, request.campaignId);
  const region = request.target.region ?? list.region;
  const number = createPhoneNormaliser(region).normalise(request.target.phone);
  if (!number.ok) return refuse('invalid_number', number.reason);
  const existing = await leadHoldingNumber(db, request.campaignId, number.e164);
  if (existing !== null) return { leadId: existing, e164: number.e164, created: false };
  const leadId = await newManualDialLead(db, list, number, region);
  return { leadId, e164: number.e164, created: true };
}

/** Leases the lead to this node for the agent and writes the attempt; its id. A lead called back
 * early moves from `scheduled` to `callback`, as a callback's lead does when it falls due. */
async function leaseFor(db: Queryable, request: ManualDialRequest, target: { leadId: string; phone: PhoneVerdict; asCallback: boolean }): Promise<string> {
  const { leadId, phone } = target;
  await db.query(
    `UPDATE leads SET leased_by = $2, leased_until = $3, updated_at = $4, status = CASE WHEN $5 THEN 'callback' ELSE status END WHERE id = $1`,
    [leadId, request.nodeId, new Date(request.now.getTime() + request.leaseMs), request.now, target.asCallback]);
  return createAgentAttempt(db, {
    campaignId: request.campaignId, leadId, phoneId: phone.phoneId, e164: phone.e164, agentId: request.agentId, nodeId: request.nodeId, now: request.now,
  });
}

/** A manual dial the engine refused (the agent took a call meanwhile): the attempt ends
 * cancelled without counting as a dial and the lead is free again, waiting for its callback
 * again if it was one called early. */
export async function releaseManualDial(pool: Pool, input: { attemptId: string; leadId: string; now: Date; callbackId: string | null }): Promise<void> {
  await withTransaction(pool, async (client) => {
    const cancelled = await cancelUndialledAttempt(client, { attemptId: input.attemptId, now: input.now, cause: 'agent no longer free for the manual dial' });
    if (!cancelled) return;
    await client.query(
      `UPDATE leads SET leased_by = NULL, leased_until = NULL, updated_at = $2, status = CASE WHEN $3 AND status = 'callback' THEN 'scheduled' ELSE status END
       WHERE id = $1`,
      [input.leadId, input.now, input.callbackId !== null]);
  });
}
