// Predictive's curve of talk time against abandonment in a cell: its own run and its runs at the
// other budgets (bench-grid.ts), by realised rate, read between the points by linear
// interpolation: the talk at a given rate, or the rate a talk time costs.

import { frontierBudgets, frontierName } from './bench-grid.js';
import type { CellSummary } from './bench-report.js';

/** One point of predictive's curve of talk time against abandonment: a run at a set budget, or
 * the product's own (budget null: the regime's target). */
export interface FrontierPoint {
  budget: number | null;
  talkMinPerAgentHour: number;
  abandonRate: number;
}

/** Predictive's points in a cell, by realised abandonment. */
export function frontierPoints(s: Pick<CellSummary, 'pacers'>): FrontierPoint[] {
  const own = s.pacers.predictive;
  const points: FrontierPoint[] = own ? [{ budget: null, talkMinPerAgentHour: own.talkMinPerAgentHour, abandonRate: own.abandonRate }] : [];
  for (const budget of frontierBudgets) {
    const p = s.pacers[frontierName(budget)];
    if (p) points.push({ budget, talkMinPerAgentHour: p.talkMinPerAgentHour, abandonRate: p.abandonRate });
  }
  return points.sort((a, b) => a.abandonRate - b.abandonRate);
}

/** Linear interpolation along a polyline: y where it first passes `x`, null where it never does. */
function along(xs: readonly number[], ys: readonly number[], x: number): number | null {
  for (let i = 1; i < xs.length; i++) {
    const x0 = xs[i - 1] ?? 0;
    const x1 = xs[i] ?? 0;
    const y0 = ys[i - 1] ?? 0;
    const y1 = ys[i] ?? 0;
    if (x0 === x1) {
      if (x === x0) return Math.max(y0, y1);
    } else if ((x - x0) * (x - x1) <= 0) {
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return null;
}

/** Talk time on the curve at a realised abandonment rate, null outside the points' span. */
export function talkAtRate(points: readonly FrontierPoint[], rate: number): number | null {
  return along(points.map((p) => p.abandonRate), points.map((p) => p.talkMinPerAgentHour), rate);
}

/** The realised abandonment at which the curve first reaches a talk time, null if it never does. */
export function rateForTalk(points: readonly FrontierPoint[], talk: number): number | null {
  return along(points.map((p) => p.talkMinPerAgentHour), points.map((p) => p.abandonRate), talk);
}
