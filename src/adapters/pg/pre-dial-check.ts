// The last check before an originate: DNC, calling window and caps are read again (a number may
// have gone on DNC, or the window closed, since the lead was leased), a caller ID must be there to
// present, and the result is written to the evidence log, the checks passed, the caller ID
// presented and the zones and jurisdictions whose hours were kept for a dial, and the rule for a block. Checks of one number take turns, and a dial the
// check allows is recorded as dialled before the turn ends: two nodes checking a number two leads
// share at the same moment would otherwise both find it free and both ring it.

import { keptJurisdictions } from '../../core/compliance/jurisdiction-window.js';
import { evaluateLead, leadZones, type LeadRule, type PhoneRule } from '../../core/compliance/lead-eligibility.js';
import { attemptDialMaxAgeMs } from './attempt-dialled.js';
import { markAttemptEvent } from './attempt-repository.js';
import { supersededSql } from './attempt-superseded.js';
import { completeHonouredCallbacks } from './callback-follow-up.js';
import { loadDialRules } from './dial-rules-repository.js';
import { appendEvidence } from './evidence-log-repository.js';
import { loadLeadFacts } from './lead-facts.js';
import { withTransaction, type Pool, type Queryable } from './pool.js';

export interface PreDialInput {
  attemptId: string;
  campaignId: string;
  leadId: string;
  /** E.164 about to be dialled. */
  phone: string;
  /** The caller ID the dial presents; null: none, and the dial is blocked. */
  callerId: string | null;
  nowMs: number;
}

export type PreDialResult = { allowed: true } | { allowed: false; rule: string; reason: string };

/** Lead rules that do not apply once selection leased the lead to us. */
const LEASE_TIME_RULES: readonly LeadRule[] = ['lease', 'due', 'dialable_phone'];

export async function preDialCheck(pool: Pool, input: PreDialInput): Promise<PreDialResult> {
  return withTransaction(pool, async (db) => {
    await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`outpace:number:${input.phone}`]);
    const result = await checkNumber(db, input);
    return result.allowed ? { allowed: true } : { allowed: false, rule: result.rule, reason: result.reason };
  });
}

async function checkNumber(db: Queryable, input: PreDialInput): Promise<Judgement> {
  const now = new Date(input.nowMs);
  const loaded = await loadLeadFacts(db, input.leadId, { now, excludeAttemptId: input.attemptId });
  const judged: Judgement = loaded === null || loaded.campaignId !== input.campaignId
    ? { allowed: false as const, rule: 'lead_missing', reason: `lead ${input.leadId} is not in campaign ${input.campaignId}`, passed: [] as string[] }
    : (await outdated(db, input)) ?? withCallerId(input, await judge(db, input, loaded));
  const callerId = input.callerId;
  // Dialled from here on for every other check of the number (the dial follows at once); an
  // attempt closed meanwhile (another node took its campaign over) is not dialled at all.
  const result = judged.allowed && !await markAttemptEvent(db, input.attemptId, 'originated', now, { channelId: input.attemptId, ...(callerId ? { callerId } : {}) }, true)
    ? { allowed: false as const, rule: 'attempt_closed', reason: `attempt ${input.attemptId} was closed before its dial`, passed: judged.passed }
    : judged;
  // The zones and jurisdictions the hours were judged in: the lead's may change later (corrected
  // by hand, or found anew by a release), and the entry must still say why the dial was allowed.
  const judgedIn = { zones: judged.zones ?? [], jurisdictions: judged.jurisdictions ?? [] };
  await appendEvidence(db, {
    kind: result.allowed ? 'dial_checked' : 'dial_blocked', campaignId: input.campaignId, attemptId: input.attemptId, leadId: input.leadId, at: now,
    payload: result.allowed
      ? { e164: input.phone, callerId, passed: result.passed, ...judgedIn }
      : { e164: input.phone, callerId, rule: result.rule, reason: result.reason, passed: result.passed, ...judgedIn },
  });
  // The lead is being called back now: the callbacks it keeps are honoured.
  if (result.allowed) await completeHonouredCallbacks(db, { leadId: input.leadId, attemptId: input.attemptId, now });
  return result;
}

/** A block for an attempt no longer fit to dial: its lead leased again since (attempt-superseded.ts),
 * or leased so long ago that the day caps, which count a dial from its lease until it is sent,
 * would not see it; null when it is fit. */
async function outdated(db: Queryable, input: PreDialInput): Promise<Judgement | null> {
  const found = await db.query<{ superseded: boolean; created_at: Date }>(
    `SELECT ${supersededSql('$1', '$2')} AS superseded, created_at FROM attempts WHERE id = $1`, [input.attemptId, input.leadId]);
  const row = found.rows[0];
  if (row?.superseded) {
    return { allowed: false, rule: 'attempt_superseded', reason: `lead ${input.leadId} was leased again after attempt ${input.attemptId} (its lease ran out): it is not dialled from the old one`, passed: [] };
  }
  if (row && input.nowMs - row.created_at.getTime() > attemptDialMaxAgeMs) {
    return { allowed: false, rule: 'attempt_stale', reason: `attempt ${input.attemptId} was leased over a day ago: lease the lead again to dial it`, passed: [] };
  }
  return null;
}

/** `zones` and `jurisdictions`: where the lead's calling hours were judged (none for a lead not judged). */
type Judgement = ({ allowed: true } | { allowed: false; rule: string; reason: string }) & { passed: string[]; zones?: readonly string[]; jurisdictions?: readonly string[] };

/** A dial that would present no caller ID is blocked (pacing holds such a campaign; a preview or
 * callback dial still comes here). */
function withCallerId(input: PreDialInput, judgement: Judgement): Judgement {
  if (!judgement.allowed) return judgement;
  if (input.callerId === null) {
    return { ...judgement, allowed: false, rule: 'caller_id', reason: 'the campaign has no caller ID to present: a number the person can call back is required' };
  }
  return { ...judgement, passed: [...judgement.passed, 'caller_id'] };
}

async function judge(db: Queryable, input: PreDialInput, loaded: NonNullable<Awaited<ReturnType<typeof loadLeadFacts>>>): Promise<Judgement> {
  const rules = await loadDialRules(db, input.campaignId);
  const verdict = evaluateLead(loaded.facts, rules, input.nowMs, { ignoreLease: true });
  const judgedIn = { zones: leadZones(loaded.facts, rules), jurisdictions: keptJurisdictions(loaded.facts.jurisdictions ?? [], rules) };
  const phone = verdict.phones.find((p) => p.e164 === input.phone);
  const leadChecks = verdict.checks.filter((c) => !LEASE_TIME_RULES.includes(c.rule));
  const checks: { rule: LeadRule | PhoneRule; blocks: boolean; detail: string }[] = [...leadChecks, ...(phone?.checks ?? [])];
  const passed = checks.filter((c) => !c.blocks).map((c) => c.rule);
  if (!phone) return { allowed: false, rule: 'phone_unknown', reason: 'the number is not a phone of this lead', passed, ...judgedIn };
  const block = checks.find((c) => c.blocks);
  if (block) return { allowed: false, rule: block.rule, reason: block.detail, passed, ...judgedIn };
  return { allowed: true, passed, ...judgedIn };
}
