// Redis helpers for integration tests: a client on the dedicated test database index.

import { Redis } from 'ioredis';
import { testSlot } from './test-slot.js';

export function testRedisUrl(): string {
  // What global setup provided wins over the environment, which may point at a real database.
  return testSlot().redisUrl;
}

export function createTestRedis(keyPrefix = 'outpace-test:'): Redis {
  return new Redis(testRedisUrl(), { keyPrefix, maxRetriesPerRequest: 1 });
}
