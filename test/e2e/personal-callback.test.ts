// A personal callback is dialled for its agent when due: the agent logs in and goes ready, and the
// engine calls the lead for them before any other call, pre-assigned (bridged to them on answer),
// while another agent ready on the same campaign never gets it.
// Real engine, simulated PBX in digit mode (numbers ending in 0-2 answer and stay).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../src/adapters/pg/agent-repository.js';
import { createCampaign } from '../../src/adapters/pg/campaign-repository.js';
import { scheduleCallback } from '../../src/adapters/pg/callback-follow-up.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { ApiClient } from '../../src/demo/api-client.js';
import { roundTheClockWindow } from '../../src/demo/round-the-clock.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';

const run = String(Date.now() % 1_000_000).padStart(6, '0');
const AGENT_A = `cb-owner-${run}`;
const AGENT_B = `cb-other-${run}`;
const CALLBACK_PHONE = `+1312${run}0`;
const OTHER_PHONE = `+1313${run}1`;

interface AttemptRow {
  lead_id: string;
  e164: string;
  agent_id: string | null;
  outcome: string | null;
  connected_at: Date | null;
  created_at: Date;
}

describe('personal callbacks through the live engine', () => {
  let test: TestNode;
  let campaignId: string;
  let callbackLeadId: string;
  let callbackId: string;
  const supervisor = (): ApiClient => new ApiClient(test.node.url, roleTokens.supervisor);

  const attempts = async (): Promise<AttemptRow[]> => (await test.node.pool.query<AttemptRow>(
    'SELECT lead_id::text, e164, agent_id, outcome, connected_at, created_at FROM attempts WHERE campaign_id = $1 ORDER BY created_at', [campaignId])).rows;

  async function loginReady(agentId: string): Promise<void> {
    const api = supervisor();
    await api.post(`/api/agents/${agentId}/login`, { campaignId });
    await waitUntil(async () => (await api.get<{ status: string }>(`/api/agents/${agentId}`)).status === 'paused');
    await api.post(`/api/agents/${agentId}/ready`);
  }

  beforeAll(async () => {
    test = await startTestNode({ outcomes: 'digit', timeScale: 1 }, 'personal-callback:');
    const { pool } = test.node;
    const campaign = await createCampaign(pool, { name: `personal callback ${run}`, mode: 'progressive', wrapUpMode: 'auto', wrapUpMs: 500,
      settings: { callingWindow: roundTheClockWindow } });
    campaignId = campaign.id;
    const list = await createList(pool, { campaignId, name: 'callback and other' });
    const [leadId] = await insertLeads(pool, list.id, [{ firstName: 'Callback', phones: [CALLBACK_PHONE], priority: 9 }]);
    await insertLeads(pool, list.id, [{ firstName: 'Other', phones: [OTHER_PHONE], priority: 1 }]);
    callbackLeadId = String(leadId);
    await upsertAgent(pool, { id: AGENT_A, name: 'Callback owner' });
    await upsertAgent(pool, { id: AGENT_B, name: 'Other agent' });
    callbackId = (await scheduleCallback(pool, { leadId: callbackLeadId, agentId: AGENT_A, dueAt: new Date(Date.now() - 1_000) })).id;
    await new ApiClient(test.node.url, roleTokens.manager).post(`/api/campaigns/${campaignId}/start`);
  }, 60_000);

  afterAll(async () => {
    await test.close();
  });

  it('leaves the callback to its agent while another agent is ready', async () => {
    await loginReady(AGENT_B);
    // B gets the ordinary lead and is talking with it; the callback lead is not dialled.
    await waitUntil(async () => (await attempts()).some((a) => a.agent_id === AGENT_B && a.connected_at !== null));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const rows = await attempts();
    expect(rows.map((r) => r.e164)).toEqual([OTHER_PHONE]);
  }, 30_000);

  it('dials the callback for its agent as soon as they are ready, bridged to them', async () => {
    // B is free again before A arrives: B must still not be given the callback.
    const api = supervisor();
    await api.post(`/api/agents/${AGENT_B}/hangup`);
    await waitUntil(async () => (await api.get<{ status: string }>(`/api/agents/${AGENT_B}`)).status === 'ready');
    await loginReady(AGENT_A);
    await waitUntil(async () => (await attempts()).some((a) => a.lead_id === callbackLeadId && a.connected_at !== null));
    const rows = await attempts();
    const callback = rows.filter((r) => r.lead_id === callbackLeadId);
    expect(callback).toHaveLength(1);
    expect(callback[0]).toMatchObject({ agent_id: AGENT_A, e164: CALLBACK_PHONE });
    // A's first call is the callback.
    expect(rows.find((r) => r.agent_id === AGENT_A)?.lead_id).toBe(callbackLeadId);
    expect(rows.filter((r) => r.agent_id === AGENT_B).every((r) => r.lead_id !== callbackLeadId)).toBe(true);
    const status = await test.node.pool.query<{ status: string }>('SELECT status FROM callbacks WHERE id = $1', [callbackId]);
    expect(status.rows[0]?.status).toBe('done');
    const engine = test.node.runtime.state();
    expect(engine.agents.get(AGENT_A)).toMatchObject({ status: 'talking', callbackDue: false });
    expect(test.node.runtime.invariantViolationCount()).toBe(0);
  }, 30_000);
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
