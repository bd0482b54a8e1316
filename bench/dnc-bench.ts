// National registry benchmark: what a full load of a do-not-call registry costs, first into an
// empty global list and then again with some numbers gone from the registry and some new (the
// monthly refresh), through the import the API and `outpace dnc import --full` run: numbers read
// a second, the load's wall time, the node's peak memory (the file is streamed, the sort is
// Postgres's); then the numbers the refresh took off read back as the removals CSV does, and the
// check of a number against the list (the dial's last check, the check API) at its p50 and p99.
//
//   npm run bench:dnc                                     1,000,000 numbers, 1% churn
//   BENCH_DNC_NUMBERS=5000000 BENCH_DNC_CHURN=0.02 npm run bench:dnc
//
// It works in its own database (outpace_bench_dnc by default, BENCH_DATABASE_URL to change),
// which it drops and makes again, prints a table and writes bench/results/dnc.json.

import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { Readable } from 'node:stream';
import { recreateBenchDatabase } from './bench-database.js';
import { dncEntriesFor, importDncList, type DncListImportResult } from '../src/adapters/pg/dnc-additions.js';
import { registryLoadRemovals } from '../src/adapters/pg/dnc-registry-loads.js';
import { migrate } from '../src/adapters/pg/migrate.js';
import { createPool, type Pool } from '../src/adapters/pg/pool.js';

const NUMBERS = Number(process.env.BENCH_DNC_NUMBERS ?? 1_000_000);
const CHURN = Number(process.env.BENCH_DNC_CHURN ?? 0.01);
const CHECKS = Number(process.env.BENCH_DNC_CHECKS ?? 2_000);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/outpace_bench_dnc';

const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

/** Area codes in service across the US: the numbers are real-looking, so the import's checks pass them. */
const AREA_CODES = [201, 202, 203, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215, 216, 217, 218, 219, 224, 225, 228, 229, 231, 234, 239, 240, 248, 251, 252, 253, 254, 256, 260, 262, 267, 269, 270, 276, 281, 301, 302, 303, 304, 305, 307, 308, 309, 310, 312, 313, 314, 315, 316, 317, 318, 319, 320];
/** Exchanges that are neither N11 nor 555: 2xx-9xx. */
const EXCHANGES = Array.from({ length: 800 }, (_, i) => 200 + i).filter((x) => x % 100 !== 11 && x !== 555);

/** The registry's n-th number, spread over area codes and exchanges (the same n, the same number). */
function registryNumber(n: number): string {
  const line = n % 10_000;
  const exchange = EXCHANGES[Math.floor(n / 10_000) % EXCHANGES.length] ?? 200;
  const area = AREA_CODES[Math.floor(n / (10_000 * EXCHANGES.length)) % AREA_CODES.length] ?? 201;
  return `${area}${exchange}${String(line).padStart(4, '0')}`;
}

/** A registry file as the registry sends it: national numbers, one a line, in no useful order
 * (a stride through the numbers), the numbers `from` to `to` (exclusive) less those `gone` keeps out. */
function registryFile(from: number, to: number, gone: (n: number) => boolean = () => false): Readable {
  const count = to - from;
  const stride = 7_919; // prime: every number once, far from its neighbours
  let i = 0;
  return Readable.from((function* lines() {
    let chunk = '';
    for (; i < count; i++) {
      const n = from + ((i * stride) % count);
      if (gone(n)) continue;
      chunk += `${registryNumber(n)}\n`;
      if (chunk.length > 64_000) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  })());
}

/** The node's peak resident memory while `run` runs, sampled every 50 ms. */
async function withPeakMemory<T>(run: () => Promise<T>): Promise<{ value: T; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
  try {
    const value = await run();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, peakRssMb: Math.round(peak / 1_048_576) };
  } finally {
    clearInterval(timer);
  }
}

interface LoadResult {
  load: string;
  read: number;
  added: number;
  removed: number;
  seconds: number;
  numbersPerSecond: number;
  peakRssMb: number;
  load1: number;
}

