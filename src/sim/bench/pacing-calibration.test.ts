// The predictive pacer's forecast against what the simulator then does, on seeded runs: the
// abandons it expects are close to the abandons that happen, and after the answer rate halves
// (and comes back) the campaign is back under the target within minutes.

import { describe, expect, it } from 'vitest';
import { runResult } from '../engine/run-result.js';
import { Simulation } from '../engine/simulation.js';
import { cellScenario, gridCells, type Cell } from './bench-grid.js';

function cell(id: string): Cell {
  const found = gridCells(false).find((c) => c.id === id);
  if (!found) throw new Error(`no cell ${id}`);
  return found;
}

describe('predictive pacing on seeded simulations', () => {
  it('forecasts the abandonment it realises within a tolerance (20 agents, AMD)', () => {
    const result = runResult(new Simulation(cellScenario(cell('n20-p0.2-t120-amd'), 'predictive', 1, 0)).run());
    expect(result.predictedAbandonShare).not.toBeNull();
    const ratio = result.abandonRate / (result.predictedAbandonShare ?? 1);
    expect(ratio).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.6);
    expect(result.abandonRate).toBeLessThanOrEqual(0.03);
  }, 60_000);

  it('is back under 3% within 5 minutes of each edge when the answer rate halves (50 agents)', () => {
    const result = runResult(new Simulation(cellScenario(cell('n50-p0.2-t120-amd-answer-halves'), 'predictive', 1, 0)).run());
    expect(result.shockRecoveryMin).not.toBeNull();
    expect(result.shockRecoveryMin ?? 99).toBeLessThanOrEqual(5);
    expect(result.worst15MinFromShockRate ?? 1).toBeLessThanOrEqual(0.05);
  }, 60_000);
});
