// A trunk's calls-per-second limit split between the nodes that name it, against the real Redis:
// a node alone takes it at once, a node joining others dials nothing until its next renewal, then
// each present node has its share; a node that stops gives its share back at once, one that dies
// when its membership lapses.

import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../../src/adapters/redis/connection.js';
import { renewTrunkMembership, trunkDemandKey, trunkMembersKey } from '../../../src/adapters/redis/trunk-members.js';
import { TrunkShareKeeper } from '../../../src/runtime/trunk-share-keeper.js';
import { waitUntil } from '../../browser/browser-helpers.js';
import { testRedisUrl } from '../../helpers/redis.js';

const redis: Redis = createRedis({ url: testRedisUrl(), keyPrefix: 'outpace-test-trunk:' });
const trunk = `carrier-${Date.now().toString(36)}`;
const ttlMs = 600;

afterAll(async () => {
  await redis.del(trunkMembersKey(trunk), trunkDemandKey(trunk));
  redis.disconnect();
});

/** Every node's limit as it stands, and the most they ever added up to. */
const limits = new Map<string, number>();
let mostTogether = 0;

/** A node's keeper, the limits it gave its engine in order, and its agents logged in. */
function node(nodeId: string, nodeDialsPerSecond = 0) {
  const given: Array<number | null> = [];
  const agents = { loggedIn: 0 };
  const submit = (perSecond: number | null) => {
    given.push(perSecond);
    limits.set(nodeId, perSecond ?? 0);
    mostTogether = Math.max(mostTogether, [...limits.values()].reduce((sum, limit) => sum + limit, 0));
  };
  const keeper = new TrunkShareKeeper(
    { redis, submit: (input) => submit(input.perSecond), demand: () => agents.loggedIn, logger: pino({ level: 'silent' }) },
    { nodeId, trunk, trunkDialsPerSecond: 10, nodeDialsPerSecond, membershipTtlMs: ttlMs },
  );
  return { keeper, given, agents, now: () => given.at(-1) };
}

describe("a trunk's limit split between nodes", () => {
  it('shares it between the nodes present, taking a joining node in after the others see it', async () => {
    const a = node('node-a');
    const b = node('node-b', 4);
    try {
      // Alone on the trunk, the first takes it all at once.
      await a.keeper.start();
      expect(a.given).toEqual([0, 10]);

      await b.keeper.start();
      expect(b.given).toEqual([0]);
      // Five each, the second held to its own limit of 4.
      await waitUntil('the trunk split between the two', async () => a.now() === 5 && b.now() === 4);
      expect(b.given).toEqual([0, 4]);

      // A node that died (renewed once, never again) holds its share until its membership lapses.
      await renewTrunkMembership(redis, { trunk, nodeId: 'node-c', ttlMs, demand: 0 });
      await waitUntil('three shares', async () => a.now() === 4 && b.now() === 3);
      await waitUntil("the dead node's share back", async () => a.now() === 5 && b.now() === 4);
    } finally {
      await b.keeper.stop();
      limits.delete('node-b'); // it dials no more
    }
    await waitUntil("the stopped node's share back with the first", async () => a.now() === 10);
    await a.keeper.stop();
    expect(mostTogether).toBe(10);
    expect(await redis.zrange(trunkMembersKey(trunk), 0, -1)).toEqual([]);
    expect(await redis.hgetall(trunkDemandKey(trunk))).toEqual({});
  }, 20_000);

  it('splits it by agents logged in, the share of a node whose agents all left going to the others', async () => {
    limits.clear();
    mostTogether = 0;
    const a = node('node-e');
    const b = node('node-f');
    a.agents.loggedIn = 3;
    try {
      await a.keeper.start();
      await b.keeper.start();
      // Only the first has agents: it takes the whole trunk once the second has been seen.
      await waitUntil('the trunk with the node that has agents', async () => a.now() === 10 && b.now() === 0);
      // One agent logs in on the second: one call each first, the other 8 at 3 to 1.
      b.agents.loggedIn = 1;
      await waitUntil('the trunk split by agents', async () => a.now() === 7 && b.now() === 3);
      // The second never took more before the first had taken less.
      expect(b.given).toEqual([0, 3]);
      const aGiven = a.given.slice(a.given.indexOf(10));
      expect(aGiven).toEqual([10, 7]);
      // The first node's agents go home: the second takes what they held.
      a.agents.loggedIn = 0;
      await waitUntil("the first node's share with the second", async () => a.now() === 0 && b.now() === 10);
      expect(mostTogether).toBe(10);
    } finally {
      await a.keeper.stop();
      await b.keeper.stop();
    }
  }, 20_000);

  it("says at once when a node's first agent logs in, not at its next renewal", async () => {
    limits.clear();
    mostTogether = 0;
    const slowTtlMs = 60_000; // renewals 20 s apart: only the nudge can renew within this test
    const keeperOf = (nodeId: string, agents: { loggedIn: number }) => new TrunkShareKeeper(
      { redis, submit: () => undefined, demand: () => agents.loggedIn, logger: pino({ level: 'silent' }) },
      { nodeId, trunk, trunkDialsPerSecond: 10, nodeDialsPerSecond: 0, membershipTtlMs: slowTtlMs },
    );
    const busy = { loggedIn: 2 };
    const idle = { loggedIn: 0 };
    const a = keeperOf('node-g', busy);
    const b = keeperOf('node-h', idle);
    try {
      await a.start();
      await b.start();
      expect(await redis.hget(trunkDemandKey(trunk), 'node-h')).toBe('0');
      // Nothing asked yet, nothing said.
      await b.demandMayHaveRisen();
      expect(await redis.hget(trunkDemandKey(trunk), 'node-h')).toBe('0');
      idle.loggedIn = 1;
      await b.demandMayHaveRisen();
      expect(await redis.hget(trunkDemandKey(trunk), 'node-h')).toBe('1');
      // Asking already, a further login waits for the timer.
      idle.loggedIn = 2;
      await b.demandMayHaveRisen();
      expect(await redis.hget(trunkDemandKey(trunk), 'node-h')).toBe('1');
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('leaves the limit to the node alone when no trunk limit is set', async () => {
    const given: Array<number | null> = [];
    const keeper = new TrunkShareKeeper(
      { redis, submit: (input) => given.push(input.perSecond), demand: () => 0, logger: pino({ level: 'silent' }) },
      { nodeId: 'node-d', trunk, trunkDialsPerSecond: 0, nodeDialsPerSecond: 3, membershipTtlMs: ttlMs },
    );
    await keeper.start();
    await keeper.stop();
    expect(given).toEqual([3]);
    expect(await redis.zrange(trunkMembersKey(trunk), 0, -1)).toEqual([]);
  });
});
