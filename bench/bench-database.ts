// The database a benchmark owns: dropped and made again for each run, so a run never measures what
// an earlier one left. Its name must say "bench", so a mistyped URL cannot drop a real database.

import pg from 'pg';

/**
 * Makes `databaseUrl`'s database afresh, unless `keep` finds the one there fit to reuse (it is
 * given a client of it). Says whether it was made afresh.
 */
export async function recreateBenchDatabase(databaseUrl: string, keep?: (db: pg.Client) => Promise<boolean>): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || !name.includes('bench')) throw new Error(`bench database "${name}" must be a plain name containing "bench" (it is dropped)`);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount && keep && await keptFit(databaseUrl, keep)) return false;
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    return true;
  } finally {
    await admin.end();
  }
}

async function keptFit(databaseUrl: string, keep: (db: pg.Client) => Promise<boolean>): Promise<boolean> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await keep(db);
  } finally {
    await db.end();
  }
}
