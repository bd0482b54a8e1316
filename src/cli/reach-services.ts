// What a command checks before it starts its work: that the services it uses take a connection,
// and, unless it migrates the database itself, that the database has this release's migrations.
// Either failing stops the command with a line saying which, where and what to check or run.
// One connection to the database serves the check, the migrations' and the command's own start
// (migrating, say), where each opened one of its own.

import type pg from 'pg';
import type { Config } from '../config/schema.js';
import { requireMigrated } from '../adapters/pg/pending-migrations.js';
import { databaseAddressOf, withDatabase } from '../adapters/pg/reach-database.js';
import { reachRedis } from '../adapters/redis/reach-redis.js';

/** `migrates`: the command applies pending migrations itself (migrate, demo, serve). */
export interface ServicesUsed {
  redis: boolean;
  migrates?: boolean;
}

/** With `work`: runs it on the checks' connection to the database once every check passed. */
export function reachServices(config: Config, uses: ServicesUsed): Promise<void>;
export function reachServices<T>(config: Config, uses: ServicesUsed, work: (database: pg.Client) => Promise<T>): Promise<T>;
export async function reachServices<T>(config: Config, uses: ServicesUsed, work?: (database: pg.Client) => Promise<T>): Promise<T | undefined> {
  const url = config.database.url;
  return withDatabase(url, async (database) => {
    if (uses.migrates !== true) await requireMigrated(database, databaseAddressOf(url));
    if (uses.redis) await reachRedis(config.redis.url);
    return work?.(database);
  });
}
