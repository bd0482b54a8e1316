// Predictive pacing invariants on synthetic snapshots: caps hold, a spent budget means no
// overdialling, the controller never allows more than the target, and the loss chain adds up.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings } from '../campaign-settings.js';
import { createCampaignStats, recordDialResult, recordTalk, recordWrap } from '../stats/campaign-stats.js';
import { abandonAllowance } from './abandon-controller.js';
import { decide } from './decide.js';
import { lossChain, type Period } from './loss-chain.js';
import { answerRateUncertainty } from './predictive.js';
import type { PacingSnapshot } from './pacing-snapshot.js';

function learnedStats() {
  const stats = createCampaignStats();
  for (let i = 0; i < 1_000; i++) recordDialResult(stats, i % 5 === 0 ? 'live' : i % 5 === 1 ? 'machine' : 'none', 5_000 + (i % 20) * 1_000);
  for (let i = 0; i < 200; i++) {
    recordTalk(stats, 30_000 + (i % 10) * 20_000);
    recordWrap(stats, 10_000 + (i % 5) * 2_000);
  }
  return stats;
}

const stats = learnedStats();

interface Shape {
  staffed: number;
  ready: number;
  dialing: number;
  waiting: number;
  /** How the allowance is scaled for the forecast's track record (1 when not given). */
  calibrationFactor?: number;
  pending: number;
  rate: number;
  live: number;
  trunkCap: number;
  /** The calls-per-second limit (0: none) and the calls started within the last second. */
  perSecond?: number;
  startedLastSecond?: number;
  /** The campaign's share of the node's trunk limit left this second (null: no limit). */
  nodeRoom?: number | null;
  mode: 'progressive' | 'power' | 'predictive';
}

function snapshotOf(s: Shape): PacingSnapshot {
  const ready = Math.min(s.ready, s.staffed);
  const busy = s.staffed - ready;
  return {
    nowMs: 3_600_000,
    settings: { ...defaultCampaignSettings, mode: s.mode, dialLevel: 3, maxLinesPerAgent: 3, trunkCap: s.trunkCap, amdEnabled: true, maxDialsPerSecond: s.perSecond ?? 0 },
    running: true, telephonyUp: true, pbxFreeChannels: null, leadsAvailable: true,
    agentsStaffed: s.staffed, agentsReady: ready, agentsPaused: 0,
    busyAgents: Array.from({ length: busy }, (_, i) => ({ phase: i % 4 === 0 ? 'wrap_up' as const : 'talking' as const, elapsedMs: (i * 7_919) % 200_000, leaving: false })),
    callsDialing: s.dialing,
    dialsLastSecond: s.startedLastSecond ?? 0,
    nodeDialRoom: s.nodeRoom ?? null,
    dialingCalls: Array.from({ length: s.dialing }, (_, i) => ({ elapsedMs: (i * 3_001) % 25_000, answered: i % 9 === 0 })),
    callsWaiting: s.waiting, callsConnected: Math.min(busy, s.staffed), callsOther: 0, leadsPending: s.pending,
    stats,
    abandon: { liveAnswers: s.live, abandoned: Math.round(s.live * s.rate), machineAnswers: 0, countedAbandoned: s.live * s.rate, countedLiveAnswers: s.live, rate: s.rate, recentLiveAnswers: s.live / 4, recentRate: s.rate, quarterHourLive: 0, quarterHourAbandoned: 0,
      quarterHourMachineAnswers: 0, quarterHourCountedAbandoned: 0, quarterHourCountedLiveAnswers: 0 },
    calibrationFactor: s.calibrationFactor ?? 1,
    abandonTarget: 0.03,
  };
}

