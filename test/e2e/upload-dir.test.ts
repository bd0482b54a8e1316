// engine.uploadDir: a list uploaded to a node waits for its import in the configured directory
// (one kept on a volume outlives the container), and the import reads it from there.

import { mkdtemp, readdir } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../../src/adapters/pg/campaign-repository.js';
import { createLeadImportQueue } from '../../src/adapters/redis/lead-import-queue.js';
import { createTestPool } from '../helpers/db.js';
import { nodeRequest } from '../helpers/node-request.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { testRedisUrl } from '../helpers/redis.js';

const keyPrefix = 'upload-dir:';

describe('the upload directory', () => {
  const pool = createTestPool(2);
  let node: TestNode | null = null;
  afterAll(async () => {
    await node?.close();
    await pool.end();
  });

  it('is where an uploaded list waits and is imported from', async () => {
    const uploadDir = await mkdtemp(join(tmpdir(), 'outpace-upload-dir-'));
    node = await startTestNode({}, keyPrefix, { uploadDir });
    const campaignId = (await createCampaign(pool, { name: `upload-dir-${Date.now()}`, timezone: 'UTC', seedDispositions: false })).id;

    const response = await fetch(`${node.node.url}/api/campaigns/${campaignId}/imports?list=spring&map=phone%3DPhone`, {
      method: 'POST', headers: { authorization: `Bearer ${roleTokens.manager}`, 'content-type': 'text/csv' }, body: 'Phone\n+12125550100\n+12125550101\n',
    });
    expect(response.status).toBe(202);
    const { importId } = (await response.json()) as { importId: string };

    const running = node;
    await expect.poll(async () => (await nodeRequest<{ status: string }>(running, 'GET', `/api/imports/${importId}`)).body.status, { timeout: 30_000, interval: 100 }).toBe('done');
    expect((await nodeRequest<{ imported: number }>(running, 'GET', `/api/imports/${importId}`)).body.imported).toBe(2);

    // The job the upload queued named its file in that directory; the import removed it from there.
    const queue = createLeadImportQueue({ url: testRedisUrl() }, `${keyPrefix}bull`, hostname());
    try {
      expect((await queue.getJob(importId))?.data.filePath).toBe(join(uploadDir, `${importId}.csv`));
    } finally {
      await queue.close();
    }
    expect(await readdir(uploadDir)).toEqual([]);
  });
});
