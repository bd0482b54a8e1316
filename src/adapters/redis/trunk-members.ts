// The nodes that dial through a trunk, for splitting its calls-per-second limit: a sorted set per
// trunk, each node scored by when its membership lapses. A node renews its own while it runs and
// removes it when it stops; a node that died drops out when its time is up.

import type { Redis } from 'ioredis';

export function trunkMembersKey(trunk: string): string {
  return `trunk-nodes:${trunk}`;
}

/** Keeps the node a member for `ttlMs` more, forgets lapsed members, and answers who is there. */
export async function renewTrunkMembership(redis: Redis, input: { trunk: string; nodeId: string; ttlMs: number }): Promise<string[]> {
  const key = trunkMembersKey(input.trunk);
  const now = Date.now();
  const replies = await redis.multi()
    .zadd(key, now + input.ttlMs, input.nodeId)
    .zremrangebyscore(key, '-inf', now)
    .zrange(key, 0, -1)
    .pexpire(key, input.ttlMs * 2)
    .exec();
  const [error, members] = replies?.[2] ?? [new Error('no reply to the trunk members read'), null];
  if (error) throw error;
  return (members as string[]).map(String);
}

export async function leaveTrunk(redis: Redis, trunk: string, nodeId: string): Promise<void> {
  await redis.zrem(trunkMembersKey(trunk), nodeId);
}
