// A campaign's stored calling window as dialling reads it: custom hours have no legal bound, so a
// campaign under US (or strict) rules keeps the US hours around them, whatever was stored (by an
// older version, a settings patch, or before its regime changed), unless the database is a
// laboratory that dials only a simulated PBX.

import { describe, expect, it } from 'vitest';
import { windowStatus } from './calling-window.js';
import { dialRulesFrom } from './dial-rules-policy.js';

const customEarlyLate = {
  regime: 'custom',
  weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [{ start: '06:00', end: '23:00' }]])),
};
// 06:30, 22:30 and 09:00 in New York on Wednesday 15 January 2025 (11:30, 03:30 the next day
// and 14:00 UTC).
const halfPastSix = 1_736_940_600_000;
const halfPastTen = 1_736_998_200_000;
const nine = 1_736_949_600_000;

const openAt = (regime: 'us' | 'uk' | 'strict', laboratory: boolean | undefined, atMs: number) =>
  windowStatus(dialRulesFrom({ regime, timezone: 'America/New_York', settings: { callingWindow: customEarlyLate }, laboratory }).callingWindow,
    'America/New_York', atMs).open;

describe('custom calling hours', () => {
  it('are clipped to the US hours for a campaign under US or strict rules', () => {
    for (const regime of ['us', 'strict'] as const) {
      expect(dialRulesFrom({ regime, timezone: 'America/New_York', settings: { callingWindow: customEarlyLate } }).callingWindow.regime).toBe('us');
      expect([openAt(regime, undefined, halfPastSix), openAt(regime, false, halfPastTen), openAt(regime, false, nine)]).toEqual([false, false, true]);
    }
  });

  it('stand as set for a campaign under UK rules, which set no statutory hours', () => {
    const rules = dialRulesFrom({ regime: 'uk', timezone: 'Europe/London', settings: { callingWindow: customEarlyLate } });
    expect(rules.callingWindow.regime).toBe('custom');
    expect(windowStatus(rules.callingWindow, 'Europe/London', 1_736_922_600_000 /* 06:30 UTC */).open).toBe(true);
  });

  it('stand as set in a laboratory, whatever the rules', () => {
    expect([openAt('us', true, halfPastSix), openAt('strict', true, halfPastTen)]).toEqual([true, true]);
  });
});
