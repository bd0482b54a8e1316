import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallingWindowPolicy } from './calling-window.js';
import { dayNumberOf } from './local-time.js';
import { openTimeReached } from './open-time-reached.js';
import { windowInZones } from './window-in-zones.js';

// UTC ms of a UTC wall time; 2025-03-05 was a Wednesday (EST is UTC-5, PST UTC-8).
const utc = (y: number, mo: number, d: number, h: number, mi = 0): number => (dayNumberOf(y, mo, d) * 1440 + h * 60 + mi) * 60_000;
const MINUTE = 60_000;
const [NY, LA] = ['America/New_York', 'America/Los_Angeles'];
const split: CallingWindowPolicy = { regime: 'custom', weekly: { wed: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }], fri: [{ start: '10:00', end: '11:00' }] } };

describe('the moment a window has been open so long', () => {
  it('counts only open time: from a closed moment, across a lunch break and over closed days', () => {
    // 08:00 in New York: 30 minutes from 09:00.
    expect(openTimeReached(split, [NY], utc(2025, 3, 5, 13), 30 * MINUTE)).toBe(utc(2025, 3, 5, 14, 30));
    // 11:50: ten minutes before lunch, twenty after.
    expect(openTimeReached(split, [NY], utc(2025, 3, 5, 16, 50), 30 * MINUTE)).toBe(utc(2025, 3, 5, 18, 20));
    // 16:50: ten minutes on Wednesday, twenty on Friday from 10:00 (Thursday is closed).
    expect(openTimeReached(split, [NY], utc(2025, 3, 5, 21, 50), 30 * MINUTE)).toBe(utc(2025, 3, 7, 15, 20));
  });

  it('counts time open in every zone', () => {
    // 11:50 in New York is 08:50 in Los Angeles. Los Angeles opens at 12:00 New York time, when
    // New York breaks for lunch: both are open from 13:00 to 15:00 (Los Angeles' lunch), 90 minutes
    // from 13:00.
    expect(openTimeReached(split, [NY, LA], utc(2025, 3, 5, 16, 50), 90 * MINUTE)).toBe(utc(2025, 3, 5, 19, 30));
  });

  it('is null when the window never opens, and the start itself for no time at all', () => {
    const never: CallingWindowPolicy = { regime: 'custom', weekly: {} };
    expect(openTimeReached(never, [NY], utc(2025, 3, 5, 12), MINUTE)).toBeNull();
    expect(openTimeReached(split, [NY], utc(2025, 3, 5, 15), 0)).toBe(utc(2025, 3, 5, 15));
  });

  it('lands on a moment the window is open, or at the close of the range the time ran out in', () => {
    fc.assert(fc.property(fc.integer({ min: utc(2025, 1, 1, 0), max: utc(2026, 12, 31, 0) }), fc.integer({ min: 1, max: 600 }), (from, minutes) => {
      const at = openTimeReached({ regime: 'us' }, [NY, LA], from, minutes * MINUTE);
      expect(at).not.toBeNull();
      const just = windowInZones({ regime: 'us' }, [NY, LA], (at ?? 0) - 1);
      expect(just.open).toBe(true);
      expect(at).toBeGreaterThanOrEqual(from + minutes * MINUTE);
    }));
  });
});
