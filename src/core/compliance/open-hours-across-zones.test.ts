import { describe, expect, it } from 'vitest';
import { openHoursByDay, type CallingWindowPolicy } from './calling-window.js';
import { dayNumberOf } from './local-time.js';
import { openHoursByDayAcrossZones, openRangesByDayAcrossZones, workableShareOfOpenHours, type ZoneLeads } from './open-hours-across-zones.js';

const weekdays9to21: CallingWindowPolicy = {
  regime: 'us',
  weekly: ['mon', 'tue', 'wed', 'thu', 'fri'].reduce((week, day) => ({ ...week, [day]: [{ start: '09:00', end: '21:00' }] }), {}),
};
const monday = dayNumberOf(2030, 1, 7);

describe('openHoursByDayAcrossZones', () => {
  it('opens the campaign\'s day from the first zone\'s morning to the last zone\'s evening', () => {
    const hours = openHoursByDayAcrossZones(weekdays9to21, 'America/New_York', ['America/New_York', 'America/Los_Angeles'], monday, 7);
    // 21:00 in California is midnight in New York: the weekend stays closed.
    expect(hours).toEqual([15, 15, 15, 15, 15, 0, 0]);
    // Hawaii (five hours behind) runs to 02:00 New York: into each next day, Saturday too.
    const withHawaii = openHoursByDayAcrossZones(weekdays9to21, 'America/New_York', ['America/New_York', 'Pacific/Honolulu'], monday, 7);
    expect(withHawaii).toEqual([15, 17, 17, 17, 17, 2, 0]);
  });

  it('is the one zone\'s hours for a list in the campaign\'s zone, or with no zone known', () => {
    const one = openHoursByDayAcrossZones(weekdays9to21, 'America/New_York', ['America/New_York'], monday, 14);
    expect(one).toEqual(openHoursByDay(weekdays9to21, monday, 14));
    expect(openHoursByDayAcrossZones(weekdays9to21, 'America/New_York', [], monday, 14)).toEqual(one);
  });

  it('closes a holiday in every zone, and adds the hours a zone far away is open', () => {
    const holiday = { ...weekdays9to21, holidays: ['2030-01-08'] };
    const hours = openHoursByDayAcrossZones(holiday, 'America/New_York', ['America/New_York', 'America/Los_Angeles'], monday, 3);
    // Monday evening in California ends at midnight in New York; Tuesday is closed in both.
    expect(hours).toEqual([15, 0, 15]);
    // London and New York together: 09:00 London is 04:00 New York; 21:00 New York closes the day.
    const twoCoasts = openHoursByDayAcrossZones(weekdays9to21, 'America/New_York', ['Europe/London', 'America/New_York'], monday + 1, 1);
    expect(twoCoasts).toEqual([17]);
  });
});

describe('openHoursByDayAcrossZones round the clock', () => {
  const always: CallingWindowPolicy = { regime: 'custom', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])) };

  it('counts the 25 hours of the day the clocks go back', () => {
    const hours = openHoursByDayAcrossZones(always, 'Europe/London', ['Europe/London'], dayNumberOf(2030, 10, 26), 3);
    expect(hours).toEqual([24, 25, 24]);
  });

  it('finds every hour of zones a day apart across the date line', () => {
    expect(openHoursByDayAcrossZones(always, 'Pacific/Kiritimati', ['Pacific/Pago_Pago'], monday, 2)).toEqual([24, 24]);
  });
});

