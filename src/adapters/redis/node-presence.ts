// Which engine nodes are running. Each node keeps a key with a short TTL, renewed more often
// than its campaign leases and lapsing well before them, also while it drains on a stop: a node
// whose leases lapsed because it died is gone from here by the time another node takes one of
// its campaigns on, and the calls it left open can be closed for it. A node that stops cleanly
// removes its key last. The key holds the address agents and other nodes reach the node at.

import type { Redis } from 'ioredis';

export function nodePresenceKey(nodeId: string): string {
  return `node-present:${nodeId}`;
}

export async function markNodePresent(redis: Redis, nodeId: string, ttlMs: number, url = ''): Promise<void> {
  await redis.set(nodePresenceKey(nodeId), url, 'PX', ttlMs);
}

/** The address of a present node, or null when it is not present or has not said. */
export async function presentNodeUrl(redis: Redis, nodeId: string): Promise<string | null> {
  const url = await redis.get(nodePresenceKey(nodeId));
  return url ? url : null;
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
