// Wall-clock time in an IANA zone, from and to UTC milliseconds, with the platform's Intl data.
// The core may not read the clock or use Date; Intl.DateTimeFormat formats a given instant, and
// civil dates are turned into day numbers by arithmetic, so DST rules come from Intl alone.

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const weekdays: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface LocalTime {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  weekday: Weekday;
  /** Minutes since local midnight, 0..1439. */
  minuteOfDay: number;
  /** Day number of the local date (days since 1970-01-01). */
  dayNumber: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** True when the platform knows the zone (e.g. 'America/Chicago'); 'UTC' is valid. */
export function isValidTimeZone(zone: string): boolean {
  if (zone.length === 0) return false;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** A zone named by its region (Area/Location, or UTC): the platform also takes names such as
 * "AST", "NST", "BST" or "IST" as zones, but for regions far from the ones a list means (Anchorage,
 * Auckland, Dhaka, Kolkata), or "GMT" with no British summer time. */
export function isRegionalTimeZone(zone: string): boolean {
  return (zone.includes('/') || zone === 'UTC') && isValidTimeZone(zone);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1..12). */
export function dayNumberOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** YYYY-MM-DD of a day number. */
export function dateOfDayNumber(dayNumber: number): string {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function weekdayOf(dayNumber: number): Weekday {
  // 1970-01-01 was a Thursday (index 3 in weekdays).
  return weekdays[(((dayNumber + 3) % 7) + 7) % 7] as Weekday;
}

/** Local wall-clock time of an instant in a zone. Throws RangeError for an unknown zone. */
export function localTimeAt(utcMs: number, zone: string): LocalTime {
  const parts = formatterFor(zone).formatToParts(utcMs);
  const value = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 'NaN');
  const dayNumber = dayNumberOf(value('year'), value('month'), value('day'));
  return { date: dateOfDayNumber(dayNumber), weekday: weekdayOf(dayNumber), minuteOfDay: value('hour') * 60 + value('minute'), dayNumber };
}

/** Offset of the zone from UTC at an instant, in ms (wall clock minus UTC), to the minute. */
export function zoneOffsetMs(utcMs: number, zone: string): number {
  const local = localTimeAt(utcMs, zone);
  const wallMs = local.dayNumber * DAY_MS + local.minuteOfDay * MINUTE_MS;
  const truncated = Math.floor(utcMs / MINUTE_MS) * MINUTE_MS;
  return wallMs - truncated;
}

/**
 * The first instant whose local wall time is at or after the given local date and minute.
 * Inside a DST gap (02:30 on a spring-forward night) that is the end of the gap.
 */
export function utcOfLocal(dayNumber: number, minuteOfDay: number, zone: string): number {
  const wallMs = dayNumber * DAY_MS + minuteOfDay * MINUTE_MS;
  // Two refinements settle the offset except across a transition, handled by the check below.
  let guess = wallMs - zoneOffsetMs(wallMs, zone);
  guess = wallMs - zoneOffsetMs(guess, zone);
  const earlier = wallMs - zoneOffsetMs(guess - 3 * 3_600_000, zone);
  const candidates = [earlier, guess].filter((c) => localWallMs(c, zone) >= wallMs);
  const found = candidates.length > 0 ? Math.min(...candidates) : guess + 3_600_000;
  // Past the wall time asked for: it falls in a gap, and the offset arithmetic lands the gap's
  // length beyond its end; the end is the first minute whose wall time reaches it.
  return localWallMs(found, zone) > wallMs ? firstMinuteReaching(wallMs, zone, found - 3 * 3_600_000, found) : found;
}

/** The first minute in (`before`, `atOrAfter`] whose local wall time is `wallMs` or later. */
function firstMinuteReaching(wallMs: number, zone: string, before: number, atOrAfter: number): number {
  let lo = before;
  let hi = atOrAfter;
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (localWallMs(mid, zone) >= wallMs) hi = mid;
    else lo = mid;
  }
  return hi;
}

function localWallMs(utcMs: number, zone: string): number {
  const local = localTimeAt(utcMs, zone);
  return local.dayNumber * DAY_MS + local.minuteOfDay * MINUTE_MS;
}
