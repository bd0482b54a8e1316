import { describe, expect, it } from 'vitest';
import { abandonFigures, createAbandonLedger, recordInLedger } from '../compliance/abandon-ledger.js';
import type { AbandonRegime } from '../compliance/abandon-regime.js';
import { poissonAtLeast } from '../stats/poisson-tail.js';
import { lastQuarterHour } from './burst-weight.js';
import { holdToQuarterHour, quarterHourOverrunChance } from './quarter-hour-cap.js';

/** The cap alone: what is left of a share no other limit holds down. */
const capOf = (live: number, abandoned: number): number => holdToQuarterHour(1, 0.03, { live, abandoned });

describe('quarter-hour cap', () => {
  it('leaves the most a step is ever allowed alone while a mid-size team has had no abandons', () => {
    // 120 answers at 3%: 7 abandons would break 5%.
    expect(holdToQuarterHour(0.0285, 0.03, { live: 120, abandoned: 0 })).toBe(0.0285);
    expect(capOf(120, 0)).toBeGreaterThan(0.0285);
  });

  it('tightens with every abandon the quarter hour has had, and shuts once it is full', () => {
    const caps = [0, 1, 2, 3, 4, 5, 6, 7].map((abandoned) => capOf(120, abandoned));
    for (let i = 1; i < caps.length; i++) expect(caps[i]).toBeLessThan(caps[i - 1] ?? 0);
    expect(caps[6]).toBeGreaterThan(0);
    expect(caps[7]).toBe(0);
    expect(holdToQuarterHour(0.02, 0.03, { live: 120, abandoned: 5 })).toBe(caps[5]);
  });

  it('keeps the chance of breaking the limit at what it allows', () => {
    // 60 answers: 4 abandons break 5%; with 2 already, 2 more would.
    expect(poissonAtLeast(capOf(60, 2) * 60, 2)).toBeCloseTo(quarterHourOverrunChance, 6);
  });

  it('counts a young quarter hour as holding a few dozen answers', () => {
    expect(capOf(3, 1)).toBe(capOf(20, 1));
    expect(capOf(3, 1)).toBeGreaterThan(0);
  });

  it('counts the quarter hour as the regime does: under UK rules the estimated AMD false positives are abandons in it', () => {
    // 120 live answers, 5 of them abandoned, and 100 machine answers of which AMD is reckoned to
    // have taken 2% for machines wrongly: 2 more abandons (and live answers) under UK rules.
    const startMs = 1_000_000_000;
    const quarterHourOf = (regime: AbandonRegime) => {
      const ledger = createAbandonLedger(regime);
      for (let i = 0; i < 120; i++) recordInLedger(ledger, 'live', startMs + i * 1_000);
      for (let i = 0; i < 5; i++) recordInLedger(ledger, 'abandoned', startMs + 130_000 + i * 1_000);
      for (let i = 0; i < 100; i++) recordInLedger(ledger, 'machine', startMs + i * 1_000);
      return lastQuarterHour(abandonFigures(ledger, startMs + 200_000, 0.02));
    };
    expect(quarterHourOf('us')).toEqual({ live: 120, abandoned: 5 });
    expect(quarterHourOf('uk')).toEqual({ live: 122, abandoned: 7 });
    // The US count leaves room for one more abandon at 5%; the UK count is over it already.
    expect(holdToQuarterHour(0.01, 0.03, quarterHourOf('us'))).toBeGreaterThan(0);
    expect(holdToQuarterHour(0.01, 0.03, quarterHourOf('uk'))).toBe(0);
  });

  it("leaves the step only what the false positives the next quarter hour's machine answers bring leave of it", () => {
    // 2% of 120 answers is 2.4 estimated abandons to come: as little room as after 3 abandons.
    expect(holdToQuarterHour(1, 0.03, { live: 120, abandoned: 0 }, 0.02)).toBe(capOf(120, 3));
    expect(holdToQuarterHour(1, 0.03, { live: 120, abandoned: 0 }, 0.02)).toBeLessThan(capOf(120, 0));
  });
});
