// A lead's calling window with its jurisdictions' own hours kept (jurisdiction-hours.ts): the
// campaign's week, clipped to its regime, then to each jurisdiction's week, with their legal
// holidays closed.

import { parseClock, type CallingWindowPolicy } from './calling-window.js';
import { jurisdictionHours, type JurisdictionHours } from './jurisdiction-hours.js';
import { dateOfDayNumber, localTimeAt, type LocalTime } from './local-time.js';
import { holidayDates } from './us-holidays.js';

const DAY_MS = 86_400_000;

/** The years whose holidays a window search from `atMs` can meet (it looks about 400 days ahead). */
function yearsAround(atMs: number): number[] {
  const year = Number(dateOfDayNumber(Math.floor(atMs / DAY_MS)).slice(0, 4));
  return [year - 1, year, year + 1, year + 2];
}

/** A country's code (`US`, `CA`), not a state's (`US-FL`): ISO 3166-1 against ISO 3166-2. */
const isCountry = (code: string): boolean => !code.includes('-');

/** The jurisdictions of `codes` whose hours a campaign keeps (DialRulesPolicy): every one, or where
 * it turns the states' own hours off, still the countries' (the US federal hours bind every call
 * under the US rules, whatever the states exempt); none in a laboratory's custom hours. */
export function keptJurisdictions(codes: readonly string[], policy: { jurisdictionHours: boolean; countryHours: boolean }): string[] {
  if (policy.jurisdictionHours) return [...codes];
  return policy.countryHours ? codes.filter(isCountry) : [];
}

/** The codes of every rule a campaign keeps (see keptJurisdictions). */
export const keptJurisdictionCodes = (policy: { jurisdictionHours: boolean; countryHours: boolean }): string[] =>
  keptJurisdictions([...jurisdictionHours.keys()], policy);

const rulesOf = (codes: readonly string[]): JurisdictionHours[] =>
  codes.flatMap((code) => {
    const rule = jurisdictionHours.get(code);
    return rule ? [rule] : [];
  });

/** `policy` with the hours and holidays of each of `codes` kept too (codes with no rule ignored). */
export function withJurisdictionHours(policy: CallingWindowPolicy, codes: readonly string[], atMs: number): CallingWindowPolicy {
  const rules = rulesOf(codes);
  if (rules.length === 0) return policy;
  const holidays = rules.flatMap((rule) => holidayDates(rule.holidays, yearsAround(atMs)));
  return {
    ...policy,
    bounds: [...(policy.bounds ?? []), ...rules.map((rule) => rule.week)],
    holidays: [...new Set([...(policy.holidays ?? []), ...holidays])],
  };
}

/** The first of `codes` whose own hours are shut at `atMs` in one of `zones`, and that zone: what
 * "why not dialled" names. */
export function shutJurisdiction(codes: readonly string[], zones: readonly string[], atMs: number): { rule: JurisdictionHours; zone: string } | null {
  return shutPairs(rulesOf(codes), zones, atMs)[0] ?? null;
}

/** `code@zone` for every jurisdiction whose hours are shut at `atMs` in each of `zones`: what
 * lead selection passes to SQL, which holds back a lead naming such a pair. */
export function shutJurisdictionKeys(zones: readonly string[], atMs: number, codes: readonly string[] = [...jurisdictionHours.keys()]): string[] {
  return shutPairs(rulesOf(codes), zones, atMs).map(({ rule, zone }) => `${rule.code}@${zone}`);
}

/** Each rule shut at `atMs`, with each zone it is shut in, rule by rule. Each zone's local time is
 * read once for all the rules: this runs at every lease. A zone the runtime does not know is shut. */
function shutPairs(rules: readonly JurisdictionHours[], zones: readonly string[], atMs: number): { rule: JurisdictionHours; zone: string }[] {
  const locals = zones.map((zone) => ({ zone, local: safeLocalTime(atMs, zone) }));
  return rules.flatMap((rule) => {
    const holidays = new Set(holidayDates(rule.holidays, yearsAround(atMs)));
    return locals.filter(({ local }) => local === null || holidays.has(local.date) || !inHours(rule, local)).map(({ zone }) => ({ rule, zone }));
  });
}

function safeLocalTime(atMs: number, zone: string): LocalTime | null {
  try {
    return localTimeAt(atMs, zone);
  } catch {
    return null;
  }
}

/** Whether a local time is within one of a jurisdiction's ranges for its weekday. */
function inHours(rule: JurisdictionHours, local: LocalTime): boolean {
  return (rule.week[local.weekday] ?? []).some((r) => parseClock(r.start) <= local.minuteOfDay && local.minuteOfDay < parseClock(r.end));
}
