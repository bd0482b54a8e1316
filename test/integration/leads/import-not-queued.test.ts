// An upload whose import job cannot be queued (the job queue not answering) through the real app
// builder, Postgres and a BullMQ queue whose connection is gone: the file, every person of the
// list, is not left on disk with no job to read or remove it, and the import says it failed and
// why rather than waiting for ever.

import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { listsRoutes } from '../../../src/adapters/http/routes/lists-routes.js';
import { uploadBodyPlugin } from '../../../src/adapters/http/upload-body.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { createLeadImportQueue } from '../../../src/adapters/redis/lead-import-queue.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { testRedisUrl } from '../../helpers/redis.js';

const pool = createTestPool(4);
const importQueue = createLeadImportQueue({ url: testRedisUrl() }, `test-not-queued-${process.pid}`);
let app: FastifyInstance;
let uploadDir: string;

beforeAll(async () => {
  uploadDir = await mkdtemp(join(tmpdir(), 'outpace-uploads-'));
  app = await buildApp({
    routes: listsRoutes({ pool, importQueue, uploadDir }),
    authenticate: createAuthenticator([{ token: 'mgr', role: 'manager', name: 'Mia' }], null),
    logger: createLogger({ level: 'silent' }), plugins: [uploadBodyPlugin(4096)],
  });
  await truncateTables(pool, ['campaigns', 'lead_imports']);
  // The queue's connection is gone: no job can be added.
  await importQueue.waitUntilReady();
  await importQueue.close();
});
afterAll(async () => {
  await app.close();
  await pool.end();
});

describe('an upload whose import cannot be queued', () => {
  it('answers 503, keeps no copy of the file and marks the import failed, saying why', async () => {
    const { id: campaignId } = await createCampaign(pool, { name: 'not queued', timezone: 'UTC', seedDispositions: false });
    const response = await app.inject({
      method: 'POST', url: `/api/campaigns/${campaignId}/imports?list=spring&map=${encodeURIComponent('phone=Phone,first_name=Name')}`,
      headers: { authorization: 'Bearer mgr', 'content-type': 'text/csv' }, payload: 'Phone,Name\n2125550100,Ann Smith\n',
    });
    expect(response.statusCode).toBe(503);
    expect(response.json<{ message: string }>().message).toMatch(/^the import could not be queued \(.+\): nothing was loaded and the file was not kept; upload it again once the job queue answers$/);
    expect(await readdir(uploadDir)).toEqual([]);
    const imports = await pool.query<{ status: string; error_code: string; error: string }>('SELECT status, error_code, error FROM lead_imports WHERE campaign_id = $1', [campaignId]);
    expect(imports.rows).toEqual([{ status: 'failed', error_code: 'not_queued', error: expect.stringMatching(/^the import could not be queued \(.+\): nothing was loaded, upload the file again$/) as unknown }]);
  });
});
