// How long a list takes when its retries must wait: the dials flow through the list as a fluid,
// day by day. Dialling happens while the calling window is open: in each day's ranges as they are
// (`dialRangesByDay`, else `dialRanges`; none between them, as over a lunch break), or, when only
// hours are given, in one block from the day's start; that day's hours from `dialHoursByDay`
// (weekdays and holidays of the campaign's calendar), else `dialHoursPerDay`. In them the team
// makes the dials its rate allows, oldest due first (as lead selection takes them: a lead loaded
// with the list is due before any retry). A dial ends its lead when a person answers or the
// number is invalid; otherwise the lead comes back after the campaign's
// wait for that outcome, and after its last dial of the day (the dials-a-day cap) not before the
// next day's window, until it has had its dials. Some leads may be held to fewer dials a day than
// the rest (a state's cap, such as Florida's three: `capGroups`); each group keeps its own count.
// A campaign under way is planned from now (its start minute), its leads waiting for a retry
// joining the queue when it falls due. A large list keeps the team busy and finishes
// with a tail of retries; a small one is dialled in minutes and then waits on its retries, which
// no team size shortens.

import { mergedRanges, type MinuteRange } from '../../core/compliance/calling-window.js';
import type { PlanRetryMinutes } from './plan-campaign.js';
import { planDefaults } from './plan-defaults.js';

/** Shares of dials by outcome (summing to one). */
export interface DialOutcomeMix {
  live: number;
  machine: number;
  busy: number;
  congestion: number;
  invalid: number;
  noAnswer: number;
}

export interface ListScheduleInput {
  leads: number;
  attemptsPerLead: number;
  mix: DialOutcomeMix;
  retryMinutes: PlanRetryMinutes;
  dialsPerHour: number;
  /** Hours a day the calling window is open; 24 when not given. */
  dialHoursPerDay?: number;
  /** Hours the window is open on each day from the first dial's; days past the list have
   * `dialHoursPerDay`. */
  dialHoursByDay?: readonly number[];
  /** When the window is open (minutes from midnight) every day past `dialRangesByDay`: nothing is
   * dialled between ranges. A day's hours are at most its ranges' length; fewer (hours its leads
   * cannot fill) are spread evenly over them. Not given: the day's hours in one block from its start. */
  dialRanges?: readonly MinuteRange[];
  /** The same for each day from the first dial's. */
  dialRangesByDay?: readonly (readonly MinuteRange[])[];
  /** Dials a lead may get in a day; no cap when not given. */
  attemptsPerDay?: number;
  /** Shares of the leads held to a lower cap a day than `attemptsPerDay` (each its own). */
  capGroups?: readonly CapGroup[];
  /** The minute of the first day the list starts at (now, for a campaign under way): nothing is
   * dialled before it, and the day's hours are what is left of them. 0 when not given. */
  startMinute?: number;
  /** Leads of the list not due until some minutes after the start (waiting for a retry): each
   * enters the queue then, not at the start. */
  dueLater?: readonly DueLater[];
}

/** Leads due some minutes after the list's start. */
export interface DueLater {
  afterMinutes: number;
  leads: number;
}

/** A share of the list's leads and the dials a day each of them may get. */
export interface CapGroup {
  share: number;
  attemptsPerDay: number;
}

export interface ListSchedule {
  /** Hours of dialling (inside the window) from the first dial to the last one the list needs. */
  hours: number;
  /** Of those, the hours' worth of the team's dialling that found nothing due: waiting on retries. */
  waitingHours: number;
  /** Calendar days from the first dial to the last. */
  days: number;
  /** When the last dial is made: the day (0 is the first day's) and minutes from its midnight. */
  lastDial: { day: number; minute: number };
  /** Hours the window is open a day, on average over the days from the first dial's to the last's. */
  openHoursPerDay: number;
}

