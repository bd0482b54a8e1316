// Evidence benchmark: commits per second of concurrent writers that each insert one evidence entry
// and commit (as the check before every dial does), with the chain sealed at each writer's commit
// (migration 085's trigger, put back for the run) against sealed in the background (migration 090,
// a sealer every 500 ms as each node runs it), and with no sealing at all (the ceiling); and for the
// background seal, the lag from an entry's commit to its seal (p50, p99, max).
//
//   npm run bench:evidence                                   every mode, 8 writers, 10 s each
//   npm run bench:evidence -- --modes commit,background      the modes named
//   BENCH_WRITERS=16 BENCH_SECONDS=20 npm run bench:evidence
//
// It works in its own database (outpace_bench_evidence by default, BENCH_DATABASE_URL to change),
// which it drops and makes again, prints a table and writes bench/results/evidence.json.

import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import pg from 'pg';
import { recreateBenchDatabase } from './bench-database.js';
import { sealEvidenceChain, verifyEvidenceChain } from '../src/adapters/pg/evidence-chain.js';
import { migrate } from '../src/adapters/pg/migrate.js';
import { createPool, type Pool } from '../src/adapters/pg/pool.js';

const modes = ['commit', 'background', 'none'] as const;
type Mode = (typeof modes)[number];

const WRITERS = Number(process.env.BENCH_WRITERS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SEAL_EVERY_MS = Number(process.env.BENCH_SEAL_MS ?? 500);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/outpace_bench_evidence';

const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);

function modesAsked(argv: readonly string[]): Mode[] {
  const at = argv.indexOf('--modes');
  if (at === -1) return [...modes];
  const asked = (argv[at + 1] ?? '').split(',').filter((name) => name !== '');
  const unknown = asked.filter((name) => !(modes as readonly string[]).includes(name));
  if (asked.length === 0 || unknown.length > 0) throw new Error(`--modes takes some of ${modes.join(', ')}, comma-separated`);
  return asked as Mode[];
}

/** Migration 085's seal at each writer's commit, as it was, put back (the head's guard of 090 told). */
const sealAtCommitSql = `
CREATE FUNCTION bench_seal_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  sealed evidence_chain_head%ROWTYPE;
BEGIN
  PERFORM set_config('outpace.evidence_chain_sealing', 'on', true);
  UPDATE evidence_chain_head h SET position = h.position + 1, hash = evidence_chain_hash(h.hash, evidence_canonical(h.position + 1, NEW))
    RETURNING h.* INTO sealed;
  PERFORM set_config('outpace.evidence_chain_sealing', '', true);
  INSERT INTO evidence_chain (position, evidence_id, hash) VALUES (sealed.position, NEW.id, sealed.hash);
  RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER bench_seal_at_commit AFTER INSERT ON evidence_log
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bench_seal_at_commit();`;

