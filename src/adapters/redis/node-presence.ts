// Which engine nodes are running. Each node keeps a key with a short TTL, renewed more often
// than its campaign leases and lapsing well before them, also while it drains on a stop: a node
// whose leases lapsed because it died is gone from here by the time another node takes one of
// its campaigns on, and the calls it left open can be closed for it. A node that stops cleanly
// removes its key last.

import type { Redis } from 'ioredis';

export function nodePresenceKey(nodeId: string): string {
  return `node-present:${nodeId}`;
}

export async function markNodePresent(redis: Redis, nodeId: string, ttlMs: number): Promise<void> {
  await redis.set(nodePresenceKey(nodeId), String(Date.now()), 'PX', ttlMs);
}

/** The nodes among `nodeIds` that are running now. */
export async function presentNodes(redis: Redis, nodeIds: readonly string[]): Promise<Set<string>> {
  if (nodeIds.length === 0) return new Set();
  const values = await redis.mget(...nodeIds.map(nodePresenceKey));
  return new Set(nodeIds.filter((_, i) => values[i] !== null));
}

export async function clearNodePresence(redis: Redis, nodeId: string): Promise<void> {
  await redis.del(nodePresenceKey(nodeId));
}
