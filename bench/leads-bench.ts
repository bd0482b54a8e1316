// Lead benchmark: selection latency with millions of leads, CSV import throughput, and the export
// of the imported list read back (the leads CSV managers download).
//
//   npm run bench:leads                      10 M leads, 1 M-row CSV (about 10 minutes on 2 cores)
//   BENCH_LEADS=1000000 BENCH_IMPORT_ROWS=200000 npm run bench:leads     a quick run
//   BENCH_REUSE=1 npm run bench:leads        keep an existing bench database of the right size
//
// It works in its own database (outpace_bench by default, BENCH_DATABASE_URL to change), prints
// a table and the EXPLAIN of the selection query, and writes bench/results/leads.json.

import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReadStream } from 'node:fs';
import type pg from 'pg';
import { recreateBenchDatabase } from './bench-database.js';
import { migrate } from '../src/adapters/pg/migrate.js';
import { createPool, type Pool } from '../src/adapters/pg/pool.js';
import { leaseLeadsAndCreateAttempts, leaseSql, planSelection, selectionParams } from '../src/adapters/pg/lead-selection.js';
import { parseMappingFlags } from '../src/adapters/pg/lead-import-mapping.js';
import { createLeadImport, ensureList } from '../src/adapters/pg/lead-import-repository.js';
import { runLeadImport } from '../src/adapters/pg/lead-import.js';
import { exportLeads } from '../src/adapters/pg/lead-export.js';

const LEADS = Number(process.env.BENCH_LEADS ?? 10_000_000);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const SELECT_CALLS = Number(process.env.BENCH_SELECT_CALLS ?? 1000);
const BATCH = Number(process.env.BENCH_BATCH ?? 10);
/** Calls in progress at any time (leads leased and not yet closed), as on a busy campaign. */
const IN_FLIGHT_CALLS = Number(process.env.BENCH_IN_FLIGHT ?? 200);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/outpace_bench';

const log = (message: string): void => void process.stderr.write(`[bench] ${message}\n`);
const seconds = (startMs: number): number => (performance.now() - startMs) / 1000;

/** With BENCH_REUSE=1, a database that already holds the list is loaded again only when it lacks it. */
async function holdsTheList(db: pg.Client): Promise<boolean> {
  if (process.env.BENCH_REUSE !== '1') return false;
  const count = await db.query<{ n: string }>('SELECT count(*) AS n FROM leads WHERE campaign_id = 1').catch(() => ({ rows: [{ n: '0' }] }));
  return Number(count.rows[0]?.n) === LEADS;
}

/** The indexes of a table, so they can be dropped for the bulk load and built once after it. */
async function indexDefinitions(db: pg.PoolClient, table: string): Promise<{ name: string; def: string }[]> {
  const result = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
     WHERE i.tablename = $1 AND i.schemaname = 'public'
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    [table],
  );
  return result.rows.map((r) => ({ name: r.indexname, def: r.indexdef }));
}

const ZONES = `ARRAY['America/New_York','America/New_York','America/New_York','America/New_York','America/Chicago','America/Chicago',
  'America/Chicago','America/Denver','America/Phoenix','America/Los_Angeles','America/Los_Angeles','America/Anchorage','Pacific/Honolulu']`;

