// The upload API and a list's region: numbers without a country code are read in the list's
// region, and an upload naming another one is refused rather than read as the wrong country's.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { csvBodyPlugin, listsRoutes } from '../../../src/adapters/http/routes/lists-routes.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { createLeadImportQueue } from '../../../src/adapters/redis/lead-import-queue.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { testRedisUrl } from '../../helpers/redis.js';

const pool = createTestPool();
// No worker: these tests look at what the upload decides, not at the import job.
const importQueue = createLeadImportQueue({ url: testRedisUrl() }, `test-upload-region-${process.pid}`);
let app: FastifyInstance;

beforeAll(async () => {
  const uploadDir = await mkdtemp(join(tmpdir(), 'outpace-uploads-'));
  app = await buildApp({
    routes: listsRoutes({ pool, importQueue, uploadDir }),
    authenticate: createAuthenticator([{ token: 'mgr', role: 'manager', name: 'Mia' }], null),
    logger: createLogger({ level: 'silent' }), plugins: [csvBodyPlugin],
  });
});
afterAll(async () => {
  await app.close();
  await importQueue.obliterate({ force: true });
  await importQueue.close();
  await pool.end();
});
beforeEach(async () => truncateTables(pool, ['campaigns', 'lead_imports']));

const upload = (campaignId: string, query: string) => app.inject({
  method: 'POST', url: `/api/campaigns/${campaignId}/imports?map=phone%3DPhone&${query}`,
  headers: { authorization: 'Bearer mgr', 'content-type': 'text/csv' }, payload: 'Phone\n55 1234 5678\n',
});

describe('upload region', () => {
  it('refuses a region other than the existing list\'s, naming both, and uses the list\'s when none is named', async () => {
    const campaignId = (await createCampaign(pool, { name: `region-${Math.random()}`, timezone: 'UTC', seedDispositions: false })).id;
    const created = await upload(campaignId, 'list=spring&region=US');
    expect(created.statusCode).toBe(202);
    expect(created.json()).toMatchObject({ region: 'US' });

    const mexican = await upload(campaignId, 'list=spring&region=mx');
    expect(mexican.statusCode).toBe(409);
    expect(mexican.json<{ message: string }>().message).toMatch(/list "spring" reads numbers without a country code as US, but this upload names region MX/);
    const imports = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM lead_imports');
    expect(imports.rows[0]?.n).toBe(1);

    const unnamed = await upload(campaignId, 'list=spring');
    expect(unnamed.statusCode).toBe(202);
    expect(unnamed.json()).toMatchObject({ region: 'US' });

    const newList = await upload(campaignId, 'list=mexico&region=MX');
    expect(newList.statusCode).toBe(202);
    expect(newList.json()).toMatchObject({ region: 'MX' });
  });
});
