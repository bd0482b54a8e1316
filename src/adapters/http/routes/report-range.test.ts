// The period a report or an export covers: defaulted alike, bounded for reports only.

import { describe, expect, it } from 'vitest';
import { reportPeriod, reportRange } from './report-range.js';

const nowMs = Date.parse('2030-01-10T12:00:00Z');

describe('report periods', () => {
  it('default to the 24 hours up to now, or up to the end asked for', () => {
    expect(reportPeriod({}, nowMs)).toEqual({ from: new Date('2030-01-09T12:00:00Z'), to: new Date(nowMs), now: new Date(nowMs) });
    expect(reportPeriod({ to: '2030-01-05T00:00:00Z' }, nowMs)).toMatchObject({ from: new Date('2030-01-04T00:00:00Z'), to: new Date('2030-01-05T00:00:00Z') });
    expect(reportRange({}, nowMs)).toEqual(reportPeriod({}, nowMs));
  });

  it('are bounded to 93 days and in order for reports, any length for an export', () => {
    const century = { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' };
    expect(reportPeriod(century, nowMs)).toMatchObject({ from: new Date(century.from), to: new Date(century.to) });
    expect(() => reportRange(century, nowMs)).toThrow('the period may span at most 93 days');
    expect(() => reportRange({ from: '2030-01-02T00:00:00Z', to: '2030-01-01T00:00:00Z' }, nowMs)).toThrow('from must be before to');
    expect(reportRange({ from: '2029-10-09T12:00:00Z' }, nowMs).from).toEqual(new Date('2029-10-09T12:00:00Z'));
  });
});
