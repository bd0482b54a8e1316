import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { windowStatus } from './calling-window.js';
import { dialRulesFrom } from './dial-rules-policy.js';
import { jurisdictionHours } from './jurisdiction-hours.js';
import { shutJurisdiction, shutJurisdictionKeys, withJurisdictionHours } from './jurisdiction-window.js';
import { dayNumberOf, weekdays } from './local-time.js';
import { evaluateLead, type LeadFacts } from './lead-eligibility.js';

const HOUR = 3_600_000;
// UTC ms of a New York wall time in winter (UTC-5), computed without Date.
const newYork = (y: number, mo: number, d: number, h: number, mi = 0): number => (dayNumberOf(y, mo, d) * 1440 + (h + 5) * 60 + mi) * 60_000;
const usWindow = { regime: 'us' as const };
const zone = 'America/New_York';

describe("a jurisdiction's own calling hours", () => {
  it("closes a Florida lead at 20:00, where the federal hours run to 21:00", () => {
    const at = newYork(2026, 12, 2, 20, 30);
    expect(windowStatus(usWindow, zone, at).open).toBe(true);
    const florida = windowStatus(withJurisdictionHours(usWindow, ['US-FL'], at), zone, at);
    expect(florida).toMatchObject({ open: false, reason: 'outside_hours', opensAtMs: newYork(2026, 12, 3, 8) });
  });

  it('keeps the narrowest of several: Kentucky opens at 10:00, Florida closes at 20:00', () => {
    const at = newYork(2026, 12, 2, 9);
    const both = withJurisdictionHours(usWindow, ['US-FL', 'US-KY'], at);
    expect(windowStatus(both, zone, at)).toMatchObject({ open: false, opensAtMs: newYork(2026, 12, 2, 10) });
    expect(windowStatus(both, zone, newYork(2026, 12, 2, 12))).toMatchObject({ open: true, closesAtMs: newYork(2026, 12, 2, 20) });
  });

  it('closes Sundays in Louisiana and opens Texas at noon on a Sunday', () => {
    const sunday = newYork(2026, 12, 6, 11); // 10:00 in Chicago
    const chicago = 'America/Chicago';
    expect(windowStatus(withJurisdictionHours(usWindow, ['US-LA'], sunday), chicago, sunday)).toMatchObject({
      open: false, reason: 'closed_day', opensAtMs: newYork(2026, 12, 7, 9),
    });
    expect(windowStatus(withJurisdictionHours(usWindow, ['US-TX'], sunday), chicago, sunday)).toMatchObject({
      open: false, opensAtMs: newYork(2026, 12, 6, 13),
    });
  });

  it("keeps Pennsylvania's legal holidays: Thanksgiving, and Christmas observed on Friday", () => {
    const thanksgiving = newYork(2026, 11, 26, 12);
    expect(windowStatus(withJurisdictionHours(usWindow, ['US-PA'], thanksgiving), zone, thanksgiving)).toMatchObject({
      open: false, reason: 'holiday', opensAtMs: newYork(2026, 11, 27, 8),
    });
    // 2027-12-25 is a Saturday: Friday the 24th is kept too.
    const eve = newYork(2027, 12, 24, 12);
    expect(windowStatus(withJurisdictionHours(usWindow, ['US-PA'], eve), zone, eve).open).toBe(false);
    expect(windowStatus(withJurisdictionHours(usWindow, ['US-FL'], eve), zone, eve).open).toBe(true);
  });

  it("gives Canada the CRTC's hours: 21:30 on weekdays, 10:00-18:00 at weekends", () => {
    const toronto = 'America/Toronto';
    const weekday = newYork(2026, 12, 2, 21, 15);
    expect(windowStatus(withJurisdictionHours({ regime: 'custom', weekly: { wed: [{ start: '07:00', end: '23:00' }] } }, ['CA'], weekday), toronto, weekday))
      .toMatchObject({ open: true, closesAtMs: newYork(2026, 12, 2, 21, 30) });
    const saturday = newYork(2026, 12, 5, 18, 30);
    expect(windowStatus(withJurisdictionHours(usWindow, ['CA'], saturday), toronto, saturday)).toMatchObject({ open: false, opensAtMs: newYork(2026, 12, 6, 10) });
  });

  it('ignores codes it has no hours for', () => {
    const at = newYork(2026, 12, 2, 20, 30);
    expect(withJurisdictionHours(usWindow, ['US-NY', 'GB'], at)).toBe(usWindow);
  });

  it("lists for selection and the explainer exactly the jurisdictions whose own window is shut in a zone, holidays and DST included", () => {
    const zones = ['America/New_York', 'America/Chicago', 'America/Toronto', 'America/St_Johns'];
    // Each rule's full window, as the pre-dial check applies it, is the reference.
    const allDay = Object.fromEntries(weekdays.map((day) => [day, [{ start: '00:00', end: '24:00' }]]));
    const shutByWindow = (code: string, z: string, at: number): boolean => !windowStatus(withJurisdictionHours({ regime: 'custom', weekly: allDay }, [code], at), z, at).open;
    const start = dayNumberOf(2026, 1, 1) * 86_400_000;
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 * 365 * 24 * 60 }), (minute) => {
      const at = start + minute * 60_000;
      const keys = new Set(shutJurisdictionKeys(zones, at));
      for (const rule of jurisdictionHours.values()) {
        for (const z of zones) expect(keys.has(`${rule.code}@${z}`)).toBe(shutByWindow(rule.code, z, at));
      }
      const codes = [...jurisdictionHours.keys()];
      const named = shutJurisdiction(codes, zones, at);
      const firstShut = codes.find((code) => zones.some((z) => shutByWindow(code, z, at)));
      expect(named?.rule.code).toBe(firstShut);
      if (named) expect(named.zone).toBe(zones.find((z) => shutByWindow(named.rule.code, z, at)));
    }), { numRuns: 80 });
  });

  it('lists the jurisdictions shut in each zone for lead selection', () => {
    const at = newYork(2026, 12, 2, 20, 30);
    const keys = shutJurisdictionKeys([zone, 'America/Los_Angeles'], at);
    expect(keys).toContain('US-FL@America/New_York');
    expect(keys).not.toContain('US-FL@America/Los_Angeles');
    expect(keys).not.toContain('US-PA@America/New_York');
    expect(keys).toContain('US-RI@America/New_York');
  });
});

