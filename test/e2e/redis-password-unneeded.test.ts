// A Redis URL giving a password alone (redis://:secret@host) for a Redis that asks for none: ioredis
// printed "[WARN] Redis server does not require a password, but a password was supplied" on the
// command's output for each connection, outside the node's log. The node says it once, in its log,
// and connects without the password. A short demo run of the real command against the test Redis.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOutpace } from '../helpers/outpace-cli.js';
import { testDatabaseUrl } from '../helpers/db.js';
import { testRedisUrl } from '../helpers/redis.js';
import { freePort } from '../helpers/free-port.js';

const dir = mkdtempSync(join(tmpdir(), 'outpace-redis-password-'));

describe('a Redis URL with a password Redis does not ask for', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is said once in the node\'s log, not by ioredis on the console, and the node runs', async () => {
    const url = new URL(testRedisUrl());
    url.password = 'not-asked-for';
    const file = join(dir, 'outpace.yaml');
    writeFileSync(file, `redis:\n  keyPrefix: "redis-password-${randomBytes(4).toString('hex')}:"\n`);
    const { LOG_LEVEL: _unset, ...inherited } = process.env;
    const run = await runOutpace(['demo', '--duration', '1', '--agents', '1', '--leads', '5', '--port', String(await freePort())],
      { ...inherited, DATABASE_URL: testDatabaseUrl(), REDIS_URL: url.toString(), OUTPACE_CONFIG: file });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stderr.split('\n');
    expect(lines.filter((line) => !line.startsWith('{') && /password/i.test(line))).toEqual([]);
    const records = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; msg: string; component?: string });
    expect(records.filter((record) => /password/i.test(record.msg))).toEqual([expect.objectContaining({
      level: 40, component: 'redis',
      msg: 'Redis asks for no password, but redis.url (REDIS_URL) gives one: connecting without it; take it out of the URL, or give Redis a password (requirepass) and restart the node',
    })]);
    expect(run.stderr).not.toContain('not-asked-for');
  }, 120_000);
});
