// Every rule a lead and its phones must pass to be dialled now, each with whether it blocks and
// until when. The "why not dialled" API shows this list; the pre-dial check refuses on the first
// blocking rule; the SQL selection is tested against it on random leads.

import type { DialRulesPolicy } from './dial-rules-policy.js';
import { describeCondition, unmetCondition } from './lead-filter.js';
import type { CallingWindowPolicy } from './calling-window.js';
import { keptJurisdictions, shutJurisdiction, withJurisdictionHours } from './jurisdiction-window.js';
import { leadDayCap } from './jurisdiction-day-caps.js';
import { registryLoadsFor, registryNames, staleRegistry, staleRegistryDetail, type NationalRegistry } from './national-registries.js';
import { windowInZones, type ZonesWindowStatus } from './window-in-zones.js';
import { zeroDialCapProblem, type DialCapKey } from './zero-dial-caps.js';

const DAY_MS = 86_400_000;

export type LeadRule =
  | 'list_active' | 'lead_status' | 'lead_filter' | 'due' | 'lease' | 'max_attempts_lead' | 'max_attempts_day' | 'calling_window' | 'dialable_phone'
  | 'national_registry';
export type PhoneRule = 'phone_disabled' | 'dnc' | 'max_attempts_phone' | 'number_day_cap' | 'abandon_rest' | 'machine_rest' | 'number_in_call';

export interface DncHit {
  scope: 'global' | 'campaign';
  source: string;
  expiresAtMs: number | null;
}

export interface AbandonedCall {
  endedAtMs: number;
  /** How long the number rests after it, by the rules of the campaign whose call it was (UK 72 h, US none). */
  restMs: number;
}

export interface PhoneFacts {
  phoneId: string;
  e164: string;
  dialOrder: number;
  disabled: boolean;
  attempts: number;
  /** DNC entries matching the number in force or expired; expired ones are ignored here. */
  dnc: DncHit[];
  /** The abandoned calls to this number lately, any lead and any campaign, each with the rest the
   * rules of the campaign that made it impose (abandonRestMsUnder). */
  abandons: readonly AbandonedCall[];
  /** End of the latest call to this number AMD took for a machine, any lead and any campaign. */
  lastMachineAtMs: number | null;
  /** Start times of the dials of this number in the last 24 hours, any lead and any campaign. */
  recentDialsMs: number[];
  /** Another call to this number is under way (a lead sharing it, any campaign, any node): the
   * latest lease of such a call's lead, null when there is none. */
  inCallUntilMs: number | null;
}

export interface LeadFacts {
  status: string;
  listActive: boolean;
  nextDialAtMs: number;
  leasedUntilMs: number | null;
  attempts: number;
  /** Start times of this lead's dials in the last 24 hours. */
  recentAttemptsMs: number[];
  /** The lead's zone, null when unknown (the campaign default applies). */
  timeZone: string | null;
  /** Other zones less trusted sources name (the phone's area code against the address): the
   * window must be open in these too. */
  otherTimeZones?: readonly string[];
  /** Jurisdictions with their own calling hours its sources name (lead-jurisdictions.ts). */
  jurisdictions?: readonly string[];
  /** The lead's own fields, for the campaign's lead filter. */
  fields?: Readonly<Record<string, unknown>>;
  /** When each national registry was last loaded (its data's date), for a campaign that must be
   * scrubbed against one (national-registries.ts); absent: none loaded. */
  registryLoads?: Readonly<Partial<Record<NationalRegistry, number>>>;
  phones: PhoneFacts[];
}

export interface RuleCheck<R extends string> {
  rule: R;
  blocks: boolean;
  /** When the rule stops blocking by itself; null while blocking means not by the passing of time. */
  untilMs: number | null;
  detail: string;
}

export interface PhoneVerdict {
  phoneId: string;
  e164: string;
  checks: RuleCheck<PhoneRule>[];
  dialable: boolean;
}

export interface LeadVerdict {
  eligible: boolean;
  checks: RuleCheck<LeadRule>[];
  phones: PhoneVerdict[];
  /** The phone selection would dial: fewest dials, then dial order. */
  phone: PhoneVerdict | null;
}

export interface EvaluateOptions {
  /** The pre-dial check runs on a lead it leased itself: the lease is ours, not a block. */
  ignoreLease?: boolean;
}

export const dialableStatuses: readonly string[] = ['new', 'retry', 'callback'];

const check = <R extends string>(rule: R, blocks: boolean, untilMs: number | null, detail: string): RuleCheck<R> => ({ rule, blocks, untilMs, detail });

