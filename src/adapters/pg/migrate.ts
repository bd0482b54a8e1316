// Versioned SQL migrations: files NNN_name.sql, applied in order, each in its own transaction,
// recorded in schema_migrations. A session advisory lock keeps two nodes from migrating at once;
// running again applies nothing, so every node may call migrate() at start.
// A file whose first line is `-- outpace: no-transaction` runs outside a transaction, for what
// PostgreSQL will not run in one: CREATE INDEX CONCURRENTLY, which builds an index on a large table
// without stopping its writes (the dialling). It holds one statement, written to be run again
// (IF NOT EXISTS): an index such a build leaves unfinished is named, with what to do.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DbError } from './db-error.js';
import { databaseConnectTimeoutMs } from './reach-database.js';

/** Arbitrary constant shared by every Outpace node: "outp" in ASCII. */
const MIGRATION_LOCK_KEY = 0x6f757470;
const FILE_PATTERN = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
  /** Run in a transaction of its own (all but a `-- outpace: no-transaction` file). */
  transaction: boolean;
}

const NO_TRANSACTION = /^--\s*outpace:\s*no-transaction\s*$/;

export interface MigrateOptions {
  /** Directory of the .sql files; defaults to the migrations shipped with this module. */
  dir?: string;
  log?: (message: string) => void;
}

export interface MigrateResult {
  applied: string[];
  current: number;
  /** Migrations the database has that this release does not ship (see unshippedMigrations). */
  unshipped: string[];
}

/** The migrations directory next to this module; a compiled build falls back to the sources. */
export function defaultMigrationsDir(): string {
  const here = fileURLToPath(new URL('./migrations', import.meta.url));
  if (existsSync(here)) return here;
  return fileURLToPath(new URL('../../../src/adapters/pg/migrations', import.meta.url));
}

