// The VICIdial comparison at equal abandonment: a baseline that ran hotter is compared with
// predictive given the baseline's rate as budget, never with predictive as configured. And the
// spread over seeds: the talk target read with its standard error, and the seeds that miss the
// shock target counted for the shock and for its control. And predictive's curve of talk against
// abandonment from its runs at other budgets: what a talk target would cost.

import { describe, expect, it } from 'vitest';
import { gridCells, type Cell } from './bench-grid.js';
import type { RunResult } from '../engine/run-result.js';
import type { BenchTaskResult } from './bench-task.js';
import { frontierPoints, rateForTalk, talkAtRate } from './bench-frontier.js';
import { beatsAtEqualAbandonment, describeLosses, formatFrontier, missesShockTarget, needsMatchedRun, standardError, summarise, targetChecks, type CellSummary, type PacerSummary } from './bench-report.js';
import { pacingChart } from './svg-chart.js';

function pacer(talk: number, abandon: number): PacerSummary {
  return {
    seeds: 1, talkStandardError: 0, shockSeedsFailed: null,
    talkMinPerAgentHour: talk, occupancy: 0.8, abandonRate: abandon, abandonRateWorstSeed: abandon, worst15MinAbandonRate: null,
    afterShockAbandonRate: null, worst15MinFromShockRate: null, shockRecoveryMin: null, coldStart15MinAbandonRate: null,
    predictedAbandonShare: null, latencyP50Ms: 0, latencyP99Ms: 0, meanWaitS: 0, dialsPerAgentHour: 0, gainOverProgressive: 0,
    silentCalls: 0, invariantViolations: 0, doubleDials: 0, lateAnswers: 0,
  };
}

const cell = gridCells(true)[0];

function summary(pacers: CellSummary['pacers']): CellSummary {
  if (!cell) throw new Error('no quick cell');
  return { cell, boundTalkMinPerAgentHour: 53, pacers };
}

describe('equal-abandonment comparison', () => {
  it('counts a direct win without a matched run', () => {
    const s = summary({ 'predictive': pacer(45, 0.02), 'vicidial-average': pacer(40, 0.05) });
    expect(needsMatchedRun(s, 'vicidial-average')).toBe(false);
    expect(beatsAtEqualAbandonment(s, 'vicidial-average')).toBe(true);
  });

  it('asks for a matched run when the baseline bought more talk with more abandons, and judges by it', () => {
    const hot = summary({ 'predictive': pacer(45, 0.02), 'vicidial-tapered': pacer(50, 0.2) });
    expect(needsMatchedRun(hot, 'vicidial-tapered')).toBe(true);
    expect(beatsAtEqualAbandonment(hot, 'vicidial-tapered')).toBe(false);
    expect(beatsAtEqualAbandonment({ ...hot, pacers: { ...hot.pacers, 'predictive@vicidial-tapered': pacer(51, 0.18) } }, 'vicidial-tapered')).toBe(true);
    // More talk at a higher rate than the baseline's is no win.
    expect(beatsAtEqualAbandonment({ ...hot, pacers: { ...hot.pacers, 'predictive@vicidial-tapered': pacer(51, 0.21) } }, 'vicidial-tapered')).toBe(false);
    expect(beatsAtEqualAbandonment({ ...hot, pacers: { ...hot.pacers, 'predictive@vicidial-tapered': pacer(49.9, 0.15) } }, 'vicidial-tapered')).toBe(false);
  });

  it('says what the losses have in common: the baseline\'s rates, and which are draws within the spread over seeds', () => {
    const spread = (p: PacerSummary, se: number): PacerSummary => ({ ...p, talkStandardError: se });
    const draw = summary({ 'vicidial-tapered': spread(pacer(52, 0.6), 0.1), 'predictive@vicidial-tapered': spread(pacer(51.9, 0.5), 0.1) });
    const clear = summary({ 'vicidial-tapered': spread(pacer(57, 0.2), 0.1), 'predictive@vicidial-tapered': spread(pacer(55, 0.1), 0.1) });
    expect(describeLosses([draw, clear], 'vicidial-tapered')).toBe(' (the baseline ran at 20.00% to 60.00% abandonment in them, over 3.00% in 2; 1 within two standard errors of the matched run\'s talk)');
    expect(describeLosses([], 'vicidial-tapered')).toBe('');
  });
});

function run(seed: number, talk: number, shock: { recovery: number; worstFromShock: number } | null = null): RunResult {
  return {
    name: 'run', seed, agentHours: 40, talkMinPerAgentHour: talk, occupancy: 0.85, abandonRate: 0.02, worst15MinAbandonRate: 0.04,
    afterShockAbandonRate: shock ? 0.02 : null, worst15MinFromShockRate: shock?.worstFromShock ?? null, shockRecoveryMin: shock?.recovery ?? null,
    coldStart15MinAbandonRate: 0.01, predictedAbandonShare: 0.02, latencyP50Ms: 400, latencyP99Ms: 900, meanWaitS: 20, dialsPerAgentHour: 60,
    liveAnswers: 500, abandoned: 10, silentCalls: 0,
    audit: { steps: 1, invariantChecks: 1, invariantViolations: [], doubleDials: 0, lateAnswers: 0, amdFalsePositives: 0, messagesOverGreeting: 0, ledgerMismatch: 0 },
  };
}

