// Each node's part of the supervisor wallboard (its agents and the live figures of the campaigns
// it drives), shared through Redis so that a supervisor on any node sees every node's agents.
// A node writes its part about every second under a key that lapses in a few seconds, and lists
// itself in a set; a reader takes the other nodes' parts that are still there, and drops from the
// set the nodes whose part has lapsed (stopped or died). Parts are written only while some node
// serves a wallboard (it says so with a flag that lapses too): a part carries database figures,
// which are not worth reading every few seconds for nobody.

import type { Redis } from 'ioredis';

/** How long a part stands without being written again. */
export const wallboardPartTtlMs = 5_000;
/** How long a served wallboard keeps the parts coming. */
export const wallboardWantedTtlMs = 10_000;
const NODES_KEY = 'wallboard-nodes';
const WANTED_KEY = 'wallboard-wanted';

/** A node serves a wallboard: the others share their parts for the next few seconds. */
export async function markWallboardWanted(redis: Redis): Promise<void> {
  await redis.set(WANTED_KEY, '1', 'PX', wallboardWantedTtlMs);
}

/** True while some node has served a wallboard in the last few seconds. */
export async function wallboardWanted(redis: Redis): Promise<boolean> {
  return (await redis.exists(WANTED_KEY)) === 1;
}

export function wallboardPartKey(nodeId: string): string {
  return `wallboard-part:${nodeId}`;
}

export async function publishWallboardPart(redis: Redis, nodeId: string, part: unknown): Promise<void> {
  await redis.multi().set(wallboardPartKey(nodeId), JSON.stringify(part), 'PX', wallboardPartTtlMs).sadd(NODES_KEY, nodeId).exec();
}

/** The other nodes' parts as they wrote them (parsed JSON, not checked further), by node id. */
export async function otherWallboardParts(redis: Redis, selfNodeId: string): Promise<Map<string, unknown>> {
  const nodes = (await redis.smembers(NODES_KEY)).filter((node) => node !== selfNodeId);
  const parts = new Map<string, unknown>();
  if (nodes.length === 0) return parts;
  const values = await redis.mget(...nodes.map(wallboardPartKey));
  const lapsed: string[] = [];
  nodes.forEach((node, i) => {
    const value = values[i];
    if (value === null || value === undefined) lapsed.push(node);
    else parts.set(node, parseOrNull(value));
  });
  if (lapsed.length > 0) await redis.srem(NODES_KEY, ...lapsed);
  return parts;
}

function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** A node that stops takes its part down at once. */
export async function withdrawWallboardPart(redis: Redis, nodeId: string): Promise<void> {
  await redis.multi().del(wallboardPartKey(nodeId)).srem(NODES_KEY, nodeId).exec();
}
