// "Why not dialled": every eligibility rule for one lead, whether it blocks now and until when.
// Same facts and the same core rules as the pre-dial check; selection's SQL is tested against it.

import { keptJurisdictions } from '../../core/compliance/jurisdiction-window.js';
import { earliestDialMs, evaluateLead, leadZone, leadZones, type LeadVerdict } from '../../core/compliance/lead-eligibility.js';
import { loadDialRules } from './dial-rules-repository.js';
import { isLeadErased } from './erased-lead.js';
import { loadLeadFacts } from './lead-facts.js';
import type { Queryable } from './pool.js';

export interface ExplainedCheck {
  rule: string;
  blocks: boolean;
  until: string | null;
  detail: string;
}

export interface LeadExplanation {
  leadId: string;
  campaignId: string;
  at: string;
  eligible: boolean;
  timeZone: string;
  /** Other zones the lead's sources name: it is called only while the window is open in these too. */
  otherTimeZones: string[];
  /** Jurisdictions whose own calling hours the lead is kept to (`US-FL`, `CA`), when the campaign keeps them. */
  jurisdictions: string[];
  /** When the lead may be dialled if nothing else changes; null when a block does not end by itself. */
  earliestDialAt: string | null;
  checks: ExplainedCheck[];
  /** The lead's data was erased at the person's request: its numbers are read back nowhere (none here). */
  erased: boolean;
  phones: { phoneId: string; e164: string; dialable: boolean; checks: ExplainedCheck[] }[];
  /** The phone selection would dial now. */
  phoneId: string | null;
}

/** A lead of the list of manual dials waits for an agent to call it: the pacer does not. */
const pacedCheck: ExplainedCheck = {
  rule: 'manual_dials', blocks: true, until: null, detail: "in the campaign's list of manual dials: dialled when an agent calls it, not by the pacer",
};

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const toChecks = (checks: LeadVerdict['checks'] | LeadVerdict['phones'][number]['checks']): ExplainedCheck[] =>
  checks.map((c) => ({ rule: c.rule, blocks: c.blocks, until: c.blocks ? iso(c.untilMs) : null, detail: c.detail }));

export async function explainLead(db: Queryable, leadId: string, now: Date): Promise<LeadExplanation | null> {
  const loaded = await loadLeadFacts(db, leadId, { now });
  if (!loaded) return null;
  const rules = await loadDialRules(db, loaded.campaignId);
  const verdict = evaluateLead(loaded.facts, rules, now.getTime());
  const erased = await isLeadErased(db, leadId);
  return {
    leadId,
    campaignId: loaded.campaignId,
    at: now.toISOString(),
    eligible: verdict.eligible && !loaded.manualDials,
    timeZone: leadZone(loaded.facts, rules),
    otherTimeZones: leadZones(loaded.facts, rules).slice(1),
    jurisdictions: keptJurisdictions(loaded.facts.jurisdictions ?? [], rules),
    earliestDialAt: loaded.manualDials ? null : iso(earliestDialMs(verdict, now.getTime())),
    checks: [...toChecks(verdict.checks), ...(loaded.manualDials ? [pacedCheck] : [])],
    erased,
    phones: erased ? [] : verdict.phones.map((p) => ({ phoneId: p.phoneId, e164: p.e164, dialable: p.dialable, checks: toChecks(p.checks) })),
    phoneId: erased ? null : verdict.phone?.phoneId ?? null,
  };
}
