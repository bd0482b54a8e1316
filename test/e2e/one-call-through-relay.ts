// A scenario for the tests of gaps in the PBX's events: a node reaching the simulated PBX (digit
// mode, real time) through a relay the test cuts, a progressive campaign of one number and one
// ready agent, run until the call reaches a stage.

import type { CreateCampaignInput } from '../../src/adapters/pg/campaign-repository.js';
import { upsertAgent } from '../../src/adapters/pg/agent-repository.js';
import { createCampaign } from '../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { ApiClient } from '../../src/demo/api-client.js';
import { roundTheClockWindow } from '../../src/demo/round-the-clock.js';
import { startSimPbx } from '../../src/sim/pbx/sim-pbx.js';
import { roleTokens, startTestNode, testNodeApp, tokenAgentId, type TestNode } from '../helpers/outpace-node.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

/** The simulated PBX's ARI user, for requests the test makes to it directly (not through the relay). */
export const ariAuth = { authorization: `Basic ${Buffer.from('dialer:dialer').toString('base64')}` };

export interface OneCall {
  test: TestNode;
  proxy: TcpProxy;
  campaignId: string;
  attemptId: string;
  close(): Promise<void>;
}

/** The attempt's column that says the call reached the stage. */
export type CallStage = 'ringing_at' | 'answered_at' | 'connected_at';

export async function oneCallThroughRelay(keyPrefix: string, phone: string, stage: CallStage, campaign: Partial<CreateCampaignInput> = {}): Promise<OneCall> {
  const pbx = await startSimPbx({ outcomes: 'digit', timeScale: 1, amiPort: null, apps: [testNodeApp] });
  const proxy = await startTcpProxy(pbx.port);
  const test = await startTestNode({}, keyPrefix, { pbx, ariUrl: proxy.url });
  const close = async (): Promise<void> => { await test.close(); await proxy.close(); };
  try {
    const { pool } = test.node;
    const created = await createCampaign(pool, {
      name: `${keyPrefix} ${Date.now()}`, mode: 'progressive', wrapUpMs: 60_000, settings: { callingWindow: roundTheClockWindow }, ...campaign,
    });
    const list = await createList(pool, { campaignId: created.id, name: 'one number' });
    await insertLeads(pool, list.id, [{ firstName: 'Only', phones: [phone] }]);
    await upsertAgent(pool, { id: tokenAgentId, name: 'Agent under test' });
    await new ApiClient(test.node.url, roleTokens.manager).post(`/api/campaigns/${created.id}/start`);
    const agent = new ApiClient(test.node.url, roleTokens.agent);
    await agent.post(`/api/agents/${tokenAgentId}/login`, { campaignId: created.id });
    await waitUntil(async () => (await agent.get<{ status: string }>(`/api/agents/${tokenAgentId}`)).status === 'paused');
    await agent.post(`/api/agents/${tokenAgentId}/ready`);
    let attemptId = '';
    await waitUntil(async () => {
      const rows = await pool.query<{ id: string }>(`SELECT id FROM attempts WHERE campaign_id = $1 AND ${stage} IS NOT NULL`, [created.id]);
      attemptId = rows.rows[0]?.id ?? '';
      return attemptId !== '';
    }, 30_000, 20);
    return { test, proxy, campaignId: created.id, attemptId, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** An attempt as the tests read it once closed. */
export interface ClosedAttempt {
  outcome: string | null;
  cause_txt: string | null;
  agent_id: string | null;
  abandoned: boolean;
  safe_harbor_played: boolean;
  amd_status: string | null;
  ended_at: Date | null;
}

export async function waitForClose(scene: OneCall): Promise<ClosedAttempt> {
  let row: ClosedAttempt | undefined;
  await waitUntil(async () => {
    const rows = await scene.test.node.pool.query<ClosedAttempt>(
      'SELECT outcome, cause_txt, agent_id, abandoned, safe_harbor_played, amd_status, ended_at FROM attempts WHERE id = $1', [scene.attemptId]);
    row = rows.rows[0];
    return row?.ended_at !== null && row?.ended_at !== undefined;
  });
  return row!;
}

export async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 30_000, everyMs = 100): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
