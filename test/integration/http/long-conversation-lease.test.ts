// A lead's lease is its crash safety: leased for a dial, it is this node's for a while, and a node
// that dies lets it lapse. A conversation can last longer than the lease; the node renews it while
// the call goes on, so another agent coming free meanwhile is never given the same lead.
// Real engine and API, simulated PBX in digit mode (a number ending in 0 answers and stays).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { ApiClient } from '../../../src/demo/api-client.js';
import { roundTheClockWindow } from '../../../src/demo/round-the-clock.js';
import { waitUntil } from '../../browser/browser-helpers.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';

const run = String(Date.now() % 1_000_000).padStart(6, '0');
const LEASE_MS = 1_500;

describe('a conversation longer than its lead\'s lease', () => {
  let test: TestNode;
  const audit = createTestPool(1);

  beforeAll(async () => {
    await truncateTables(audit, ['campaigns']);
    test = await startTestNode({ outcomes: 'digit', timeScale: 1 }, 'long-conversation:', { leadLeaseMs: LEASE_MS });
  }, 60_000);
  afterAll(async () => {
    await test.close();
    await audit.end();
  });

  it('keeps the lead leased while the call goes on, so a free agent is not given it again', async () => {
    const { pool } = test.node;
    const campaign = await createCampaign(pool, { name: `long conversation ${run}`, mode: 'progressive', settings: { callingWindow: roundTheClockWindow } });
    const list = await createList(pool, { campaignId: campaign.id, name: 'one who talks' });
    const [leadId] = await insertLeads(pool, list.id, [{ firstName: 'Talker', phones: [`+1312${run}0`] }]);
    const manager = new ApiClient(test.node.url, roleTokens.manager);
    for (const id of [`ann-${run}`, `bob-${run}`]) await upsertAgent(pool, { id, name: id });
    await manager.post(`/api/campaigns/${campaign.id}/start`);
    await manager.post(`/api/agents/ann-${run}/login`, { campaignId: campaign.id });
    await waitUntil('ann is in', async () => test.node.runtime.state().agents.get(`ann-${run}`)?.status === 'paused');
    await manager.post(`/api/agents/ann-${run}/ready`);
    await waitUntil('ann talks to the lead', async () => test.node.runtime.state().agents.get(`ann-${run}`)?.status === 'talking', 15_000);

    // Bob comes free while the conversation goes on, and stays free past several leases.
    await manager.post(`/api/agents/bob-${run}/login`, { campaignId: campaign.id });
    await waitUntil('bob is in', async () => test.node.runtime.state().agents.get(`bob-${run}`)?.status === 'paused');
    await manager.post(`/api/agents/bob-${run}/ready`);
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS * 4));

    const attempts = await audit.query<{ n: number }>('SELECT count(*)::int AS n FROM attempts WHERE lead_id = $1', [leadId]);
    expect(attempts.rows[0]?.n).toBe(1);
    const lead = await audit.query<{ leased_until: Date }>('SELECT leased_until FROM leads WHERE id = $1', [leadId]);
    expect(lead.rows[0]?.leased_until.getTime()).toBeGreaterThan(Date.now());
    expect(test.node.runtime.state().agents.get(`ann-${run}`)?.status).toBe('talking');
    expect(test.node.runtime.state().agents.get(`bob-${run}`)?.status).toBe('ready');
    expect(test.node.runtime.invariantViolationCount()).toBe(0);
  }, 60_000);
});
