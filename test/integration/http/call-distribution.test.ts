// Distribution of answered calls by a lead attribute, through a whole node and the simulated PBX:
// the campaign distributes by the leads' `industry` field, agents are given their industries
// through the API (one of them while logged in), and each answered call reaches the agent of its
// industry even though an agent without one has waited longest; the lead without an industry goes to whoever is free. The
// routing is counted by how it met the distribution. In a preview campaign an agent is offered the
// leads of their groups first, and any lead when none of theirs is due; a paced campaign dials the
// leads of the free agents' groups first. Bad settings and groups are refused.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createList, insertLeads, type NewLead } from '../../../src/adapters/pg/lead-repository.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { allDayWindow, apiCall, waitUntil } from '../../browser/browser-helpers.js';

let test: TestNode;
let campaignId: string;

async function put(path: string, body: unknown): Promise<number> {
  const response = await fetch(`${test.node.url}${path}`, {
    method: path.startsWith('/api/campaigns') ? 'PATCH' : 'PUT',
    headers: { authorization: `Bearer ${roleTokens.manager}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  return response.status;
}

/** Logs the agent in with these groups; the token they act with. */
async function loggedIn(agentId: string, groups: string[], campaign = campaignId): Promise<string> {
  await apiCall(test, 'PUT', `/api/agents/${agentId}`, { name: `Agent ${agentId}`, groups });
  const { token } = await apiCall<{ token: string }>(test, 'POST', `/api/agents/${agentId}/tokens`);
  await apiCall(test, 'POST', `/api/agents/${agentId}/login`, { campaignId: campaign }, token);
  await waitUntil(`${agentId} paused`, async () => (await apiCall<{ status: string }>(test, 'GET', `/api/agents/${agentId}`)).status === 'paused');
  return token;
}

/** A started campaign of `mode` that distributes by industry, with these leads. */
async function startedByIndustry(mode: 'preview' | 'progressive', leads: NewLead[]): Promise<{ id: string; leadIds: string[] }> {
  const { id } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
    name: `Distribution ${mode} ${Date.now()}`, mode, wrapUpMode: 'manual',
    settings: { callingWindow: allDayWindow, distributeBy: 'industry' },
  });
  const list = await createList(test.node.pool, { campaignId: id, name: `${mode} by industry` });
  const leadIds = await insertLeads(test.node.pool, list.id, leads);
  await apiCall(test, 'POST', `/api/campaigns/${id}/start`);
  return { id, leadIds };
}

async function readyAgent(agentId: string, groups: string[]): Promise<void> {
  const token = await loggedIn(agentId, groups);
  await apiCall(test, 'POST', `/api/agents/${agentId}/ready`, undefined, token);
}

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'call-distribution:');
  const campaign = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
    name: `Distribution ${Date.now()}`, mode: 'progressive', wrapUpMode: 'manual',
    settings: { callingWindow: allDayWindow, distributeBy: 'industry' },
  });
  campaignId = campaign.id;
  // Started and paused at once (nobody is ready yet, so nothing is dialled): loaded by the engine,
  // so agents log in, but not dialling until all three are ready.
  await apiCall(test, 'POST', `/api/campaigns/${campaignId}/start`);
  await apiCall(test, 'POST', `/api/campaigns/${campaignId}/pause`);
  const list = await createList(test.node.pool, { campaignId, name: 'by industry' });
  // Numbers ending in 1-3 are answered by a person on the simulated network.
  await insertLeads(test.node.pool, list.id, [
    { firstName: 'Retail', fields: { industry: 'Retail' }, phones: ['+15550100041'] },
    { firstName: 'Finance', fields: { industry: 'finance' }, phones: ['+15550100042'] },
    { firstName: 'Nobody', fields: {}, phones: ['+15550100043'] },
  ]);
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('call distribution', () => {
  it('refuses a distribution field that is no field name, and groups past the limit', async () => {
    expect(await put(`/api/campaigns/${campaignId}`, { settings: { distributeBy: 'industry; drop' } })).toBe(400);
    expect(await put(`/api/campaigns/${campaignId}`, { settings: { distributeBy: 42 } })).toBe(400);
    expect(await put('/api/agents/too-many', { name: 'Too many', groups: Array.from({ length: 21 }, (_, i) => `g${i}`) })).toBe(400);
    expect(await put('/api/agents/blank', { name: 'Blank', groups: ['  '] })).toBe(400);
  });

  it("gives each answered call to an agent of the lead's industry before one who waited longer", async () => {
    // The generalist is ready first: without distribution, the first answer would be theirs.
    await readyAgent('dist-any', []);
    await readyAgent('dist-fin', ['FINANCE']);
    // Logged in with other groups and given retail while ready: routing follows at once.
    await readyAgent('dist-ret', ['energy']);
    expect(await put('/api/agents/dist-ret', { name: 'Agent dist-ret', groups: [' Retail ', 'retail', 'energy'] })).toBe(200);
    const team = await apiCall<Array<{ id: string; groups: string[] }>>(test, 'GET', '/api/team');
    expect(team.find((m) => m.id === 'dist-ret')?.groups).toEqual(['retail', 'energy']);

    await apiCall(test, 'POST', `/api/campaigns/${campaignId}/start`);
    const routed = await waitUntil('three calls with their agents', async () => {
      const { rows } = await test.node.pool.query<{ name: string; agent_id: string }>(
        `SELECT l.first_name AS name, a.agent_id FROM attempts a JOIN leads l ON l.id = a.lead_id
         WHERE a.campaign_id = $1 AND a.connected_at IS NOT NULL ORDER BY 1`, [campaignId]);
      return rows.length === 3 ? rows : null;
    }, 30_000);
    expect(routed).toEqual([
      { name: 'Finance', agent_id: 'dist-fin' },
      { name: 'Nobody', agent_id: 'dist-any' },
      { name: 'Retail', agent_id: 'dist-ret' },
    ]);

    const metrics = await (await fetch(`${test.node.url}/metrics`)).text();
    const routedCalls = (match: string) => Number(new RegExp(`^outpace_routed_calls_total\\{campaign="${campaignId}",match="${match}"\\} (\\d+)$`, 'm').exec(metrics)?.[1]);
    expect([routedCalls('group'), routedCalls('any'), routedCalls('other')]).toEqual([2, 1, 0]);
  }, 60_000);

  it("offers a preview agent the leads of their groups first, and any lead when none of theirs is due", async () => {
    const { id: preview, leadIds: [energy, finance, retail] } = await startedByIndustry('preview', [
      { firstName: 'Energy', priority: 10, fields: { industry: 'Energy' }, phones: ['+15550100051'] },
      { firstName: 'Finance', fields: { industry: ' FINANCE ' }, phones: ['+15550100052'] },
      { firstName: 'Retail', fields: { industry: 'retail' }, phones: ['+15550100053'] },
    ]);
    const next = async (agentId: string, token: string) => (await apiCall<{ lead: { id: string } }>(test, 'POST', `/api/agents/${agentId}/preview/next`, undefined, token)).lead.id;
    // Energy ranks first, but the finance agent is offered the finance lead.
    expect(await next('prev-fin', await loggedIn('prev-fin', ['finance'], preview))).toBe(finance);
    // An agent without groups takes the leads in their order.
    expect(await next('prev-any', await loggedIn('prev-any', [], preview))).toBe(energy);
    // No mining lead is due: the next lead of any group rather than nothing.
    expect(await next('prev-mine', await loggedIn('prev-mine', ['mining'], preview))).toBe(retail);
  }, 60_000);

  it('dials the leads of the free agents\' industries first, so the answer finds an agent of its own', async () => {
    const { id: paced, leadIds: [, finance] } = await startedByIndustry('progressive', [
      { firstName: 'Energy', priority: 10, fields: { industry: 'Energy' }, phones: ['+15550100061'] },
      { firstName: 'Finance', fields: { industry: 'Finance' }, phones: ['+15550100062'] },
    ]);
    const token = await loggedIn('pace-fin', ['finance'], paced);
    await apiCall(test, 'POST', '/api/agents/pace-fin/ready', undefined, token);
    const first = await waitUntil('the first call put through', async () => {
      const { rows } = await test.node.pool.query<{ lead_id: string; agent_id: string }>(
        'SELECT lead_id::text, agent_id FROM attempts WHERE campaign_id = $1 AND connected_at IS NOT NULL', [paced]);
      return rows[0];
    }, 30_000);
    // Energy ranks first in the list; the ready agent handles finance, so finance is dialled.
    expect(first).toEqual({ lead_id: finance, agent_id: 'pace-fin' });
    const { rows } = await test.node.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM attempts WHERE campaign_id = $1', [paced]);
    expect(rows[0]?.n).toBe(1);
  }, 60_000);
});
