import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hoursInForce, openHoursByDay, openRangesByDay, safeWindowStatus, validateCallingWindow, windowStatus, type CallingWindowPolicy } from './calling-window.js';
import { dayNumberOf, dateOfDayNumber, localTimeAt, utcOfLocal } from './local-time.js';

// 2025-03-05 was a Wednesday; UTC ms of a UTC wall time, computed without Date.
const utc = (y: number, mo: number, d: number, h: number, mi = 0): number => (dayNumberOf(y, mo, d) * 1440 + h * 60 + mi) * 60_000;

const isWindowOpen = (policy: CallingWindowPolicy, zone: string, nowMs: number): boolean => windowStatus(policy, zone, nowMs).open;

describe('local time', () => {
  it('round-trips day numbers', () => {
    fc.assert(fc.property(fc.integer({ min: -100_000, max: 100_000 }), (n) => {
      const [y, m, d] = dateOfDayNumber(n).split('-').map(Number) as [number, number, number];
      expect(dayNumberOf(y, m, d)).toBe(n);
    }));
  });

  it('reads New York wall time across DST', () => {
    expect(localTimeAt(utc(2025, 1, 15, 13), 'America/New_York')).toMatchObject({ date: '2025-01-15', minuteOfDay: 8 * 60, weekday: 'wed' });
    expect(localTimeAt(utc(2025, 7, 15, 12), 'America/New_York')).toMatchObject({ minuteOfDay: 8 * 60 });
  });

  it('puts a wall time inside a spring-forward gap at the end of the gap', () => {
    expect(utcOfLocal(dayNumberOf(2024, 3, 10), 2 * 60 + 30, 'America/New_York')).toBe(utc(2024, 3, 10, 7));
    expect(utcOfLocal(dayNumberOf(2024, 3, 31), 60 + 15, 'Europe/London')).toBe(utc(2024, 3, 31, 1));
    // Santiago springs forward at midnight: 00:30 that day is 01:00, the end of the gap.
    const santiago = utcOfLocal(dayNumberOf(2024, 9, 8), 30, 'America/Santiago');
    expect(localTimeAt(santiago, 'America/Santiago').minuteOfDay).toBe(60);
    expect(localTimeAt(santiago - 60_000, 'America/Santiago').dayNumber).toBe(dayNumberOf(2024, 9, 7));
  });

  it('reads a wall time the clocks repeat (fall-back night) as its first occurrence, as the desktop does', () => {
    expect(utcOfLocal(dayNumberOf(2024, 11, 3), 60 + 30, 'America/New_York')).toBe(utc(2024, 11, 3, 5, 30)); // 01:30 EDT
    expect(utcOfLocal(dayNumberOf(2024, 10, 27), 60 + 30, 'Europe/London')).toBe(utc(2024, 10, 27, 0, 30)); // 01:30 BST
  });

  it('converts local wall time back to UTC, also on DST change days', () => {
    const zones = ['America/New_York', 'Europe/London', 'Asia/Shanghai', 'Australia/Lord_Howe', 'America/St_Johns'];
    fc.assert(fc.property(fc.integer({ min: dayNumberOf(2024, 1, 1), max: dayNumberOf(2026, 12, 31) }), fc.integer({ min: 5 * 60, max: 23 * 60 }), fc.constantFrom(...zones), (day, minute, zone) => {
      const at = utcOfLocal(day, minute, zone);
      const local = localTimeAt(at, zone);
      expect(local.dayNumber * 1440 + local.minuteOfDay).toBe(day * 1440 + minute);
    }));
  });
});

