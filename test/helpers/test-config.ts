// A configuration for tests: the defaults, pointed at the test database and Redis.

import { inject } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';

export function testConfig(overrides: { keyPrefix?: string } = {}): Config {
  return parseConfig({
    database: { url: inject('databaseUrl'), poolMax: 10 },
    redis: { url: inject('redisUrl'), keyPrefix: overrides.keyPrefix ?? 'outpace-test:' },
    ari: { app: 'outpace', reconnectMinMs: 50, reconnectMaxMs: 500 },
    http: { host: '127.0.0.1', port: 8080 },
    engine: { tickMs: 100, nodeId: 'test-node', campaignLeaseMs: 5_000 },
    log: { level: 'warn' },
  });
}
