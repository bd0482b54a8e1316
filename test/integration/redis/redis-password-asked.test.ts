// A Redis that does ask for the password the URL gives, with an index in the URL: the start's
// check sends the password itself (so that ioredis says nothing of one not asked for), and must
// select the index only once authenticated, or the Redis refuses it (NOAUTH) and every command
// says Redis is unreachable. A password changed in Redis while a node runs is refused at its
// connections' next login: the log says to put the new one in the URL and restart the node.
// A Redis server of the test's own, as the shared one asks for none.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedis } from '../../../src/adapters/redis/connection.js';
import { reachRedis } from '../../../src/adapters/redis/reach-redis.js';
import { RedisErrorWatch } from '../../../src/adapters/redis/redis-error-watch.js';
import { PasswordAnswers, redisUrlToUse } from '../../../src/adapters/redis/unneeded-password.js';
import { checkRedis } from '../../../src/cli/doctor-checks.js';
import { freePort } from '../../helpers/free-port.js';
import { keptLogger } from '../../helpers/kept-logger.js';
import { stopChild, waitFor } from '../../grafana/demo-process.js';

const redisServer = process.env.REDIS_SERVER_BIN ?? 'redis-server';
let server: ChildProcess | null = null;
let port = 0;

const answers = (at: number): Promise<boolean> => new Promise((resolve) => {
  const socket = net.connect(at, '127.0.0.1', () => { socket.destroy(); resolve(true); }).on('error', () => resolve(false));
});

