// A trunk's calls-per-second limit split between the nodes that name it, against the real Redis:
// a node joining dials nothing until its next renewal, then each present node has its share; a
// node that stops gives its share back at once, one that dies when its membership lapses.

import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../../src/adapters/redis/connection.js';
import { renewTrunkMembership, trunkMembersKey } from '../../../src/adapters/redis/trunk-members.js';
import { TrunkShareKeeper } from '../../../src/runtime/trunk-share-keeper.js';
import { waitUntil } from '../../browser/browser-helpers.js';
import { testRedisUrl } from '../../helpers/redis.js';

const redis: Redis = createRedis({ url: testRedisUrl(), keyPrefix: 'outpace-test-trunk:' });
const trunk = `carrier-${Date.now().toString(36)}`;
const ttlMs = 600;

afterAll(async () => {
  await redis.del(trunkMembersKey(trunk));
  redis.disconnect();
});

/** A node's keeper and the limits it gave its engine, in order. */
function node(nodeId: string, nodeDialsPerSecond = 0) {
  const given: Array<number | null> = [];
  const keeper = new TrunkShareKeeper(
    { redis, submit: (input) => given.push(input.perSecond), logger: pino({ level: 'silent' }) },
    { nodeId, trunk, trunkDialsPerSecond: 10, nodeDialsPerSecond, membershipTtlMs: ttlMs },
  );
  return { keeper, given, now: () => given.at(-1) };
}

describe("a trunk's limit split between nodes", () => {
  it('shares it between the nodes present, taking a joining node in after the others see it', async () => {
    const a = node('node-a');
    const b = node('node-b', 4);
    try {
      await a.keeper.start();
      expect(a.given).toEqual([0]);
      await waitUntil('the first node to take the whole trunk', async () => a.now() === 10);

      await b.keeper.start();
      expect(b.given).toEqual([0]);
      // Five each, the second held to its own limit of 4.
      await waitUntil('the trunk split between the two', async () => a.now() === 5 && b.now() === 4);
      expect(b.given).toEqual([0, 4]);

      // A node that died (renewed once, never again) holds its share until its membership lapses.
      await renewTrunkMembership(redis, { trunk, nodeId: 'node-c', ttlMs });
      await waitUntil('three shares', async () => a.now() === 4 && b.now() === 3);
      await waitUntil("the dead node's share back", async () => a.now() === 5 && b.now() === 4);
    } finally {
      await b.keeper.stop();
    }
    await waitUntil("the stopped node's share back with the first", async () => a.now() === 10);
    await a.keeper.stop();
    expect(await redis.zrange(trunkMembersKey(trunk), 0, -1)).toEqual([]);
  }, 20_000);

  it('leaves the limit to the node alone when no trunk limit is set', async () => {
    const given: Array<number | null> = [];
    const keeper = new TrunkShareKeeper(
      { redis, submit: (input) => given.push(input.perSecond), logger: pino({ level: 'silent' }) },
      { nodeId: 'node-d', trunk, trunkDialsPerSecond: 0, nodeDialsPerSecond: 3, membershipTtlMs: ttlMs },
    );
    await keeper.start();
    await keeper.stop();
    expect(given).toEqual([3]);
    expect(await redis.zrange(trunkMembersKey(trunk), 0, -1)).toEqual([]);
  });
});
