import { describe, expect, it } from 'vitest';
import { easterDay, holidayDates } from './us-holidays.js';
import { dateOfDayNumber } from './local-time.js';

describe('US legal holidays', () => {
  it('finds Easter by the Gregorian computus', () => {
    expect(dateOfDayNumber(easterDay(2025))).toBe('2025-04-20');
    expect(dateOfDayNumber(easterDay(2026))).toBe('2026-04-05');
    expect(dateOfDayNumber(easterDay(2027))).toBe('2027-03-28');
    expect(dateOfDayNumber(easterDay(2038))).toBe('2038-04-25');
  });

  it('dates the Monday holidays, Thanksgiving and Election Day of 2026', () => {
    expect(holidayDates(['mlk', 'presidents', 'memorial', 'labor', 'columbus', 'thanksgiving', 'election_day'], [2026])).toEqual([
      '2026-01-19', '2026-02-16', '2026-05-25', '2026-09-07', '2026-10-12', '2026-11-03', '2026-11-26',
    ]);
  });

  it('dates Mardi Gras and Good Friday from Easter', () => {
    expect(holidayDates(['mardi_gras', 'good_friday'], [2026])).toEqual(['2026-02-17', '2026-04-03']);
  });

  it('keeps the observed weekday of a weekend holiday as well as the day', () => {
    // 2026-07-04 is a Saturday (observed Friday 3rd); 2027-12-25 a Saturday; 2028-01-01 a Saturday.
    expect(holidayDates(['independence'], [2026])).toEqual(['2026-07-03', '2026-07-04']);
    // 2027-07-04 is a Sunday: observed Monday the 5th.
    expect(holidayDates(['independence'], [2027])).toEqual(['2027-07-04', '2027-07-05']);
  });

  it('dates the state holidays of Alabama, Rhode Island and Utah', () => {
    expect(holidayDates(['confederate_memorial', 'jefferson_davis', 'victory_day', 'pioneer_day'], [2026])).toEqual([
      '2026-04-27', '2026-06-01', '2026-07-24', '2026-08-10',
    ]);
  });
});