/** The effective zone of a lead. */
export function leadZone(facts: Pick<LeadFacts, 'timeZone'>, policy: DialRulesPolicy): string {
  return facts.timeZone ?? policy.defaultZone;
}

/** Every zone the window must be open in: the lead's, then the others its sources name. */
export function leadZones(facts: Pick<LeadFacts, 'timeZone' | 'otherTimeZones'>, policy: DialRulesPolicy): string[] {
  return [...new Set([leadZone(facts, policy), ...(facts.otherTimeZones ?? [])])];
}

/** The lead's calling window: the campaign's, with its jurisdictions' own hours kept too. */
export function leadCallingWindow(facts: Pick<LeadFacts, 'jurisdictions'>, policy: DialRulesPolicy, atMs: number): CallingWindowPolicy {
  return withJurisdictionHours(policy.callingWindow, keptJurisdictions(facts.jurisdictions ?? [], policy), atMs);
}

/** The calling-window check in words: a jurisdiction's hours that hold the lead back are named. */
function windowCheck(facts: LeadFacts, policy: DialRulesPolicy, zones: readonly string[], window: ZonesWindowStatus, nowMs: number): RuleCheck<LeadRule> {
  const kept = keptJurisdictions(facts.jurisdictions ?? [], policy);
  if (window.open) return check('calling_window', false, null, `open in ${zones.join(' and ')}${kept.length > 0 ? ` (hours of ${kept.join(', ')} kept)` : ''}`);
  const shut = windowInZones(policy.callingWindow, zones, nowMs).open ? shutJurisdiction(kept, zones, nowMs) : null;
  const detail = shut
    ? `outside the calling hours of ${shut.rule.name} (${shut.rule.citation}) in ${shut.zone}`
    : `${window.reason.replace('_', ' ')} in ${window.closedIn}`;
  return check('calling_window', true, window.opensAtMs, detail);
}

/** DNC entries in force at `nowMs`: blocking until the latest expiry, or for good if any has none. */
export function dncBlock(hits: readonly DncHit[], nowMs: number): { blocks: boolean; untilMs: number | null; hits: DncHit[] } {
  const active = hits.filter((hit) => hit.expiresAtMs === null || hit.expiresAtMs > nowMs);
  if (active.length === 0) return { blocks: false, untilMs: null, hits: [] };
  const permanent = active.some((hit) => hit.expiresAtMs === null);
  return { blocks: true, untilMs: permanent ? null : Math.max(...active.map((hit) => hit.expiresAtMs ?? 0)), hits: active };
}

/** `promised`: the dial is a callback the person asked for, made whatever the number's lifetime
 * count (its 24-hour cap still holds). */
export function evaluatePhone(phone: PhoneFacts, policy: DialRulesPolicy, nowMs: number, promised = false): PhoneVerdict {
  const dnc = dncBlock(phone.dnc, nowMs);
  const checks: RuleCheck<PhoneRule>[] = [
    check('phone_disabled', phone.disabled, null, phone.disabled ? 'phone disabled (e.g. wrong or invalid number)' : 'phone enabled'),
    check('dnc', dnc.blocks, dnc.untilMs, dnc.blocks ? `on DNC: ${dnc.hits.map((h) => `${h.scope}/${h.source}`).join(', ')}` : 'not on any DNC list'),
    lifetimeCapCheck('max_attempts_phone', 'maxAttemptsPerPhone', phone.attempts, policy.maxAttemptsPerPhone, promised, 'dials to this phone'),
    numberDayCapCheck(phone, policy, nowMs),
    abandonRestCheck(phone.abandons, nowMs),
    restCheck('machine_rest', phone.lastMachineAtMs, policy.redialAfterMachineMs, nowMs, 'call answered by a machine'),
    numberInCallCheck(phone, nowMs),
  ];
  return { phoneId: phone.phoneId, e164: phone.e164, checks, dialable: checks.every((c) => !c.blocks) };
}

/** A number rests for `restMs` after a call that ended so, whichever lead or campaign made it. */
function restCheck(rule: PhoneRule, lastAtMs: number | null, restMs: number, nowMs: number, what: string): RuleCheck<PhoneRule> {
  const untilMs = lastAtMs === null ? null : lastAtMs + restMs;
  const resting = restMs > 0 && untilMs !== null && untilMs > nowMs;
  return check(rule, resting, resting ? untilMs : null, resting ? `${what} to this number: no redial during the rest period` : `no ${what} in the rest period`);
}