const shapes = fc.record({
  staffed: fc.integer({ min: 0, max: 60 }), ready: fc.integer({ min: 0, max: 60 }), dialing: fc.integer({ min: 0, max: 80 }),
  waiting: fc.integer({ min: 0, max: 3 }), pending: fc.integer({ min: 0, max: 5 }), rate: fc.double({ min: 0, max: 0.1, noNaN: true }),
  live: fc.integer({ min: 0, max: 5_000 }), calibrationFactor: fc.double({ min: 0.25, max: 1.2, noNaN: true }), trunkCap: fc.integer({ min: 0, max: 100 }),
  perSecond: fc.constantFrom(0, 0, 1, 3, 10), startedLastSecond: fc.integer({ min: 0, max: 12 }),
  nodeRoom: fc.constantFrom(null, null, 0, 1, 4),
  mode: fc.constantFrom('progressive' as const, 'power' as const, 'predictive' as const),
});

describe('pacing invariants', () => {
  it("never exceeds the lines-per-agent, trunk and calls-per-second caps, the campaign's and the node's", () => {
    fc.assert(fc.property(shapes, (s) => {
      const snap = snapshotOf(s);
      const d = decide(snap);
      const lines = snap.callsDialing + snap.callsWaiting + snap.leadsPending + snap.callsConnected + snap.callsOther;
      expect(d.launch).toBeGreaterThanOrEqual(0);
      if (d.launch > 0) {
        expect(lines + d.launch).toBeLessThanOrEqual(snap.settings.maxLinesPerAgent * snap.agentsStaffed);
        if (snap.settings.trunkCap > 0) expect(lines + d.launch).toBeLessThanOrEqual(snap.settings.trunkCap);
        const perSecond = snap.settings.maxDialsPerSecond ?? 0;
        if (perSecond > 0) expect(snap.dialsLastSecond + snap.leadsPending + d.launch).toBeLessThanOrEqual(perSecond);
        if (snap.nodeDialRoom !== null) expect(d.launch).toBeLessThanOrEqual(snap.nodeDialRoom);
      }
    }), { numRuns: 300 });
  });

  it('progressive launches nothing without a ready agent, and no more than one call per ready agent', () => {
    fc.assert(fc.property(shapes, (s) => {
      const snap = snapshotOf({ ...s, mode: 'progressive' });
      const d = decide(snap);
      expect(d.launch).toBeLessThanOrEqual(Math.max(0, snap.agentsReady - snap.callsDialing - snap.callsWaiting - snap.leadsPending));
    }), { numRuns: 300 });
  });

  it('predictive stops overdialling once the regime window is over budget', () => {
    fc.assert(fc.property(shapes, (s) => {
      const snap = snapshotOf({ ...s, mode: 'predictive', rate: 0.031 + s.rate, live: 100 + s.live });
      const d = decide(snap);
      expect(d.launch).toBeLessThanOrEqual(Math.max(0, snap.agentsReady - snap.callsDialing - snap.callsWaiting - snap.leadsPending));
    }), { numRuns: 200 });
  });

  it('never allows more than the target, however far under budget the campaign is', () => {
    fc.assert(fc.property(shapes, (s) => {
      expect(abandonAllowance(snapshotOf(s)).share).toBeLessThanOrEqual(0.03);
    }), { numRuns: 300 });
  });

  it('leaves overdialling only what the AMD false positives a regime counts leave of the target, and none once they take the aim', () => {
    // Under UK rules with AMD: 200 machine answers a 100 live, 2% of them taken to be people.
    const withFalsePositives = (s: Shape, falsePositives: number): PacingSnapshot => {
      const snap = snapshotOf(s);
      const countedLiveAnswers = snap.abandon.liveAnswers + falsePositives;
      const countedAbandoned = snap.abandon.abandoned + falsePositives;
      const rate = countedLiveAnswers > 0 ? countedAbandoned / countedLiveAnswers : 0;
      return { ...snap, abandon: { ...snap.abandon, countedLiveAnswers, countedAbandoned, rate, recentRate: rate } };
    };
    fc.assert(fc.property(shapes, fc.double({ min: 0, max: 0.05, noNaN: true }), (s, perLive) => {
      const live = 100 + s.live;
      const snap = withFalsePositives({ ...s, live, rate: s.rate / 10 }, live * perLive);
      const share = abandonAllowance(snap).share;
      const falsePositiveShare = (snap.abandon.countedAbandoned - snap.abandon.abandoned) / snap.abandon.countedLiveAnswers;
      if (falsePositiveShare >= 0.03 * 0.8) expect(share).toBe(0);
      else expect(share + falsePositiveShare).toBeLessThanOrEqual(0.03);
    }), { numRuns: 300 });
    // The same window without false positives is allowed more.
    const quiet = { staffed: 20, ready: 5, dialing: 10, waiting: 0, pending: 0, rate: 0.005, live: 2_000, trunkCap: 0, mode: 'predictive' as const };
    expect(abandonAllowance(withFalsePositives(quiet, 20)).share).toBeLessThan(abandonAllowance(snapshotOf(quiet)).share);
  });

  it('keeps a team under four agents progressive within every regime budget, not beyond them', () => {
    const small = snapshotOf({ staffed: 3, ready: 1, dialing: 0, waiting: 0, pending: 0, rate: 0.01, live: 500, trunkCap: 0, mode: 'predictive' });
    for (const abandonTarget of [0.01, 0.03]) {
      const d = decide({ ...small, abandonTarget });
      expect(d.binding).toBe('small_team');
      expect(d.launch).toBe(1);
    }
    const generous = decide({ ...small, abandonTarget: 0.4, abandon: { ...small.abandon, rate: 0.3, recentRate: 0.3 } });
    expect(generous.binding).toBe('model');
    expect(generous.launch).toBeGreaterThan(1);
  });

  it('records why: inputs, launch, dial level, binding limit and the forecast', () => {
    const d = decide(snapshotOf({ staffed: 20, ready: 5, dialing: 10, waiting: 0, pending: 0, rate: 0.01, live: 500, trunkCap: 0, mode: 'predictive' }));
    expect(d.binding).toBe('model');
    expect(d.inputs.forecast?.allowedAbandonShare).toBeGreaterThan(0);
    expect(d.inputs.forecast?.predictedAbandonShare).toBeLessThanOrEqual(d.inputs.forecast?.allowedAbandonShare ?? 0);
    expect(d.inputs.forecast?.calibrationFactor).toBe(1);
    expect(d.inputs.forecast?.answerRateUncertainty).toBeGreaterThanOrEqual(0.05);
    expect(d.dialLevel).toBeGreaterThan(0);
  });
});

