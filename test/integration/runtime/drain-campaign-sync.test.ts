// A node that is stopping takes no campaign back: a campaign sync the API asks for during the
// drain (a manager pausing and starting a campaign) leaves the lease handed back and the
// campaign paused here, so another node drives it. Real engine and API, simulated PBX in digit
// mode (a number ending in 0-2 answers and stays, keeping the drain going).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { campaignLeaseHolder } from '../../../src/adapters/redis/campaign-lease.js';
import { ApiClient } from '../../../src/demo/api-client.js';
import { roundTheClockWindow } from '../../../src/demo/round-the-clock.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { createTestRedis } from '../../helpers/redis.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';

const run = String(Date.now() % 1_000_000).padStart(6, '0');
const AGENT = `drain-sync-${run}`;

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a campaign sync during a drain', () => {
  let test: TestNode;
  let campaignId: string;
  const manager = (): ApiClient => new ApiClient(test.node.url, roleTokens.manager);
  const statusOf = (agentId: string): string => test.node.runtime.state().agents.get(agentId)?.status ?? 'logged_out';

  beforeAll(async () => {
    const reset = createTestPool(1);
    await truncateTables(reset, ['campaigns']);
    await reset.end();
    test = await startTestNode({ outcomes: 'digit', timeScale: 1 }, `drain-sync-${run}:`);
    const { pool } = test.node;
    const campaign = await createCampaign(pool, { name: `drain sync ${run}`, mode: 'progressive', settings: { callingWindow: roundTheClockWindow } });
    campaignId = campaign.id;
    const list = await createList(pool, { campaignId, name: 'stays on the line' });
    await insertLeads(pool, list.id, [{ firstName: 'Stays', phones: [`+1314${run}0`] }, { firstName: 'Next', phones: [`+1315${run}1`] }]);
    await upsertAgent(pool, { id: AGENT, name: 'Drain' });
    await manager().post(`/api/campaigns/${campaignId}/start`);
  }, 60_000);

  afterAll(async () => {
    await test?.close();
  });

  it('leaves the campaign handed back and paused here, also once the drain ends', async () => {
    await manager().post(`/api/agents/${AGENT}/login`, { campaignId });
    await waitUntil(() => statusOf(AGENT) === 'paused');
    await manager().post(`/api/agents/${AGENT}/ready`);
    await waitUntil(() => statusOf(AGENT) === 'talking');

    const closing = test.node.close(60_000);
    await waitUntil(async () => (await campaignLeaseHolder(test.node.redis, campaignId)) === null);
    // Each syncs the campaigns: the pause sees the lease gone, the start would take it on again.
    await manager().post(`/api/campaigns/${campaignId}/pause`);
    await manager().post(`/api/campaigns/${campaignId}/start`);

    expect(await campaignLeaseHolder(test.node.redis, campaignId)).toBeNull();
    expect(test.node.runtime.state().campaigns.get(campaignId)?.status).toBe('paused');
    expect(statusOf(AGENT)).toBe('talking');

    // A second stop ends the drain: the lease is still nobody's.
    await test.node.close();
    await closing;
    const redis = createTestRedis(`drain-sync-${run}:`);
    expect(await campaignLeaseHolder(redis, campaignId)).toBeNull();
    redis.disconnect();
  }, 60_000);
});
