// A national registry's load in bounded batches, each its own short transaction: a registry of tens
// of millions of numbers loaded in one transaction held its locks and kept vacuum back for many
// minutes, and a crash lost it all. The file's numbers are staged first (dnc_registry_load_stage,
// migration 128); once the file is staged whole and checked, the numbers that left the registry
// come off (a full load), then the staged numbers go on the global list, a batch at a time.
//
// What holds at every moment: a number the registry listed and the new file lists too is never
// touched but to make its block longer, so it stays blocked throughout; a number comes off only
// once the whole file is staged and checked. A load cut short while staging leaves the registry as
// it was, and the next load clears what it staged; one cut short once applying is finished by the
// registry's next load before it stages its own file. The load counts as the registry's latest
// (the age campaigns are dialled on) only once applied whole.

import { randomUUID } from 'node:crypto';
import { recordRegistryLoad } from './dnc-registry-loads.js';
import { DbError } from './db-error.js';
import { appendEvidence } from './evidence-log-repository.js';
import type { DncListImportResult } from './dnc-additions.js';
import { longerBlockWinsSql } from './dnc-repository.js';
import type { Pool, Queryable } from './pool.js';
import { registryNames, type NationalRegistry } from '../../core/compliance/national-registries.js';

/** Where a load stands after a batch committed, for a test (or a progress report) to look in. */
export interface RegistryLoadStep {
  /** `waiting`: staged and checked, it waits for another registry's load to be applied. */
  phase: 'staging' | 'waiting' | 'removing' | 'adding';
  /** Batches of this phase committed so far. */
  batches: number;
}

export interface RegistryLoadBatching {
  /** Numbers a batch stages, adds, or registry numbers a batch looks through for removal. */
  batchSize?: number;
  /** Called after each batch committed, with no transaction open. */
  betweenBatches?: (step: RegistryLoadStep) => Promise<void>;
}

export interface RegistryLoadRun {
  registry: NationalRegistry;
  listName: string;
  asOf: Date;
  by: string;
  now: Date;
  full: boolean;
  expiresAt: Date | null;
}

const defaultBatchSize = 50_000;

/** A load of a registry that is running already: two at once would each take off what the other's
 * file lists. */
const busyLockKey = (registry: NationalRegistry): string => `outpace:dnc-registry-load:${registry}`;
/** Registries' loads apply in turn: a full load applied beside another registry's would not see the
 * numbers that one lists, and would take them off the global list. */
const applyLockKey = 'outpace:dnc-registry-load';

/**
 * Loads `numbers` (the file's valid numbers, `result` counting what is read) as `run.registry`, in
 * batches; `result` gets what was added, taken off and the load's id.
 */
export async function loadRegistryInBatches(
  pool: Pool, run: RegistryLoadRun, numbers: AsyncIterable<string>, result: DncListImportResult, batching: RegistryLoadBatching = {},
): Promise<DncListImportResult> {
  const size = batching.batchSize ?? defaultBatchSize;
  const step = batching.betweenBatches ?? (async () => undefined);
  // One connection for the whole load, holding its session locks (a crash ends the session, and
  // its locks with it), never a transaction across batches.
  const client = await pool.connect();
  let broken = false;
  try {
    if (!await tryLock(client, busyLockKey(run.registry))) throw await loadRunning(client, run.registry);
    try {
      await finishStaleRun(client, run.registry, size, step);
      await startRun(client, run);
      try {
        await stageNumbers(client, run.registry, numbers, size, step);
        await checkStaged(client, run, result);
      } catch (error) {
        await clearRun(client, run.registry, size).catch(() => undefined);
        throw error;
      }
      const done = await withApplyLock(client, step, async () => {
        result.loadId = await markVerified(client, run);
        return applyRun(client, run.registry, size, step);
      });
      result.added = done.added;
      result.alreadyListed = done.numbers - done.added;
      if (run.full) result.removed = done.removed;
      return result;
    } finally {
      // A connection that cannot unlock is not given back to the pool with its session locks.
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [busyLockKey(run.registry)]).catch(() => { broken = true; });
    }
  } finally {
    client.release(broken);
  }
}