async function fullLoad(pool: Pool, name: string, source: Readable): Promise<{ result: LoadResult; loadId: string }> {
  log(`${name}: loading`);
  const started = performance.now();
  const { value, peakRssMb } = await withPeakMemory(async (): Promise<DncListImportResult> => importDncList(pool, {
    source, campaignId: null, region: 'US', listName: name, by: 'bench', registry: 'us_national', full: true,
  }));
  const seconds = (performance.now() - started) / 1_000;
  if (value.invalid > 0) throw new Error(`${name}: ${value.invalid} numbers refused, e.g. ${JSON.stringify(value.invalidSamples[0])}`);
  return {
    loadId: value.loadId ?? '',
    result: {
      load: name, read: value.read, added: value.added, removed: value.removed ?? 0, seconds: Number(seconds.toFixed(2)),
      numbersPerSecond: Math.round(value.read / seconds), peakRssMb, load1: Number((loadavg()[0] ?? 0).toFixed(2)),
    },
  };
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** The check of `CHECKS` numbers, half listed and half not, one after another as dials ask. */
async function checks(pool: Pool, gone: (n: number) => boolean): Promise<{ p50Ms: number; p99Ms: number; blocked: number }> {
  const times: number[] = [];
  let blocked = 0;
  let listed = 0;
  const now = new Date();
  for (let i = 0; i < CHECKS; i++) {
    // Odd checks ask numbers past the registry's: not listed; of the others, those the refresh took off are not either.
    const n = i % 2 === 0 ? (i * 104_729) % NUMBERS : NUMBERS * 2 + i;
    if (i % 2 === 0 && !gone(n)) listed++;
    const started = performance.now();
    const entries = await dncEntriesFor(pool, { e164: `+1${registryNumber(n)}`, campaignId: null, now });
    times.push(performance.now() - started);
    if (entries.length > 0) blocked++;
  }
  if (blocked !== listed) throw new Error(`checks: ${blocked} numbers blocked, ${listed} expected`);
  times.sort((a, b) => a - b);
  return { p50Ms: Number(percentile(times, 0.5).toFixed(3)), p99Ms: Number(percentile(times, 0.99).toFixed(3)), blocked };
}

function printTable(loads: readonly LoadResult[], removalsRead: { numbers: number; seconds: number }, checked: { p50Ms: number; p99Ms: number }): void {
  const header = ['load', 'numbers read', 'added', 'taken off', 'seconds', 'numbers/s', 'peak RSS MB', 'load'];
  const rows = loads.map((r) => [r.load, String(r.read), String(r.added), String(r.removed), String(r.seconds), String(r.numbersPerSecond), String(r.peakRssMb), String(r.load1)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  process.stdout.write(`Full loads of a national registry (us_national), ${NUMBERS} numbers, ${(CHURN * 100).toFixed(1)}% of them leaving and as many new at the refresh\n\n`);
  process.stdout.write(`${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
  process.stdout.write(`\nthe refresh's ${removalsRead.numbers} numbers taken off, read back as the removals CSV reads them: ${removalsRead.seconds} s\n`);
  process.stdout.write(`a number checked against the list (${CHECKS} checks, half listed): p50 ${checked.p50Ms} ms, p99 ${checked.p99Ms} ms\n`);
}

async function main(): Promise<void> {
  if (!Number.isInteger(NUMBERS) || NUMBERS < 1_000) throw new Error('BENCH_DNC_NUMBERS: a whole number of at least 1000');
  if (!(CHURN > 0 && CHURN < 1)) throw new Error('BENCH_DNC_CHURN: a share between 0 and 1, e.g. 0.01');
  await recreateBenchDatabase(DATABASE_URL);
  await migrate(DATABASE_URL);
  const pool = createPool({ url: DATABASE_URL, poolMax: 2, applicationName: 'bench-dnc' });
  try {
    const first = await fullLoad(pool, 'first', registryFile(0, NUMBERS));
    // The refresh: every CHURN-th number has left; as many new ones follow the old range.
    const every = Math.round(1 / CHURN);
    const fresh = Math.floor(NUMBERS / every);
    const gone = (n: number): boolean => n < NUMBERS && n % every === 0;
    const refresh = await fullLoad(pool, 'refresh', registryFile(0, NUMBERS + fresh, gone));
    const expectedGone = Math.ceil(NUMBERS / every);
    if (refresh.result.removed !== expectedGone || refresh.result.added !== fresh) {
      throw new Error(`refresh: took off ${refresh.result.removed} (expected ${expectedGone}), added ${refresh.result.added} (expected ${fresh})`);
    }
    log('reading the numbers taken off');
    const readStart = performance.now();
    let numbers = 0;
    for await (const _ of registryLoadRemovals(pool, refresh.loadId)) numbers++;
    const removalsRead = { numbers, seconds: Number(((performance.now() - readStart) / 1_000).toFixed(2)) };
    log(`checking ${CHECKS} numbers`);
    const checked = await checks(pool, gone);
    printTable([first.result, refresh.result], removalsRead, checked);
    await mkdir(new URL('./results/', import.meta.url), { recursive: true });
    await writeFile(new URL('./results/dnc.json', import.meta.url), JSON.stringify({
      at: new Date().toISOString(), numbers: NUMBERS, churn: CHURN, loads: [first.result, refresh.result], removalsRead, checks: { count: CHECKS, ...checked },
    }, null, 2));
  } finally {
    await pool.end();
  }
}

await main();
