import { describe, expect, it } from 'vitest';
import { openHoursByDay, type CallingWindowPolicy } from './calling-window.js';
import { dayNumberOf } from './local-time.js';
import { openHoursByDayAcrossZones } from './open-hours-across-zones.js';

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
