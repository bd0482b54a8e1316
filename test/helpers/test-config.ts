// A configuration for tests: the defaults, pointed at the test database and Redis.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import { testDatabaseUrl } from './db.js';
import { testRedisUrl } from './redis.js';

export const TEST_CALLER_ID = '"Outpace test" <+16505550199>';

export function testConfig(overrides: { keyPrefix?: string } = {}): Config {
  return parseConfig({
    database: { url: testDatabaseUrl(), poolMax: 10 },
    redis: { url: testRedisUrl(), keyPrefix: overrides.keyPrefix ?? 'outpace-test:' },
    ari: { app: 'outpace', reconnectMinMs: 50, reconnectMaxMs: 500 },
    // The caller ID campaigns without their own present (none would dial without one).
    endpoints: { callerId: TEST_CALLER_ID },
    http: { host: '127.0.0.1', port: 8080 },
    // A spool of the node's own for each test: none left by another test (or run) to write; and
    // uploads kept out of the working directory.
    engine: {
      tickMs: 100, nodeId: 'test-node', campaignLeaseMs: 5_000, writeSpoolDir: mkdtempSync(join(tmpdir(), 'outpace-spool-')),
      uploadDir: mkdtempSync(join(tmpdir(), 'outpace-uploads-')),
    },
    log: { level: 'warn' },
    // Tests run their CRM stand-ins on this host, which production refuses (no webhook reaches the
    // engine host's own ports unless allowed).
    webhooks: { allowedPrivateDestinations: ['127.0.0.0/8', '::1'] },
  });
}