/** About this many steps at most: a long list takes coarser steps, where minutes of waiting do not show. */
const MAX_STEPS = 20_000;
/** Step lengths that divide a day, so that every day starts on a step. */
const STEP_MINUTES = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 30, 60, 120, 240, 480, 1_440];
const DAY_MINUTES = 1_440;
/** Work left under this many leads' dials is the fluid's tail, not a lead. */
const DONE_BELOW = 0.5;

/** Leads of a cap group due from one day on, by dials had (`attempts * cap + dials today`). */
interface Cohort {
  day: number;
  group: number;
  counts: Float64Array;
}

/** The leads' groups by cap a day: the capped groups, then the rest under the list's cap. */
function groupsOf(input: ListScheduleInput): { share: number; cap: number }[] {
  const maxAttempts = input.attemptsPerLead;
  const capOf = (perDay: number | undefined): number => Math.max(1, Math.min(maxAttempts, perDay ?? maxAttempts));
  const capped = (input.capGroups ?? []).filter((g) => g.share > 0).map((g) => ({ share: g.share, cap: capOf(Math.min(g.attemptsPerDay, input.attemptsPerDay ?? g.attemptsPerDay)) }));
  const rest = Math.max(0, 1 - capped.reduce((sum, g) => sum + g.share, 0));
  return [...capped, { share: rest, cap: capOf(input.attemptsPerDay) }].filter((g) => g.share > 0);
}

/** A day of the window: when it is open, the hours dialled in that time, and the share of each
 * open minute they fill (one unless the hours are fewer than the ranges hold). */
interface DayWindow {
  ranges: MinuteRange[];
  hours: number;
  pace: number;
}

const never = (): ListSchedule => ({
  hours: Number.POSITIVE_INFINITY, waitingHours: 0, days: Number.POSITIVE_INFINITY,
  lastDial: { day: Number.POSITIVE_INFINITY, minute: 0 }, openHoursPerDay: 0,
});

/** A day's window from minute `from` of it on (the list's start, on its first day): its ranges
 * cut there, and its hours at most what is left of them. */
function dayWindowOf(input: ListScheduleInput, day: number, from = 0): DayWindow {
  const wanted = Math.min(24, Math.max(0, input.dialHoursByDay?.[day] ?? input.dialHoursPerDay ?? planDefaults.dialHoursPerDay));
  const given = input.dialRangesByDay?.[day] ?? input.dialRanges;
  const ranges = mergedRanges(given
    ? given.map((r) => ({ start: Math.max(from, r.start), end: Math.min(DAY_MINUTES, r.end) })).filter((r) => r.end > r.start)
    : [{ start: from, end: Math.min(DAY_MINUTES, from + wanted * 60) }]);
  const length = ranges.reduce((sum, r) => sum + (r.end - r.start), 0);
  // What is left of a day of ranges is dialled at the whole day's pace.
  if (given && from > 0) {
    const { pace } = dayWindowOf(input, day);
    return { ranges, hours: (length * pace) / 60, pace };
  }
  const hours = Math.min(wanted, length / 60);
  return { ranges, hours, pace: length > 0 ? (hours * 60) / length : 0 };
}

/** Each day's window, the same for every day past the calendar given; the first from `startMinute` on. */
function calendarOf(input: ListScheduleInput, startMinute = 0): (day: number) => DayWindow {
  const calendarDays = Math.max(input.dialHoursByDay?.length ?? 0, input.dialRangesByDay?.length ?? 0);
  const known = new Map<number, DayWindow>();
  const first = startMinute > 0 ? dayWindowOf(input, 0, startMinute) : null;
  return (day) => {
    if (day === 0 && first) return first;
    const key = Math.min(day, calendarDays);
    let window = known.get(key);
    if (!window) {
      window = dayWindowOf(input, key);
      known.set(key, window);
    }
    return window;
  };
}

/** Minutes the ranges are open between `from` and `to`. */
function openWithin(ranges: readonly MinuteRange[], from: number, to: number): number {
  return ranges.reduce((sum, r) => sum + Math.max(0, Math.min(to, r.end) - Math.max(from, r.start)), 0);
}