async function emptyLog(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL outpace.allow_evidence_truncate = 'on'`);
    await client.query('TRUNCATE evidence_log RESTART IDENTITY');
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

/** Each writer on its own connection: BEGIN, one entry, COMMIT, until the time is up; when each
 * entry's commit was acknowledged (ms, performance.now()). */
async function write(until: number): Promise<Map<string, number>> {
  const committedAt = new Map<string, number>();
  await Promise.all(Array.from({ length: WRITERS }, async (_, writer) => {
    const client = new pg.Client({ connectionString: DATABASE_URL, application_name: `bench-writer-${writer}` });
    await client.connect();
    try {
      for (let n = 0; performance.now() < until; n++) {
        await client.query('BEGIN');
        const row = await client.query<{ id: string }>(
          `INSERT INTO evidence_log (kind, campaign_id, payload) VALUES ('dial_checked', 1, $1) RETURNING id::text`,
          [JSON.stringify({ writer, n, e164: '+12125550100', allowed: true })]);
        await client.query('COMMIT');
        committedAt.set(row.rows[0]?.id ?? '', performance.now());
      }
    } finally {
      await client.end();
    }
  }));
  return committedAt;
}

/** The node's seal on an interval, noting when each entry was seen linked. */
function backgroundSealer(pool: Pool): { stop(): Promise<Map<string, number>> } {
  const sealedAt = new Map<string, number>();
  let position = 0;
  const pass = async (): Promise<void> => {
    await sealEvidenceChain(pool);
    const links = await pool.query<{ position: string; id: string }>(
      'SELECT position::text, evidence_id::text AS id FROM evidence_chain WHERE position > $1 ORDER BY position', [position]);
    const at = performance.now();
    for (const link of links.rows) sealedAt.set(link.id, at);
    position = Number(links.rows.at(-1)?.position ?? position);
  };
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => { running = running.then(pass); }, SEAL_EVERY_MS);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
      await pass();
      return sealedAt;
    },
  };
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

interface ModeResult {
  mode: Mode;
  writers: number;
  seconds: number;
  commits: number;
  commitsPerSecond: number;
  lagMs: { p50: number; p99: number; max: number } | null;
  /** Entries one seal links a second, from the backlog the "none" run leaves. */
  sealPerSecond?: number;
  chainVerified: boolean;
  load1: number;
}

async function runMode(pool: Pool, mode: Mode): Promise<ModeResult> {
  await emptyLog(pool);
  if (mode === 'commit') await pool.query(sealAtCommitSql);
  log(`${mode}: ${WRITERS} writers for ${SECONDS} s`);
  const sealer = mode === 'background' ? backgroundSealer(pool) : null;
  const started = performance.now();
  const committedAt = await write(started + SECONDS * 1_000);
  const elapsed = (performance.now() - started) / 1_000;
  const sealedAt = await sealer?.stop();
  if (mode === 'commit') await pool.query('DROP TRIGGER bench_seal_at_commit ON evidence_log; DROP FUNCTION bench_seal_at_commit()');
  let sealPerSecond: number | undefined;
  if (mode === 'none') {
    const sealStart = performance.now();
    const sealed = await sealEvidenceChain(pool);
    sealPerSecond = Math.round(sealed / ((performance.now() - sealStart) / 1_000));
  }
  const lags = sealedAt ? [...committedAt].map(([id, at]) => Math.max(0, (sealedAt.get(id) ?? Number.NaN) - at)).sort((a, b) => a - b) : [];
  if (lags.some(Number.isNaN)) throw new Error(`${mode}: an entry committed was never seen sealed`);
  const verified = await verifyEvidenceChain(pool);
  if (!verified.ok || verified.entries !== committedAt.size) throw new Error(`${mode}: the chain does not verify whole: ${JSON.stringify(verified)}`);
  return {
    mode, writers: WRITERS, seconds: Number(elapsed.toFixed(2)), commits: committedAt.size, commitsPerSecond: Math.round(committedAt.size / elapsed),
    lagMs: sealedAt ? { p50: Math.round(percentile(lags, 0.5)), p99: Math.round(percentile(lags, 0.99)), max: Math.round(lags.at(-1) ?? 0) } : null,
    ...(sealPerSecond === undefined ? {} : { sealPerSecond }), chainVerified: verified.ok, load1: Number((loadavg()[0] ?? 0).toFixed(2)),
  };
}

const described: Record<Mode, string> = {
  commit: 'sealed at each commit (085)',
  background: `sealed in the background (090, every ${SEAL_EVERY_MS} ms)`,
  none: 'not sealed (ceiling)',
};

function printTable(results: readonly ModeResult[]): void {
  const rows = results.map((r) => [described[r.mode], String(r.commitsPerSecond), r.lagMs ? `${r.lagMs.p50} / ${r.lagMs.p99} / ${r.lagMs.max}` : r.mode === 'commit' ? '0 (at commit)' : '-', String(r.commits), String(r.load1)]);
  const header = ['evidence chain', 'commits/s', 'seal lag ms p50 / p99 / max', 'commits', 'load'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  process.stdout.write(`${WRITERS} writers, each transaction one entry and its commit, ${SECONDS} s a mode\n\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
  const none = results.find((r) => r.mode === 'none');
  if (none?.sealPerSecond !== undefined) process.stdout.write(`\none seal links ${none.sealPerSecond} entries/s (the backlog of the unsealed run)\n`);
}

async function main(): Promise<void> {
  const asked = modesAsked(process.argv.slice(2));
  await recreateBenchDatabase(DATABASE_URL);
  await migrate(DATABASE_URL);
  const pool = createPool({ url: DATABASE_URL, poolMax: 2, applicationName: 'bench-evidence' });
  try {
    const results: ModeResult[] = [];
    for (const mode of asked) results.push(await runMode(pool, mode));
    printTable(results);
    await mkdir(new URL('./results/', import.meta.url), { recursive: true });
    await writeFile(new URL('./results/evidence.json', import.meta.url), JSON.stringify({ at: new Date().toISOString(), results }, null, 2));
  } finally {
    await pool.end();
  }
}

await main();
