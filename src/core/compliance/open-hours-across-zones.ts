// The hours, day by day on the campaign's clock, when the calling window is open for a lead in at
// least one of the time zones its lists hold. Each lead is called in its own local hours, so a
// list that spans zones is dialled for longer than any one zone's window: a US list called from
// 9:00 to 21:00 local is dialled from 9:00 Eastern to 21:00 Pacific, 15 hours of the campaign's
// day. What a plan dials in when the list spans zones (see openHoursByDay for one zone), less the
// hours its leads cannot fill (see workableShareOfOpenHours).

import { clockOf, effectiveRanges, openHoursByDay, openRangesByDay, type CallingWindowPolicy, type TimeRange } from './calling-window.js';
import { dateOfDayNumber, localTimeAt, utcOfLocal, weekdayOf } from './local-time.js';

interface Span {
  from: number;
  to: number;
}

/** Leads left to dial whose local time is one zone's. */
export interface ZoneLeads {
  zone: string;
  leads: number;
}

const HOUR_MS = 3_600_000;
const WEEK_DAYS = 7;
/** Zone groups up to this many are weighed in every combination; beyond, in runs east to west. */
const EXACT_GROUPS = 12;

/** Each zone's open spans within a campaign day, worked out once per zone and local day. */
function spansWithinDay(policy: CallingWindowPolicy, clockZone: string): (zone: string, day: number) => Span[] {
  const holidays = new Set(policy.holidays ?? []);
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
  return (zone, day) => {
    const dayStart = utcOfLocal(day, 0, clockZone);
    const dayEnd = utcOfLocal(day + 1, 0, clockZone);
    const within: Span[] = [];
    // The lead's local days that can overlap the campaign's day, whatever the offsets: zones on
    // either side of the date line may be 25 hours apart (Kiritimati and Pago Pago).
    for (const localDay of [day - 2, day - 1, day, day + 1, day + 2]) {
      for (const span of localSpans(zone, localDay)) {
        const from = Math.max(dayStart, span.from);
        const to = Math.min(dayEnd, span.to);
        if (from < to) within.push({ from, to });
      }
    }
    return within;
  };
}

/** `days` days from `firstDay` of `clockZone`'s calendar (day numbers, see local-time.ts). */
export function openHoursByDayAcrossZones(
  policy: CallingWindowPolicy, clockZone: string, zones: readonly string[], firstDay: number, days: number,
): number[] {
  if (zones.length === 0) return openHoursByDay(policy, firstDay, days);
  const spansOf = spansWithinDay(policy, clockZone);
  return Array.from({ length: days }, (_, k) => unionLength(zones.flatMap((zone) => spansOf(zone, firstDay + k))) / HOUR_MS);
}

/** The same days' open ranges on `clockZone`'s clock, as they are: a break the window keeps in
 * every zone stays closed, and one zone's break is open where another zone is. */
export function openRangesByDayAcrossZones(
  policy: CallingWindowPolicy, clockZone: string, zones: readonly string[], firstDay: number, days: number,
): TimeRange[][] {
  if (zones.length === 0) return openRangesByDay(policy, firstDay, days);
  const spansOf = spansWithinDay(policy, clockZone);
  return Array.from({ length: days }, (_, k) => {
    const day = firstDay + k;
    return union(zones.flatMap((zone) => spansOf(zone, day))).map((span) => ({ start: clockOn(span.from, day, clockZone), end: clockOn(span.to, day, clockZone) }));
  });
}

/** 'HH:MM' on the clock of `zone` at `utcMs` within its day `day`; its next midnight is 24:00. */
function clockOn(utcMs: number, day: number, zone: string): string {
  const local = localTimeAt(utcMs, zone);
  return clockOf(local.dayNumber > day ? 1_440 : local.minuteOfDay);
}

/**
 * The share of the open hours across zones a team can keep dialling, given how the leads left
 * spread over the zones. The hours when only some zones are open can be spent only on their
 * leads: a list with a twentieth of its leads in California runs out of them in the evenings
 * long before the New York leads are done, and its last days are dialled in New York's hours
 * alone. A team dialling at a steady rate finishes the leads of a set of zones no sooner than
 * their share of the list allows in the hours when one of them is open, so over a week the
 * list as a whole is dialled in the least, over every set of zones, of those hours divided by
 * that share; with every zone in the set it is all the open hours. A typical week from
 * `firstDay`, holidays aside, stands for every week.
 */
export function workableShareOfOpenHours(policy: CallingWindowPolicy, clockZone: string, zones: readonly ZoneLeads[], firstDay: number): number {
  const total = zones.reduce((sum, zone) => sum + Math.max(0, zone.leads), 0);
  if (total <= 0) return 1;
  const spansOf = spansWithinDay({ ...policy, holidays: [] }, clockZone);
  const days = Array.from({ length: WEEK_DAYS }, (_, k) => firstDay + k);
  const weekHours = (members: readonly ZoneGroup[]): number =>
    days.reduce((sum, _, k) => sum + unionLength(members.flatMap((group) => group.spans[k] ?? [])), 0);
  // Leads of a zone the window never opens for are never dialled: there is nothing to weigh.
  const groups = zoneGroups(zones, (zone) => days.map((day) => spansOf(zone, day)), total).filter((group) => weekHours([group]) > 0);
  const open = weekHours(groups);
  if (open <= 0) return 1;
  let workable = open;
  for (const members of candidateSets(groups)) {
    const share = members.reduce((sum, group) => sum + group.share, 0);
    workable = Math.min(workable, weekHours(members) / share);
  }
  return workable / open;
}

/** Zones whose week of spans is the same, with their share of the leads: they count as one. */
interface ZoneGroup {
  spans: Span[][];
  share: number;
}

function zoneGroups(zones: readonly ZoneLeads[], weekOf: (zone: string) => Span[][], total: number): ZoneGroup[] {
  const byWeek = new Map<string, ZoneGroup>();
  for (const { zone, leads } of zones) {
    if (leads <= 0) continue;
    const spans = weekOf(zone);
    const key = JSON.stringify(spans);
    const group = byWeek.get(key) ?? { spans, share: 0 };
    group.share += leads / total;
    byWeek.set(key, group);
  }
  return [...byWeek.values()];
}

/** Every set of groups when they are few; otherwise the runs of groups ordered by when they open. */
function candidateSets(groups: readonly ZoneGroup[]): ZoneGroup[][] {
  if (groups.length <= EXACT_GROUPS) {
    return Array.from({ length: 2 ** groups.length - 1 }, (_, mask) => groups.filter((_, i) => ((mask + 1) >> i) & 1));
  }
  const opens = (group: ZoneGroup): number => Math.min(...group.spans.flat().map((span) => span.from));
  const ordered = [...groups].sort((a, b) => opens(a) - opens(b));
  const runs: ZoneGroup[][] = [];
  for (let from = 0; from < ordered.length; from++) {
    for (let to = from + 1; to <= ordered.length; to++) runs.push(ordered.slice(from, to));
  }
  return runs;
}

function unionLength(spans: readonly Span[]): number {
  return union(spans).reduce((total, span) => total + (span.to - span.from), 0);
}

/** Spans sorted, those that overlap or touch joined. */
function union(spans: readonly Span[]): Span[] {
  const joined: Span[] = [];
  for (const span of [...spans].sort((a, b) => a.from - b.from)) {
    const last = joined[joined.length - 1];
    if (last && span.from <= last.to) last.to = Math.max(last.to, span.to);
    else joined.push({ ...span });
  }
  return joined;
}
