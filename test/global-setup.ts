// Vitest global setup: checks that Postgres and Redis answer, recreates the test database, runs
// the migrations, copies the database for each test worker (see test-slots.ts), flushes the
// workers' Redis indexes and hands the URLs to the tests (vitest's provide).
// Two runs on the same database or the same Redis index would drop each other's data, so a run
// holds an advisory lock for each from setup to teardown and a run that shares one waits; runs
// given their own TEST_DATABASE_URL and TEST_REDIS_URL go side by side.

import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';
import { markLaboratory } from '../src/adapters/pg/laboratory-marker.js';
import { migrate } from '../src/adapters/pg/migrate.js';
import { buildOutpaceCli } from './cli-build.js';
import { testRunLockNames } from './helpers/test-run-lock.js';
import { databaseName, testSlots, type TestSlot } from './helpers/test-slots.js';
import { testWorkerCount } from './test-workers.js';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/outpace_test';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379/15';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Each worker's database and Redis index, worker k at k - 1. */
    testSlots: TestSlot[];
    /** The built `outpace` command the tests run in processes of their own. */
    outpaceCli: string;
    /** The migrated database the workers' are copies of, which no test connects to: a test that
     * needs a migrated database of its own copies it rather than migrating one from scratch. */
    migratedDatabase: string;
  }
}


export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const databaseUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const redisUrl = process.env.TEST_REDIS_URL ?? DEFAULT_REDIS_URL;
  const slots = testSlots(databaseUrl, redisUrl, testWorkerCount());
  const admin = await connectAdmin(databaseUrl);
  for (const name of testRunLockNames(databaseUrl, slots)) await holdTestRunLock(admin, name);
  try {
    await recreateDatabase(admin, databaseUrl);
    await migrate(databaseUrl);
    await markTestLaboratory(databaseUrl);
    for (const slot of slots) {
      await recreateDatabase(admin, slot.databaseUrl, databaseUrl);
      await flushRedis(slot.redisUrl);
    }
  } catch (error) {
    await admin.end();
    throw error;
  }
  project.provide('testSlots', slots);
  project.provide('migratedDatabase', databaseName(databaseUrl));
  const cli = await buildOutpaceCli(fileURLToPath(new URL('../', import.meta.url)));
  project.provide('outpaceCli', cli.main);
  return async () => {
    await cli.remove();
    await admin.end(); // ends the session, which releases the lock
  };
}

/** A connection to the maintenance database; it also carries the test-run lock. */
async function connectAdmin(databaseUrl: string): Promise<pg.Client> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`Postgres does not answer at ${url.host} (${describe(error)}); start it or set TEST_DATABASE_URL`);
  }
  // Idle for the whole run; losing it must not crash vitest (the lock just goes with it).
  admin.on('error', () => undefined);
  return admin;
}

/** The lock's key is a hash of its name (see testRunLockNames). */
async function holdTestRunLock(admin: pg.Client, name: string): Promise<void> {
  const tried = await admin.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [name]);
  if (tried.rows[0]?.ok) return;
  console.log(`[global-setup] another test run holds ${name}; waiting for it to finish`);
  await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
}

/** The database dropped and made again, empty or as a copy of the template's. */
async function recreateDatabase(admin: pg.Client, databaseUrl: string, templateUrl?: string): Promise<void> {
  const name = databaseName(databaseUrl);
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || !name.includes('test')) {
    throw new Error(`test database name "${name}" must be a plain identifier containing "test" (it is dropped)`);
  }
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}${templateUrl === undefined ? '' : ` TEMPLATE ${databaseName(templateUrl)}`}`);
}

/** The tests dial only the simulated PBX, many of them round the clock on custom hours. */
async function markTestLaboratory(databaseUrl: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await markLaboratory(pool, { laboratory: true, by: 'test suite' });
  } finally {
    await pool.end();
  }
}

async function flushRedis(redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.flushdb();
  } catch (error) {
    throw new Error(`Redis does not answer at ${redisUrl} (${describe(error)}); start it or set TEST_REDIS_URL`);
  } finally {
    redis.disconnect();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
