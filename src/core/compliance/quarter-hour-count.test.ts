import { describe, expect, it } from 'vitest';
import { countInQuarterHour, createQuarterHourCount, quarterHourTotals } from './quarter-hour-count.js';

describe('quarter-hour count', () => {
  it('counts the last quarter hour and forgets what is older, reusing its slots', () => {
    const count = createQuarterHourCount();
    countInQuarterHour(count, 'live', 0);
    countInQuarterHour(count, 'abandoned', 10_000);
    countInQuarterHour(count, 'live', 600_000);
    expect(quarterHourTotals(count, 700_000)).toEqual({ live: 2, abandoned: 1 });
    expect(quarterHourTotals(count, 930_000)).toEqual({ live: 1, abandoned: 0 });
    countInQuarterHour(count, 'live', 901_000);
    expect(quarterHourTotals(count, 1_000_000)).toEqual({ live: 2, abandoned: 0 });
  });
});
