import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dialRulesFrom } from './dial-rules-policy.js';
import { earliestDialMs, evaluateLead, type LeadFacts } from './lead-eligibility.js';
import { dayNumberOf } from './local-time.js';

const HOUR = 3_600_000;
const noon = dayNumberOf(2025, 3, 5) * 86_400_000 + 17 * HOUR; // 12:00 in New York
const policy = dialRulesFrom({ regime: 'uk', timezone: 'America/New_York', settings: { callingWindow: { regime: 'us' } } });

const base: LeadFacts = {
  status: 'new', listActive: true, nextDialAtMs: noon - HOUR, leasedUntilMs: null, attempts: 0, recentAttemptsMs: [], timeZone: null,
  phones: [{ phoneId: '1', e164: '+12125550100', dialOrder: 0, disabled: false, attempts: 0, dnc: [], abandons: [], lastMachineAtMs: null, recentDialsMs: [], inCallUntilMs: null }],
};

describe('lead eligibility', () => {
  it('a fresh lead in window is eligible on its first phone', () => {
    const verdict = evaluateLead(base, policy, noon);
    expect(verdict.eligible).toBe(true);
    expect(verdict.phone?.phoneId).toBe('1');
  });

  it('rotates to the alternate phone with fewer dials', () => {
    const facts: LeadFacts = { ...base, phones: [{ ...base.phones[0]!, attempts: 1 }, { ...base.phones[0]!, phoneId: '2', e164: '+12125550101', dialOrder: 1 }] };
    expect(evaluateLead(facts, policy, noon).phone?.phoneId).toBe('2');
  });

  it('explains each block with its end', () => {
    const facts: LeadFacts = {
      ...base, recentAttemptsMs: [noon - 3 * HOUR, noon - 2 * HOUR, noon - HOUR], leasedUntilMs: noon + 60_000,
      phones: [{ ...base.phones[0]!, dnc: [{ scope: 'campaign', source: 'refusal', expiresAtMs: noon + 10 * HOUR }], abandons: [{ endedAtMs: noon - HOUR, restMs: 72 * HOUR }] }],
    };
    const verdict = evaluateLead(facts, policy, noon);
    const byRule = Object.fromEntries(verdict.checks.map((c) => [c.rule, c]));
    expect(byRule.max_attempts_day).toMatchObject({ blocks: true, untilMs: noon + 21 * HOUR });
    expect(byRule.lease).toMatchObject({ blocks: true, untilMs: noon + 60_001 });
    // DNC ends in 10 h, the UK rest in 71 h: the phone frees up when both have ended.
    expect(byRule.dialable_phone).toMatchObject({ blocks: true, untilMs: noon + 71 * HOUR });
    expect(earliestDialMs(verdict, noon)).toBe(noon + 71 * HOUR);
  });

  it("counts a number's dials in every campaign: a number dialled three times today waits for the oldest to age out", () => {
    const elsewhere = [noon - 20 * HOUR, noon - 5 * HOUR, noon - HOUR];
    const facts: LeadFacts = { ...base, phones: [{ ...base.phones[0]!, recentDialsMs: elsewhere }, { ...base.phones[0]!, phoneId: '2', e164: '+12125550101', dialOrder: 1 }] };
    const verdict = evaluateLead(facts, policy, noon);
    const capped = verdict.phones[0]?.checks.find((c) => c.rule === 'number_day_cap');
    expect(capped).toMatchObject({ blocks: true, untilMs: noon + 4 * HOUR, detail: '3 of 3 dials to this number in the last 24 h, every campaign' });
    // The lead's other number is dialled instead; with none, the lead waits until the oldest dial is 24 hours old.
    expect(verdict.phone?.phoneId).toBe('2');
    const alone = evaluateLead({ ...facts, phones: [facts.phones[0]!] }, policy, noon);
    expect(earliestDialMs(alone, noon)).toBe(noon + 4 * HOUR);
  });

  it('rests a number after an abandoned call by the rules of the campaign whose call it was, not the rules of the one dialling now', () => {
    const usRules = dialRulesFrom({ regime: 'us', timezone: 'America/New_York', settings: {} });
    const abandonedUnderUk = { endedAtMs: noon - 10 * HOUR, restMs: 72 * HOUR };
    const abandonedUnderUs = { endedAtMs: noon - HOUR, restMs: 0 };
    const restOf = (abandons: LeadFacts['phones'][number]['abandons'], rules: typeof policy) =>
      evaluateLead({ ...base, phones: [{ ...base.phones[0]!, abandons }] }, rules, noon).phones[0]?.checks.find((c) => c.rule === 'abandon_rest');
    // A UK campaign's abandon holds a US campaign back until 72 h after the call...
    expect(restOf([abandonedUnderUk, abandonedUnderUs], usRules)).toMatchObject({ blocks: true, untilMs: noon + 62 * HOUR });
    // ...and a US campaign's abandon holds a UK campaign back not at all.
    expect(restOf([abandonedUnderUs], policy)).toMatchObject({ blocks: false, untilMs: null });
  });

  it('rests a number for 24 h under UK rules after a machine answered it, whichever lead or campaign dialled it', () => {
    const answeredByMachine = { ...base.phones[0]!, lastMachineAtMs: noon - 2 * HOUR };
    const facts: LeadFacts = { ...base, phones: [answeredByMachine, { ...base.phones[0]!, phoneId: '2', e164: '+12125550101', dialOrder: 1 }] };
    const verdict = evaluateLead(facts, policy, noon);
    expect(verdict.phones[0]?.checks.find((c) => c.rule === 'machine_rest')).toMatchObject({ blocks: true, untilMs: noon + 22 * HOUR });
    expect(verdict.phone?.phoneId).toBe('2');
    // US rules set no such rest: the lead's own wait after a machine is its campaign's choice.
    const us = dialRulesFrom({ regime: 'us', timezone: 'America/New_York', settings: {} });
    expect(us.redialAfterMachineMs).toBe(0);
    expect(evaluateLead({ ...base, phones: [answeredByMachine] }, us, noon).eligible).toBe(true);
  });

  it('does not ring a number while it is in a call for another lead that shares it', () => {
    const shared = { ...base.phones[0]!, inCallUntilMs: noon + 10 * 60_000 };
    const facts: LeadFacts = { ...base, phones: [shared, { ...base.phones[0]!, phoneId: '2', e164: '+12125550101', dialOrder: 1 }] };
    const verdict = evaluateLead(facts, policy, noon);
    expect(verdict.phones[0]?.checks.find((c) => c.rule === 'number_in_call')).toMatchObject({ blocks: true, untilMs: noon + 10 * 60_000 });
    // The lead's other number is dialled instead; with none, the lead waits for that call.
    expect(verdict.phone?.phoneId).toBe('2');
    expect(earliestDialMs(evaluateLead({ ...facts, phones: [shared] }, policy, noon), noon)).toBe(noon + 10 * 60_000);
    // A call whose lead's lease has lapsed (its node died) holds nothing back.
    expect(evaluateLead({ ...facts, phones: [{ ...shared, inCallUntilMs: noon - 1 }] }, policy, noon).eligible).toBe(true);
  });

  it('calls a lead whose sources name two zones only while the window is open in both', () => {
    // A New York number of someone living in Los Angeles; the US window is 08:00 to 21:00.
    const movedWest: LeadFacts = { ...base, nextDialAtMs: noon - 6 * HOUR, timeZone: 'America/New_York', otherTimeZones: ['America/Los_Angeles'] };
    const early = noon - 3.75 * HOUR; // 08:15 in New York, 05:15 in Los Angeles
    const window = (at: number) => evaluateLead(movedWest, policy, at).checks.find((c) => c.rule === 'calling_window');
    // Closed until 08:00 in Los Angeles (11:00 in New York); with New York alone, open.
    expect(window(early)).toMatchObject({ blocks: true, untilMs: noon - HOUR, detail: 'outside hours in America/Los_Angeles' });
    expect(evaluateLead({ ...movedWest, otherTimeZones: [] }, policy, early).eligible).toBe(true);
    expect(window(noon)).toMatchObject({ blocks: false, detail: 'open in America/New_York and America/Los_Angeles' });
    // 21:00 in New York, 18:00 in Los Angeles: closed until 08:00 next morning in Los Angeles.
    expect(window(noon + 9 * HOUR)).toMatchObject({ blocks: true, untilMs: noon + 23 * HOUR, detail: 'outside hours in America/New_York' });
  });

  it('is eligible exactly when no rule blocks, and a blocked lead names its rule', () => {
    const facts = fc.record({
      status: fc.constantFrom('new', 'retry', 'callback', 'scheduled', 'done', 'dnc'),
      listActive: fc.boolean(),
      nextDialAtMs: fc.integer({ min: noon - 5 * HOUR, max: noon + 5 * HOUR }),
      leasedUntilMs: fc.option(fc.integer({ min: noon - HOUR, max: noon + HOUR })),
      attempts: fc.integer({ min: 0, max: 8 }),
      recentAttemptsMs: fc.array(fc.integer({ min: noon - 30 * HOUR, max: noon }), { maxLength: 5 }),
      timeZone: fc.option(fc.constantFrom('America/Los_Angeles', 'Asia/Shanghai', 'Europe/London')),
      phones: fc.array(fc.record({
        phoneId: fc.integer({ min: 1, max: 1000 }).map(String), e164: fc.constant('+12125550100'), dialOrder: fc.integer({ min: 0, max: 3 }),
        disabled: fc.boolean(), attempts: fc.integer({ min: 0, max: 6 }),
        dnc: fc.array(fc.record({ scope: fc.constantFrom<'global' | 'campaign'>('global', 'campaign'), source: fc.constant('api'), expiresAtMs: fc.option(fc.integer({ min: noon - HOUR, max: noon + HOUR })) }), { maxLength: 2 }),
        abandons: fc.array(fc.record({ endedAtMs: fc.integer({ min: noon - 100 * HOUR, max: noon }), restMs: fc.constantFrom(0, 72 * HOUR) }), { maxLength: 2 }),
        lastMachineAtMs: fc.option(fc.integer({ min: noon - 30 * HOUR, max: noon })),
        recentDialsMs: fc.array(fc.integer({ min: noon - 30 * HOUR, max: noon }), { maxLength: 5 }),
        inCallUntilMs: fc.option(fc.integer({ min: noon - HOUR, max: noon + HOUR })),
      }), { maxLength: 3 }),
    });
    fc.assert(fc.property(facts, (f) => {
      const verdict = evaluateLead(f, policy, noon);
      expect(verdict.eligible).toBe(verdict.checks.every((c) => !c.blocks));
      expect(verdict.eligible ? verdict.phone !== null : true).toBe(true);
      const earliest = earliestDialMs(verdict, noon);
      if (earliest !== null && earliest > noon && verdict.checks.every((c) => c.rule !== 'calling_window' || !c.blocks)) {
        // Waiting out the blocks that end by themselves never makes a block appear (besides the window).
        const later = evaluateLead(f, policy, earliest);
        expect(later.checks.filter((c) => c.blocks && c.rule !== 'calling_window' && c.rule !== 'dialable_phone').map((c) => c.rule)).toEqual([]);
      }
    }), { numRuns: 500 });
  });
});
