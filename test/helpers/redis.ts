// Redis helpers for integration tests: a client on the dedicated test database index.

import { inject } from 'vitest';
import { Redis } from 'ioredis';

export function testRedisUrl(): string {
  // What global setup provided wins over the environment, which may point at a real database.
  return inject('redisUrl');
}

export function createTestRedis(keyPrefix = 'outpace-test:'): Redis {
  return new Redis(testRedisUrl(), { keyPrefix, maxRetriesPerRequest: 1 });
}
