// Which engine nodes are running. Each node keeps a key with a short TTL, renewed more often
// than its campaign leases and lapsing well before them, also while it drains on a stop: a node
// whose leases lapsed because it died is gone from here by the time another node takes one of
// its campaigns on, and the calls it left open can be closed for it. A node that stops cleanly
// removes its key last. The key holds the address agents and other nodes reach the node at.
// Beside it, kept for a month, is when the node was last seen: what was open when a node died
// (agents' sessions) is closed at that time rather than at whenever someone notices.

import type { Redis } from 'ioredis';

export function nodePresenceKey(nodeId: string): string {
  return `node-present:${nodeId}`;
}

export function nodeLastSeenKey(nodeId: string): string {
  return `node-last-seen:${nodeId}`;
}

const lastSeenKeptMs = 30 * 24 * 3_600_000;

/** How long a node's mark lasts unrenewed: half a campaign lease, so a node that died is gone
 * before its leases lapse and its campaigns are taken on. */
export function presenceTtlMs(campaignLeaseMs: number): number {
  return Math.max(1_000, Math.floor(campaignLeaseMs / 2));
}

export async function markNodePresent(redis: Redis, nodeId: string, ttlMs: number, url = ''): Promise<void> {
  await redis.multi()
    .set(nodePresenceKey(nodeId), url, 'PX', ttlMs)
    .set(nodeLastSeenKey(nodeId), String(Date.now()), 'PX', lastSeenKeptMs)
    .exec();
}

/** When the node last marked itself present, or null when that is not known (never, or long ago). */
export async function nodeLastSeen(redis: Redis, nodeId: string): Promise<Date | null> {
  const value = Number(await redis.get(nodeLastSeenKey(nodeId)));
  return Number.isFinite(value) && value > 0 ? new Date(value) : null;
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
  await redis.del(nodePresenceKey(nodeId), nodeLastSeenKey(nodeId));
}
