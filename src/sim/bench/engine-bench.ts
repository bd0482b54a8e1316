// `npm run bench:engine [-- --quick] [--agents 50,200,500,1000] [--minutes 20]`: the engine core's
// cost as one campaign's team grows (see engine-capacity.ts), each size run alone in this process.
// Prints a table and writes bench/results/engine.json.

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { formatCapacity, measureCapacity, type CapacityResult } from './engine-capacity.js';

interface Options {
  agents: number[];
  minutes: number;
  warmupMinutes: number;
  outDir: string;
}

function parseOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      quick: { type: 'boolean', default: false },
      agents: { type: 'string' },
      minutes: { type: 'string' },
      warmup: { type: 'string', default: '10' },
      out: { type: 'string', default: 'bench/results' },
    },
  });
  const agents = (values.agents ?? (values.quick ? '50,200' : '50,200,500,1000')).split(',').map(Number);
  if (agents.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--agents: whole numbers, comma separated, such as 50,200');
  return { agents, minutes: Number(values.minutes ?? (values.quick ? 5 : 20)), warmupMinutes: Number(values.warmup), outDir: values.out };
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const results: CapacityResult[] = [];
  for (const agents of options.agents) {
    process.stderr.write(`engine bench: ${agents} agents, ${options.warmupMinutes} + ${options.minutes} virtual minutes\n`);
    results.push(measureCapacity({ agents, minutes: options.minutes, warmupMinutes: options.warmupMinutes, seed: 1 }));
  }
  process.stdout.write(`${formatCapacity(results)}\n`);
  mkdirSync(options.outDir, { recursive: true });
  const file = `${options.outDir}/engine.json`;
  writeFileSync(file, `${JSON.stringify({ machine: { cpu: cpus()[0]?.model ?? 'unknown', node: process.version }, options, results }, null, 2)}\n`);
  process.stdout.write(`wrote ${file}\n`);
}

main();
