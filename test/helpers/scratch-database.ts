// A database of a test's own beside the test database, for tests that need a schema the shared
// one cannot have (never migrated, migrated by an older or a newer release).

import pg from 'pg';
import { inject } from 'vitest';
import { testDatabaseUrl } from './db.js';

export interface ScratchDatabase {
  /** Where the test connects. */
  url: string;
  name: string;
  /** The server's maintenance database, where the scratch one is created and dropped. */
  admin: string;
}

/** The test database's name with `suffix` keeps runs of several workers on one server apart. */
export function scratchDatabase(suffix: string): ScratchDatabase {
  const url = new URL(testDatabaseUrl());
  const name = `${url.pathname.slice(1)}_${suffix}`;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  url.pathname = `/${name}`;
  return { url: url.toString(), name, admin: admin.toString() };
}

/** Runs one statement on the maintenance database (CREATE or DROP DATABASE cannot run in a pool's transaction). */
export async function onAdmin(admin: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The scratch database made again as a copy of the migrated one global setup made (see
 * global-setup.ts): a migrated schema without the time migrating takes. */
export async function recreateMigrated(scratch: ScratchDatabase): Promise<void> {
  await onAdmin(scratch.admin, `DROP DATABASE IF EXISTS ${scratch.name} WITH (FORCE)`);
  await onAdmin(scratch.admin, `CREATE DATABASE ${scratch.name} TEMPLATE ${inject('migratedDatabase')}`);
}
