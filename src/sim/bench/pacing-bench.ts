// `npm run bench:pacing [-- --quick] [--seeds n] [--threads n]`: every pacer on identical seeded
// traffic over the scenario grid, through the real engine core in virtual time. A second round
// runs predictive at each VICIdial-style baseline's realised abandonment where the first round
// does not settle the comparison; predictive also runs at a few other budgets on the headline
// scenarios, for its curve of talk against abandonment. Prints a table and the target checks, writes
// bench/results/pacing.json and bench/results/pacing.svg.

import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { matchedBudget } from '../baselines/matched-predictive.js';
import { cellPacers, frontierBudgets, frontierName, gridCells, hasAnswerShockEdges, matchedBaselines, matchedName, type Cell } from './bench-grid.js';
import { formatCalibration, formatFrontier, formatMatched, formatTable, needsMatchedRun, summarise, targetChecks, type CellSummary } from './bench-report.js';
import type { BenchTask, BenchTaskResult } from './bench-task.js';
import { pacingChart } from './svg-chart.js';
import { runPool } from './worker-pool.js';

interface Options {
  quick: boolean;
  seeds: number;
  threads: number;
  invariantEvery: number;
  outDir: string;
}

function parseArgs(argv: readonly string[]): Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const quick = argv.includes('--quick');
  return {
    quick,
    seeds: Number(value('--seeds') ?? (quick ? 1 : 2)),
    threads: Number(value('--threads') ?? availableParallelism()),
    invariantEvery: Number(value('--invariant-every') ?? 2_000),
    outDir: value('--out') ?? 'bench/results',
  };
}

/** Seeds for the cells the headline targets are read from (the main scenarios and the answer-rate
 * shock with its control): a 45 min/h or a worst-quarter-hour check decided on two or three seeds
 * is a draw. */
const headlineSeeds = 8;

function seedsFor(cell: Cell, options: Options): number {
  if (options.quick) return options.seeds;
  return cell.main || hasAnswerShockEdges(cell) ? Math.max(headlineSeeds, options.seeds) : options.seeds;
}

/** Second round: predictive with each baseline's pooled realised rate as its budget. */
function matchedTasks(summaries: readonly CellSummary[], options: Options): BenchTask[] {
  const tasks: BenchTask[] = [];
  for (const s of summaries) {
    for (const baseline of matchedBaselines) {
      const rate = s.pacers[baseline]?.abandonRate;
      if (rate === undefined || !needsMatchedRun(s, baseline)) continue;
      for (let seed = 1; seed <= seedsFor(s.cell, options); seed++) {
        tasks.push({ cell: s.cell, pacer: matchedName(baseline), seed, invariantEvery: options.invariantEvery, abandonTarget: matchedBudget(rate) });
      }
    }
  }
  return tasks;
}

/** Predictive at the other budgets on the headline scenarios: its curve of talk against abandonment. */
function frontierTasks(cells: readonly Cell[], options: Options): BenchTask[] {
  return cells.filter((cell) => cell.main).flatMap((cell) => frontierBudgets.flatMap((budget) => Array.from({ length: seedsFor(cell, options) },
    (_, i): BenchTask => ({ cell, pacer: frontierName(budget), seed: i + 1, invariantEvery: options.invariantEvery, abandonTarget: budget }))));
}

async function runRound(label: string, tasks: readonly BenchTask[], options: Options): Promise<BenchTaskResult[]> {
  const agentHours = tasks.reduce((a, t) => a + t.cell.agents * t.cell.hours, 0);
  process.stderr.write(`pacing bench, ${label}: ${tasks.length} runs, ${agentHours.toFixed(0)} simulated agent-hours on ${options.threads} threads\n`);
  const started = performance.now();
  return runPool(tasks, options.threads, (_r, done) => {
    if (done % 25 === 0 || done === tasks.length) process.stderr.write(`  ${done}/${tasks.length} runs, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  });
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const cells = gridCells(options.quick);
  const tasks: BenchTask[] = [];
  for (const cell of cells) {
    for (const pacer of cellPacers(cell)) for (let seed = 1; seed <= seedsFor(cell, options); seed++) tasks.push({ cell, pacer, seed, invariantEvery: options.invariantEvery });
  }
  tasks.push(...frontierTasks(cells, options));
  const started = performance.now();
  const runs = await runRound(`${cells.length} cells`, tasks, options);
  const matched = matchedTasks(summarise(cells, runs), options);
  const allRuns = [...runs, ...(matched.length > 0 ? await runRound('equal-abandonment round', matched, options) : [])];
  const allTasks = [...tasks, ...matched];
  const simulatedAgentHours = allTasks.reduce((a, t) => a + t.cell.agents * t.cell.hours, 0);
  const wallSeconds = (performance.now() - started) / 1000;
  const summaries = summarise(cells, allRuns);
  const checks = targetChecks(summaries);
  process.stdout.write(`${formatTable(summaries)}\n\n`);
  process.stdout.write(`${formatMatched(summaries)}\n\n`);
  process.stdout.write(`${formatFrontier(summaries)}\n\n`);
  process.stdout.write(`${formatCalibration(summaries)}\n\n`);
  for (const check of checks) process.stdout.write(`${check.passed ? 'PASS' : 'MISS'}  ${check.name}: ${check.detail}\n`);
  process.stdout.write(`\n${allTasks.length} runs, ${simulatedAgentHours.toFixed(0)} agent-hours in ${wallSeconds.toFixed(0)} s (${(simulatedAgentHours / (wallSeconds / 60)).toFixed(0)} agent-hours per wall minute)\n`);
  mkdirSync(options.outDir, { recursive: true });
  const report = { options: { quick: options.quick, seeds: options.seeds, threads: options.threads }, wallSeconds, simulatedAgentHours,
    bound: 'analytic: 60 x mean talk / (mean talk + mean wrap)', checks, cells: summaries };
  writeFileSync(`${options.outDir}/pacing.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(`${options.outDir}/pacing.svg`, `${pacingChart(summaries)}\n`);
  process.stdout.write(`wrote ${options.outDir}/pacing.json and ${options.outDir}/pacing.svg\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
