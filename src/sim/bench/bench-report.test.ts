// The VICIdial comparison at equal abandonment: a baseline that ran hotter is compared with
// predictive given the baseline's rate as budget, never with predictive as configured.

import { describe, expect, it } from 'vitest';
import { gridCells } from './bench-grid.js';
import { beatsAtEqualAbandonment, needsMatchedRun, type CellSummary, type PacerSummary } from './bench-report.js';

function pacer(talk: number, abandon: number): PacerSummary {
  return {
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
});
