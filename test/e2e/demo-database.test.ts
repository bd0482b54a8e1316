// `npm run demo` seeds the database DATABASE_URL names and marks it a laboratory (custom calling
// hours with no legal bound): it refuses one that holds campaigns and is not a laboratory, says
// which database it seeds, and keeps to Redis keys of its own, apart from a node sharing the Redis.

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../../src/adapters/pg/campaign-repository.js';
import { markLaboratory } from '../../src/adapters/pg/laboratory-marker.js';
import { databaseAddressOf } from '../../src/adapters/pg/reach-database.js';
import { freePort } from '../helpers/free-port.js';
import { runOutpace, type OutpaceRun } from '../helpers/outpace-cli.js';
import { testRedisUrl } from '../helpers/redis.js';
import { onAdmin, recreateMigrated, scratchDatabase } from '../helpers/scratch-database.js';

const scratch = scratchDatabase('demo_db');

/** A one-second demo on the scratch database, its Redis keys under `prefix`. */
async function shortDemo(prefix: string): Promise<OutpaceRun> {
  const port = await freePort();
  const { LOG_LEVEL: _unset, OUTPACE_CONFIG: _none, ...inherited } = process.env;
  return runOutpace(['demo', '--duration', '1', '--agents', '1', '--leads', '5', '--port', String(port)],
    { ...inherited, DATABASE_URL: scratch.url, REDIS_URL: testRedisUrl(), REDIS_KEY_PREFIX: prefix });
}

async function onScratch<T>(work: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = new pg.Pool({ connectionString: scratch.url, max: 1 });
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
}

async function keysUnder(prefix: string): Promise<string[]> {
  const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
  try {
    const keys: string[] = [];
    for await (const batch of redis.scanStream({ match: `${prefix}*`, count: 500 })) keys.push(...(batch as string[]));
    return keys;
  } finally {
    redis.disconnect();
  }
}

describe('the demo and its database', () => {
  afterAll(() => onAdmin(scratch.admin, `DROP DATABASE IF EXISTS ${scratch.name} WITH (FORCE)`), 60_000);

  it('refuses a database that holds campaigns and is not a laboratory, leaving it as it was', async () => {
    await recreateMigrated(scratch);
    await onScratch(async (pool) => {
      await markLaboratory(pool, { laboratory: false, by: 'test' });
      await createCampaign(pool, { name: 'Real customers', mode: 'progressive' });
    });
    const run = await shortDemo(`demo-db-${randomBytes(4).toString('hex')}:`);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`(database "${scratch.name}") holds 1 campaign and is not a laboratory`);
    expect(run.stderr).toContain('Point DATABASE_URL at a database of its own');
    const after = await onScratch(async (pool) => (await pool.query<{ campaigns: string; laboratory: boolean }>(
      'SELECT (SELECT count(*) FROM campaigns) AS campaigns, (SELECT laboratory FROM installation) AS laboratory')).rows[0]);
    expect(after).toEqual({ campaigns: '1', laboratory: false });
  }, 120_000);

  it('seeds a new database, says which, and writes Redis keys only under a prefix of its own', async () => {
    await onAdmin(scratch.admin, `DROP DATABASE IF EXISTS ${scratch.name} WITH (FORCE)`);
    await onAdmin(scratch.admin, `CREATE DATABASE ${scratch.name}`);
    const prefix = `demo-db-${randomBytes(4).toString('hex')}:`;
    const run = await shortDemo(prefix);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`seeding the database at ${databaseAddressOf(scratch.url)}, a laboratory`);
    const keys = await keysUnder(prefix);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((key) => !key.startsWith(`${prefix}demo:`))).toEqual([]);
  }, 180_000);
});
