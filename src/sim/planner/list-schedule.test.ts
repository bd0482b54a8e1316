import { describe, expect, it } from 'vitest';
import { listSchedule, type ListScheduleInput } from './list-schedule.js';

const mix = { live: 0.2, machine: 0.25, busy: 0.05, congestion: 0.02, invalid: 0.05, noAnswer: 0.43 };
const retryMinutes = { busyRetryMinutes: 15, noAnswerRetryMinutes: 60, machineRetryMinutes: 120, congestionRetryMinutes: 10 };
const base: ListScheduleInput = { leads: 500, attemptsPerLead: 6, mix, retryMinutes, dialsPerHour: 1_000 };
/** A dial ends its lead on a live answer or an invalid number (25% here). */
const dialsNeeded = (leads: number, attempts: number): number => (leads * (1 - 0.75 ** attempts)) / 0.25;

describe('list schedule', () => {
  it('is the dials over the rate when no lead is dialled twice', () => {
    const once = listSchedule({ ...base, attemptsPerLead: 1 });
    expect(once.hours).toBeCloseTo(500 / 1_000, 9);
    expect(once.waitingHours).toBeCloseTo(0, 9);
  });

  it('keeps a large list busy to its end: the hours are its dials over the rate', () => {
    const large = listSchedule({ ...base, leads: 50_000, dialsPerHour: 2_000 });
    expect(large.hours).toBeCloseTo(dialsNeeded(50_000, 6) / 2_000, 1);
    expect(large.waitingHours).toBeLessThan(0.05);
  });

  it('makes a small list wait on its retries, which a bigger team does not shorten', () => {
    const small = listSchedule(base);
    const dialling = dialsNeeded(500, 6) / 1_000;
    // Five waits of an hour or two between a lead's six dials, for the leads that need them all.
    expect(small.hours).toBeGreaterThan(5);
    expect(small.waitingHours).toBeCloseTo(small.hours - dialling, 2);
    const tenfold = listSchedule({ ...base, dialsPerHour: 10_000 });
    expect(tenfold.hours).toBeGreaterThan(small.hours - 0.5);
    expect(tenfold.hours).toBeLessThanOrEqual(small.hours);
  });

  it('follows the waits the campaign sets', () => {
    const longer = listSchedule({ ...base, retryMinutes: { ...retryMinutes, noAnswerRetryMinutes: 240 } });
    expect(longer.hours).toBeGreaterThan(listSchedule(base).hours + 5);
    const none = listSchedule({ ...base, retryMinutes: { busyRetryMinutes: 0, noAnswerRetryMinutes: 0, machineRetryMinutes: 0, congestionRetryMinutes: 0 } });
    // Retries due the next minute: the team is hardly ever idle.
    expect(none.hours).toBeLessThan(dialsNeeded(500, 6) / 1_000 + 0.2);
  });

  it('counts dialling hours inside the window and calendar days around it', () => {
    const large = { ...base, leads: 50_000, dialsPerHour: 2_000 };
    const allDay = listSchedule(large);
    const halfDay = listSchedule({ ...large, dialHoursPerDay: 12 });
    expect(halfDay.hours).toBeCloseTo(allDay.hours, 6);
    // 82 hours of dialling: six full 12-hour days and most of a seventh, against three and a half.
    expect(allDay.days).toBeCloseTo(allDay.hours / 24, 6);
    expect(Math.floor(halfDay.days)).toBe(Math.floor(halfDay.hours / 12));
  });

  it("makes a lead that has had the day's dials wait for the next day's window", () => {
    const free = listSchedule({ ...base, dialHoursPerDay: 12 });
    const capped = listSchedule({ ...base, dialHoursPerDay: 12, attemptsPerDay: 3 });
    expect(free.days).toBeLessThan(1);
    // Six dials, three a day: the rest of the first day's window goes by, then the next day's dials.
    expect(capped.days).toBeGreaterThan(1);
    expect(capped.hours).toBeGreaterThan(12);
    expect(capped.hours - free.hours).toBeCloseTo(capped.waitingHours - free.waitingHours, 2);
    // A cap above the dials a lead gets changes nothing.
    expect(listSchedule({ ...base, dialHoursPerDay: 12, attemptsPerDay: 6 })).toEqual(free);
  });

  it('dials each day for that day\'s hours: closed weekends and holidays add days, not hours', () => {
    const large = { ...base, leads: 50_000, dialsPerHour: 2_000, dialHoursPerDay: 12 };
    const everyDay = listSchedule(large);
    // Monday to Friday open, the weekend closed, then a holiday on the second Monday.
    const week = [12, 12, 12, 12, 12, 0, 0, 0, 12, 12, 12, 12, 0, 0];
    const calendar = listSchedule({ ...large, dialHoursByDay: week });
    expect(calendar.hours).toBeCloseTo(everyDay.hours, 6);
    // About 82 hours of dialling: seven 12-hour days from Monday, with three closed days among the first ten.
    expect(Math.floor(everyDay.days)).toBe(6);
    expect(Math.floor(calendar.days)).toBe(9);
    // Short days take longer than long ones for the same dialling.
    const shortDays = listSchedule({ ...large, dialHoursByDay: Array.from({ length: 30 }, () => 6) });
    expect(shortDays.hours).toBeCloseTo(everyDay.hours, 6);
    expect(shortDays.days).toBeGreaterThan(2 * everyDay.days - 1);
  });

  it("dials in each day's ranges as they are: a lunch break is closed, its hour neither dialled nor counted", () => {
    const large = { ...base, leads: 50_000, dialsPerHour: 2_000 };
    const lunch = listSchedule({ ...large, dialRanges: [{ start: 9 * 60, end: 12 * 60 }, { start: 13 * 60, end: 17 * 60 }] });
    const straight = listSchedule({ ...large, dialRanges: [{ start: 9 * 60, end: 17 * 60 }] });
    expect(lunch.openHoursPerDay).toBe(7);
    expect(straight.openHoursPerDay).toBe(8);
    // The same 82 hours of dialling, and no waiting: eleven days of 7 hours and 5.2 more, the
    // last 2.2 after the break, against ten days of 8 hours and 2.2 more from 09:00.
    expect(lunch.hours).toBeCloseTo(straight.hours, 6);
    expect(lunch.waitingHours).toBeCloseTo(0, 6);
    const rest = lunch.hours - 77;
    expect(lunch.lastDial.day).toBe(11);
    expect(lunch.lastDial.minute).toBeCloseTo(13 * 60 + (rest - 3) * 60, 3);
    expect(straight.lastDial.day).toBe(10);
    expect(straight.lastDial.minute).toBeCloseTo(9 * 60 + (straight.hours - 80) * 60, 3);
    // Calendar days count from the first dial, at 09:00.
    expect(lunch.days).toBeCloseTo(11 + (lunch.lastDial.minute - 9 * 60) / 1_440, 6);
    expect(lunch.days).toBeGreaterThan(straight.days + 1);
  });

  it('lets waits run over the break without counting it, and spreads hours a day fewer than the ranges hold', () => {
    const lunch = [{ start: 9 * 60, end: 12 * 60 }, { start: 13 * 60, end: 17 * 60 }];
    const capped = { ...base, attemptsPerDay: 3 };
    // Seven hours either way; the leads out of the day's dials wait for the next morning. The
    // same last dial, but the hour at lunch is not an hour the team waited.
    const withBreak = listSchedule({ ...capped, dialRanges: lunch });
    const sevenStraight = listSchedule({ ...capped, dialRanges: [{ start: 9 * 60, end: 16 * 60 }] });
    expect(withBreak.lastDial).toEqual(sevenStraight.lastDial);
    expect(sevenStraight.hours - withBreak.hours).toBeCloseTo(1, 6);
    expect(sevenStraight.waitingHours - withBreak.waitingHours).toBeCloseTo(1, 6);
    // Four hours a day (those its leads can fill) over a window of eight: half the pace, twice the days.
    const large = { ...base, leads: 50_000, dialsPerHour: 2_000, dialRanges: [{ start: 9 * 60, end: 17 * 60 }] };
    const half = listSchedule({ ...large, dialHoursPerDay: 4 });
    expect(half.openHoursPerDay).toBe(4);
    expect(half.hours).toBeCloseTo(listSchedule(large).hours, 6);
    expect(Math.floor(half.days)).toBe(Math.floor(half.hours / 4));
  });

  it("takes each day's ranges from the calendar, and counts days from the first dial", () => {
    const large = { ...base, leads: 50_000, dialsPerHour: 2_000 };
    const closed: { start: number; end: number }[] = [];
    const open = [{ start: 9 * 60, end: 12 * 60 }, { start: 13 * 60, end: 17 * 60 }];
    // A weekend first: nothing is dialled until Monday 09:00.
    const fromSaturday = listSchedule({ ...large, dialRangesByDay: [closed, closed], dialRanges: open });
    const fromMonday = listSchedule({ ...large, dialRanges: open });
    expect(fromSaturday.hours).toBeCloseTo(fromMonday.hours, 6);
    expect(fromSaturday.days).toBeCloseTo(fromMonday.days, 6);
    expect(fromSaturday.lastDial).toEqual({ day: fromMonday.lastDial.day + 2, minute: fromMonday.lastDial.minute });
    expect(fromSaturday.openHoursPerDay).toBe(7);
  });

  it('never ends with no one dialling', () => {
    expect(listSchedule({ ...base, dialsPerHour: 0 }).hours).toBe(Number.POSITIVE_INFINITY);
    expect(listSchedule({ ...base, dialHoursPerDay: 0 }).days).toBe(Number.POSITIVE_INFINITY);
    expect(listSchedule({ ...base, dialRanges: [] }).days).toBe(Number.POSITIVE_INFINITY);
  });

  it('starts at the minute given: the hours of the day already past are not dialled, nor counted', () => {
    // 2,000 dials at 500 an hour: four hours of a 09:00-17:00 window.
    const list = { ...base, leads: 2_000, attemptsPerLead: 1, dialsPerHour: 500, dialRanges: [{ start: 9 * 60, end: 17 * 60 }] };
    const fromOpening = listSchedule(list);
    expect(fromOpening.lastDial).toEqual({ day: 0, minute: 13 * 60 });
    // Started at 15:00: two hours today, two tomorrow from 09:00.
    const fromThree = listSchedule({ ...list, startMinute: 15 * 60 });
    expect(fromThree.hours).toBeCloseTo(4, 6);
    expect(fromThree.waitingHours).toBeCloseTo(0, 6);
    expect(fromThree.lastDial.day).toBe(1);
    expect(fromThree.lastDial.minute).toBeCloseTo(11 * 60, 6);
    expect(fromThree.openHoursPerDay).toBe(8);
  });

  it('dials the leads waiting for a retry when it falls due, not at the start', () => {
    const list = { ...base, leads: 1_000, attemptsPerLead: 1, dialsPerHour: 100_000 };
    expect(listSchedule(list).lastDial.day).toBe(0);
    expect(listSchedule(list).lastDial.minute).toBeLessThan(1);
    // A third of them due in ten hours, from a start at 06:00: the last dial is at 16:00.
    const waiting = listSchedule({ ...list, startMinute: 6 * 60, dueLater: [{ afterMinutes: 600, leads: 300 }, { afterMinutes: 120, leads: 30 }] });
    expect(waiting.lastDial.day).toBe(0);
    expect(waiting.lastDial.minute).toBeGreaterThanOrEqual(16 * 60);
    expect(waiting.lastDial.minute).toBeLessThan(16 * 60 + 2);
    // Dialled from 06:00 to 16:00, most of it waiting on them.
    expect(waiting.hours).toBeCloseTo(10, 1);
    expect(waiting.waitingHours).toBeGreaterThan(9.9);
  });
});