beforeAll(async () => {
  if (spawnSync(redisServer, ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(`the Redis server (${redisServer}) is not installed: apt-get install -y redis-server, or set REDIS_SERVER_BIN`);
  }
  port = await freePort();
  const child = spawn(redisServer, ['--port', String(port), '--bind', '127.0.0.1', '--requirepass', 'asked-for', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  server = child;
  await waitFor(() => answers(port), 20_000, () => (child.exitCode === null ? null : `${redisServer} exited (${child.exitCode})`));
});

afterAll(async () => { if (server) await stopChild(server); });

/** How many AUTH commands the test's Redis has answered, asked on a connection made beforehand. */
async function authCount(redis: Redis): Promise<number> {
  const stats = await redis.info('commandstats');
  return Number(/cmdstat_auth:calls=(\d+)/.exec(stats)?.[1] ?? 0);
}

describe('a Redis URL with the password Redis asks for and an index', () => {
  it('is reached, and kept as it is for the node', async () => {
    const url = `redis://:asked-for@127.0.0.1:${port}/3`;
    await expect(reachRedis(url, { timeoutMs: 5_000 })).resolves.toBeUndefined();
    await expect(reachRedis(`redis://:asked-for@127.0.0.1:${port}?db=3`, { timeoutMs: 5_000 })).resolves.toBeUndefined();
    await expect(redisUrlToUse(url, pino({ level: 'silent' }), { timeoutMs: 5_000 })).resolves.toBe(url);
  });

  it('with an index the Redis does not have, or a wrong password, is still refused', async () => {
    await expect(reachRedis(`redis://:asked-for@127.0.0.1:${port}/99`, { timeoutMs: 5_000 })).rejects.toThrow(/DB index is out of range/);
    await expect(reachRedis(`redis://:wrong@127.0.0.1:${port}/3`, { timeoutMs: 5_000 })).rejects.toThrow(/WRONGPASS|invalid password/i);
  });
});

describe('a password alone, checked by the doctor', () => {
  it('leaves no answer behind: a start later in the same process asks Redis again, and finds the password it asks for since', async () => {
    const admin = new Redis(`redis://:asked-for@127.0.0.1:${port}`, { maxRetriesPerRequest: 1 });
    try {
      await admin.ping();
      await admin.config('SET', 'requirepass', '');
      const url = `redis://:asked-later@127.0.0.1:${port}/6`;
      expect(await checkRedis(url)).toEqual({ name: 'redis', state: 'ok', line: `reached at 127.0.0.1:${port}/6` });
      await admin.config('SET', 'requirepass', 'asked-later');
      await expect(redisUrlToUse(url, pino({ level: 'silent' }))).resolves.toBe(url);
      expect(await checkRedis(url)).toEqual({ name: 'redis', state: 'ok', line: `reached at 127.0.0.1:${port}/6` });
    } finally {
      await admin.config('SET', 'requirepass', 'asked-for').catch(() => undefined);
      admin.disconnect();
    }
  });
});

describe('a password alone, at a start', () => {
  it('is sent to Redis once: the node takes the answer the start\'s check had, whether Redis asks for it or not', async () => {
    const admin = new Redis(`redis://:asked-for@127.0.0.1:${port}`, { maxRetriesPerRequest: 1 });
    const silent = pino({ level: 'silent' });
    try {
      await admin.ping();
      const asked = `redis://:asked-for@127.0.0.1:${port}/5`;
      const answers = new PasswordAnswers();
      const before = await authCount(admin);
      await reachRedis(asked, { timeoutMs: 5_000, answers });
      await expect(redisUrlToUse(asked, silent, { answers, timeoutMs: 5_000 })).resolves.toBe(asked);
      expect(await authCount(admin) - before).toBe(1);
      // Asked for none: the password is left out of the URL the node connects with, still on one AUTH.
      await admin.config('SET', 'requirepass', '');
      const unneeded = `redis://:not-asked-for@127.0.0.1:${port}/5`;
      const then = await authCount(admin);
      await reachRedis(unneeded, { timeoutMs: 5_000, answers });
      await expect(redisUrlToUse(unneeded, silent, { answers, timeoutMs: 5_000 })).resolves.toBe(`redis://127.0.0.1:${port}/5`);
      expect(await authCount(admin) - then).toBe(1);
      // Without the start's check (the demo's node, a test's), or its answer taken, the node asks itself.
      await expect(redisUrlToUse(unneeded, silent, { answers, timeoutMs: 5_000 })).resolves.toBe(`redis://127.0.0.1:${port}/5`);
      expect(await authCount(admin) - then).toBe(2);
    } finally {
      await admin.config('SET', 'requirepass', 'asked-for').catch(() => undefined);
      admin.disconnect();
    }
  });
});

describe('a password changed in Redis while the node runs', () => {
  it("is refused at a connection's next login, and the log says what to do: the new one in REDIS_URL, and a restart", async () => {
    const admin = new Redis(`redis://:asked-for@127.0.0.1:${port}`, { maxRetriesPerRequest: 1 });
    const { logger, records } = keptLogger();
    const url = `redis://:asked-for@127.0.0.1:${port}/4`;
    const errors = new RedisErrorWatch(logger, url);
    const redis = errors.watch(createRedis({ url, keyPrefix: 'password-changed:' }, { connectionName: 'password-changed' }), 'redis');
    try {
      await redis.set('lead:+12125550377', '1');
      await admin.config('SET', 'requirepass', 'changed-since');
      // The connection dropped (a network blip, a Redis restart): its login again is refused.
      await admin.client('KILL', 'ID', String(await redis.client('ID')));
      await vi.waitFor(() => expect(errors.problem()).toBe('credentials refused'), { timeout: 5_000 });
      await expect(redis.set('lead:+12125550377', '2')).rejects.toThrow();
      expect(records).toHaveLength(1);
      expect(records[0]?.msg).toMatch(new RegExp(`^Redis at 127\\.0\\.0\\.1:${port}/4 refused this node's login \\(WRONGPASS [^)]*\\): `
        + 'the node reads the password and user REDIS_URL \\(redis\\.url\\) gives at its start only; if they were changed in Redis, '
        + 'put the new ones in REDIS_URL and restart the node'));
      expect(JSON.stringify(records)).not.toMatch(/asked-for|changed-since|12125550377/);
    } finally {
      await admin.config('SET', 'requirepass', 'asked-for').catch(() => undefined);
      redis.disconnect();
      admin.disconnect();
    }
  });
});