/** The minute of the day by which the ranges have been open `minutes` since `from`. */
function minuteOpenFor(ranges: readonly MinuteRange[], from: number, minutes: number): number {
  let left = minutes;
  for (const r of ranges) {
    const start = Math.max(from, r.start);
    if (r.end <= start) continue;
    if (r.end - start >= left) return start + left;
    left -= r.end - start;
  }
  return ranges[ranges.length - 1]?.end ?? from;
}

export function listSchedule(input: ListScheduleInput): ListSchedule {
  const { mix, attemptsPerLead: maxAttempts } = input;
  if (!(input.dialsPerHour > 0)) return never();
  const start = Math.min(DAY_MINUTES - 1, Math.max(0, input.startMinute ?? 0));
  const windowOf = calendarOf(input, start);
  // Past the calendar given every day is alike: closed, the list would never end.
  const openHours = windowOf(Number.MAX_SAFE_INTEGER).hours;
  if (!(openHours > 0)) return never();
  const groups = groupsOf(input);
  const ends = mix.live + mix.invalid;
  const dialsNeeded = input.leads * (1 - (1 - ends) ** maxAttempts) / Math.max(ends, 1e-9);
  const dueLater = (input.dueLater ?? []).filter((due) => due.leads > 0);
  const lastDue = dueLater.reduce((latest, due) => Math.max(latest, due.afterMinutes), 0);
  const wallMinutes = start + lastDue + (dialsNeeded / input.dialsPerHour) * 60 * (24 / openHours);
  const stepMinutes = STEP_MINUTES.find((m) => wallMinutes / m <= MAX_STEPS) ?? DAY_MINUTES;
  const daySteps = DAY_MINUTES / stepMinutes;
  // Minutes of dialling in each step of a day: its open minutes at the day's pace.
  const stepsOpen = new Map<DayWindow, number[]>();
  const openMinutesOf = (window: DayWindow): number[] => {
    const known = stepsOpen.get(window);
    if (known) return known;
    const minutes = Array.from({ length: daySteps }, (_, k) => openWithin(window.ranges, k * stepMinutes, (k + 1) * stepMinutes) * window.pace);
    stepsOpen.set(window, minutes);
    return minutes;
  };
  /** Minutes from the first day's midnight at which `share` of a step's dialling is done. */
  const wallMinute = (step: number, share: number): number => {
    const day = Math.floor(step / daySteps);
    const from = (step % daySteps) * stepMinutes;
    const { ranges } = windowOf(day);
    return day * DAY_MINUTES + minuteOpenFor(ranges, from, share * openWithin(ranges, from, from + stepMinutes));
  };
  const waits = [
    { share: mix.busy, minutes: input.retryMinutes.busyRetryMinutes },
    { share: mix.noAnswer, minutes: input.retryMinutes.noAnswerRetryMinutes },
    { share: mix.machine, minutes: input.retryMinutes.machineRetryMinutes },
    { share: mix.congestion, minutes: input.retryMinutes.congestionRetryMinutes },
  ].filter((w) => w.share > 0).map((w) => ({ share: w.share, steps: Math.max(1, Math.ceil(w.minutes / stepMinutes)) }));
  const sizes = groups.map((g) => maxAttempts * g.cap);

  // The list itself is due on day 0; each step's retries join the queue in the order they fall due.
  const queue: Cohort[] = groups.map((g, group) => {
    const counts = new Float64Array(sizes[group] ?? 0);
    counts[0] = Math.max(0, input.leads - dueLater.reduce((sum, due) => sum + due.leads, 0)) * g.share;
    return { day: 0, group, counts };
  });
  const later = new Map<number, Map<number, Float64Array>>();
  const schedule = (at: number, group: number, index: number, amount: number): void => {
    const buckets = later.get(at) ?? new Map<number, Float64Array>();
    const bucket = buckets.get(group) ?? new Float64Array(sizes[group] ?? 0);
    bucket[index] = (bucket[index] ?? 0) + amount;
    buckets.set(group, bucket);
    later.set(at, buckets);
  };
  // Leads waiting for a retry join the queue when it falls due, as a retry of the list's own does.
  const startStep = Math.floor(start / stepMinutes);
  for (const due of dueLater) {
    const at = Math.floor((start + Math.max(0, due.afterMinutes)) / stepMinutes);
    groups.forEach((g, group) => schedule(at, group, 0, due.leads * g.share));
  }
  let left = input.leads;
  let openElapsed = 0;
  let unused = 0;
  let firstStep = -1;
  let last = { step: 0, open: 0, share: 0, minutes: 0 };
  for (let step = startStep; left >= DONE_BELOW; step++) {
    const day = Math.floor(step / daySteps);
    const arriving = later.get(step);
    if (arriving) {
      for (const [group, counts] of arriving) queue.push({ day, group, counts });
      later.delete(step);
    }
    const open = openMinutesOf(windowOf(day))[step % daySteps] ?? 0;
    if (open <= 0) continue; // the window is closed: nothing is dialled, no time counted
    const capacity = (input.dialsPerHour * open) / 60;
    let budget = capacity;
    while (budget > 1e-9 && queue.length > 0) {
      const cohort = queue[0] as Cohort;
      const cap = groups[cohort.group]?.cap ?? 1;
      for (let index = 0; index < cohort.counts.length && budget > 1e-9; index++) {
        const due = cohort.counts[index] ?? 0;
        if (due <= 0) continue;
        const dialled = Math.min(due, budget);
        cohort.counts[index] = due - dialled;
        budget -= dialled;
        left -= dialled * ends;
        const attempts = Math.floor(index / cap) + 1;
        if (attempts >= maxAttempts) {
          left -= dialled * (1 - ends); // out of dials
          continue;
        }
        // Dials counted today: a cohort queued on an earlier day starts the day afresh.
        const today = (cohort.day === day ? index % cap : 0) + 1;
        const nextDay = (day + 1) * daySteps;
        for (const wait of waits) {
          const at = today >= cap ? Math.max(step + wait.steps, nextDay) : step + wait.steps;
          const todayThen = at >= nextDay ? 0 : today;
          schedule(at, cohort.group, attempts * cap + todayThen, dialled * wait.share);
        }
      }
      if (cohort.counts.every((x) => x <= 1e-9)) queue.shift();
    }
    const used = (capacity - budget) / capacity;
    if (used > 1e-9) last = { step, open: openElapsed, share: used, minutes: open };
    if (used > 1e-9 && firstStep < 0) firstStep = step;
    unused += (1 - used) * open;
    openElapsed += open;
  }
  // The loop ends on the step whose dials leave less than half a lead: its unused part is after the end.
  const firstDial = wallMinute(Math.max(0, firstStep), 0);
  const lastDial = wallMinute(last.step, last.share);
  return {
    hours: (last.open + last.share * last.minutes) / 60,
    waitingHours: Math.max(0, (unused - (1 - last.share) * last.minutes) / 60),
    days: (lastDial - firstDial) / DAY_MINUTES,
    lastDial: { day: Math.floor(last.step / daySteps), minute: lastDial - Math.floor(last.step / daySteps) * DAY_MINUTES },
    // The days' whole hours, the first day's too: how long the window is open a day, not what was left of it.
    openHoursPerDay: meanOpenHours(start > 0 ? calendarOf(input) : windowOf, Math.floor(firstDial / DAY_MINUTES), Math.floor(last.step / daySteps)),
  };
}

/** Open hours a day, on average from one day to another (both counted). */
function meanOpenHours(windowOf: (day: number) => DayWindow, from: number, to: number): number {
  let total = 0;
  for (let day = from; day <= to; day++) total += windowOf(day).hours;
  return total / (to - from + 1);
}
