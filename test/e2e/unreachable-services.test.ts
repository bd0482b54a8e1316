// A database or Redis that cannot be reached, as an operator meets it at the command line: each
// command that connects stops with one line saying which service, at which address (never the
// password its URL holds) and what to check, not a bare "connect ECONNREFUSED 127.0.0.1:5432",
// and `outpace serve` does not go on retrying an unreachable Redis for ever, nor start on a Redis
// index the server refuses (doctor says so too).

import { describe, expect, it } from 'vitest';
import { runOutpace } from '../helpers/outpace-cli.js';
import { testDatabaseUrl } from '../helpers/db.js';
import { testRedisUrl } from '../helpers/redis.js';

// Nothing listens on port 1.
const deadDatabase = 'postgres://outpace:s3cret-db@127.0.0.1:1/outpace';
const deadRedis = 'redis://:s3cret-redis@127.0.0.1:1/2';
const databaseLine = 'the database at 127.0.0.1:1 (database "outpace") could not be reached (connection refused): check that PostgreSQL runs there and takes connections from this host, and that DATABASE_URL (database.url) names it';

async function outpace(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stderr: string }> {
  const { code, stderr } = await runOutpace(args, { PATH: process.env.PATH ?? '', ...env });
  return { code, stderr };
}

describe('a service the command cannot reach', () => {
  it('names the database, its address and what to check, for every command that connects to it', async () => {
    const env = { DATABASE_URL: deadDatabase };
    const runs = await Promise.all([
      outpace(env, 'migrate'), outpace(env, 'serve'), outpace(env, 'demo', '--duration', '1'), outpace(env, 'laboratory'),
      outpace(env, 'import', 'test/fixtures/csv/mixed-leads.csv', '--campaign', '1', '--list', 'a', '--map', 'phone=Phone'),
    ]);
    for (const run of runs) expect(run).toEqual({ code: 1, stderr: `outpace: ${databaseLine}\n` });
    const plan = await outpace(env, 'plan', '--campaign', '1');
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(`outpace plan: ${databaseLine}`);
  }, 120_000);

  it('names Redis and its address when the database answers but Redis does not', async () => {
    const env = { DATABASE_URL: testDatabaseUrl(), REDIS_URL: deadRedis };
    const [serve, demo] = await Promise.all([outpace(env, 'serve', '--no-migrate'), outpace(env, 'demo', '--duration', '1')]);
    const line = 'outpace: Redis at 127.0.0.1:1/2 could not be reached (connection refused): check that Redis runs there and takes connections from this host, and that REDIS_URL (redis.url) names it';
    expect(serve).toEqual({ code: 1, stderr: expect.stringContaining(line) });
    expect(demo).toEqual({ code: 1, stderr: expect.stringContaining(line) });
    for (const run of [serve, demo]) expect(run.stderr).not.toContain('s3cret');
  }, 120_000);

  it('names a Redis index the server does not have, rather than start on index 0 and log its refusal for ever', async () => {
    const url = new URL(testRedisUrl());
    url.pathname = '/999';
    const env = { DATABASE_URL: testDatabaseUrl(), REDIS_URL: url.toString(), NODE_ID: `redis-index-${process.pid}`, WRITE_SPOOL_DIR: '' };
    const [serve, doctor] = await Promise.all([outpace(env, 'serve', '--no-migrate'), runOutpace(['doctor'], { PATH: process.env.PATH ?? '', ...env })]);
    const line = `Redis at ${url.host}/999 refused the connection (ERR DB index is out of range): check the user, password and index REDIS_URL (redis.url) gives`;
    expect(serve).toEqual({ code: 1, stderr: expect.stringContaining(`outpace: ${line}\n`) });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain(`✗ redis: ${line}\n`);
  }, 120_000);
});
