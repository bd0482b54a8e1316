// Several engine nodes share the database: an agent who logs in on a node that does not drive
// the agent's campaign is told which node does (its lease holder in Redis), or that none does,
// instead of that the campaign is unknown.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { createCampaign, updateCampaignStatus } from '../../../src/adapters/pg/campaign-repository.js';
import { hostname } from 'node:os';
import { campaignLeaseKey } from '../../../src/adapters/redis/campaign-lease.js';
import { markNodePresent, presentNodeUrl } from '../../../src/adapters/redis/node-presence.js';
import type { ApiCallError} from '../../../src/demo/api-client.js';
import { ApiClient } from '../../../src/demo/api-client.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';

describe('agent login on a node that does not drive the campaign', () => {
  let test: TestNode;
  let manager: ApiClient;
  beforeAll(async () => {
    // Emptied before the node starts, so it loads no campaign whose id a new one would reuse.
    const pool = createTestPool(1);
    await truncateTables(pool, ['campaigns']);
    await pool.end();
    test = await startTestNode({}, 'login-elsewhere:');
    await upsertAgent(test.node.pool, { id: 'ann', name: 'Ann' });
    manager = new ApiClient(test.node.url, roleTokens.manager);
  });
  afterAll(async () => test.close());

  const loginError = async (campaignId: string) =>
    manager.post('/api/agents/ann/login', { campaignId }).then(() => null, (e: unknown) => e as ApiCallError);

  it('names the node that drives it and where agents reach it', async () => {
    const campaign = await createCampaign(test.node.pool, { name: `elsewhere ${Date.now()}` });
    // Another node holds the lease before this one looks, and says where it is reached.
    await test.node.redis.set(campaignLeaseKey(campaign.id), 'node-b', 'PX', 60_000);
    await markNodePresent(test.node.redis, 'node-b', 60_000, 'https://node-b.example:8443');
    await updateCampaignStatus(test.node.pool, campaign.id, 'running');
    await test.node.runtime.syncCampaigns();
    expect(test.node.runtime.state().campaigns.has(campaign.id)).toBe(false);
    const error = await loginError(campaign.id);
    expect(error?.status).toBe(409);
    expect(JSON.parse(error?.body ?? '{}')).toMatchObject({
      message: expect.stringMatching(/driven by engine node node-b, at https:\/\/node-b\.example:8443: its agents log in on that node/),
      details: { node: 'node-b', url: 'https://node-b.example:8443' },
    });
  });

  it('announces where this node is reached with its presence', async () => {
    expect(await presentNodeUrl(test.node.redis, test.node.nodeId)).toBe(`http://${hostname()}:${new URL(test.node.url).port}`);
  });

  it('says that none does when the campaign is not running or paused', async () => {
    const draft = await createCampaign(test.node.pool, { name: `draft ${Date.now()}` });
    const error = await loginError(draft.id);
    expect(error?.status).toBe(409);
    expect(error?.body).toMatch(/no engine node drives campaign/);
  });

  it('logs the agent in where the node drives the campaign', async () => {
    const campaign = await createCampaign(test.node.pool, { name: `here ${Date.now()}` });
    await manager.post(`/api/campaigns/${campaign.id}/start`);
    await expect(manager.post('/api/agents/ann/login', { campaignId: campaign.id })).resolves.toMatchObject({ id: 'ann' });
  });
});
