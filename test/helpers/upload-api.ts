// The list routes alone, behind a manager's token, with the import queue and (unless left out)
// its worker, for tests of uploads: set up and torn down with the test file, its campaigns and
// imports emptied before each test.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createAuthenticator } from '../../src/adapters/http/authenticate.js';
import { buildApp } from '../../src/adapters/http/build-app.js';
import { listsRoutes } from '../../src/adapters/http/routes/lists-routes.js';
import { uploadBodyPlugin } from '../../src/adapters/http/upload-body.js';
import { createLogger } from '../../src/adapters/log/logger.js';
import type { Pool } from '../../src/adapters/pg/pool.js';
import { createLeadImportQueue, createLeadImportWorker } from '../../src/adapters/redis/lead-import-queue.js';
import { createTestPool, truncateTables } from './db.js';
import { testRedisUrl } from './redis.js';

export interface UploadApi {
  pool: Pool;
  /** The app, once the file's set-up has built it. */
  readonly app: FastifyInstance;
}

/** The manager's request headers for a CSV body. */
export const csvUploadHeaders = { authorization: 'Bearer mgr', 'content-type': 'text/csv' };

/** `name` keeps the queue apart from other files'; `worker: false` for tests of what the upload
 * decides, not of the import job; `uploadLimitMb` as the node's setting (4096 when not given). */
export function useUploadApi(name: string, options: { worker?: boolean; uploadLimitMb?: number } = {}): UploadApi {
  const pool = createTestPool();
  const logger = createLogger({ level: 'silent' });
  const prefix = `test-${name}-${process.pid}`;
  const connection = { url: testRedisUrl() };
  const importQueue = createLeadImportQueue(connection, prefix);
  const worker = options.worker === false ? null : createLeadImportWorker({ connection, pool, logger, prefix });
  let built: FastifyInstance | null = null;
  beforeAll(async () => {
    const uploadDir = await mkdtemp(join(tmpdir(), 'outpace-uploads-'));
    built = await buildApp({
      routes: listsRoutes({ pool, importQueue, uploadDir }),
      authenticate: createAuthenticator([{ token: 'mgr', role: 'manager', name: 'Mia' }], null),
      logger, plugins: [uploadBodyPlugin(options.uploadLimitMb ?? 4096)],
    });
  });
  afterAll(async () => {
    await built?.close();
    await worker?.close();
    await importQueue.obliterate({ force: true });
    await importQueue.close();
    await pool.end();
  });
  beforeEach(async () => truncateTables(pool, ['campaigns', 'lead_imports']));
  return {
    pool,
    get app(): FastifyInstance {
      if (built === null) throw new Error('the upload API is built in beforeAll');
      return built;
    },
  };
}
