// Calling windows: may we call someone whose local time is this, and when may we next?
// A campaign's weekly hours are always clipped to its regime's legal hours, so a manager can
// narrow the window but never widen it past the law (US 08:00-21:00, China 09:00-21:00).

import { dateOfDayNumber, dayNumberOf, localTimeAt, utcOfLocal, weekdayOf, weekdays, zoneOffsetMs, type Weekday } from './local-time.js';

export type CallingRegime = 'us' | 'uk' | 'cn' | 'custom';
export const callingRegimes: readonly CallingRegime[] = ['us', 'uk', 'cn', 'custom'];

/** Local hours, 'HH:MM' 24-hour clock; start inclusive, end exclusive. */
export interface TimeRange {
  start: string;
  end: string;
}

export interface CallingWindowPolicy {
  regime: CallingRegime;
  /** Hours per weekday; a missing or empty day is closed. Omitted: the regime's default week. */
  weekly?: Partial<Record<Weekday, TimeRange[]>>;
  /** Local dates (YYYY-MM-DD) on which nobody is called. */
  holidays?: string[];
  /** Further weeks the hours must also keep (a state's own calling hours): a day one of them
   * leaves out is closed. */
  bounds?: readonly WeekHours[];
}

/** Hours per weekday; a day left out is closed. */
export type WeekHours = Partial<Record<Weekday, readonly TimeRange[]>>;

const everyDay = (range: TimeRange): Record<Weekday, TimeRange[]> =>
  Object.fromEntries(weekdays.map((day) => [day, [range]])) as Record<Weekday, TimeRange[]>;

/**
 * Outer bounds per regime. US: FTC TSR / FCC TCPA 08:00-21:00 called party's local time.
 * China: insurance telesales rule, no sales calls 21:00-09:00. UK: no statutory hours; the
 * bound is a courtesy 08:00-21:00. Custom: no legal bound, the campaign's week decides alone.
 */
export const regimeBounds: Readonly<Record<CallingRegime, TimeRange>> = {
  us: { start: '08:00', end: '21:00' },
  uk: { start: '08:00', end: '21:00' },
  cn: { start: '09:00', end: '21:00' },
  custom: { start: '00:00', end: '24:00' },
};

/** The week used when a campaign sets none. UK courtesy default: weekdays late, Saturday short, no Sunday. */
export const regimeDefaultWeeks: Readonly<Record<CallingRegime, Partial<Record<Weekday, TimeRange[]>>>> = {
  us: everyDay(regimeBounds.us),
  cn: everyDay(regimeBounds.cn),
  uk: { ...everyDay({ start: '09:00', end: '21:00' }), sat: [{ start: '10:00', end: '17:00' }], sun: [] },
  custom: everyDay({ start: '09:00', end: '20:00' }),
};

export class CallingWindowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallingWindowError';
  }
}

/** Minutes since midnight of 'HH:MM' (24:00 allowed as an end). Throws CallingWindowError. */
export function parseClock(text: string): number {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!match) throw new CallingWindowError(`"${text}" is not a time of day (HH:MM, 24-hour)`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (minutes > 1440) throw new CallingWindowError(`"${text}" is past 24:00`);
  return minutes;
}

/** Minutes from local midnight; start inclusive, end exclusive. */
export interface MinuteRange {
  start: number;
  end: number;
}

/** The day's open minute ranges after clipping to the regime bound and to every further bound,
 * sorted, empty ones dropped. */
export function effectiveRanges(policy: CallingWindowPolicy, day: Weekday): MinuteRange[] {
  const week = policy.weekly ?? regimeDefaultWeeks[policy.regime];
  const bound = regimeBounds[policy.regime];
  const lo = parseClock(bound.start);
  const hi = parseClock(bound.end);
  const clipped = (week[day] ?? [])
    .map((range) => ({ start: Math.max(lo, parseClock(range.start)), end: Math.min(hi, parseClock(range.end)) }))
    .filter((range) => range.start < range.end)
    .sort((a, b) => a.start - b.start);
  return (policy.bounds ?? []).reduce((ranges, further) => intersect(ranges, minuteRanges(further[day] ?? [])), clipped);
}

