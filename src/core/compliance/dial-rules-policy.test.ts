// A campaign's stored calling window as dialling reads it: custom hours have no legal bound, so a
// campaign under US rules keeps the US hours around them, whatever was stored (by an older version,
// a settings patch, or before its regime changed).

import { describe, expect, it } from 'vitest';
import { windowStatus } from './calling-window.js';
import { dialRulesFrom } from './dial-rules-policy.js';

const customEarlyLate = {
  regime: 'custom',
  weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [{ start: '06:00', end: '23:00' }]])),
};
// 06:30 and 22:30 in New York on a Wednesday in January.
const halfPastSix = Date.UTC(2025, 0, 15, 11, 30);
const halfPastTen = Date.UTC(2025, 0, 16, 3, 30);

describe('custom calling hours', () => {
  it('are clipped to the US hours for a campaign under US rules', () => {
    const rules = dialRulesFrom({ regime: 'us', timezone: 'America/New_York', settings: { callingWindow: customEarlyLate } });
    expect(rules.callingWindow.regime).toBe('us');
    expect(windowStatus(rules.callingWindow, 'America/New_York', halfPastSix).open).toBe(false);
    expect(windowStatus(rules.callingWindow, 'America/New_York', halfPastTen).open).toBe(false);
    expect(windowStatus(rules.callingWindow, 'America/New_York', Date.UTC(2025, 0, 15, 14, 0)).open).toBe(true);
  });

  it('stand as set for a campaign under UK rules, which set no statutory hours', () => {
    const rules = dialRulesFrom({ regime: 'uk', timezone: 'Europe/London', settings: { callingWindow: customEarlyLate } });
    expect(rules.callingWindow.regime).toBe('custom');
    expect(windowStatus(rules.callingWindow, 'Europe/London', Date.UTC(2025, 0, 15, 6, 30)).open).toBe(true);
  });
});