describe('predictive after a bad quarter hour', () => {
  const quiet = snapshotOf({ staffed: 20, ready: 5, dialing: 2, waiting: 0, pending: 0, rate: 0.01, live: 500, trunkCap: 0, mode: 'predictive' });
  const withQuarterHour = (abandoned: number): PacingSnapshot => ({ ...quiet, abandon: { ...quiet.abandon, quarterHourLive: 120, quarterHourAbandoned: abandoned, quarterHourCountedLiveAnswers: 120, quarterHourCountedAbandoned: abandoned } });

  it('launches less as the last quarter hour fills with abandons, and only for ready agents once it is full', () => {
    const launches = [0, 3, 5].map((abandoned) => decide(withQuarterHour(abandoned)).launch);
    expect(launches[1]).toBeLessThan(launches[0] ?? 0);
    expect(launches[2]).toBeLessThan(launches[1] ?? 0);
    // 7 abandons in 120 answers break 5%: no room is left, so no overdialling at all.
    const full = decide(withQuarterHour(7));
    expect(full.binding).toBe('agents');
    expect(full.launch).toBe(Math.max(0, quiet.agentsReady - quiet.callsDialing));
  });

  it('records whether the quarter hour held the allowance down', () => {
    expect(decide(withQuarterHour(0)).inputs.forecast?.heldByQuarterHour).toBe(false);
    const held = decide(withQuarterHour(5)).inputs.forecast;
    expect(held?.heldByQuarterHour).toBe(true);
    expect(held?.allowedAbandonShare).toBeLessThan(abandonAllowance(quiet).share);
  });
});

