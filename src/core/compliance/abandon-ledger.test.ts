import { describe, expect, it } from 'vitest';
import { abandonFigures, createAbandonLedger, ledgerBucketMs, ledgerFromHistory, recordInLedger } from './abandon-ledger.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('abandon ledger seeded with history', () => {
  const now = 40 * DAY;

  it('counts the stretches inside the regime window and leaves out older and future ones', () => {
    const ledger = ledgerFromHistory('us', [
      { atMs: now - 31 * DAY, live: 500, abandoned: 100, machine: 0 }, // before the 30-day window
      { atMs: now - 10 * DAY, live: 200, abandoned: 4, machine: 30 },
      { atMs: now - 2 * HOUR, live: 100, abandoned: 2, machine: 10 },
      { atMs: now + HOUR, live: 50, abandoned: 50, machine: 0 }, // not yet: a clock skew
    ], now);
    const figures = abandonFigures(ledger, now, 0);
    expect(figures).toMatchObject({ liveAnswers: 300, abandoned: 6, machineAnswers: 40, quarterHourLive: 0, quarterHourAbandoned: 0 });
    expect(figures.rate).toBeCloseTo(0.02, 12);
  });

  it('fills the last quarter hour and the recent rate from the stretches that fall in them', () => {
    const ledger = ledgerFromHistory('uk', [
      { atMs: now - 3 * HOUR, live: 100, abandoned: 0, machine: 0 },
      { atMs: now - 5 * 60_000, live: 40, abandoned: 3, machine: 5 },
    ], now);
    const figures = abandonFigures(ledger, now, 0);
    expect(figures.quarterHourLive).toBe(40);
    expect(figures.quarterHourAbandoned).toBe(3);
    // As the UK counts it, with a 20% AMD false-positive rate: the 5 machine answers hold one person.
    expect(abandonFigures(ledger, now, 0.2)).toMatchObject({ quarterHourMachineAnswers: 5, quarterHourCountedAbandoned: 4, quarterHourCountedLiveAnswers: 41 });
    // Three hours is many time constants of the recent rate: the last minutes dominate it.
    expect(figures.recentRate).toBeGreaterThan(0.07);
    expect(figures.recentRate).toBeLessThan(3 / 40);
  });

  it('goes on counting what the engine records after it, bucket for bucket as if it had seen it', () => {
    const bucket = ledgerBucketMs('us');
    const start = Math.floor((now - 2 * HOUR) / bucket) * bucket;
    const ledger = ledgerFromHistory('us', [{ atMs: start, live: 9, abandoned: 0, machine: 0 }], now);
    recordInLedger(ledger, 'live', now + 1_000);
    recordInLedger(ledger, 'abandoned', now + 1_500);
    const fresh = createAbandonLedger('us');
    for (let i = 0; i < 9; i++) recordInLedger(fresh, 'live', start);
    recordInLedger(fresh, 'live', now + 1_000);
    recordInLedger(fresh, 'abandoned', now + 1_500);
    expect(abandonFigures(ledger, now + 2_000, 0)).toMatchObject({ liveAnswers: 10, abandoned: 1, quarterHourLive: 1, quarterHourAbandoned: 1 });
    expect(ledger.window).toEqual(fresh.window);
  });

  it("counts the window's first stretch, which starts before the window as storage labels it", () => {
    // Taken on at the top of an hour: the window's first stretch starts with the window itself, or
    // before it, and holds only answers inside the window.
    const onTheHour = 40 * DAY;
    const bucket = ledgerBucketMs('us');
    const first = Math.floor((onTheHour - 30 * DAY) / bucket) * bucket;
    const ledger = ledgerFromHistory('us', [
      { atMs: first, live: 10, abandoned: 5, machine: 0 },
      { atMs: onTheHour - DAY, live: 90, abandoned: 0, machine: 0 },
    ], onTheHour);
    expect(abandonFigures(ledger, onTheHour, 0)).toMatchObject({ liveAnswers: 100, abandoned: 5 });
    // The quarter hour's first fine stretch too.
    const quarter = ledgerFromHistory('uk', [{ atMs: onTheHour - 15 * 60_000, live: 4, abandoned: 1, machine: 0 }], onTheHour);
    expect(abandonFigures(quarter, onTheHour, 0)).toMatchObject({ quarterHourLive: 4, quarterHourAbandoned: 1 });
  });

  it('gives the terms its rate divides: under UK rules the estimated AMD false positives in both', () => {
    const uk = ledgerFromHistory('uk', [{ atMs: now - HOUR, live: 100, abandoned: 2, machine: 200 }], now);
    const figures = abandonFigures(uk, now, 0.02);
    expect(figures).toMatchObject({ liveAnswers: 100, abandoned: 2, countedAbandoned: 6, countedLiveAnswers: 104 });
    expect(figures.rate).toBeCloseTo(figures.countedAbandoned / figures.countedLiveAnswers, 12);
    const us = abandonFigures(ledgerFromHistory('us', [{ atMs: now - HOUR, live: 100, abandoned: 2, machine: 200 }], now), now, 0.02);
    expect(us).toMatchObject({ countedAbandoned: 2, countedLiveAnswers: 100 });
  });

  it('ignores counts that are not positive numbers', () => {
    const ledger = ledgerFromHistory('us', [{ atMs: now - HOUR, live: Number.NaN, abandoned: -3, machine: 0 }], now);
    expect(abandonFigures(ledger, now, 0)).toMatchObject({ liveAnswers: 0, abandoned: 0 });
  });
});
