// A campaign stopped on a node stays in its engine while its team is logged in there, and leaves
// it once they are gone: the node then exports none of its gauges (a frozen abandonment rate would
// win the alerts' max over nodes) and its pacing page draws no frozen history. Started again, it is
// taken on afresh. Real engine and API, simulated PBX.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { ApiClient } from '../../../src/demo/api-client.js';
import { roundTheClockWindow } from '../../../src/demo/round-the-clock.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';

const run = String(Date.now() % 1_000_000).padStart(6, '0');
const AGENT = `release-${run}`;

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a campaign stopped on a node', () => {
  let test: TestNode;
  let campaignId: string;
  const manager = (): ApiClient => new ApiClient(test.node.url, roleTokens.manager);
  const engineStatus = (): string | undefined => test.node.runtime.state().campaigns.get(campaignId)?.status;
  const agentStatus = (): string => test.node.runtime.state().agents.get(AGENT)?.status ?? 'logged_out';
  const metrics = async (): Promise<string> => (await fetch(`${test.node.url}/metrics`)).text();
  const exported = async (name: string): Promise<boolean> => (await metrics()).includes(`${name}{campaign="${campaignId}"`);

  beforeAll(async () => {
    const reset = createTestPool(1);
    await truncateTables(reset, ['campaigns']);
    await reset.end();
    test = await startTestNode({ outcomes: 'digit', timeScale: 1 }, `release-${run}:`);
    const campaign = await createCampaign(test.node.pool, { name: `release ${run}`, mode: 'progressive', settings: { callingWindow: roundTheClockWindow } });
    campaignId = campaign.id;
    await upsertAgent(test.node.pool, { id: AGENT, name: 'Release' });
  }, 60_000);

  afterAll(async () => {
    await test?.close();
  });

  it('stays while its team is logged in, then leaves the engine and its figures with it', async () => {
    await manager().post(`/api/campaigns/${campaignId}/start`);
    await waitUntil(() => engineStatus() === 'running');
    await manager().post(`/api/agents/${AGENT}/login`, { campaignId });
    await waitUntil(() => agentStatus() === 'paused');
    await waitUntil(() => exported('outpace_campaign_running'));

    await manager().post(`/api/campaigns/${campaignId}/stop`);
    await waitUntil(() => engineStatus() === 'stopped');
    // Two sync passes later the team still has it.
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    expect(engineStatus()).toBe('stopped');

    await manager().post(`/api/agents/${AGENT}/logout`);
    await waitUntil(() => engineStatus() === undefined, 10_000);
    await waitUntil(async () => !(await exported('outpace_campaign_running')), 5_000);
    const text = await metrics();
    for (const name of ['outpace_abandon_rate', 'outpace_dial_level', 'outpace_pacing_binding', 'outpace_leads_remaining', 'outpace_callbacks_due']) {
      expect(text.includes(`${name}{campaign="${campaignId}"`), name).toBe(false);
    }
    const history = await new ApiClient(test.node.url, roleTokens.viewer).get<{ campaigns: Array<{ campaignId: string }> }>('/api/pacing/history');
    expect(history.campaigns.map((c) => c.campaignId)).not.toContain(campaignId);

    // Started again, it is taken on afresh.
    await manager().post(`/api/campaigns/${campaignId}/start`);
    await waitUntil(() => engineStatus() === 'running');
  }, 60_000);
});