describe('calling window', () => {
  const us: CallingWindowPolicy = { regime: 'us' };

  it('US: 08:00-21:00 in the lead zone', () => {
    expect(isWindowOpen(us, 'America/New_York', utc(2025, 3, 5, 12, 59))).toBe(false); // 07:59 EST
    expect(isWindowOpen(us, 'America/New_York', utc(2025, 3, 5, 13, 0))).toBe(true); // 08:00
    expect(isWindowOpen(us, 'America/New_York', utc(2025, 3, 6, 1, 59))).toBe(true); // 20:59
    expect(isWindowOpen(us, 'America/New_York', utc(2025, 3, 6, 2, 0))).toBe(false); // 21:00
    expect(isWindowOpen(us, 'America/Los_Angeles', utc(2025, 3, 5, 13, 0))).toBe(false); // 05:00 in LA
  });

  it('a campaign can narrow but never widen the legal hours', () => {
    const wide: CallingWindowPolicy = { regime: 'us', weekly: { wed: [{ start: '06:00', end: '23:00' }] } };
    expect(isWindowOpen(wide, 'America/New_York', utc(2025, 3, 5, 12))).toBe(false); // 07:00
    expect(isWindowOpen(wide, 'America/New_York', utc(2025, 3, 6, 2, 30))).toBe(false); // 21:30
    const cn: CallingWindowPolicy = { regime: 'cn', weekly: { wed: [{ start: '08:00', end: '22:00' }] } };
    expect(isWindowOpen(cn, 'Asia/Shanghai', utc(2025, 3, 5, 0, 30))).toBe(false); // 08:30 Beijing
    expect(isWindowOpen(cn, 'Asia/Shanghai', utc(2025, 3, 5, 1, 0))).toBe(true); // 09:00
  });

  it('holidays and closed days report the next opening', () => {
    const policy: CallingWindowPolicy = { regime: 'uk', holidays: ['2025-12-25'] };
    const status = windowStatus(policy, 'Europe/London', utc(2025, 12, 25, 12));
    expect(status).toEqual({ open: false, reason: 'holiday', opensAtMs: utc(2025, 12, 26, 9) });
    const sunday = windowStatus(policy, 'Europe/London', utc(2025, 3, 9, 12));
    expect(sunday).toEqual({ open: false, reason: 'closed_day', opensAtMs: utc(2025, 3, 10, 9) });
  });

  it('opens again in the hour the clocks go back over', () => {
    const window = (weekly: CallingWindowPolicy['weekly']): CallingWindowPolicy => ({ regime: 'custom', weekly });
    const every = (ranges: { start: string; end: string }[]) => Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ranges]));
    // London, 27 October 2030: 01:05 GMT is the second pass of 01:05; 01:30 comes round again at 01:30Z.
    expect(windowStatus(window(every([{ start: '01:30', end: '02:30' }])), 'Europe/London', utc(2030, 10, 27, 1, 5)))
      .toEqual({ open: false, reason: 'outside_hours', opensAtMs: utc(2030, 10, 27, 1, 30) });
    // New York, 3 November 2030: 01:31 EDT is past a range ending 01:30, which the clocks re-enter at 01:00 EST (06:00Z).
    expect(windowStatus(window(every([{ start: '00:00', end: '01:30' }, { start: '20:00', end: '24:00' }])), 'America/New_York', utc(2030, 11, 3, 5, 31)))
      .toEqual({ open: false, reason: 'outside_hours', opensAtMs: utc(2030, 11, 3, 6, 0) });
  });

  it('a zone the platform does not know is closed and never opens, where the plain status throws', () => {
    const policy: CallingWindowPolicy = { regime: 'us' };
    expect(() => windowStatus(policy, 'Mars/Olympus_Mons', utc(2025, 3, 12, 17))).toThrow();
    expect(safeWindowStatus(policy, 'Mars/Olympus_Mons', utc(2025, 3, 12, 17))).toEqual({ open: false, reason: 'outside_hours', opensAtMs: null });
    expect(safeWindowStatus(policy, 'America/New_York', utc(2025, 3, 12, 17))).toEqual(windowStatus(policy, 'America/New_York', utc(2025, 3, 12, 17)));
  });

  it('next opening is a moment the window is open, and nothing before it is', () => {
    fc.assert(fc.property(fc.integer({ min: utc(2024, 1, 1, 0), max: utc(2026, 12, 31, 0) }), fc.constantFrom('America/New_York', 'Europe/London', 'Asia/Shanghai'), fc.constantFrom<CallingWindowPolicy['regime']>('us', 'uk', 'cn'), (now, zone, regime) => {
      const policy: CallingWindowPolicy = { regime };
      const status = windowStatus(policy, zone, now);
      if (status.open) {
        expect(status.closesAtMs).toBeGreaterThan(now);
        expect(isWindowOpen(policy, zone, status.closesAtMs)).toBe(regime === 'custom');
      } else {
        expect(status.opensAtMs).not.toBeNull();
        const opens = status.opensAtMs as number;
        expect(isWindowOpen(policy, zone, opens)).toBe(true);
        expect(isWindowOpen(policy, zone, opens - 60_000)).toBe(false);
      }
    }), { numRuns: 300 });
  });

  it('validates policies with readable problems', () => {
    expect(validateCallingWindow({ regime: 'us', weekly: { mon: [{ start: '9:00', end: '17:00' }] }, holidays: ['25/12'] })).toEqual([
      'mon: "9:00" is not a time of day (HH:MM, 24-hour)', 'holiday "25/12" is not YYYY-MM-DD',
    ]);
  });

  it('refuses a holiday that is no day of the calendar, and takes one that is', () => {
    expect(validateCallingWindow({ regime: 'us', holidays: ['2030-02-31', '2030-13-01', '2030-00-10', '2030-04-00', '2029-02-29'] })).toEqual(
      ['2030-02-31', '2030-13-01', '2030-00-10', '2030-04-00', '2029-02-29'].map((date) => `holiday "${date}" is not a date in the calendar`),
    );
    expect(validateCallingWindow({ regime: 'us', holidays: ['2028-02-29', '2030-12-31', '2030-01-01'] })).toEqual([]);
  });
});

