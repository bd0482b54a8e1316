// The list routes (and any others a test asks for, such as the exports), behind a manager's
// token, with the import queue and (unless left out) its worker, for tests of uploads: set up and
// torn down with the test file, its campaigns and imports (and any other tables named) emptied
// before each test.

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
import type { RouteSpec } from '../../src/adapters/http/route-spec.js';
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

export interface UploadApiOptions {
  /** false for tests of what the upload decides, not of the import job. */
  worker?: boolean;
  /** As the node's setting (4096 when not given). */
  uploadLimitMb?: number;
  /** Routes served beside the list routes (the exports, the evidence log), on the same pool. */
  routes?: (pool: Pool) => RouteSpec[];
  /** Tables emptied before each test besides campaigns and imports (the evidence log). */
  truncate?: readonly string[];
}

/** `name` keeps the queue apart from other files'. */
export function useUploadApi(name: string, options: UploadApiOptions = {}): UploadApi {
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
      routes: [...listsRoutes({ pool, importQueue, uploadDir }), ...(options.routes?.(pool) ?? [])],
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
  beforeEach(async () => truncateTables(pool, ['campaigns', 'lead_imports', ...(options.truncate ?? [])]));
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
  footerRows: number;
  /** Leads the campaign already had whose consent to prerecorded messages the file changed. */
  consentChanged: number;
  error: string | null;
  /** Why it failed as a code with what it names, for a page to word. */
  errorCode: string | null;
  errorParams: Record<string, string> | null;
  /** The first rows of its report, each with why as a code too. */
  problemSamples: { row: number; column: string | null; reason: string; reasonCode: string | null; reasonParams: Record<string, string> }[];
}

/** An upload waited for: the import as it ended (null if it never did), its error report, and
 * the ids of the import and of the list it loaded into. */
export interface UploadEnded {
  status: ImportStatus | null;
  report: string;
  importId: string;
  listId: string;
}

/** Uploads `body` into `campaignId` with the column map `map` and waits for its import job to end
 * (20 s at most). */
export async function uploadAndWait(api: UploadApi, campaignId: string, map: string, body: Buffer | string): Promise<UploadEnded> {
  const headers = csvUploadHeaders;
  const response = await api.app.inject({
    method: 'POST', url: `/api/campaigns/${campaignId}/imports?list=spring&map=${encodeURIComponent(map)}`, headers, payload: body,
  });
  if (response.statusCode !== 202) throw new Error(`upload answered ${response.statusCode}: ${response.body}`);
  const { importId, listId } = response.json<{ importId: string; listId: string }>();
  let status: ImportStatus | null = null;
  for (let i = 0; i < 400 && (status === null || status.status === 'queued' || status.status === 'running'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = (await api.app.inject({ method: 'GET', url: `/api/imports/${importId}`, headers })).json<ImportStatus>();
  }
  const report = (await api.app.inject({ method: 'GET', url: `/api/imports/${importId}/errors.csv`, headers })).body;
  return { status, report, importId, listId };
}
