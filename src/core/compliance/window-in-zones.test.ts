import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeWindowStatus, type CallingWindowPolicy } from './calling-window.js';
import { dayNumberOf } from './local-time.js';
import { windowInZones } from './window-in-zones.js';

// UTC ms of a UTC wall time; 2025-03-05 was a Wednesday (EST is UTC-5, PST UTC-8).
const utc = (y: number, mo: number, d: number, h: number, mi = 0): number => (dayNumberOf(y, mo, d) * 1440 + h * 60 + mi) * 60_000;
const [NY, LA] = ['America/New_York', 'America/Los_Angeles'];

describe('the calling window in every zone a lead may be in', () => {
  const us: CallingWindowPolicy = { regime: 'us', weekly: { wed: [{ start: '09:00', end: '20:00' }], thu: [{ start: '09:00', end: '20:00' }] } };

  it('is open only while open in each, from the western opening to the eastern closing', () => {
    // 08:00 in New York, 05:00 in Los Angeles: closed in both; both open at 09:00 in Los Angeles.
    expect(windowInZones(us, [LA, NY], utc(2025, 3, 5, 13))).toEqual({ open: false, reason: 'outside_hours', opensAtMs: utc(2025, 3, 5, 17), closedIn: LA });
    // 11:00 in New York: open there, still closed in Los Angeles.
    expect(windowInZones(us, [NY, LA], utc(2025, 3, 5, 16))).toEqual({ open: false, reason: 'outside_hours', opensAtMs: utc(2025, 3, 5, 17), closedIn: LA });
    // 12:00 in New York, 09:00 in Los Angeles: open until 20:00 in New York.
    expect(windowInZones(us, [LA, NY], utc(2025, 3, 5, 17))).toEqual({ open: true, closesAtMs: utc(2025, 3, 6, 1) });
    // 21:00 in New York, 18:00 in Los Angeles: closed in New York until Thursday 09:00 in Los Angeles.
    expect(windowInZones(us, [LA, NY], utc(2025, 3, 6, 2))).toEqual({ open: false, reason: 'outside_hours', opensAtMs: utc(2025, 3, 6, 17), closedIn: NY });
  });

  it('is the one zone window when there is one zone', () => {
    fc.assert(fc.property(fc.integer({ min: utc(2025, 1, 1, 0), max: utc(2026, 12, 31, 0) }), fc.constantFrom(NY, LA, 'Europe/London'), (now, zone) => {
      const one = safeWindowStatus({ regime: 'us' }, zone, now);
      expect(windowInZones({ regime: 'us' }, [zone], now)).toEqual(one.open ? one : { ...one, closedIn: zone });
    }));
  });

  it('finds no opening when the zones never share an open hour, and none for a zone the platform does not know', () => {
    const narrow: CallingWindowPolicy = { regime: 'custom', weekly: { wed: [{ start: '09:00', end: '10:00' }] } };
    expect(windowInZones(narrow, [NY, LA], utc(2025, 3, 5, 12))).toMatchObject({ open: false, opensAtMs: null });
    expect(windowInZones(us, [NY, 'Mars/Olympus'], utc(2025, 3, 5, 17))).toMatchObject({ open: false, opensAtMs: null, closedIn: 'Mars/Olympus' });
  });

  it('opens, when it says it does, at a moment open in every zone, and at none before', () => {
    const zones = [NY, 'America/Chicago', 'America/Denver', LA, 'Pacific/Honolulu', 'America/Anchorage'];
    fc.assert(fc.property(fc.integer({ min: utc(2025, 1, 1, 0), max: utc(2026, 12, 31, 0) }), fc.subarray(zones, { minLength: 1 }), (now, some) => {
      const status = windowInZones({ regime: 'us' }, some, now);
      if (status.open || status.opensAtMs === null) return;
      expect(windowInZones({ regime: 'us' }, some, status.opensAtMs).open).toBe(true);
      expect(windowInZones({ regime: 'us' }, some, status.opensAtMs - 60_000).open).toBe(false);
    }), { numRuns: 300 });
  });
});