async function tryLock(client: Queryable, key: string): Promise<boolean> {
  const locked = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked', [key]);
  return locked.rows[0]?.locked === true;
}

async function loadRunning(client: Queryable, registry: NationalRegistry): Promise<DbError> {
  const running = await client.query<{ list_name: string; loaded_by: string; started_at: Date }>(
    'SELECT list_name, loaded_by, started_at FROM dnc_registry_load_runs WHERE registry = $1', [registry]);
  const row = running.rows[0];
  const which = row ? ` (${row.list_name}, by ${row.loaded_by}, started ${row.started_at.toISOString()})` : '';
  return new DbError('CONFLICT', `a load of ${registry} is running already${which}: nothing was loaded; load the file again once that one has ended`);
}

/** Waits its turn, polling (a blocked lock call would hold a transaction open while it waited). */
async function withApplyLock<T>(client: Queryable, step: (s: RegistryLoadStep) => Promise<void>, work: () => Promise<T>): Promise<T> {
  for (let waits = 0; !await tryLock(client, applyLockKey); waits++) {
    if (waits === 0) await step({ phase: 'waiting', batches: 0 });
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  try {
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [applyLockKey]);
  }
}

async function inTransaction<T>(client: Queryable, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const value = await work();
    await client.query('COMMIT');
    return value;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** An earlier load of the registry that stopped part way: finished when it had been staged whole
 * and checked (its numbers may already be partly off), else cleared away. */
async function finishStaleRun(client: Queryable, registry: NationalRegistry, size: number, step: (s: RegistryLoadStep) => Promise<void>): Promise<void> {
  const stale = await client.query<{ load_id: string | null }>('SELECT load_id::text FROM dnc_registry_load_runs WHERE registry = $1', [registry]);
  const row = stale.rows[0];
  if (!row) return;
  if (row.load_id === null) {
    await clearRun(client, registry, size);
    return;
  }
  await withApplyLock(client, step, () => applyRun(client, registry, size, step));
}

async function startRun(client: Queryable, run: RegistryLoadRun): Promise<void> {
  await client.query(
    `INSERT INTO dnc_registry_load_runs (registry, import_id, list_name, as_of, loaded_by, started_at, full_load, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [run.registry, randomUUID(), run.listName, run.asOf, run.by, run.now, run.full, run.expiresAt],
  );
}

/** The staged numbers, then the run, a batch at a time: a staging of millions deleted at once would
 * be the long transaction this avoids. */
async function clearRun(client: Queryable, registry: NationalRegistry, size: number): Promise<void> {
  for (;;) {
    const cleared = await client.query(
      `DELETE FROM dnc_registry_load_stage WHERE registry = $1
         AND e164 IN (SELECT e164 FROM dnc_registry_load_stage WHERE registry = $1 ORDER BY e164 LIMIT $2)`, [registry, size]);
    if ((cleared.rowCount ?? 0) < size) break;
  }
  await client.query('DELETE FROM dnc_registry_load_runs WHERE registry = $1', [registry]);
}

/** The file's numbers into the stage, `size` at a time, each batch committed on its own. */
async function stageNumbers(client: Queryable, registry: NationalRegistry, numbers: AsyncIterable<string>, size: number, step: (s: RegistryLoadStep) => Promise<void>): Promise<void> {
  let batch: string[] = [];
  let batches = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    batch.sort(); // written into the index in its order, not the file's
    await client.query(
      `WITH staged AS (INSERT INTO dnc_registry_load_stage (registry, e164) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING RETURNING 1)
       UPDATE dnc_registry_load_runs SET numbers = numbers + (SELECT count(*) FROM staged) WHERE registry = $1`, [registry, batch]);
    batch = [];
    batches++;
    await step({ phase: 'staging', batches });
  };
  for await (const e164 of numbers) {
    batch.push(e164);
    if (batch.length >= size) await flush();
  }
  await flush();
}

/** The file staged whole is the registry's: refused when it is not (no number; for a full load, a
 * line that is not a number), before anything comes off. */
async function checkStaged(client: Queryable, run: RegistryLoadRun, result: DncListImportResult): Promise<void> {
  const staged = await client.query<{ numbers: number }>(
    'UPDATE dnc_registry_load_runs SET read = $2, invalid = $3, footer_rows = $4 WHERE registry = $1 RETURNING numbers',
    [run.registry, result.read, result.invalid, result.footerRows]);
  // A file with no number in it is not a copy of the registry: counted as one, it would let the
  // campaigns dial for another month on nothing.
  if ((staged.rows[0]?.numbers ?? 0) === 0) throw new DbError('INVALID_ARGUMENT', `the file holds no valid number, so it is not loaded as ${run.registry}: check it is the registry's file and its region`);
  const first = result.invalidSamples[0];
  // Cut short or not the registry's own, a file with lines that are not numbers would take off
  // numbers still in it.
  if (run.full && first) {
    throw new DbError('INVALID_ARGUMENT', `a full load replaces ${run.registry}'s numbers, and ${result.invalid} line${result.invalid === 1 ? ' is' : 's are'} not a number `
      + `(line ${first.line}: "${first.text}", ${first.reason}): the file may be cut short or not the registry's; nothing was loaded or removed`);
  }
}

/** The file is the registry's from here: its load is recorded (not applied yet), and a load cut
 * short from now on is finished, not cleared. */
async function markVerified(client: Queryable, run: RegistryLoadRun): Promise<string> {
  return inTransaction(client, async () => {
    const staged = await client.query<{ numbers: number }>('SELECT numbers FROM dnc_registry_load_runs WHERE registry = $1 FOR UPDATE', [run.registry]);
    const loadId = await recordRegistryLoad(client, {
      registry: run.registry, listName: run.listName, asOf: run.asOf, by: run.by, numbers: staged.rows[0]?.numbers ?? 0, added: 0, now: run.now, applied: false,
    });
    await client.query('UPDATE dnc_registry_load_runs SET load_id = $2 WHERE registry = $1', [run.registry, loadId]);
    return loadId;
  });
}

interface RunRow {
  import_id: string;
  list_name: string;
  as_of: Date;
  loaded_by: string;
  started_at: Date;
  full_load: boolean;
  expires_at: Date | null;
  read: number;
  invalid: number;
  footer_rows: number;
  numbers: number;
  load_id: string;
  removals_done: boolean;
  added: number;
  removed: number;
}

async function runRow(client: Queryable, registry: NationalRegistry): Promise<RunRow> {
  const found = await client.query<RunRow>(
    `SELECT import_id::text, list_name, as_of, loaded_by, started_at, full_load, expires_at, read, invalid, footer_rows, numbers, load_id::text,
            removals_done, added, removed
     FROM dnc_registry_load_runs WHERE registry = $1`, [registry]);
  const row = found.rows[0];
  if (!row) throw new Error(`the load of ${registry} has no run`);
  return row;
}

/** A checked run applied, from where it stands: what left the registry off, the staged numbers on,
 * then the load recorded as applied. */
async function applyRun(client: Queryable, registry: NationalRegistry, size: number, step: (s: RegistryLoadStep) => Promise<void>): Promise<RunRow> {
  const run = await runRow(client, registry);
  // The stage and the registry's numbers have just grown by millions: planned on their statistics
  // from before, a batch's anti-join scanned them whole, each batch.
  await client.query('ANALYZE dnc_registry_load_stage, dnc_registry_numbers');
  if (run.full_load && !run.removals_done) {
    await removeLeftRegistry(client, registry, run.load_id, size, step);
    await client.query('UPDATE dnc_registry_load_runs SET removals_done = true WHERE registry = $1', [registry]);
  }
  await addStaged(client, registry, run, size, step);
  return endRun(client, registry);
}

/**
 * A full load: the numbers the registry's earlier loads listed that the staged file does not, a
 * batch of the registry's numbers at a time; their global entries come off where only a registry
 * keeps them (an entry added by hand or at the person's request has another source) and no other
 * registry lists them. Those taken off are kept under the load, for staff to read. Each batch
 * locks the entries it may take off in the numbers' order, as an erasure adds a person's.
 */
async function removeLeftRegistry(client: Queryable, registry: NationalRegistry, loadId: string, size: number, step: (s: RegistryLoadStep) => Promise<void>): Promise<void> {
  let after = '';
  let batches = 0;
  for (;;) {
    const chunk = await client.query<{ last: string | null; leaving: string[] }>(
      `WITH chunk AS (SELECT e164 FROM dnc_registry_numbers WHERE registry = $1 AND e164 > $2 ORDER BY e164 LIMIT $3)
       SELECT (SELECT max(e164) FROM chunk) AS last,
              coalesce((SELECT array_agg(c.e164 ORDER BY c.e164) FROM chunk c
                        WHERE NOT EXISTS (SELECT 1 FROM dnc_registry_load_stage s WHERE s.registry = $1 AND s.e164 = c.e164)), '{}') AS leaving`,
      [registry, after, size]);
    const { last, leaving } = chunk.rows[0] ?? { last: null, leaving: [] };
    if (last === null) return;
    after = last;
    if (leaving.length === 0) continue;
    await inTransaction(client, async () => {
      await client.query('SELECT 1 FROM dnc_entries WHERE campaign_id IS NULL AND e164 = ANY($1::text[]) ORDER BY e164 FOR UPDATE', [leaving]);
      await client.query(
        `WITH dropped AS (
           DELETE FROM dnc_registry_numbers m WHERE m.registry = $1 AND m.e164 = ANY($3::text[])
             AND NOT EXISTS (SELECT 1 FROM dnc_registry_load_stage s WHERE s.registry = $1 AND s.e164 = m.e164)
           RETURNING m.e164),
         removed AS (
           DELETE FROM dnc_entries d USING dropped
           WHERE d.e164 = dropped.e164 AND d.campaign_id IS NULL AND d.source = 'national_registry'
             AND NOT EXISTS (SELECT 1 FROM dnc_registry_numbers o WHERE o.e164 = d.e164 AND o.registry <> $1)
             AND NOT ${addedByOtherMeans('d.e164')}
           RETURNING d.e164),
         kept AS (INSERT INTO dnc_registry_load_removals (load_id, e164) SELECT $2, e164 FROM removed RETURNING 1)
         UPDATE dnc_registry_load_runs SET removed = removed + (SELECT count(*) FROM kept) WHERE registry = $1`,
        [registry, loadId, leaving]);
    });
    batches++;
    await step({ phase: 'removing', batches });
  }
}

/** SQL: the evidence log has the number put on the global list otherwise than by a registry (by
 * the API, at the person's request) since it last came off by hand. Before additions took over a
 * registry's entry (addDnc), such an entry kept the registry's source: its evidence still says it
 * is staff's own, and a full load leaves it. */
const addedByOtherMeans = (e164: string): string => `EXISTS (
  SELECT 1 FROM evidence_log added
  WHERE added.payload->>'e164' = ${e164} AND added.kind = 'dnc_added' AND added.payload->>'scope' = 'global'
    AND NOT EXISTS (SELECT 1 FROM evidence_log gone
                    WHERE gone.payload->>'e164' = ${e164} AND gone.kind = 'dnc_removed' AND gone.payload->>'scope' = 'global' AND gone.id > added.id))`;

/** The staged numbers onto the global list, `size` at a time in their order, each taken out of the
 * stage as it goes on (what is left is what a load finishing this one has still to add). */
async function addStaged(client: Queryable, registry: NationalRegistry, run: RunRow, size: number, step: (s: RegistryLoadStep) => Promise<void>): Promise<void> {
  let after = '';
  let batches = 0;
  for (;;) {
    const added = await client.query<{ last: string | null }>(
      `WITH batch AS (
         DELETE FROM dnc_registry_load_stage s WHERE s.registry = $1
           AND s.e164 IN (SELECT e164 FROM dnc_registry_load_stage WHERE registry = $1 AND e164 > $2 ORDER BY e164 LIMIT $3)
         RETURNING s.e164),
       added AS (
         -- As addDnc: an entry already there blocks for the longer of the two (for good beats an
         -- expiry), so a registry file makes a lapsed or temporary entry of its numbers hold again.
         -- In the numbers' order: a list's load and an erasure took them in other orders and deadlocked.
         -- A number blocked for good already is left as it is (the refresh's millions): the insert
         -- would change nothing in it but lock it.
         INSERT INTO dnc_entries (campaign_id, e164, source, reason, expires_at)
         SELECT NULL, b.e164, 'national_registry', $4, $5::timestamptz FROM batch b
         WHERE NOT EXISTS (SELECT 1 FROM dnc_entries d WHERE d.e164 = b.e164 AND d.campaign_id IS NULL AND d.expires_at IS NULL)
         ORDER BY b.e164
         ${longerBlockWinsSql}
         RETURNING e164),
       -- Kept under the import, which its evidence entry names: a number's evidence shows how it came on.
       kept AS (INSERT INTO dnc_import_numbers (import_id, e164) SELECT $6, e164 FROM added RETURNING 1),
       listed AS (INSERT INTO dnc_registry_numbers (registry, e164) SELECT $1, e164 FROM batch ON CONFLICT DO NOTHING),
       -- (Each CTE that writes runs whether read or not.)
       counted AS (UPDATE dnc_registry_load_runs SET added = added + (SELECT count(*) FROM kept) WHERE registry = $1)
       SELECT max(e164) AS last FROM batch`,
      [registry, after, size, `list ${run.list_name}`, run.expires_at, run.import_id]);
    const last = added.rows[0]?.last ?? null;
    if (last === null) return;
    after = last;
    batches++;
    await step({ phase: 'adding', batches });
  }
}

/** The load recorded as applied, with its evidence, and the run ended: one short transaction. */
async function endRun(client: Queryable, registry: NationalRegistry): Promise<RunRow> {
  return inTransaction(client, async () => {
    const run = await runRow(client, registry);
    await client.query('UPDATE dnc_registry_loads SET applied = true, added = $2 WHERE id = $1', [run.load_id, run.added]);
    await appendEvidence(client, {
      kind: 'dnc_list_imported', campaignId: null, at: run.started_at,
      payload: {
        list: run.list_name, scope: 'global', by: run.loaded_by, read: run.read, added: run.added, alreadyListed: run.numbers - run.added, invalid: run.invalid,
        footerRows: run.footer_rows, importId: run.import_id, registry, asOf: run.as_of.toISOString(), loadId: run.load_id,
        ...(run.full_load ? { full: true, removed: run.removed } : {}),
      },
    });
    if (run.full_load) {
      await appendEvidence(client, {
        kind: 'dnc_removed', campaignId: null, at: run.started_at,
        payload: {
          scope: 'global', source: 'national_registry', registry, list: run.list_name, by: run.loaded_by, removed: run.removed, loadId: run.load_id,
          reason: `no longer in ${registryNames[registry].name}: the full load of ${run.list_name} (as of ${run.as_of.toISOString()}) does not list them`,
        },
      });
    }
    await client.query('DELETE FROM dnc_registry_load_runs WHERE registry = $1', [registry]);
    return run;
  });
}
