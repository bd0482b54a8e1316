// Wall-clock times in a named time zone without a date library: the offset of a zone at an
// instant comes from Intl, and a local time is turned into an instant by trying the zone's offsets
// either side of it (a DST change may give it two instants, or none).

function partsIn(zone, date) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(date);
  const get = (type) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') };
}

/** Milliseconds the zone is ahead of UTC at `date`. */
export function zoneOffsetMs(zone, date) {
  const p = partsIn(zone, date);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

function parseLocal(local) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local ?? '');
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi);
}

/** The wall clock of `zone` at `ms`, as if it were UTC (minutes only). */
function wallMs(zone, ms) {
  const p = partsIn(zone, new Date(ms));
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
}

/** `YYYY-MM-DDTHH:MM` as a wall clock in `zone` -> the first instant at or after it (a Date), null
 * when not a local time. The hour the clocks repeat (01:30 on a fall-back night) is its first
 * occurrence; in the hour they skip, the end of the gap (see missingLocalTime to refuse it). */
export function zonedLocalToDate(local, zone) {
  const naive = parseLocal(local);
  if (naive === null) return null;
  // The zone's offsets a day either side cover any one change of the clocks near the time.
  const offsets = [zoneOffsetMs(zone, new Date(naive - 24 * HOUR_MS)), zoneOffsetMs(zone, new Date(naive + 24 * HOUR_MS))];
  const exact = offsets.map((offset) => naive - offset).filter((ms) => wallMs(zone, ms) === naive);
  if (exact.length > 0) return new Date(Math.min(...exact));
  return new Date(gapEnd(zone, naive, naive - Math.max(...offsets), naive - Math.min(...offsets)));
}

/** The first minute in (`before`, `after`] whose wall clock has reached `naive`. */
function gapEnd(zone, naive, before, after) {
  let lo = before;
  let hi = after;
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (wallMs(zone, mid) >= naive) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** For a wall clock time the clocks of `zone` skip (02:30 on a spring-forward night): the first
 * time after the gap, `YYYY-MM-DDTHH:MM`; null for a time that exists (or is not a local time). */
export function missingLocalTime(local, zone) {
  const at = zonedLocalToDate(local, zone);
  if (at === null) return null;
  const found = dateToZonedLocal(at, zone);
  return found === local ? null : found;
}

/** The instant as `YYYY-MM-DDTHH:MM` on the wall clock of `zone` (for datetime-local inputs). */
export function dateToZonedLocal(date, zone) {
  const p = partsIn(zone, date);
  const two = (n) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/** True when the zone name is one this browser knows. */
export function isKnownZone(zone) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
