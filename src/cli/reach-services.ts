// What a command checks before it starts its work: that the services it uses take a connection,
// and, unless it migrates the database itself, that the database has this release's migrations.
// Either failing stops the command with a line saying which, where and what to check or run.

import type { Config } from '../config/schema.js';
import { requireMigrated } from '../adapters/pg/pending-migrations.js';
import { databaseAddressOf, reachDatabase } from '../adapters/pg/reach-database.js';
import { reachRedis } from '../adapters/redis/reach-redis.js';

/** `migrates`: the command applies pending migrations itself (migrate, demo, serve). */
export async function reachServices(config: Config, uses: { redis: boolean; migrates?: boolean }): Promise<void> {
  await reachDatabase(config.database.url);
  if (uses.migrates !== true) await requireMigrated(config.database.url, databaseAddressOf(config.database.url));
  if (uses.redis) await reachRedis(config.redis.url);
}
