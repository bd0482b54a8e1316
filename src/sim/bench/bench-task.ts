// One benchmark run (cell x pacer x seed), as sent to a worker and answered with its result.

import { Simulation } from '../engine/simulation.js';
import { runResult, type RunResult } from '../engine/run-result.js';
import { cellScenario, type Cell, type RunPacerName } from './bench-grid.js';

export interface BenchTask {
  cell: Cell;
  pacer: RunPacerName;
  seed: number;
  invariantEvery: number;
  /** For a matched predictive run: the baseline's realised abandonment it is allowed. */
  abandonTarget?: number;
}

export interface BenchTaskResult {
  cellId: string;
  pacer: RunPacerName;
  seed: number;
  result: RunResult;
  wallMs: number;
}

export function runTask(task: BenchTask): BenchTaskResult {
  const started = performance.now();
  const sim = new Simulation(cellScenario(task.cell, task.pacer, task.seed, task.invariantEvery, task.abandonTarget)).run();
  return { cellId: task.cell.id, pacer: task.pacer, seed: task.seed, result: runResult(sim), wallMs: performance.now() - started };
}
