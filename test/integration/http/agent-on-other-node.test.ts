// An agent logged in on one engine node, changed by a manager through another: the node asked
// hands the change to the node the agent is on (the driver of their campaign), whose engine
// applies it. New groups reach the agent's next call without a new login, and an agent stopped
// from logging in is logged out where they are, not only refused their next login.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, updateCampaignStatus } from '../../../src/adapters/pg/campaign-repository.js';
import { campaignLeaseKey } from '../../../src/adapters/redis/campaign-lease.js';
import { ApiClient } from '../../../src/demo/api-client.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { waitUntil } from '../../browser/browser-helpers.js';

const AGENT = 'remote-rita';

describe('an agent on another node', () => {
  let nodeA: TestNode;
  let nodeB: TestNode;
  let managerOnA: ApiClient;

  beforeAll(async () => {
    nodeA = await startTestNode({}, 'agent-elsewhere:', { nodeId: 'elsewhere-a' });
    nodeB = await startTestNode({}, 'agent-elsewhere:', { nodeId: 'elsewhere-b' });
    managerOnA = new ApiClient(nodeA.node.url, roleTokens.manager);
    // Node B drives the campaign: its lease is given to B before the campaign runs.
    const campaign = await createCampaign(nodeB.node.pool, { name: `Elsewhere ${Date.now()}` });
    await nodeB.node.redis.set(campaignLeaseKey(campaign.id), nodeB.node.nodeId, 'PX', 60_000);
    await updateCampaignStatus(nodeB.node.pool, campaign.id, 'running');
    await nodeB.node.runtime.syncCampaigns();
    await managerOnA.put(`/api/agents/${AGENT}`, { name: 'Rita Remote', groups: ['south'] });
    const managerOnB = new ApiClient(nodeB.node.url, roleTokens.manager);
    await managerOnB.post(`/api/agents/${AGENT}/login`, { campaignId: campaign.id });
    await waitUntil('the agent logged in on node B', async () => nodeB.node.runtime.state().agents.get(AGENT)?.status === 'paused');
  }, 60_000);

  afterAll(async () => {
    await nodeB?.close();
    await nodeA?.close();
  });

  it('gives the agent new groups through any node, for their next call', async () => {
    expect(nodeA.node.runtime.state().agents.get(AGENT)).toBeUndefined();
    await managerOnA.put(`/api/agents/${AGENT}`, { name: 'Rita Remote', groups: [' North ', 'west'] });
    expect(nodeB.node.runtime.state().agents.get(AGENT)).toMatchObject({ status: 'paused', groups: ['north', 'west'] });
  });

  it('logs out an agent stopped from logging in, on the node they are on', async () => {
    const { token } = await managerOnA.post<{ token: string }>(`/api/agents/${AGENT}/tokens`);
    await managerOnA.put(`/api/agents/${AGENT}`, { name: 'Rita Remote', active: false });
    await waitUntil('the agent logged out on node B', async () => nodeB.node.runtime.state().agents.get(AGENT)?.status === 'logged_out');
    const refused = await fetch(`${nodeB.node.url}/api/agents/${AGENT}`, { headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(401);
  });
});
