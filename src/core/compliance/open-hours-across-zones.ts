// The hours, day by day on the campaign's clock, when the calling window is open for a lead in at
// least one of the time zones its lists hold. Each lead is called in its own local hours, so a
// list that spans zones is dialled for longer than any one zone's window: a US list called from
// 9:00 to 21:00 local is dialled from 9:00 Eastern to 21:00 Pacific, 15 hours of the campaign's
// day. What a plan dials in when the list spans zones (see openHoursByDay for one zone).

import { effectiveRanges, openHoursByDay, type CallingWindowPolicy } from './calling-window.js';
import { dateOfDayNumber, utcOfLocal, weekdayOf } from './local-time.js';

interface Span {
  from: number;
  to: number;
}

const HOUR_MS = 3_600_000;

/** `days` days from `firstDay` of `clockZone`'s calendar (day numbers, see local-time.ts). */
export function openHoursByDayAcrossZones(
  policy: CallingWindowPolicy, clockZone: string, zones: readonly string[], firstDay: number, days: number,
): number[] {
  if (zones.length === 0) return openHoursByDay(policy, firstDay, days);
  const holidays = new Set(policy.holidays ?? []);
  // Each local day of a zone is met three times over neighbouring days: its spans are worked out once.
  const spansOf = new Map<string, Span[]>();
  const localSpans = (zone: string, localDay: number): Span[] => {
    const key = `${zone} ${localDay}`;
    let spans = spansOf.get(key);
    if (!spans) {
      spans = holidays.has(dateOfDayNumber(localDay)) ? [] : effectiveRanges(policy, weekdayOf(localDay))
        .map((range) => ({ from: utcOfLocal(localDay, range.start, zone), to: utcOfLocal(localDay, range.end, zone) }));
      spansOf.set(key, spans);
    }
    return spans;
  };
  return Array.from({ length: days }, (_, k) => {
    const day = firstDay + k;
    const dayStart = utcOfLocal(day, 0, clockZone);
    const dayEnd = utcOfLocal(day + 1, 0, clockZone);
    const spans: Span[] = [];
    for (const zone of zones) {
      // The lead's local days that can overlap the campaign's day, whatever the offsets.
      for (const localDay of [day - 1, day, day + 1]) {
        for (const span of localSpans(zone, localDay)) {
          const from = Math.max(dayStart, span.from);
          const to = Math.min(dayEnd, span.to);
          if (from < to) spans.push({ from, to });
        }
      }
    }
    return unionLength(spans) / HOUR_MS;
  });
}

function unionLength(spans: Span[]): number {
  let total = 0;
  let end = -Infinity;
  for (const span of [...spans].sort((a, b) => a.from - b.from)) {
    if (span.to <= end) continue;
    total += span.to - Math.max(span.from, end);
    end = span.to;
  }
  return total;
}