describe('lead eligibility with jurisdiction hours', () => {
  const policy = dialRulesFrom({ regime: 'us', timezone: zone, settings: {} });
  const lead: LeadFacts = {
    status: 'new', listActive: true, nextDialAtMs: 0, leasedUntilMs: null, attempts: 0, recentAttemptsMs: [], timeZone: zone, jurisdictions: ['US-FL'],
    phones: [{ phoneId: '1', e164: '+13055550100', dialOrder: 0, disabled: false, attempts: 0, dnc: [], abandons: [], lastMachineAtMs: null, recentDialsMs: [], inCallUntilMs: null }],
  };
  const late = newYork(2026, 12, 2, 20, 30);

  it("holds a Florida lead back after 20:00 and names the state's rule", () => {
    const verdict = evaluateLead(lead, policy, late);
    const window = verdict.checks.find((c) => c.rule === 'calling_window');
    expect(verdict.eligible).toBe(false);
    expect(window).toMatchObject({ blocks: true, untilMs: newYork(2026, 12, 3, 8) });
    expect(window?.detail).toContain('Florida (Fla. Stat. § 501.616(6)(a))');
    expect(evaluateLead(lead, policy, late - 2 * HOUR).eligible).toBe(true);
  });

  it('dials on federal hours where the campaign turns state hours off', () => {
    const off = dialRulesFrom({ regime: 'us', timezone: zone, settings: { jurisdictionHours: false } });
    expect(off.jurisdictionHours).toBe(false);
    expect(evaluateLead(lead, off, late).eligible).toBe(true);
  });

  it("keeps the lead's own hours under a UK campaign's custom hours; only a laboratory's stand as set", () => {
    const allDay = { callingWindow: { regime: 'custom', weekly: { wed: [{ start: '00:00', end: '24:00' }] } } };
    const custom = dialRulesFrom({ regime: 'uk', timezone: zone, settings: allDay });
    expect(custom.jurisdictionHours).toBe(true);
    expect(evaluateLead(lead, custom, late).eligible).toBe(false);
    const laboratory = dialRulesFrom({ regime: 'uk', timezone: zone, settings: allDay, laboratory: true });
    expect(laboratory.jurisdictionHours).toBe(false);
    expect(evaluateLead(lead, laboratory, late).eligible).toBe(true);
  });
});
