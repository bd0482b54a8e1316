// A scenario for the safe-harbor tests: a power campaign (2:1) of two leads and one agent on a
// real node over the simulated PBX in digit mode. The first number answers and takes the agent;
// the second answers with no agent free, so it gets the safe-harbor message. Run until both end.

import type { Logger } from 'pino';
import { upsertAgent } from '../../src/adapters/pg/agent-repository.js';
import { createCampaign } from '../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { ApiClient } from '../../src/demo/api-client.js';
import { roundTheClockWindow } from '../../src/demo/round-the-clock.js';
import { roleTokens, startTestNode, tokenAgentId, type TestNode } from '../helpers/outpace-node.js';

export interface TwoAnswers {
  keyPrefix: string;
  /** The number the agent takes, then the one left to the safe-harbor message. */
  phones: readonly [string, string];
  /** The campaign's safe-harbor media, if not the default. */
  safeHarborMedia?: string;
  /** The node's logger, for a test that reads what it logs. */
  logger?: Logger;
}

export async function oneAgentTwoAnswers(scenario: TwoAnswers): Promise<{ test: TestNode; campaignId: string }> {
  const test = await startTestNode({ outcomes: 'digit', timeScale: 1 }, scenario.keyPrefix, scenario.logger ? { logger: scenario.logger } : {});
  const { pool } = test.node;
  const campaign = await createCampaign(pool, {
    name: `${scenario.keyPrefix} ${Date.now()}`, mode: 'power', dialLevel: 2, wrapUpMs: 60_000, settings: { callingWindow: roundTheClockWindow },
  });
  const list = await createList(pool, { campaignId: campaign.id, name: 'two numbers' });
  const [first, second] = scenario.phones;
  await insertLeads(pool, list.id, [{ firstName: 'First', phones: [first], priority: 2 }, { firstName: 'Second', phones: [second], priority: 1 }]);
  await upsertAgent(pool, { id: tokenAgentId, name: 'Agent under test' });
  await new ApiClient(test.node.url, roleTokens.manager).post(`/api/campaigns/${campaign.id}/start`);
  // A sound the PBX lacks is refused at the start: one set behind the start's back (in the
  // database, or while the PBX could not be asked) is what the engine meets.
  if (scenario.safeHarborMedia) {
    await pool.query('UPDATE campaigns SET safe_harbor_media = $2 WHERE id = $1', [campaign.id, scenario.safeHarborMedia]);
    await test.node.runtime.syncCampaigns();
  }
  const agent = new ApiClient(test.node.url, roleTokens.agent);
  await agent.post(`/api/agents/${tokenAgentId}/login`, { campaignId: campaign.id });
  await waitUntil(async () => (await agent.get<{ status: string }>(`/api/agents/${tokenAgentId}`)).status === 'paused');
  await agent.post(`/api/agents/${tokenAgentId}/ready`);
  await waitUntil(async () => {
    const closed = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM attempts WHERE campaign_id = $1 AND ended_at IS NOT NULL', [campaign.id]);
    return (closed.rows[0]?.n ?? 0) >= 2;
  });
  return { test, campaignId: campaign.id };
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
