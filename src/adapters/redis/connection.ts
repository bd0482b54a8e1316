// ioredis client factory. Two flavours: the general client (with our key prefix, bounded retries
// per command so a Redis outage surfaces as errors instead of hanging callers) and the BullMQ
// client (BullMQ requires maxRetriesPerRequest null and manages its own key prefix).

import { Redis, type RedisOptions } from 'ioredis';
import type { RedisErrorWatch } from './redis-error-watch.js';

export interface RedisConnectionConfig {
  url: string;
  keyPrefix: string;
}

export interface CreateRedisOptions {
  /** For BullMQ queues and workers: no key prefix, unlimited retries per request. */
  forBullmq?: boolean;
  /** Connection name shown by CLIENT LIST, e.g. the node id. */
  connectionName?: string;
  lazyConnect?: boolean;
  /** Where the client's connection errors go (the node's log), rather than ioredis's console line. */
  errors?: RedisErrorWatch;
}

export function createRedis(config: RedisConnectionConfig, options: CreateRedisOptions = {}): Redis {
  const common: RedisOptions = {
    lazyConnect: options.lazyConnect ?? false,
    // Reconnect forever with a capped backoff: the engine keeps running through a Redis blip.
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 10), 5_000),
  };
  if (options.connectionName !== undefined) common.connectionName = options.connectionName;
  // A command that gets no answer fails rather than hangs: lease renewals must know they failed.
  const redis = options.forBullmq ? new Redis(config.url, { ...common, maxRetriesPerRequest: null })
    : new Redis(config.url, { ...common, keyPrefix: config.keyPrefix, maxRetriesPerRequest: 3, commandTimeout: 5_000 });
  return options.errors ? options.errors.watch(redis, options.connectionName ?? 'redis') : redis;
}

/** The reply at `index` of a MULTI's `exec()`, or the error Redis gave for it (`what` names the
 * read in the error when there is no reply at all). */
export function multiReply<T>(replies: Array<[Error | null, unknown]> | null, index: number, what: string): T {
  const [error, value] = replies?.[index] ?? [new Error(`no reply to the ${what} read`), null];
  if (error) throw error;
  return value as T;
}
