// Wall-clock times in a named time zone without a date library: the offset of a zone at an
// instant comes from Intl, and a local time is turned into an instant by correcting once for the
// offset and once more across a DST change.

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

/** `YYYY-MM-DDTHH:MM` as a wall clock in `zone` -> the instant (a Date). */
export function zonedLocalToDate(local, zone) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number);
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  let instant = naive - zoneOffsetMs(zone, new Date(naive));
  instant = naive - zoneOffsetMs(zone, new Date(instant));
  return new Date(instant);
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