/** An abandoned call rests the number by the rules of the campaign that made it (Ofcom's 72 h is
 * about the abandoned call), whichever campaign dials it now: a UK campaign's abandon holds a US
 * campaign back, a US campaign's abandon holds no one. The latest end of a rest is said. */
function abandonRestCheck(abandons: readonly AbandonedCall[], nowMs: number): RuleCheck<PhoneRule> {
  const resting = abandons.filter((call) => call.restMs > 0 && call.endedAtMs + call.restMs > nowMs);
  if (resting.length === 0) return check('abandon_rest', false, null, 'no abandoned call in the rest period');
  const untilMs = Math.max(...resting.map((call) => call.endedAtMs + call.restMs));
  return check('abandon_rest', true, untilMs, 'abandoned call to this number: no redial during the rest period');
}

/** A count over the lead's or the phone's life against its cap; a callback is made whatever the
 * count. A cap of 0 (stored before such caps were refused) is said as such: it never lifts. */
function lifetimeCapCheck<R extends string>(rule: R, key: DialCapKey, dials: number, cap: number, promised: boolean, what: string): RuleCheck<R> {
  if (cap === 0 && !promised) return check(rule, true, null, zeroDialCapProblem(key));
  return check(rule, !promised && dials >= cap, null, `${dials} of ${cap} ${what}${promised ? ' (a callback is made whatever the count)' : ''}`);
}

/** A person is not called over and over however many campaigns and lists hold their number. */
function numberDayCapCheck(phone: PhoneFacts, policy: DialRulesPolicy, nowMs: number): RuleCheck<PhoneRule> {
  if (policy.maxDialsPerNumberPerDay === 0) return check('number_day_cap', true, null, zeroDialCapProblem('maxDialsPerNumberPerDay'));
  const recent = phone.recentDialsMs.filter((at) => at > nowMs - DAY_MS).sort((a, b) => a - b);
  const over = recent.length - policy.maxDialsPerNumberPerDay;
  // Blocked until enough of the oldest dials leave the 24-hour window to go under the cap.
  const untilMs = over >= 0 ? (recent[over] ?? nowMs) + DAY_MS : null;
  return check('number_day_cap', over >= 0, untilMs, `${recent.length} of ${policy.maxDialsPerNumberPerDay} dials to this number in the last 24 h, every campaign`);
}

/** A household's line two leads share is never rung while it is in a call for the other lead. */
function numberInCallCheck(phone: PhoneFacts, nowMs: number): RuleCheck<PhoneRule> {
  const inCall = phone.inCallUntilMs !== null && phone.inCallUntilMs > nowMs;
  return check('number_in_call', inCall, inCall ? phone.inCallUntilMs : null,
    inCall ? 'the number is in a call for another lead that shares it' : 'no other call to this number under way');
}

/** Phone order of selection: fewest dials first (rotates alternates), then dial order, then id. */
export function comparePhones(a: PhoneFacts, b: PhoneFacts): number {
  if (a.attempts !== b.attempts) return a.attempts - b.attempts;
  if (a.dialOrder !== b.dialOrder) return a.dialOrder - b.dialOrder;
  return BigInt(a.phoneId) < BigInt(b.phoneId) ? -1 : BigInt(a.phoneId) > BigInt(b.phoneId) ? 1 : 0;
}

/** The campaign's lead filter: a lead left out stays out until its fields or the filter change. A
 * callback was promised to the person, so it is kept whatever the filter says. */
function filterCheck(facts: LeadFacts, policy: DialRulesPolicy): RuleCheck<LeadRule> {
  const unmet = facts.status === 'callback' ? null : unmetCondition(policy.leadFilter, facts.fields ?? {});
  if (unmet) return check('lead_filter', true, null, `left out by the campaign's filter: not ${describeCondition(unmet)}`);
  return check('lead_filter', false, null, policy.leadFilter.length > 0 ? "meets the campaign's filter" : 'the campaign filters no leads out');
}

/** The lead's dials of the last 24 hours against the campaign's cap, or its state's where lower
 * (jurisdiction-day-caps.ts), named then. */
function dayCapCheck(facts: LeadFacts, policy: DialRulesPolicy, nowMs: number): RuleCheck<LeadRule> {
  if (policy.maxAttemptsPerDay === 0) return check('max_attempts_day', true, null, zeroDialCapProblem('maxAttemptsPerDay'));
  const { cap, by } = leadDayCap(policy.jurisdictionHours ? facts.jurisdictions ?? [] : [], policy.maxAttemptsPerDay);
  const recent = facts.recentAttemptsMs.filter((at) => at > nowMs - DAY_MS).sort((a, b) => a - b);
  const over = recent.length - cap;
  // Blocked until enough of the oldest dials leave the 24-hour window to go under the cap.
  const untilMs = over >= 0 ? (recent[over] ?? nowMs) + DAY_MS : null;
  const whose = by ? ` (the most ${by.name} allows, ${by.citation})` : '';
  return check('max_attempts_day', over >= 0, untilMs, `${recent.length} of ${cap} dials in the last 24 h${whose}`);
}

