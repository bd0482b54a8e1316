// A node's Redis connection errors go to its log, once while Redis stays away (not at every
// reconnect attempt of every connection), with no password, where ioredis and BullMQ printed each
// attempt's error on the console, the address with it.

import net from 'node:net';
import type { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPool } from '../../../src/adapters/pg/pool.js';
import { createCallbackTimers } from '../../../src/adapters/redis/callback-timers.js';
import { createRedis } from '../../../src/adapters/redis/connection.js';
import { RedisErrorWatch } from '../../../src/adapters/redis/redis-error-watch.js';
import { testDatabaseUrl } from '../../helpers/db.js';
import { freePort } from '../../helpers/free-port.js';
import { keptLogger } from '../../helpers/kept-logger.js';
import { testRedisUrl } from '../../helpers/redis.js';

const cleanups: Array<() => Promise<unknown> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.restoreAllMocks();
});

function watched(url: string, errors: RedisErrorWatch): Redis {
  const redis = createRedis({ url, keyPrefix: 'connection-errors:' }, { connectionName: 'connection-errors', errors });
  cleanups.push(() => redis.disconnect());
  return redis;
}

/** A port that forwards to the test Redis, until closed (its connections cut): Redis coming and going. */
async function redisDoor(port: number): Promise<() => Promise<void>> {
  const target = new URL(testRedisUrl());
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    const upstream = net.connect(Number(target.port || 6379), target.hostname);
    for (const end of [socket, upstream]) {
      sockets.add(end);
      end.on('error', () => undefined).on('close', () => { socket.destroy(); upstream.destroy(); });
    }
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
}

/** The test Redis's address with a user and password it does not know. */
function urlWithUnknownUser(): string {
  const url = new URL(testRedisUrl());
  url.username = 'no-such-user';
  url.password = 's3cret-redis';
  return url.toString();
}

describe("a node's Redis connection errors", () => {
  it('are one warning in the log while nothing answers, for the client and the queues alike, not one per attempt', async () => {
    const console = vi.spyOn(globalThis.console, 'error');
    const { logger, records } = keptLogger();
    const errors = new RedisErrorWatch(logger);
    const url = `redis://:s3cret-redis@127.0.0.1:${await freePort()}/0`;
    const redis = watched(url, errors);
    const pool = createPool({ url: testDatabaseUrl(), poolMax: 1 });
    cleanups.push(() => pool.end());
    const timers = createCallbackTimers({ connection: { url }, pool, logger: pino({ level: 'silent' }), sweepIntervalMs: 0, redisErrors: errors, prefix: 'connection-errors' });
    cleanups.push(() => timers.close().catch(() => undefined));
    // Several reconnect attempts of each connection (the client's back-off starts at 200 ms).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(redis.status).not.toBe('ready');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ level: 40, problem: 'unreachable', code: 'ECONNREFUSED' });
    expect(JSON.stringify(records)).not.toContain('s3cret-redis');
    expect(errors.problem()).toBe('unreachable');
    expect(console).not.toHaveBeenCalled();
  }, 15_000);

  it('are said again once Redis came back and went away again', async () => {
    const { logger, records } = keptLogger('info');
    const errors = new RedisErrorWatch(logger);
    const port = await freePort();
    const redis = watched(`redis://127.0.0.1:${port}${new URL(testRedisUrl()).pathname}`, errors);
    await vi.waitFor(() => expect(errors.problem()).toBe('unreachable'), { timeout: 5_000 });
    const close = await redisDoor(port);
    await vi.waitFor(() => expect(redis.status).toBe('ready'), { timeout: 10_000 });
    expect(errors.problem()).toBeNull();
    await close();
    await vi.waitFor(() => expect(records.filter((record) => record.problem === 'unreachable')).toHaveLength(2), { timeout: 5_000 });
    expect(records.map((record) => record.msg)).toEqual([
      expect.stringMatching(/^Redis unreachable/), 'Redis connection ready again', expect.stringMatching(/^Redis unreachable/),
    ]);
  }, 30_000);

  it('say a refused login as such, without the password ioredis keeps on the error', async () => {
    const { logger, records } = keptLogger();
    const errors = new RedisErrorWatch(logger);
    const redis = watched(urlWithUnknownUser(), errors);
    await vi.waitFor(() => expect(errors.problem()).toBe('credentials refused'), { timeout: 5_000 });
    // Refused again at every reconnect: still said once.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(redis.status).not.toBe('ready');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ level: 40, problem: 'credentials refused' });
    expect(String(records[0]?.reason)).toMatch(/^WRONGPASS/);
    expect(JSON.stringify(records)).not.toContain('s3cret-redis');
  }, 15_000);
});
