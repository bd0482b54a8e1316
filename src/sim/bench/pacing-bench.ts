// `npm run bench:pacing [-- --quick] [--seeds n] [--threads n]`: every pacer on identical seeded
// traffic over the scenario grid, through the real engine core in virtual time. Prints a table
// and the target checks, writes bench/results/pacing.json and bench/results/pacing.svg.

import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { gridCells, pacerNames } from './bench-grid.js';
import { formatCalibration, formatTable, summarise, targetChecks } from './bench-report.js';
import type { BenchTask } from './bench-task.js';
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

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const cells = gridCells(options.quick);
  const tasks: BenchTask[] = [];
  for (const cell of cells) {
    const seeds = cell.main && !options.quick ? options.seeds + 1 : options.seeds;
    for (const pacer of pacerNames) for (let seed = 1; seed <= seeds; seed++) tasks.push({ cell, pacer, seed, invariantEvery: options.invariantEvery });
  }
  const simulatedAgentHours = tasks.reduce((a, t) => a + t.cell.agents * t.cell.hours, 0);
  process.stderr.write(`pacing bench: ${cells.length} cells, ${tasks.length} runs, ${simulatedAgentHours.toFixed(0)} simulated agent-hours on ${options.threads} threads\n`);
  const started = performance.now();
  const runs = await runPool(tasks, options.threads, (_r, done) => {
    if (done % 25 === 0 || done === tasks.length) process.stderr.write(`  ${done}/${tasks.length} runs, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const summaries = summarise(cells, runs);
  const checks = targetChecks(summaries);
  process.stdout.write(`${formatTable(summaries)}\n\n`);
  process.stdout.write(`${formatCalibration(summaries)}\n\n`);
  for (const check of checks) process.stdout.write(`${check.passed ? 'PASS' : 'MISS'}  ${check.name}: ${check.detail}\n`);
  process.stdout.write(`\n${tasks.length} runs, ${simulatedAgentHours.toFixed(0)} agent-hours in ${wallSeconds.toFixed(0)} s (${(simulatedAgentHours / (wallSeconds / 60)).toFixed(0)} agent-hours per wall minute)\n`);
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
