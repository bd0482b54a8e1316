// An upload is kept on the disk of the host it reached, so its import is queued for that host's
// workers only: a node on another host would find no file. A file gone from the host anyway (a
// container recreated) fails its import with the reason, and the node goes on.

import { describe, expect, it, afterAll } from 'vitest';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { parseMappingFlags } from '../../../src/adapters/pg/lead-import-mapping.js';
import { createLeadImport, ensureList, getLeadImport } from '../../../src/adapters/pg/lead-import-repository.js';
import { createLeadImportQueue, createLeadImportWorker, enqueueLeadImport } from '../../../src/adapters/redis/lead-import-queue.js';
import { createTestPool } from '../../helpers/db.js';
import { seedCampaign } from '../../helpers/fixtures.js';
import { testRedisUrl } from '../../helpers/redis.js';

const pool = createTestPool();
const connection = { url: testRedisUrl() };
const prefix = `test-host-queue-${process.pid}`;
const logger = createLogger({ level: 'silent' });
const closers: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await pool.end();
});

describe('the import of an upload', () => {
  it("is taken by a worker of the host holding the file only, and fails with the reason when the file is gone", async () => {
    const { campaign } = await seedCampaign(pool);
    const list = await ensureList(pool, { campaignId: campaign.id, name: 'hosted', defaultRegion: 'US' });
    const mapping = parseMappingFlags('phone=Phone');
    const record = await createLeadImport(pool, { campaignId: campaign.id, listId: list.id, fileName: 'gone.csv', mapping });
    const queue = createLeadImportQueue(connection, prefix, 'host-a');
    closers.push(async () => { await queue.obliterate({ force: true }); await queue.close(); });
    await enqueueLeadImport(queue, { importId: record.id, campaignId: campaign.id, listId: list.id, filePath: '/nonexistent/outpace-upload.csv', mapping });

    const elsewhere = createLeadImportWorker({ connection, pool, logger, prefix, host: 'host-b' });
    closers.push(() => elsewhere.close());
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await queue.getJobState(record.id)).toBe('waiting');

    const here = createLeadImportWorker({ connection, pool, logger, prefix, host: 'host-a' });
    closers.push(() => here.close());
    for (let waited = 0; waited < 100 && (await getLeadImport(pool, record.id))?.status !== 'failed'; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await getLeadImport(pool, record.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/ENOENT/) });
  });
});
