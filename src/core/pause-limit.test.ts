import { describe, expect, it } from 'vitest';
import { isOverPauseLimit, pauseAllowedUntilMs, pauseLimitOf } from './pause-limit.js';

const settings = { pauseLimitsMs: { break: 15 * 60_000, lunch: 45 * 60_000 } };
const paused = (pauseReason: string | null, sinceMs = 0, pauseUsedMs = 0) => ({ status: 'paused' as const, pauseReason, sinceMs, pauseUsedMs });

describe('pause allowances', () => {
  it("gives the pause its reason's allowance, none to a reason without one or an agent not paused", () => {
    expect(pauseLimitOf(paused('break'), settings)).toBe(900_000);
    expect(pauseLimitOf(paused('training'), settings)).toBeNull();
    expect(pauseLimitOf(paused(null), settings)).toBeNull();
    expect(pauseLimitOf({ status: 'ready', pauseReason: null }, settings)).toBeNull();
    expect(pauseLimitOf(paused('break'), {})).toBeNull();
    expect(pauseAllowedUntilMs(paused('lunch', 5_000), settings)).toBe(5_000 + 2_700_000);
    expect(pauseAllowedUntilMs(paused('training', 5_000), settings)).toBeNull();
    expect(pauseAllowedUntilMs(paused('lunch', 5_000), undefined)).toBeNull();
    // Back on a lunch that had used ten minutes before a call dialled from it.
    expect(pauseAllowedUntilMs(paused('lunch', 5_000, 600_000), settings)).toBe(5_000 + 2_700_000 - 600_000);
  });

  it('finds an agent over their allowance only once it has run out', () => {
    expect(isOverPauseLimit(paused('break', 1_000), settings, 1_000 + 900_000)).toBe(false);
    expect(isOverPauseLimit(paused('break', 1_000), settings, 1_000 + 900_001)).toBe(true);
    expect(isOverPauseLimit(paused('training', 0), settings, 10 * 3_600_000)).toBe(false);
    expect(isOverPauseLimit({ status: 'talking', pauseReason: null, sinceMs: 0, pauseUsedMs: 0 }, settings, 10 * 3_600_000)).toBe(false);
  });
});
