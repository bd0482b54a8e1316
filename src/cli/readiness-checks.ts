// What /ready checks: each dependency answers, and the node has started and is not stopping (a
// load balancer then sends new agents elsewhere). A dependency that does not answer is said by a
// category ("database: unreachable", "ARI: credentials refused"): the route takes no token, so
// neither an address nor a driver's message (which names addresses and users) goes out.

import type { Redis } from 'ioredis';
import { NotReady } from '../adapters/not-ready.js';
import type { ReadinessCheck } from '../adapters/http/routes/health-routes.js';
import type { Pool } from '../adapters/pg/pool.js';
import type { RedisErrorWatch } from '../adapters/redis/redis-error-watch.js';
import { networkReason } from '../adapters/service-unreachable-error.js';

/** The node's Redis client, and the watch on its connections that says why one is down. */
export interface WatchedRedis {
  client: Redis;
  errors: RedisErrorWatch;
}

/** Where the node is in its life: its engine started, and not yet stopping. */
export interface NodeLife {
  started(): boolean;
  draining(): boolean;
}

export function readinessChecks(pool: Pool, redis: WatchedRedis, pbx: ReadinessCheck, life: NodeLife): Record<string, ReadinessCheck> {
  return {
    accepting: async () => {
      if (!life.started()) throw new NotReady('starting: the engine has not started yet');
      if (life.draining()) throw new NotReady('stopping: calls in progress are finishing, no new logins');
    },
    postgres: async () => {
      try {
        await pool.query('SELECT 1');
      } catch (error) {
        throw new NotReady(`database: ${databaseProblem(error)}`);
      }
    },
    redis: redisCheck(redis),
    pbx,
  };
}

/** PostgreSQL's codes for a refused login (invalid_password, invalid_authorization_specification). */
const refusedLogin = new Set(['28P01', '28000']);

function databaseProblem(error: unknown): string {
  if (networkReason(error) !== null) return 'unreachable';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && refusedLogin.has(code)) return 'credentials refused';
  return code === '3D000' ? 'no such database' : 'query failed';
}

/** A Redis between connections reconnects by itself; meanwhile a ping would only wait, and the
 * connection's last error says why it is down (a refused login, or nothing answering). */
function redisCheck({ client, errors }: WatchedRedis): ReadinessCheck {
  return async () => {
    if (client.status !== 'ready') throw new NotReady(`Redis: ${errors.problem() === 'credentials refused' ? 'credentials refused' : 'unreachable'}`);
    try {
      await client.ping();
    } catch (error) {
      throw new NotReady(`Redis: ${networkReason(error) === null ? 'ping failed' : 'unreachable'}`);
    }
  };
}
