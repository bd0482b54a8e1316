// `outpace demo` logs at the level the configuration gives, as `outpace serve` does: log.level in
// the file OUTPACE_CONFIG names (or LOG_LEVEL), else warnings and errors only, so that its status
// lines stay readable. A short run of the real command against the test database and Redis.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOutpace } from '../helpers/outpace-cli.js';
import { testDatabaseUrl } from '../helpers/db.js';
import { testRedisUrl } from '../helpers/redis.js';
import { freePort } from '../helpers/free-port.js';

const dir = mkdtempSync(join(tmpdir(), 'outpace-demo-log-'));

/** The levels of the JSON records a one-second demo wrote, run with `log` in its file. */
async function demoLogLevels(log: string): Promise<number[]> {
  const file = join(dir, `${randomBytes(4).toString('hex')}.yaml`);
  writeFileSync(file, `${log}\nredis:\n  url: "${testRedisUrl()}"\n  keyPrefix: "demo-log-${randomBytes(4).toString('hex')}:"\n`);
  const { LOG_LEVEL: _unset, ...inherited } = process.env;
  const port = await freePort();
  const run = await runOutpace(['demo', '--duration', '1', '--agents', '1', '--leads', '5', '--port', String(port)],
    { ...inherited, DATABASE_URL: testDatabaseUrl(), OUTPACE_CONFIG: file });
  expect(run.code, run.stderr).toBe(0);
  return run.stderr.split('\n').filter((line) => line.startsWith('{')).map((line) => (JSON.parse(line) as { level: number }).level);
}

describe('outpace demo log level', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('logs at the level the configuration file gives', async () => {
    expect((await demoLogLevels('log:\n  level: info')).filter((level) => level === 30).length).toBeGreaterThan(0);
  }, 120_000);

  it('logs only warnings and errors when nothing gives a level', async () => {
    expect((await demoLogLevels('')).filter((level) => level < 40)).toEqual([]);
  }, 120_000);
});
