// A lead's calling window with its jurisdictions' own hours kept (jurisdiction-hours.ts): the
// campaign's week, clipped to its regime, then to each jurisdiction's week, with their legal
// holidays closed.

import { parseClock, safeWindowStatus, type CallingWindowPolicy } from './calling-window.js';
import { jurisdictionHours, type JurisdictionHours } from './jurisdiction-hours.js';
import { dateOfDayNumber, localTimeAt, weekdays, type LocalTime } from './local-time.js';
import { holidayDates } from './us-holidays.js';

const DAY_MS = 86_400_000;
const allDay: CallingWindowPolicy['weekly'] = Object.fromEntries(weekdays.map((day) => [day, [{ start: '00:00', end: '24:00' }]]));

/** The years whose holidays a window search from `atMs` can meet (it looks about 400 days ahead). */
function yearsAround(atMs: number): number[] {
  const year = Number(dateOfDayNumber(Math.floor(atMs / DAY_MS)).slice(0, 4));
  return [year - 1, year, year + 1, year + 2];
}

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

/** A jurisdiction's own hours as a window of their own. */
export function jurisdictionWindow(rule: JurisdictionHours, atMs: number): CallingWindowPolicy {
  return { regime: 'custom', weekly: allDay, bounds: [rule.week], holidays: holidayDates(rule.holidays, yearsAround(atMs)) };
}

/** The first of `codes` whose own hours are shut at `atMs` in one of `zones`, and that zone. */
export function shutJurisdiction(codes: readonly string[], zones: readonly string[], atMs: number): { rule: JurisdictionHours; zone: string } | null {
  for (const rule of rulesOf(codes)) {
    const window = jurisdictionWindow(rule, atMs);
    const zone = zones.find((z) => !safeWindowStatus(window, z, atMs).open);
    if (zone !== undefined) return { rule, zone };
  }
  return null;
}

/** `code@zone` for every jurisdiction whose hours are shut at `atMs` in each of `zones`: what
 * lead selection passes to SQL, which holds back a lead naming such a pair. Each zone's local time
 * is read once for all the rules: this runs at every lease. */
export function shutJurisdictionKeys(zones: readonly string[], atMs: number): string[] {
  const rules = [...jurisdictionHours.values()].map((rule) => ({ rule, holidays: new Set(holidayDates(rule.holidays, yearsAround(atMs))) }));
  return zones.flatMap((zone) => {
    const local = safeLocalTime(atMs, zone);
    return rules.filter(({ rule, holidays }) => local === null || holidays.has(local.date) || !inHours(rule, local)).map(({ rule }) => `${rule.code}@${zone}`);
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
