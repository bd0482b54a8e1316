// Vitest global setup: checks that Postgres and Redis answer, recreates the test database, runs
// the migrations and hands the URLs to the tests (environment variables and vitest's provide).

import pg from 'pg';
import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';
import { migrate } from '../src/adapters/pg/migrate.js';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/outpace_test';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379/15';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const databaseUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const redisUrl = process.env.TEST_REDIS_URL ?? DEFAULT_REDIS_URL;
  await recreateDatabase(databaseUrl);
  await migrate(databaseUrl);
  await flushRedis(redisUrl);
  // Workers inherit the environment, so code reading DATABASE_URL / REDIS_URL gets the test ones.
  process.env.DATABASE_URL = databaseUrl;
  process.env.REDIS_URL = redisUrl;
  project.provide('databaseUrl', databaseUrl);
  project.provide('redisUrl', redisUrl);
}

async function recreateDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || !name.includes('test')) {
    throw new Error(`test database name "${name}" must be a plain identifier containing "test" (it is dropped)`);
  }
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`Postgres does not answer at ${url.host} (${describe(error)}); start it or set TEST_DATABASE_URL`);
  }
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
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
