import { describe, expect, it } from 'vitest';
import { dialRulesFrom } from './dial-rules-policy.js';
import { evaluateLead, type LeadFacts } from './lead-eligibility.js';
import { dayNumberOf } from './local-time.js';
import { leadFilterFrom, leadFilterProblems, meets, unmetCondition } from './lead-filter.js';

describe("a campaign's lead filter", () => {
  const filter = leadFilterFrom([
    { field: 'state', op: 'in', values: [' CA', 'nv '] },
    { field: 'plan', op: 'not_in', values: ['Gold'] },
    { field: 'email', op: 'not_empty' },
  ]);

  it('is met by a lead meeting every condition, compared trimmed and in lower case', () => {
    expect(filter[0]).toEqual({ field: 'state', op: 'in', values: ['ca', 'nv'] });
    expect(unmetCondition(filter, { state: ' ca ', plan: 'silver', email: 'a@b.c' })).toBeNull();
    expect(unmetCondition(filter, { state: 'TX', email: 'a@b.c' })).toEqual(filter[0]);
    expect(unmetCondition(filter, { state: 'NV', plan: 'GOLD', email: 'a@b.c' })).toEqual(filter[1]);
    expect(unmetCondition(filter, { state: 'NV', email: '  ' })).toEqual(filter[2]);
    // Numbers and booleans compare as written; a field the lead lacks is empty and in no list.
    expect(meets({ field: 'band', op: 'in', values: ['3'] }, { band: 3 })).toBe(true);
    expect(meets({ field: 'band', op: 'not_in', values: ['3'] }, {})).toBe(true);
    expect(meets({ field: 'band', op: 'empty', values: [] }, { band: null })).toBe(true);
  });

  it('names what is wrong with a filter as sent, and filters out every lead when a stored one is bad', () => {
    expect(leadFilterProblems(null)).toEqual([]);
    expect(leadFilterProblems({ field: 'state' })).toEqual(['a list of conditions {field, op, values}']);
    expect(leadFilterProblems([{ field: 'state', op: 'is', values: ['ca'] }, { field: '', op: 'in', values: [] }, { field: 'x', op: 'empty', values: ['y'] }])).toEqual([
      '[0]: op: "is" is not one of in, not_in, empty, not_empty',
      '[1]: field: the name of a lead field', '[1]: values: 1 to 200 texts to compare the field with',
      '[2]: values: none for empty',
    ]);
    expect(unmetCondition(leadFilterFrom([{ field: 'state', op: 'is' }]), { state: 'ca' })).not.toBeNull();
  });

  it('keeps a lead out of dialling, and says which condition it does not meet', () => {
    const noon = dayNumberOf(2025, 3, 5) * 86_400_000 + 17 * 3_600_000;
    const policy = dialRulesFrom({ regime: 'us', timezone: 'America/New_York', settings: { leadFilter: [{ field: 'state', op: 'in', values: ['CA'] }] } });
    const lead: LeadFacts = {
      status: 'new', listActive: true, nextDialAtMs: noon - 1, leasedUntilMs: null, attempts: 0, recentAttemptsMs: [], timeZone: null, fields: { state: 'TX' },
      phones: [{ phoneId: '1', e164: '+12125550100', dialOrder: 0, disabled: false, attempts: 0, dnc: [], abandons: [], lastMachineAtMs: null, recentDialsMs: [], inCallUntilMs: null }],
    };
    const verdict = evaluateLead(lead, policy, noon);
    expect(verdict.eligible).toBe(false);
    expect(verdict.checks.find((c) => c.rule === 'lead_filter')).toEqual({ rule: 'lead_filter', blocks: true, untilMs: null, detail: "left out by the campaign's filter: not state in ca" });
    expect(evaluateLead({ ...lead, fields: { state: 'ca' } }, policy, noon).eligible).toBe(true);
    // A callback was promised: the filter does not keep it from being made.
    expect(evaluateLead({ ...lead, status: 'callback' }, policy, noon).eligible).toBe(true);
  });
});
