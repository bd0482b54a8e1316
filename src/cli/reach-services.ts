// What a command checks before it starts its work: that the services it uses take a connection.
// One that does not stops the command with a line saying which, where and what to check.

import type { Config } from '../config/schema.js';
import { reachDatabase } from '../adapters/pg/reach-database.js';
import { reachRedis } from '../adapters/redis/reach-redis.js';

export async function reachServices(config: Config, uses: { redis: boolean }): Promise<void> {
  await reachDatabase(config.database.url);
  if (uses.redis) await reachRedis(config.redis.url);
}