describe('loss chain', () => {
  const expectedLosses = (freeNow: number, periods: readonly Period[], launch: number, cap: number): number =>
    lossChain(periods, cap).moments(freeNow, launch).lost;

  it('loses every answer when no agent is or becomes free', () => {
    expect(expectedLosses(0, [{ frees: 0, answers: 2.5, perLaunch: 0 }], 0, 20)).toBeCloseTo(2.5, 6);
  });

  it('loses nothing with no answers, and less with more free agents', () => {
    expect(expectedLosses(3, [{ frees: 1, answers: 0, perLaunch: 0 }], 0, 20)).toBe(0);
    const periods = [{ frees: 0.5, answers: 1, perLaunch: 0.1 }, { frees: 0.5, answers: 1, perLaunch: 0.1 }];
    expect(expectedLosses(3, periods, 5, 30)).toBeLessThan(expectedLosses(1, periods, 5, 30));
    expect(expectedLosses(1, periods, 10, 30)).toBeGreaterThan(expectedLosses(1, periods, 5, 30));
  });

  it('counts pairs lost together as E[L(L-1)]: m squared when every one of a Poisson(m) is lost', () => {
    const m = lossChain([{ frees: 0, answers: 1.5, perLaunch: 0.5 }], 30).moments(0, 2);
    expect(m.lost).toBeCloseTo(2.5, 6);
    expect(m.pairs).toBeCloseTo(6.25, 6);
  });

  it('carries losses across periods as an enumeration of every path does', () => {
    const poisson = (mean: number, k: number): number => {
      let term = Math.exp(-mean);
      for (let i = 1; i <= k; i++) term *= mean / i;
      return term;
    };
    const [m1, m2, free] = [0.8, 1.7, 2];
    let lost = 0;
    let pairs = 0;
    for (let a1 = 0; a1 < 30; a1++) {
      for (let a2 = 0; a2 < 30; a2++) {
        const left = Math.max(0, free - a1);
        const l = Math.max(0, a1 - free) + Math.max(0, a2 - left);
        const chance = poisson(m1, a1) * poisson(m2, a2);
        lost += chance * l;
        pairs += chance * l * (l - 1);
      }
    }
    const chain = lossChain([{ frees: 0, answers: m1, perLaunch: 0 }, { frees: 0, answers: m2, perLaunch: 0 }], 30).moments(free, 0);
    expect(chain.lost).toBeCloseTo(lost, 6);
    expect(chain.pairs).toBeCloseTo(pairs, 6);
  });
});

describe('answer-rate uncertainty', () => {
  /** Stats after `samples` dials with the given long-run, recent and last-thousands rates. */
  function statsWith(samples: number, rates: { slow: number; fast: number; long: number }) {
    const stats = createCampaignStats();
    stats.liveAnswerRate.samples = samples;
    stats.liveAnswerRate.mean = rates.slow;
    stats.liveAnswerRateFast.mean = rates.fast;
    stats.liveAnswerRateLong.mean = rates.long;
    return stats;
  }

  it('shrinks with more dials and with higher answer rates, within bounds, and grows with drift', () => {
    const few = createCampaignStats();
    few.liveAnswerRate.samples = 100;
    const many = createCampaignStats();
    many.liveAnswerRate.samples = 500;
    expect(answerRateUncertainty(many, 0.1)).toBeLessThan(answerRateUncertainty(few, 0.1));
    expect(answerRateUncertainty(many, 0.35)).toBeLessThan(answerRateUncertainty(many, 0.1));
    expect(answerRateUncertainty(createCampaignStats(), 0.01)).toBe(0.4);
    expect(answerRateUncertainty(many, 0.9)).toBe(0.05);
    expect(answerRateUncertainty(statsWith(500, { slow: 0.1, fast: 0.13, long: 0.1 }), 0.1)).toBeCloseTo(0.3, 6);
    // In a lull (below where the rate has been for thousands of dials) the way back up counts too.
    expect(answerRateUncertainty(statsWith(500, { slow: 0.1, fast: 0.1, long: 0.125 }), 0.1)).toBeCloseTo(0.25, 6);
    expect(answerRateUncertainty(statsWith(500, { slow: 0.1, fast: 0.1, long: 0.075 }), 0.1)).toBeCloseTo(Math.sqrt(0.9 / 50), 6);
  });
});
