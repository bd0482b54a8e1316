// Which node runs under an ARI application name. Asterisk gives an application's events to one
// WebSocket, the last to connect: two nodes under one name take each other's calls' events (each
// sees `ApplicationReplaced` and takes the name back, over and over). So a node claims its name in
// Redis for as long as its presence mark lasts, renewed with it, and a node whose name another
// live node holds does not start.

import type { Redis } from 'ioredis';

export function ariAppClaimKey(app: string): string {
  return `ari-app:${app}`;
}

/** Another live node runs under the ARI application this node was configured with. */
export class AriAppInUseError extends Error {
  readonly code = 'ARI_APP_IN_USE';

  constructor(readonly app: string, readonly holder: string) {
    super(`the ARI application "${app}" is in use by node ${holder}, which is running: give each node its own ari.app (ARI_APP), `
      + 'as Asterisk sends an application\'s events to one connection only');
    this.name = 'AriAppInUseError';
  }
}

// Taken when free or already this node's (a restart under the same node id).
const CLAIM = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return holder end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false`;

/** Null once `nodeId` holds `app` for `ttlMs`; otherwise the node that holds it. */
export async function claimAriApp(redis: Redis, app: string, nodeId: string, ttlMs: number): Promise<string | null> {
  const holder = await redis.eval(CLAIM, 1, ariAppClaimKey(app), nodeId, String(ttlMs));
  return typeof holder === 'string' ? holder : null;
}

/**
 * Claims `app` at a node's start. A holder that does not renew its claim within one TTL (a node
 * that died, its mark not lapsed yet) is waited out; one that does is running: the start is refused.
 */
export async function claimAriAppAtStart(redis: Redis, app: string, nodeId: string, ttlMs: number): Promise<void> {
  if (await claimAriApp(redis, app, nodeId, ttlMs) === null) return;
  const left = await redis.pttl(ariAppClaimKey(app));
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(left, ttlMs)) + 100));
  const holder = await claimAriApp(redis, app, nodeId, ttlMs);
  if (holder !== null) throw new AriAppInUseError(app, holder);
}

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Gives `app` back, if `nodeId` holds it. */
export async function releaseAriApp(redis: Redis, app: string, nodeId: string): Promise<void> {
  await redis.eval(RELEASE, 1, ariAppClaimKey(app), nodeId);
}
