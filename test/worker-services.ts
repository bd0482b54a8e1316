// Setup of each service-backed test file: code reading DATABASE_URL and REDIS_URL (commands a
// test runs with this process's environment) gets this worker's database and Redis index. After
// the file, a node it left running is closed, so it cannot act on the next file's campaigns.

import { afterAll } from 'vitest';
import { closeLeftoverNodes } from './helpers/outpace-node.js';
import { testSlot } from './helpers/test-slot.js';

process.env.DATABASE_URL = testSlot().databaseUrl;
process.env.REDIS_URL = testSlot().redisUrl;

afterAll(closeLeftoverNodes, 60_000);
