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

/** An import's progress as GET /api/imports/:id answers it. */
export interface ImportStatus {
  status: string;
  rowsRead: number;
  imported: number;
  duplicates: number;
  invalid: number;
  error: string | null;
}

/** Uploads `body` into `campaignId` with the column map `map` and waits for its import job to end
 * (20 s at most); the import as it ended (null if it never did) and its error report. */
export async function uploadAndWait(api: UploadApi, campaignId: string, map: string, body: Buffer | string): Promise<{ status: ImportStatus | null; report: string }> {
  const headers = csvUploadHeaders;
  const response = await api.app.inject({
    method: 'POST', url: `/api/campaigns/${campaignId}/imports?list=spring&map=${encodeURIComponent(map)}`, headers, payload: body,
  });
  if (response.statusCode !== 202) throw new Error(`upload answered ${response.statusCode}: ${response.body}`);
  const { importId } = response.json<{ importId: string }>();
  let status: ImportStatus | null = null;
  for (let i = 0; i < 400 && (status === null || status.status === 'queued' || status.status === 'running'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = (await api.app.inject({ method: 'GET', url: `/api/imports/${importId}`, headers })).json<ImportStatus>();
  }
  const report = (await api.app.inject({ method: 'GET', url: `/api/imports/${importId}/errors.csv`, headers })).body;
  return { status, report };
}