describe('spread over seeds', () => {
  it('gives the standard error of a mean, and none for a single seed', () => {
    expect(standardError([44, 45, 46, 45])).toBeCloseTo(Math.sqrt(2 / 3 / 4), 9);
    expect(standardError([45])).toBe(0);
  });

  it('counts the seeds that miss the shock target on their own, and reads the 20-agent target with its error', () => {
    const cells = gridCells(false);
    const main20 = cells.find((c) => c.id === 'n20-p0.2-t120-amd');
    const shock = cells.find((c) => c.id === 'n20-p0.2-t120-amd-answer-halves');
    const control = cells.find((c) => c.id === 'n20-p0.2-t120-amd-answer-control');
    if (!main20 || !shock || !control) throw new Error('grid lacks the 20-agent cells');
    const shockRuns = (cell: Cell, figures: { recovery: number; worstFromShock: number }[]): BenchTaskResult[] => figures
      .map((f, i) => ({ cellId: cell.id, pacer: 'predictive' as const, seed: i + 1, result: run(i + 1, 44, f), wallMs: 1 }));
    const [summary20, summaryShock, summaryControl] = summarise([main20, shock, control], [
      ...[44.8, 45.4, 45.1].map((talk, i) => ({ cellId: main20.id, pacer: 'predictive' as const, seed: i + 1, result: run(i + 1, talk), wallMs: 1 })),
      ...shockRuns(shock, [{ recovery: 2, worstFromShock: 0.04 }, { recovery: 7, worstFromShock: 0.04 }, { recovery: 0, worstFromShock: 0.051 }]),
      ...shockRuns(control, [{ recovery: 0, worstFromShock: 0.03 }, { recovery: 6, worstFromShock: 0.03 }, { recovery: 0, worstFromShock: 0.03 }]),
    ]);
    expect(summary20?.pacers.predictive?.seeds).toBe(3);
    expect(summary20?.pacers.predictive?.talkStandardError).toBeCloseTo(standardError([44.8, 45.4, 45.1]), 9);
    expect(summary20?.pacers.predictive?.shockSeedsFailed).toBeNull();
    expect(summaryShock?.pacers.predictive?.shockSeedsFailed).toBe(2);
    expect(missesShockTarget({ shockRecoveryMin: 5, worst15MinFromShockRate: 0.05 })).toBe(false);
    expect(summaryControl?.pacers.predictive?.shockSeedsFailed).toBe(1);
    expect(summaryControl?.pacers.predictive?.gainOverProgressive).toBeNull();
    const checks = targetChecks([summary20, summaryShock, summaryControl].filter((s): s is CellSummary => s !== undefined));
    const headline = checks.find((c) => c.name.startsWith('20 agents'));
    expect(headline?.passed).toBe(true);
    expect(headline?.detail).toContain('45.1 ± 0.2 min/h over 3 seeds');
    const shockCheck = checks.find((c) => c.name.startsWith('answer rate halves'));
    expect(shockCheck?.passed).toBe(false);
    expect(shockCheck?.detail).toContain('2 of 3 seeds miss; without the shock (control) 1 of 3 miss the same check');
  });
});

describe("predictive's curve at other budgets", () => {
  const curved = (): CellSummary => summary({
    'predictive': pacer(44.5, 0.0135),
    'predictive@budget-0.015': pacer(43, 0.006),
    'predictive@budget-0.045': pacer(45.5, 0.025),
    'vicidial-average': pacer(43, 0.11),
  });

  it('orders the points by realised abandonment, the product\'s own run among them', () => {
    expect(frontierPoints(curved()).map((p) => p.budget)).toEqual([0.015, null, 0.045]);
  });

  it('reads talk at a rate and the rate a talk time costs between points, and nothing beyond them', () => {
    const points = frontierPoints(curved());
    expect(talkAtRate(points, 0.02)).toBeCloseTo(44.5 + (0.0065 / 0.0115) * 1, 9);
    expect(talkAtRate(points, 0.03)).toBeNull();
    expect(rateForTalk(points, 45)).toBeCloseTo(0.0135 + 0.5 * 0.0115, 9);
    expect(rateForTalk(points, 46)).toBeNull();
  });

  it('prints each budget and draws the curve on the chart', () => {
    const s = curved();
    expect(formatFrontier([s])).toContain(`${s.cell.id.padEnd(34)} 1.5%: 43.0 @ 0.60 | own: 44.5 @ 1.35 | 4.5%: 45.5 @ 2.50`);
    expect(pacingChart([s])).toContain('<polyline');
    expect(pacingChart([summary({ 'predictive': pacer(44.5, 0.0135) })])).not.toContain('<polyline');
  });

  it('says in the 20-agent check where the curve reaches 45 min/h', () => {
    const main20 = gridCells(false).find((c) => c.id === 'n20-p0.2-t120-amd');
    if (!main20) throw new Error('grid lacks the 20-agent cell');
    const checks = targetChecks([{ ...curved(), cell: main20 }]);
    expect(checks.find((c) => c.name.startsWith('20 agents'))?.detail).toContain("predictive's curve reaches 45 at 1.93% pooled");
  });
});