describe('openRangesByDayAcrossZones', () => {
  const lunchBreak: CallingWindowPolicy = { regime: 'us', weekly: { mon: [{ start: '09:00', end: '12:00' }, { start: '14:00', end: '17:00' }] } };

  it('keeps a break closed where no zone is open, on the campaign\'s clock', () => {
    // Chicago's 09:00-12:00 and 14:00-17:00 are 10:00-13:00 and 15:00-18:00 in New York: the
    // hour from 13:00 to 14:00 New York is a break in both.
    const ranges = openRangesByDayAcrossZones(lunchBreak, 'America/New_York', ['America/New_York', 'America/Chicago'], monday, 2);
    expect(ranges).toEqual([[{ start: '09:00', end: '13:00' }, { start: '14:00', end: '18:00' }], []]);
    const hours = openHoursByDayAcrossZones(lunchBreak, 'America/New_York', ['America/New_York', 'America/Chicago'], monday, 2);
    expect(hours).toEqual([8, 0]);
  });

  it('opens one zone\'s break where another zone is open, and runs to midnight as 24:00', () => {
    // Los Angeles is three hours behind: its mornings cover New York's break.
    const coasts = openRangesByDayAcrossZones(lunchBreak, 'America/New_York', ['America/New_York', 'America/Los_Angeles'], monday, 1);
    expect(coasts).toEqual([[{ start: '09:00', end: '20:00' }]]);
    expect(openRangesByDayAcrossZones(weekdays9to21, 'America/New_York', ['America/Los_Angeles'], monday, 1)).toEqual([[{ start: '12:00', end: '24:00' }]]);
    expect(openRangesByDayAcrossZones(lunchBreak, 'America/New_York', [], monday, 1)).toEqual([[{ start: '09:00', end: '12:00' }, { start: '14:00', end: '17:00' }]]);
  });
});

const zoneLeads = (spread: Record<string, number>): ZoneLeads[] => Object.entries(spread).map(([zone, leads]) => ({ zone, leads }));

describe('workableShareOfOpenHours', () => {
  it('is all the open hours when every zone holds enough leads to fill the hours it alone is open', () => {
    const even = zoneLeads({ 'America/New_York': 50, 'America/Los_Angeles': 50 });
    expect(workableShareOfOpenHours(weekdays9to21, 'America/New_York', even, monday)).toBe(1);
    expect(workableShareOfOpenHours(weekdays9to21, 'America/New_York', zoneLeads({ 'America/Chicago': 7 }), monday)).toBe(1);
    expect(workableShareOfOpenHours(weekdays9to21, 'America/New_York', [], monday)).toBe(1);
  });

  it("is the hours the zone holding most leads can fill, when the others' evenings run out of leads", () => {
    // New York's 60 hours a week hold 95% of the list: the list is done in 60 / 0.95 of the 75 open hours.
    const lopsided = zoneLeads({ 'America/New_York': 95, 'America/Los_Angeles': 5 });
    expect(workableShareOfOpenHours(weekdays9to21, 'America/New_York', lopsided, monday)).toBeCloseTo(60 / 0.95 / 75, 12);
    // Zones on the same clock are one zone: Detroit's leads fill New York's hours.
    const sameClock = zoneLeads({ 'America/New_York': 45, 'America/Detroit': 50, 'America/Los_Angeles': 5 });
    expect(workableShareOfOpenHours(weekdays9to21, 'America/New_York', sameClock, monday)).toBeCloseTo(60 / 0.95 / 75, 12);
    // With holidays in the calendar, a typical week still stands for every week.
    const holidays = { ...weekdays9to21, holidays: ['2030-01-08'] };
    expect(workableShareOfOpenHours(holidays, 'America/New_York', lopsided, monday)).toBeCloseTo(60 / 0.95 / 75, 12);
  });

  it('weighs a set of zones together when together they hold more than their hours can take', () => {
    // East and west coasts hold 90%, open 75 hours a week together; Hawaii runs 10 more.
    const spread = zoneLeads({ 'America/New_York': 45, 'America/Los_Angeles': 45, 'Pacific/Honolulu': 10 });
    const open = openHoursByDayAcrossZones(weekdays9to21, 'America/New_York', spread.map((z) => z.zone), monday, 7).reduce((a, b) => a + b, 0);
    expect(open).toBe(85);
    expect(workableShareOfOpenHours(weekdays9to21, 'America/New_York', spread, monday)).toBeCloseTo(75 / 0.9 / 85, 12);
  });

  it('weighs many zones in runs from east to west', () => {
    // Thirteen zones an hour apart, one of them with most of the leads: its hours bind.
    const zones = Array.from({ length: 13 }, (_, k) => `Etc/GMT+${k}`);
    const spread = zones.map((zone, k) => ({ zone, leads: k === 6 ? 88 : 1 }));
    const open = openHoursByDayAcrossZones(weekdays9to21, 'UTC', zones, monday, 7).reduce((a, b) => a + b, 0);
    expect(workableShareOfOpenHours(weekdays9to21, 'UTC', spread, monday)).toBeCloseTo(60 / 0.88 / open, 12);
  });
});
