// Postgres and Redis for one test file: the given tables and the Redis database emptied before
// each test, both connections closed after the last.

import type pg from 'pg';
import type { Redis } from 'ioredis';
import { afterAll, beforeEach } from 'vitest';
import { createTestPool, truncateTables } from './db.js';
import { createTestRedis } from './redis.js';

export function servicesForFile(keyPrefix: string, tables: string[]): { pool: pg.Pool; redis: Redis } {
  const pool = createTestPool();
  const redis = createTestRedis(keyPrefix);
  afterAll(async () => {
    await pool.end();
    redis.disconnect();
  });
  beforeEach(async () => {
    await truncateTables(pool, tables);
    await redis.flushdb();
  });
  return { pool, redis };
}