async function generateLeads(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(`SET maintenance_work_mem = '1GB'; SET synchronous_commit = off; SET max_parallel_maintenance_workers = 2`);
    await client.query(`INSERT INTO campaigns (name, regime, timezone, settings) VALUES ('bench', 'us', 'America/Chicago', '{"recycle": {"maxAttempts": 6, "maxAttemptsPerDay": 3}, "distributeBy": "industry"}')`);
    await client.query(`INSERT INTO lists (campaign_id, name, mix_weight) VALUES (1, 'main', 3), (1, 'aged', 1)`);
    const leadIndexes = await indexDefinitions(client, 'leads');
    const phoneIndexes = await indexDefinitions(client, 'lead_phones');
    for (const index of [...leadIndexes, ...phoneIndexes]) await client.query(`DROP INDEX ${index.name}`);
    let t = performance.now();
    // Statuses: 55% new, 20% retry (half of them due), 20% done/exhausted, 5% dnc. Reference "now" is 2030-01-07.
    await client.query(`
      INSERT INTO leads (list_id, campaign_id, status, next_dial_at, timezone, timezone_source, priority, grade, attempts, dedupe_key, created_at, fields)
      SELECT 1 + (g % 4 = 0)::int, 1,
             CASE WHEN r < 0.55 THEN 'new' WHEN r < 0.75 THEN 'retry' WHEN r < 0.85 THEN 'done' WHEN r < 0.95 THEN 'exhausted' ELSE 'dnc' END,
             CASE WHEN r >= 0.55 AND r < 0.65 THEN timestamptz '2030-01-08' + (g % 1000) * interval '1 minute'
                  ELSE timestamptz '2030-01-01' + (g % 5000) * interval '1 minute' END,
             (${ZONES})[1 + g % 13], 'area_code', (g % 50 = 0)::int, chr(65 + (g / 7) % 5),
             CASE WHEN r < 0.55 THEN 0 ELSE 1 + g % 5 END, 'p:+1' || (2000000000 + g)::text, timestamptz '2029-12-01',
             jsonb_build_object('industry', (ARRAY['retail', 'finance', 'health', 'energy', 'travel'])[1 + (g / 3) % 5])
      FROM (SELECT g, random() AS r FROM generate_series(1, ${LEADS}) AS g) s`);
    log(`leads: ${LEADS} rows in ${seconds(t).toFixed(0)} s`);
    t = performance.now();
    await client.query(`
      INSERT INTO lead_phones (lead_id, e164, dial_order, attempts)
      SELECT id, '+1' || (2000000000 + id)::text, 0, attempts FROM leads
      UNION ALL
      SELECT id, '+1' || (3000000000 + id)::text, 1, 0 FROM leads WHERE id % 10 < 3`);
    // The random attempts above can leave a retry whose every phone is at the per-phone cap (4);
    // the engine never does (closing an attempt marks such a lead exhausted, migration 014), and
    // such leads would sit at the front of the index ranges, undialable, in every probe.
    await client.query(`
      UPDATE leads l SET status = 'exhausted' WHERE l.status IN ('new', 'retry')
        AND NOT EXISTS (SELECT 1 FROM lead_phones p WHERE p.lead_id = l.id AND NOT p.disabled AND p.attempts < 4)`);
    log(`phones in ${seconds(t).toFixed(0)} s`);
    t = performance.now();
    for (const index of [...leadIndexes, ...phoneIndexes]) await client.query(index.def);
    log(`indexes rebuilt in ${seconds(t).toFixed(0)} s`);
    t = performance.now();
    // DNC: 2% of numbers (global), attempts history: 1 M dials in the last days, 1% abandoned.
    await client.query(`INSERT INTO dnc_entries (campaign_id, e164, source) SELECT NULL, '+1' || (2000000000 + g)::text, 'import' FROM generate_series(1, ${LEADS}, 50) g`);
    await client.query(`
      INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, abandoned, created_at, ended_at)
      SELECT 1, g, '+1' || (2000000000 + g)::text, 'ended', 'no_answer', g % 100 = 0,
             timestamptz '2030-01-07 12:00Z' - (g % 72) * interval '1 hour', timestamptz '2030-01-07 12:00Z' - (g % 72) * interval '1 hour'
      FROM generate_series(1, ${LEADS}, ${Math.max(1, Math.round(LEADS / 1_000_000))}) g`);
    await client.query('VACUUM ANALYZE');
    log(`DNC, attempts history and VACUUM ANALYZE in ${seconds(t).toFixed(0)} s`);
  } finally {
    client.release();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

interface SelectionResult { scenario: string; instant: string; calls: number; batch: number; leased: number; p50: number; p99: number; max: number; load1: number }

/** The machine's 1-minute load average: other work on a 2-core box shows in every latency. */
const load1 = (): number => loadavg()[0] ?? Number.NaN;

/** Ends the bench's calls (the given leads, or every lead it still leases) as a retry in 2 h. */
async function endCalls(pool: Pool, leadIds: string[] | null, now: Date): Promise<void> {
  await pool.query(
    `UPDATE leads SET status = 'retry', next_dial_at = $2::timestamptz + interval '2 hours', attempts = attempts + 1, leased_by = NULL, leased_until = NULL
     WHERE ($1::bigint[] IS NULL OR id = ANY($1)) AND leased_by = 'bench'`,
    [leadIds, now],
  );
}

async function benchSelection(pool: Pool, scenario: string, instant: string, prefer?: readonly string[]): Promise<SelectionResult> {
  const now = new Date(instant);
  const timings: number[] = [];
  let leased = 0;
  const inFlight: string[][] = [];
  // A reused database must start like a fresh one: calls an earlier (or interrupted) run left in
  // flight end now, or their leases pile up in front of every probe, run after run.
  await endCalls(pool, null, now);
  for (let i = 0; i < SELECT_CALLS; i++) {
    const t = performance.now();
    const rows = await leaseLeadsAndCreateAttempts(pool, { campaignId: '1', count: BATCH, nodeId: 'bench', now, leaseMs: 600_000, ...(prefer ? { prefer } : {}) });
    timings.push(performance.now() - t);
    leased += rows.length;
    // Calls end: about CALLS_IN_FLIGHT leads stay leased, the older ones are closed as a retry in 2 h.
    inFlight.push(rows.map((r) => r.leadId));
    const ended = inFlight.length > IN_FLIGHT_CALLS / BATCH ? inFlight.shift() : undefined;
    if (ended && ended.length > 0) await endCalls(pool, ended, now);
  }
  await endCalls(pool, null, now);
  timings.sort((a, b) => a - b);
  return { scenario, instant, calls: SELECT_CALLS, batch: BATCH, leased, p50: percentile(timings, 0.5), p99: percentile(timings, 0.99), max: timings.at(-1) ?? 0, load1: load1() };
}

async function explainSelection(pool: Pool, instant: string): Promise<string> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const now = new Date(instant);
    const plan = await planSelection(client, '1', now);
    const result = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${leaseSql}`, selectionParams({ campaignId: '1', count: BATCH, nodeId: 'explain', now, leaseMs: 60_000 }, plan));
    return result.rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const formats = [
    (n: string) => `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`, (n: string) => `${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6)}`,
    (n: string) => `+1 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`, (n: string) => n,
  ];
  const areas = ['212', '312', '415', '713', '305', '602', '206', '617', '404', '720', '808', '907'];
  const write = (chunk: string): Promise<void> => (out.write(chunk) ? Promise.resolve() : new Promise((r) => out.once('drain', () => r())));
  await write('CustomerId,First,Last,Phone,Mobile,Zip,Grade,Plan\n');
  let buffer = '';
  for (let i = 1; i <= rows; i++) {
    // 1% repeat an earlier customer, 0.5% have no usable phone.
    const id = i % 100 === 0 ? i - 7 : i;
    const line = String(id % 10_000_000).padStart(7, '0');
    const phone = i % 200 === 0 ? 'n/a' : (formats[i % 4] as (n: string) => string)(`${areas[id % areas.length]}${String(200 + (id % 700))}${line.slice(-4)}`);
    const mobile = i % 3 === 0 ? (formats[(i + 1) % 4] as (n: string) => string)(`${areas[(id + 5) % areas.length]}555${line.slice(-4)}`) : '';
    buffer += `C${id},First${id % 1000},"Last, ${id % 777}",${phone},${mobile},${i % 5 === 0 ? String(10000 + (id % 89999)) : ''},${'ABCDE'[id % 5]},plan-${id % 9}\n`;
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function benchImport(pool: Pool): Promise<Record<string, number>> {
  const dir = await mkdtemp(join(tmpdir(), 'outpace-bench-'));
  const file = join(dir, 'leads.csv');
  try {
    let t = performance.now();
    await writeCsv(file, IMPORT_ROWS);
    log(`CSV of ${IMPORT_ROWS} rows (${((await stat(file)).size / 1e6).toFixed(0)} MB) written in ${seconds(t).toFixed(1)} s`);
    const campaign = await pool.query<{ id: string }>(`INSERT INTO campaigns (name, timezone) VALUES ('import-' || gen_random_uuid(), 'America/Chicago') RETURNING id`);
    const campaignId = String(campaign.rows[0]?.id);
    const list = await ensureList(pool, { campaignId, name: 'bench', defaultRegion: 'US' });
    const mapping = parseMappingFlags('external_id=CustomerId,first_name=First,last_name=Last,phone=Phone,phone2=Mobile,postal_code=Zip,grade=Grade,field.plan=Plan');
    const record = await createLeadImport(pool, { campaignId, listId: list.id, fileName: 'leads.csv', mapping });
    t = performance.now();
    const counts = await runLeadImport(pool, { importId: record.id, campaignId, listId: list.id, input: createReadStream(file), mapping });
    const elapsed = seconds(t);
    const result = { ...counts, seconds: elapsed, rowsPerSecond: counts.rowsRead / elapsed, load1: load1() };
    // The list read back as the leads export reads it (the CSV writing itself aside).
    t = performance.now();
    let exported = 0;
    for await (const lead of exportLeads(pool, { criteria: { listId: list.id }, order: 'loaded' })) if (lead.id) exported += 1;
    const exportSeconds = seconds(t);
    Object.assign(result, { exported, exportSeconds, exportRowsPerSecond: exported / exportSeconds, exportLoad1: load1() });
    // The imported campaign goes again, so a reused database stays at its generated size.
    t = performance.now();
    await pool.query('DELETE FROM campaigns WHERE id = $1', [campaignId]);
    log(`imported campaign removed in ${seconds(t).toFixed(1)} s`);
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const fresh = await recreateBenchDatabase(DATABASE_URL, holdsTheList);
  await migrate(DATABASE_URL);
  const pool = createPool({ url: DATABASE_URL, poolMax: 4, applicationName: 'outpace-bench' });
  try {
    if (fresh) await generateLeads(pool);
    else log('reusing the existing bench database');
    const tableSize = await pool.query<{ leads: string; size: string; shared_buffers: string }>(
      `SELECT count(*) AS leads, pg_size_pretty(pg_total_relation_size('leads')) AS size, current_setting('shared_buffers') AS shared_buffers FROM leads`);
    const explain = await explainSelection(pool, '2030-01-07T17:00:00Z');
    const selection = [
      await benchSelection(pool, 'all US zones open (12:00 New York)', '2030-01-07T17:00:00Z'),
      await benchSelection(pool, 'only western zones open (22:30 New York)', '2030-01-08T03:30:00Z'),
      // The free agents handle one industry of five: the pick prefers its leads among the next in line.
      await benchSelection(pool, 'free agents\' industry first (1 of 5), 12:00 New York', '2030-01-07T17:00:00Z', ['finance']),
    ];
    const imported = IMPORT_ROWS > 0 ? await benchImport(pool) : {};
    const results = {
      at: new Date().toISOString(), leads: Number(tableSize.rows[0]?.leads), leadsTableSize: tableSize.rows[0]?.size, sharedBuffers: tableSize.rows[0]?.shared_buffers,
      selection, import: imported, explainUsesSelectIndex: explain.includes('leads_select_idx'), totalSeconds: seconds(started),
    };
    process.stdout.write(`\nEXPLAIN (ANALYZE) of one selection (batch ${BATCH}):\n${explain}\n\n`);
    process.stdout.write(`Leads in table: ${results.leads} (${results.leadsTableSize} with indexes); Postgres shared_buffers ${results.sharedBuffers}\n\n`);
    process.stdout.write('| Selection scenario | calls x batch | leased | p50 ms | p99 ms | max ms | load (1 min) |\n|---|---|---|---|---|---|---|\n');
    for (const s of selection) process.stdout.write(`| ${s.scenario} | ${s.calls} x ${s.batch} | ${s.leased} | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} | ${s.max.toFixed(2)} | ${s.load1.toFixed(2)} |\n`);
    process.stdout.write('\n| Import | rows read | imported | duplicates | invalid | seconds | rows/s | load (1 min) |\n|---|---|---|---|---|---|---|---|\n');
    if (IMPORT_ROWS > 0) process.stdout.write(`| ${IMPORT_ROWS}-row CSV | ${imported.rowsRead} | ${imported.imported} | ${imported.duplicates} | ${imported.invalid} | ${imported.seconds?.toFixed(1)} | ${Math.round(imported.rowsPerSecond ?? 0)} | ${imported.load1?.toFixed(2)} |\n`);
    process.stdout.write('\n| Export of the imported list | leads | seconds | leads/s | load (1 min) |\n|---|---|---|---|---|\n');
    if (IMPORT_ROWS > 0) process.stdout.write(`| read back as the leads CSV reads it | ${imported.exported} | ${imported.exportSeconds?.toFixed(1)} | ${Math.round(imported.exportRowsPerSecond ?? 0)} | ${imported.exportLoad1?.toFixed(2)} |\n`);
    process.stdout.write(`\nselection uses leads_select_idx: ${results.explainUsesSelectIndex}; total ${results.totalSeconds.toFixed(0)} s\n`);
    await mkdir(new URL('./results/', import.meta.url), { recursive: true });
    await writeFile(new URL('./results/leads.json', import.meta.url), JSON.stringify(results, null, 2));
  } finally {
    await pool.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
