// The US legal holidays on which some states forbid sales calls (jurisdiction-hours.ts), as
// dates of a year. A holiday on a Saturday is also kept on the Friday before and one on a Sunday
// on the Monday after, as offices observe them: the statutes say "legal holiday", and keeping
// both days cannot be wrong.

import { dateOfDayNumber, dayNumberOf, weekdays, weekdayOf, type Weekday } from './local-time.js';

export type HolidayName =
  | 'new_year' | 'mlk' | 'presidents' | 'mardi_gras' | 'good_friday' | 'confederate_memorial' | 'memorial' | 'jefferson_davis'
  | 'flag_day' | 'juneteenth' | 'independence' | 'pioneer_day' | 'victory_day' | 'labor' | 'columbus' | 'election_day'
  | 'veterans' | 'thanksgiving' | 'christmas';

/** The day number of the `nth` (1-based; -1 the last) `weekday` of a month. */
function nthWeekday(year: number, month: number, weekday: Weekday, nth: number): number {
  const target = weekdays.indexOf(weekday);
  if (nth > 0) {
    const first = dayNumberOf(year, month, 1);
    return first + ((target - weekdays.indexOf(weekdayOf(first)) + 7) % 7) + (nth - 1) * 7;
  }
  const last = dayNumberOf(year, month + 1, 1) - 1;
  return last - ((weekdays.indexOf(weekdayOf(last)) - target + 7) % 7);
}

/** Easter Sunday of a Gregorian year (the anonymous Gregorian computus). */
export function easterDay(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayNumberOf(year, month, day);
}

const rulesOfHolidays: Readonly<Record<HolidayName, (year: number) => number>> = {
  new_year: (y) => dayNumberOf(y, 1, 1),
  mlk: (y) => nthWeekday(y, 1, 'mon', 3),
  presidents: (y) => nthWeekday(y, 2, 'mon', 3),
  mardi_gras: (y) => easterDay(y) - 47,
  good_friday: (y) => easterDay(y) - 2,
  confederate_memorial: (y) => nthWeekday(y, 4, 'mon', 4),
  memorial: (y) => nthWeekday(y, 5, 'mon', -1),
  jefferson_davis: (y) => nthWeekday(y, 6, 'mon', 1),
  flag_day: (y) => dayNumberOf(y, 6, 14),
  juneteenth: (y) => dayNumberOf(y, 6, 19),
  independence: (y) => dayNumberOf(y, 7, 4),
  pioneer_day: (y) => dayNumberOf(y, 7, 24),
  victory_day: (y) => nthWeekday(y, 8, 'mon', 2),
  labor: (y) => nthWeekday(y, 9, 'mon', 1),
  columbus: (y) => nthWeekday(y, 10, 'mon', 2),
  // The Tuesday after the first Monday of November.
  election_day: (y) => nthWeekday(y, 11, 'mon', 1) + 1,
  veterans: (y) => dayNumberOf(y, 11, 11),
  thanksgiving: (y) => nthWeekday(y, 11, 'thu', 4),
  christmas: (y) => dayNumberOf(y, 12, 25),
};

/** The day itself and, for a weekend day, the weekday it is observed on. */
function withObserved(day: number): number[] {
  const weekday = weekdayOf(day);
  if (weekday === 'sat') return [day, day - 1];
  if (weekday === 'sun') return [day, day + 1];
  return [day];
}

/** The dates (YYYY-MM-DD) of these holidays in each of `years`, observed days included, sorted. */
export function holidayDates(names: readonly HolidayName[], years: readonly number[]): string[] {
  const days = years.flatMap((year) => names.flatMap((name) => withObserved(rulesOfHolidays[name](year))));
  return [...new Set(days)].sort((a, b) => a - b).map(dateOfDayNumber);
}