describe('hours in force', () => {
  it("gives the regime's default week, and a campaign's week clipped to the regime's bounds", () => {
    const uk = hoursInForce({ regime: 'uk' });
    expect(uk.mon).toEqual([{ start: '09:00', end: '21:00' }]);
    expect(uk.sat).toEqual([{ start: '10:00', end: '17:00' }]);
    expect(uk.sun).toEqual([]);
    const us = hoursInForce({ regime: 'us', weekly: { mon: [{ start: '12:00', end: '22:30' }, { start: '07:00', end: '09:15' }], tue: [{ start: '21:30', end: '23:00' }] } });
    expect(us.mon).toEqual([{ start: '08:00', end: '09:15' }, { start: '12:00', end: '21:00' }]);
    expect(us.tue).toEqual([]);
    expect(us.wed).toEqual([]);
    expect(hoursInForce({ regime: 'custom', weekly: { fri: [{ start: '00:00', end: '24:00' }] } }).fri).toEqual([{ start: '00:00', end: '24:00' }]);
  });
});

describe('open hours a day', () => {
  it('gives each day from a date its weekday\'s hours, and none on a holiday', () => {
    // From Friday 2030-12-20 under the UK default week, Christmas Day closed.
    const friday = dayNumberOf(2030, 12, 20);
    expect(openHoursByDay({ regime: 'uk', holidays: ['2030-12-25'] }, friday, 7)).toEqual([12, 7, 0, 12, 12, 0, 12]);
  });

  it('keeps a day\'s ranges as they are: a lunch break is closed and its hour not counted', () => {
    const lunch = { start: '09:00', end: '12:00' };
    const afternoon = { start: '13:00', end: '17:00' };
    const policy: CallingWindowPolicy = { regime: 'us', weekly: { mon: [afternoon, lunch], tue: [{ start: '09:00', end: '17:00' }] }, holidays: ['2030-12-24'] };
    const monday = dayNumberOf(2030, 12, 16);
    expect(openRangesByDay(policy, monday, 3)).toEqual([[lunch, afternoon], [{ start: '09:00', end: '17:00' }], []]);
    expect(openHoursByDay(policy, monday, 2)).toEqual([7, 8]);
    // Ranges typed to overlap are one, their common hour counted once; the holiday week's Tuesday is closed.
    const overlapping: CallingWindowPolicy = { regime: 'us', weekly: { mon: [{ start: '09:00', end: '13:00' }, { start: '12:00', end: '17:00' }] } };
    expect(openRangesByDay(overlapping, monday, 1)).toEqual([[{ start: '09:00', end: '17:00' }]]);
    expect(openHoursByDay(overlapping, monday, 1)).toEqual([8]);
    expect(openHoursByDay(policy, monday + 7, 2)).toEqual([7, 0]);
  });
});