const minuteRanges = (ranges: readonly TimeRange[]): MinuteRange[] => ranges.map((r) => ({ start: parseClock(r.start), end: parseClock(r.end) }));

/** The minutes both lists of ranges hold, sorted. */
function intersect(a: readonly MinuteRange[], b: readonly MinuteRange[]): MinuteRange[] {
  return a
    .flatMap((x) => b.map((y) => ({ start: Math.max(x.start, y.start), end: Math.min(x.end, y.end) })))
    .filter((range) => range.start < range.end)
    .sort((x, y) => x.start - y.start);
}

/** 'HH:MM' of minutes from midnight (1440 is '24:00'). */
export const clockOf = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Every weekday's hours as dialling keeps them: the campaign's week (or the regime's default)
 * clipped to the regime's bounds, so a manager sees what the engine will do, not what was typed. */
export function hoursInForce(policy: CallingWindowPolicy): Record<Weekday, TimeRange[]> {
  return Object.fromEntries(weekdays.map((day) => [day, effectiveRanges(policy, day).map((r) => ({ start: clockOf(r.start), end: clockOf(r.end) }))])) as Record<Weekday, TimeRange[]>;
}

/** Each of `days` days' open hours from the local date whose day number is `firstDay` (see
 * local-time.ts), as they are: the weekday's ranges in force, overlaps merged, none on a holiday.
 * What a plan dials in, day by day: dialling stops between ranges (a lunch break). */
export function openRangesByDay(policy: CallingWindowPolicy, firstDay: number, days: number): TimeRange[][] {
  return openMinutesByDay(policy, firstDay, days).map((ranges) => ranges.map((r) => ({ start: clockOf(r.start), end: clockOf(r.end) })));
}

/** Hours the window is open on each of those days: the length of its ranges, breaks left out. */
export function openHoursByDay(policy: CallingWindowPolicy, firstDay: number, days: number): number[] {
  return openMinutesByDay(policy, firstDay, days).map((ranges) => ranges.reduce((open, r) => open + (r.end - r.start), 0) / 60);
}

function openMinutesByDay(policy: CallingWindowPolicy, firstDay: number, days: number): MinuteRange[][] {
  const holidays = new Set(policy.holidays ?? []);
  return Array.from({ length: days }, (_, k) => {
    const day = firstDay + k;
    return holidays.has(dateOfDayNumber(day)) ? [] : mergedRanges(effectiveRanges(policy, weekdayOf(day)));
  });
}

/** Ranges sorted, those that overlap or touch joined: a window typed 09:00-13:00 and 12:00-17:00 is one. */
export function mergedRanges(ranges: readonly MinuteRange[]): MinuteRange[] {
  const merged: MinuteRange[] = [];
  for (const range of [...ranges].filter((r) => r.start < r.end).sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/** Checks a policy and returns a list of problems (empty when valid), for API validation. */
export function validateCallingWindow(policy: CallingWindowPolicy): string[] {
  const problems: string[] = [];
  if (!callingRegimes.includes(policy.regime)) problems.push(`unknown regime "${String(policy.regime)}"`);
  for (const day of weekdays) {
    for (const range of policy.weekly?.[day] ?? []) {
      try {
        if (parseClock(range.start) >= parseClock(range.end)) problems.push(`${day}: ${range.start}-${range.end} ends before it starts`);
      } catch (error) {
        problems.push(`${day}: ${(error as Error).message}`);
      }
    }
  }
  for (const date of policy.holidays ?? []) {
    const [year, month, day] = /^\d{4}-\d{2}-\d{2}$/.test(date) ? date.split('-').map(Number) : [];
    if (year === undefined || month === undefined || day === undefined) problems.push(`holiday "${date}" is not YYYY-MM-DD`);
    // A date past its month's end (31 February) is another day's number: it would close nothing.
    else if (dateOfDayNumber(dayNumberOf(year, month, day)) !== date) problems.push(`holiday "${date}" is not a date in the calendar`);
  }
  return problems;
}

export type WindowStatus =
  | { open: true; closesAtMs: number }
  | { open: false; reason: 'holiday' | 'closed_day' | 'outside_hours'; opensAtMs: number | null };

/** Searching further than this for the next opening means the window never opens. */
const SEARCH_DAYS = 400;

/** Whether the window is open at `nowMs` for someone in `zone`, and until or from when. */
export function windowStatus(policy: CallingWindowPolicy, zone: string, nowMs: number): WindowStatus {
  const local = localTimeAt(nowMs, zone);
  const holidays = new Set(policy.holidays ?? []);
  if (!holidays.has(local.date)) {
    const range = effectiveRanges(policy, local.weekday).find((r) => r.start <= local.minuteOfDay && local.minuteOfDay < r.end);
    if (range) return { open: true, closesAtMs: closingOf(zone, local.dayNumber, range.end) };
  }
  const reason = holidays.has(local.date) ? 'holiday' : effectiveRanges(policy, local.weekday).length === 0 ? 'closed_day' : 'outside_hours';
  return { open: false, reason, opensAtMs: nextOpening(policy, zone, nowMs, holidays) };
}

/** The same, with a zone the platform does not know counted as closed and never opening:
 * nobody is dialled on a guess about their local time. */
export function safeWindowStatus(policy: CallingWindowPolicy, zone: string, nowMs: number): WindowStatus {
  try {
    return windowStatus(policy, zone, nowMs);
  } catch {
    return { open: false, reason: 'outside_hours', opensAtMs: null };
  }
}

/** End of the open range (a range ending 24:00 closes at the next local midnight). */
function closingOf(zone: string, dayNumber: number, endMinute: number): number {
  return utcOfLocal(dayNumber, endMinute, zone);
}

function nextOpening(policy: CallingWindowPolicy, zone: string, nowMs: number, holidays: Set<string>): number | null {
  const today = localTimeAt(nowMs, zone).dayNumber;
  for (let day = today; day <= today + SEARCH_DAYS; day++) {
    if (holidays.has(dateOfDayNumber(day))) continue;
    const weekday = weekdays[(((day + 3) % 7) + 7) % 7] as Weekday;
    const candidates = effectiveRanges(policy, weekday).flatMap((range) => occurrences(day, range.start, zone));
    const change = offsetChangeWithin(day, zone);
    // Clocks going back re-enter the hour before: a range left at the change may open again there.
    if (change !== null) candidates.push(change);
    // A start moved by DST may land outside the range; the check keeps only real openings.
    const opening = candidates.filter((at) => at > nowMs && isOpenAt(policy, zone, at, holidays)).sort((a, b) => a - b)[0];
    if (opening !== undefined) return opening;
  }
  return null;
}

/** Every moment a local time of a day happens: twice in the hour clocks go back over. */
function occurrences(day: number, minuteOfDay: number, zone: string): number[] {
  const first = utcOfLocal(day, minuteOfDay, zone);
  const wall = localTimeAt(first, zone);
  const again = [30, 60].map((minutes) => first + minutes * 60_000).find((at) => {
    const local = localTimeAt(at, zone);
    return local.dayNumber === wall.dayNumber && local.minuteOfDay === wall.minuteOfDay;
  });
  return again === undefined ? [first] : [first, again];
}

/** The moment the zone's offset changes during a local day, to the minute; null when it does not. */
function offsetChangeWithin(day: number, zone: string): number | null {
  let before = utcOfLocal(day, 0, zone);
  let after = utcOfLocal(day + 1, 0, zone) - 60_000;
  const offsetBefore = zoneOffsetMs(before, zone);
  if (zoneOffsetMs(after, zone) === offsetBefore) return null;
  while (after - before > 60_000) {
    const mid = before + Math.floor((after - before) / 120_000) * 60_000;
    if (zoneOffsetMs(mid, zone) === offsetBefore) before = mid;
    else after = mid;
  }
  return after;
}

function isOpenAt(policy: CallingWindowPolicy, zone: string, utcMs: number, holidays: Set<string>): boolean {
  const local = localTimeAt(utcMs, zone);
  if (holidays.has(local.date)) return false;
  return effectiveRanges(policy, local.weekday).some((r) => r.start <= local.minuteOfDay && local.minuteOfDay < r.end);
}
