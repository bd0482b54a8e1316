import { describe, expect, it } from 'vitest';
import { targetPeriod } from './campaign-targets.js';

const HOUR = 3_600_000;

describe('target periods', () => {
  it('end where the next one starts, also on days whose midnight the clocks skip', () => {
    // Cairo goes from 00:00 to 01:00 on Friday 26 April 2030; Santiago on Sunday 8 September 2030.
    for (const [zone, day] of [['Africa/Cairo', '2030-04-26'], ['America/Santiago', '2030-09-08'], ['America/New_York', '2030-03-10'], ['Europe/London', '2030-10-27']] as const) {
      for (const per of ['day', 'week'] as const) {
        const period = targetPeriod(per, zone, Date.parse(`${day}T12:00:00Z`));
        expect(period.to.getTime(), `${zone} ${per}`).toBe(targetPeriod(per, zone, period.to.getTime()).from.getTime());
        expect(targetPeriod(per, zone, period.to.getTime() - 1).to.getTime(), `${zone} ${per}`).toBe(period.to.getTime());
      }
    }
    const cairo = targetPeriod('day', 'Africa/Cairo', Date.parse('2030-04-26T12:00:00Z'));
    expect(cairo.to.getTime() - cairo.from.getTime()).toBe(23 * HOUR);
    expect(cairo.to.toISOString()).toBe('2030-04-26T21:00:00.000Z');
  });
});