/** The national registries the campaign is scrubbed against must have been loaded recently enough;
 * a stale one holds every lead until a fresh copy is loaded. Said only where the campaign names one. */
function registryCheck(facts: LeadFacts, policy: DialRulesPolicy, nowMs: number): RuleCheck<LeadRule>[] {
  if (policy.nationalRegistries.length === 0) return [];
  const stale = staleRegistry(registryLoadsFor(policy.nationalRegistries, facts.registryLoads ?? {}), nowMs);
  if (stale) return [check('national_registry', true, null, staleRegistryDetail(stale))];
  const names = policy.nationalRegistries.map((registry) => registryNames[registry].name);
  return [check('national_registry', false, null, `scrubbed against ${names.join(' and ')}, loaded recently enough`)];
}

function phoneCheck(phones: PhoneVerdict[]): RuleCheck<LeadRule> {
  const dialable = phones.filter((p) => p.dialable);
  if (dialable.length > 0) return check('dialable_phone', false, null, `${dialable.length} of ${phones.length} phones dialable`);
  // The lead frees up when the first phone frees up, if every block on it ends by itself.
  const freeAt = phones.map((p) => {
    const blocking = p.checks.filter((c) => c.blocks);
    return blocking.some((c) => c.untilMs === null) ? null : Math.max(...blocking.map((c) => c.untilMs ?? 0));
  });
  const times = freeAt.filter((t): t is number => t !== null);
  return check('dialable_phone', true, times.length > 0 ? Math.min(...times) : null, phones.length === 0 ? 'lead has no phone' : 'no phone may be dialled');
}

export function evaluateLead(facts: LeadFacts, policy: DialRulesPolicy, nowMs: number, options: EvaluateOptions = {}): LeadVerdict {
  const zones = leadZones(facts, policy);
  const window = windowInZones(leadCallingWindow(facts, policy, nowMs), zones, nowMs);
  const leased = !options.ignoreLease && facts.leasedUntilMs !== null && facts.leasedUntilMs >= nowMs;
  // A callback is a promise to the person: the lifetime dial counts do not hold it back (the day's
  // caps, DNC and calling hours do).
  const promised = facts.status === 'callback';
  const phones = facts.phones.map((phone) => evaluatePhone(phone, policy, nowMs, promised));
  const checks: RuleCheck<LeadRule>[] = [
    check('list_active', !facts.listActive, null, facts.listActive ? 'list active' : 'list paused'),
    check('lead_status', !dialableStatuses.includes(facts.status), null, `status ${facts.status}`),
    filterCheck(facts, policy),
    check('due', facts.nextDialAtMs > nowMs, facts.nextDialAtMs > nowMs ? facts.nextDialAtMs : null, 'next dial time'),
    // A lease still runs at its own end instant (selection needs leased_until < now): free 1 ms later.
    check('lease', leased, leased && facts.leasedUntilMs !== null ? facts.leasedUntilMs + 1 : null, leased ? 'a dial of this lead is in progress' : 'not leased'),
    lifetimeCapCheck('max_attempts_lead', 'maxAttempts', facts.attempts, policy.maxAttemptsPerLead, promised, 'dials'),
    dayCapCheck(facts, policy, nowMs),
    windowCheck(facts, policy, zones, window, nowMs),
    ...registryCheck(facts, policy, nowMs),
    phoneCheck(phones),
  ];
  const byOrder = facts.phones.map((p, i) => ({ p, v: phones[i] as PhoneVerdict })).sort((a, b) => comparePhones(a.p, b.p));
  const phone = byOrder.find((entry) => entry.v.dialable)?.v ?? null;
  return { eligible: checks.every((c) => !c.blocks), checks, phones, phone };
}

/** When the lead may first be dialled, if every block ends by itself (a lower bound). */
export function earliestDialMs(verdict: LeadVerdict, nowMs: number): number | null {
  const blocking = verdict.checks.filter((c) => c.blocks);
  if (blocking.length === 0) return nowMs;
  if (blocking.some((c) => c.untilMs === null)) return null;
  return Math.max(...blocking.map((c) => c.untilMs ?? nowMs));
}
