// What a command checks before it starts its work: that the services it uses take a connection,
// and, unless it migrates the database itself, that the database has this release's migrations.
// Either failing stops the command with a line saying which, where and what to check or run.
// One connection to the database serves the check, the migrations' and the command's own start
// (migrating, say), where each opened one of its own; a command that works through a pool has the
// checks run on a connection of that pool.

import type pg from 'pg';
import type { Config } from '../config/schema.js';
import { createPool, type Pool, type PoolOptions } from '../adapters/pg/pool.js';
import { requireMigrated } from '../adapters/pg/pending-migrations.js';
import { databaseAddressOf, takeDatabaseClient, withDatabase } from '../adapters/pg/reach-database.js';
import { reachRedis } from '../adapters/redis/reach-redis.js';
import type { PasswordAnswers } from '../adapters/redis/unneeded-password.js';

/** `migrates`: the command applies pending migrations itself (migrate, demo, serve).
 * `redisPasswordAnswers`: kept for the node the command starts (startOutpace) to take. */
export interface ServicesUsed {
  redis: boolean;
  migrates?: boolean;
  redisPasswordAnswers?: PasswordAnswers;
}

/** With `work`: runs it on the checks' connection to the database once every check passed. */
export function reachServices(config: Config, uses: ServicesUsed): Promise<void>;
export function reachServices<T>(config: Config, uses: ServicesUsed, work: (database: pg.Client) => Promise<T>): Promise<T>;
export async function reachServices<T>(config: Config, uses: ServicesUsed, work?: (database: pg.Client) => Promise<T>): Promise<T | undefined> {
  return withDatabase(config.database.url, async (database) => {
    await checkServices(database, config, uses);
    return work?.(database);
  });
}

/** The command's pool, once the checks passed on a connection of it (given back to it for the
 * command's work): no connection is opened for the checks alone. A check failing ends the pool.
 * `start` runs on that connection once the checks passed (migrating, say). */
export async function openCheckedPool(config: Config, uses: ServicesUsed, options: Omit<PoolOptions, 'url'>,
  start?: (database: pg.ClientBase) => Promise<unknown>): Promise<Pool> {
  const pool = createPool({ ...options, url: config.database.url });
  try {
    const database = await takeDatabaseClient(pool, config.database.url);
    try {
      await checkServices(database, config, uses);
      await start?.(database);
    } finally {
      database.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}

async function checkServices(database: pg.ClientBase, config: Config, uses: ServicesUsed): Promise<void> {
  if (uses.migrates !== true) await requireMigrated(database, databaseAddressOf(config.database.url));
  if (uses.redis) await reachRedis(config.redis.url, { answers: uses.redisPasswordAnswers });
}
