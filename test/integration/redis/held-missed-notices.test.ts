// Missed notices through a Redis outage, against the real Redis behind a relay the test cuts: a
// notice Redis does not take is held on the node, given to a desktop opened meanwhile, put into
// Redis in order once it answers; a node that stops first keeps them in its file for its next
// start (reported lost only without one).

import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../../src/adapters/redis/connection.js';
import { HeldMissedNotices, type HeldMissedNoticesOptions } from '../../../src/adapters/redis/held-missed-notices.js';
import { missedNoticesKey, takeMissedNotices } from '../../../src/adapters/redis/missed-notices.js';
import { createTestRedis, testRedisUrl } from '../../helpers/redis.js';
import { startTcpProxy } from '../../helpers/tcp-proxy.js';

const KEY_PREFIX = 'outpace-test-held-notices:';
const direct = createTestRedis(KEY_PREFIX);
const agentId = `agent-${Date.now().toString(36)}`;

afterAll(async () => {
  await direct.del(missedNoticesKey(agentId), missedNoticesKey(`${agentId}-b`));
  direct.disconnect();
});

/** A Redis client through a relay the test can cut, and a logger whose lines the test reads. */
async function relayedStore(options: HeldMissedNoticesOptions = {}) {
  const target = new URL(testRedisUrl());
  const proxy = await startTcpProxy(Number(target.port || 6379), target.hostname);
  target.port = new URL(proxy.url).port;
  const relayed = createRedis({ url: target.toString(), keyPrefix: KEY_PREFIX });
  relayed.on('error', () => undefined);
  await expect.poll(() => relayed.status).toBe('ready');
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'warn' }, new Writable({ write: (chunk: Buffer, _encoding, done) => { lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>); done(); } }));
  const store = new HeldMissedNotices(relayed, logger, { retryMs: 100, ...options });
  // Away as an outage leaves it: the client knows its connection is gone.
  const cut = async () => {
    proxy.refuse(true);
    proxy.drop();
    await expect.poll(() => relayed.status).not.toBe('ready');
  };
  const back = async () => {
    proxy.refuse(false);
    await expect.poll(() => relayed.status, { timeout: 10_000 }).toBe('ready');
  };
  const close = async () => { relayed.disconnect(); await proxy.close(); };
  return { store, cut, back, lines, close };
}

describe('missed notices while Redis is away', () => {
  it('holds what Redis does not take, gives it to a desktop opened meanwhile, and puts the rest into Redis in order once it answers', async () => {
    const { store, cut, back, close } = await relayedStore();
    try {
      await store.keep(agentId, { reason: 'pbx_refused_hold', atMs: 1_000 });
      expect(store.heldCount()).toBe(0);

      await cut();
      await store.keep(agentId, { reason: 'hold_time_limit', atMs: 2_000 });
      expect(store.heldCount()).toBe(1);
      // A desktop opened now gets the held notice (Redis's own wait for it).
      expect(await store.take(agentId, 0)).toEqual([{ reason: 'hold_time_limit', atMs: 2_000 }]);
      expect(store.heldCount()).toBe(0);

      // Two more while away: the second waits behind the first without trying Redis itself.
      await store.keep(agentId, { reason: 'third_party_ended', detail: 'Verification desk: busy', atMs: 3_000 });
      await store.keep(agentId, { reason: 'pbx_refused_mute', atMs: 4_000 });
      expect(store.heldCount()).toBe(2);

      await back();
      await expect.poll(() => store.heldCount(), { timeout: 15_000 }).toBe(0);
      expect(await takeMissedNotices(direct, agentId, 0)).toEqual([
        { reason: 'pbx_refused_hold', atMs: 1_000 },
        { reason: 'third_party_ended', detail: 'Verification desk: busy', atMs: 3_000 },
        { reason: 'pbx_refused_mute', atMs: 4_000 },
      ]);
    } finally {
      await close();
    }
  }, 30_000);

  it("merges Redis's notices with those held here, and says what is lost when the node stops before Redis answers", async () => {
    const { store, cut, back, lines, close } = await relayedStore();
    const other = `${agentId}-b`;
    try {
      await store.keep(other, { reason: 'pbx_refused_hold', atMs: 5_000 });
      await cut();
      await store.keep(other, { reason: 'hold_time_limit', atMs: 6_000 });
      await store.keep(agentId, { reason: 'pbx_refused_mute', atMs: 7_000 });
      await store.stop();
      expect(store.heldCount()).toBe(2);
      expect(lines.find((line) => line.lost !== undefined)).toMatchObject({ lost: 2, agents: 2, msg: 'missed notices held while Redis was away are lost: the node stopped before Redis answered' });
      // What reached Redis before the cut is still there for the next desktop.
      expect(await takeMissedNotices(direct, other, 0)).toEqual([{ reason: 'pbx_refused_hold', atMs: 5_000 }]);
      // Stopped, it offers nothing more, even once Redis answers (three retry periods later).
      await back();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(store.heldCount()).toBe(2);
      expect(await takeMissedNotices(direct, agentId, 0)).toEqual([]);
    } finally {
      await close();
    }
  }, 30_000);

  it('gives a desktop the notices of both, oldest first, when Redis answers and some are still held', async () => {
    const { store, cut, back, close } = await relayedStore();
    const third = `${agentId}-c`;
    try {
      await store.keep(third, { reason: 'pbx_refused_hold', atMs: 8_000 });
      await cut();
      await store.keep(third, { reason: 'hold_time_limit', atMs: 9_000 });
      await back();
      // Whether or not the retry has put the held one into Redis yet, each is given once.
      expect(await store.take(third, 0)).toEqual([{ reason: 'pbx_refused_hold', atMs: 8_000 }, { reason: 'hold_time_limit', atMs: 9_000 }]);
      expect(await store.take(third, 0)).toEqual([]);
    } finally {
      await direct.del(missedNoticesKey(third));
      await close();
    }
  }, 30_000);

  it('keeps what it holds for the next start when the node stops before Redis answers, and that start offers it to Redis', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'outpace-notices-')), 'notices-node-a.json');
    const fourth = `${agentId}-d`;
    const now = Date.now();
    const first = await relayedStore({ file });
    try {
      await first.cut();
      await first.store.keep(fourth, { reason: 'pbx_refused_hold', atMs: now - 2 * 3_600_000 });
      await first.store.keep(fourth, { reason: 'hold_time_limit', atMs: now - 60_000 });
      await first.store.keep(fourth, { reason: 'pbx_refused_mute', atMs: now });
      await first.store.stop();
      expect(first.lines.find((line) => line.kept !== undefined)).toMatchObject({ kept: 3, agents: 1, file });
      expect(first.lines.some((line) => line.lost !== undefined)).toBe(false);
    } finally {
      await first.close();
    }

    const next = await relayedStore({ file });
    try {
      await next.store.restore();
      expect(existsSync(file)).toBe(false);
      // Put into Redis by the next offer; the one older than Redis keeps them is not.
      await expect.poll(() => next.store.heldCount(), { timeout: 10_000 }).toBe(0);
      expect(await takeMissedNotices(direct, fourth, 0)).toEqual([
        { reason: 'hold_time_limit', atMs: now - 60_000 },
        { reason: 'pbx_refused_mute', atMs: now },
      ]);
    } finally {
      await direct.del(missedNoticesKey(fourth));
      await next.close();
    }
  }, 30_000);
});