export async function loadMigrations(dir: string = defaultMigrationsDir()): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((file) => file.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  const seen = new Map<number, string>();
  for (const file of files) {
    const match = FILE_PATTERN.exec(file);
    if (!match?.[1] || !match[2]) throw new DbError('MIGRATION_BAD_NAME', `${file} does not match NNN_name.sql`);
    const version = Number(match[1]);
    const clash = seen.get(version);
    if (clash) throw new DbError('MIGRATION_DUPLICATE_VERSION', `${file} and ${clash} share version ${version}`);
    seen.set(version, file);
    const sql = await readFile(join(dir, file), 'utf8');
    const transaction = !NO_TRANSACTION.test(sql.split('\n', 1)[0] ?? '');
    migrations.push({ version, name: match[2], sql, checksum: createHash('sha256').update(sql).digest('hex'), transaction });
  }
  return migrations;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** A migration as it is named to people: 007_name. */
export const migrationLabel = (version: number, name: string): string => `${String(version).padStart(3, '0')}_${name}`;

/** Applied migrations this release does not ship (a higher version, or another name at a version
 * it has): a newer release migrated the database, as a rolled-back deploy or old and new nodes
 * side by side find it. Empty when nothing was ever migrated. */
export async function unshippedMigrations(client: pg.ClientBase, migrations: readonly Migration[]): Promise<string[]> {
  const table = await client.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (!table.rows[0]?.present) return [];
  const shipped = new Set(migrations.map((m) => migrationLabel(m.version, m.name)));
  const done = await client.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
  return done.rows.map((row) => migrationLabel(row.version, row.name)).filter((label) => !shipped.has(label));
}

/** What a node says of unshipped migrations: it runs on (old and new nodes run side by side in a
 * rolling deploy), but on a schema it was not written for. */
export function unshippedMigrationsWarning(unshipped: readonly string[]): string {
  return `the database has migrations this release does not ship: ${unshipped.join(', ')} (applied by a newer release, `
    + 'or the deploy was rolled back); this release was not written for the schema they made and may fail or write what the newer '
    + 'release misreads: run the newer release, or check those migrations keep to what this one expects';
}

/** Applies pending migrations. Accepts a connection string or an open client (not a pool). */
export async function migrate(target: string | pg.ClientBase, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = await loadMigrations(options.dir);
  // A server that takes the connection but never answers is given up on, as at a command's start.
  const own = typeof target === 'string' ? new pg.Client({ connectionString: target, connectionTimeoutMillis: databaseConnectTimeoutMs }) : null;
  if (own) await own.connect();
  const client = own ?? (target as pg.ClientBase);
  try {
    await takeMigrationLock(client);
    try {
      return await applyPending(client, migrations, options.log ?? (() => undefined));
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await own?.end();
  }
}

/** How often a runner asks again for the lock another holds. */
const LOCK_POLL_MS = 200;

/** Takes the migration lock, asking again until it is free rather than waiting in pg_advisory_lock:
 * a runner waiting there holds a snapshot, for which the other's CREATE INDEX CONCURRENTLY waits
 * while holding the lock the first waits for (Postgres ends one as a deadlock). */
async function takeMigrationLock(client: pg.ClientBase): Promise<void> {
  for (;;) {
    const taken = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK_KEY]);
    if (taken.rows[0]?.locked === true) return;
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

async function applyPending(client: pg.ClientBase, migrations: Migration[], log: (m: string) => void): Promise<MigrateResult> {
  await client.query(CREATE_TABLE);
  const unshipped = await unshippedMigrations(client, migrations);
  const done = await client.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations');
  const appliedChecksums = new Map(done.rows.map((row) => [row.version, row.checksum]));
  const applied: string[] = [];
  for (const migration of migrations) {
    const label = migrationLabel(migration.version, migration.name);
    const checksum = appliedChecksums.get(migration.version);
    if (checksum !== undefined) {
      // An applied migration that changed on disk would leave databases silently different.
      if (checksum !== migration.checksum) {
        throw new DbError('MIGRATION_CHECKSUM_MISMATCH', `${label} changed after it was applied; add a new migration instead`);
      }
      continue;
    }
    await applyOne(client, migration, label);
    log(`migration ${label} applied`);
    applied.push(label);
  }
  const current = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  return { applied, current, unshipped };
}

async function applyOne(client: pg.ClientBase, migration: Migration, label: string): Promise<void> {
  if (!migration.transaction) return applyOutsideTransaction(client, migration, label);
  try {
    await client.query('BEGIN');
    await client.query(migration.sql);
    await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
      migration.version, migration.name, migration.checksum,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new DbError('MIGRATION_FAILED', `${label}: ${reason}`, { cause: error });
  }
}

/** A `no-transaction` migration: what it did before an error stays, so an index it left unfinished
 * (INVALID: kept up to date by every write, used by no query) is named to be dropped; so is one a
 * run again found there already and passed over (IF NOT EXISTS), rather than recorded as built. */
async function applyOutsideTransaction(client: pg.ClientBase, migration: Migration, label: string): Promise<void> {
  try {
    await client.query(migration.sql);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const unfinished = await unfinishedIndexes(client);
    const left = unfinished.length === 0 ? '' : `; it runs outside a transaction, so what it did stays: ${unfinishedSaid(unfinished)}, correct what stopped the build,`
      + ' and run outpace migrate again';
    throw new DbError('MIGRATION_FAILED', `${label}: ${reason}${left}`, { cause: error });
  }
  const unfinished = await unfinishedIndexes(client);
  if (unfinished.length > 0) {
    throw new DbError('MIGRATION_FAILED', `${label}: ${unfinishedSaid(unfinished)} (an earlier build that failed left it, and IF NOT EXISTS passed over it), and run outpace migrate again`);
  }
  await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [migration.version, migration.name, migration.checksum]);
}

/** The schema's invalid indexes, by name. */
async function unfinishedIndexes(client: pg.ClientBase): Promise<string[]> {
  const found = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      WHERE NOT i.indisvalid AND c.relnamespace = current_schema()::regnamespace ORDER BY 1`);
  return found.rows.map((row) => row.name);
}

function unfinishedSaid(names: readonly string[]): string {
  const one = names.length === 1;
  return `${one ? 'the index' : 'the indexes'} ${names.join(', ')} ${one ? 'is' : 'are'} unfinished (INVALID): drop ${one ? 'it' : 'them'} (DROP INDEX CONCURRENTLY ${names[0]})`;
}
