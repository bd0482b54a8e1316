// The nodes that dial through a trunk, for splitting its calls-per-second limit: a sorted set per
// trunk, each node scored by when its membership lapses, and beside it a hash of what each node
// asks of the trunk (the lines its campaigns want). A node renews both while it runs and removes them
// when it stops; a node that died drops out when its time is up.

import type { Redis } from 'ioredis';
import type { TrunkMember } from '../../core/pacing/trunk-share.js';
import { multiReply } from './connection.js';

export function trunkMembersKey(trunk: string): string {
  return `trunk-nodes:${trunk}`;
}

export function trunkDemandKey(trunk: string): string {
  return `trunk-demand:${trunk}`;
}

/** Keeps the node a member for `ttlMs` more with its demand, forgets lapsed members, and answers
 * who is there and what each asks (null: a member that never said). */
export async function renewTrunkMembership(redis: Redis, input: { trunk: string; nodeId: string; ttlMs: number; demand: number }): Promise<TrunkMember[]> {
  const key = trunkMembersKey(input.trunk);
  const demandKey = trunkDemandKey(input.trunk);
  const now = Date.now();
  const replies = await redis.multi()
    .zadd(key, now + input.ttlMs, input.nodeId)
    .hset(demandKey, input.nodeId, String(input.demand))
    .zremrangebyscore(key, '-inf', now)
    .zrange(key, 0, -1)
    .hgetall(demandKey)
    .pexpire(key, input.ttlMs * 2)
    .pexpire(demandKey, input.ttlMs * 2)
    .exec();
  const members = multiReply<string[]>(replies, 3, 'trunk members').map(String);
  const demands = multiReply<Record<string, string>>(replies, 4, 'trunk demands');
  const lapsed = Object.keys(demands).filter((nodeId) => !members.includes(nodeId));
  if (lapsed.length > 0) await redis.hdel(demandKey, ...lapsed);
  return members.map((nodeId) => ({ nodeId, demand: demandOf(demands[nodeId]) }));
}

export async function leaveTrunk(redis: Redis, trunk: string, nodeId: string): Promise<void> {
  await redis.multi().zrem(trunkMembersKey(trunk), nodeId).hdel(trunkDemandKey(trunk), nodeId).exec();
}

function demandOf(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const demand = Number(raw);
  return Number.isFinite(demand) && demand >= 0 ? demand : null;
}
