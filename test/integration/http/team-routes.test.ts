// The team routes against a whole node: every agent on record with their tokens, last login and
// live state; an agent's tokens revoked at once; an agent made inactive is logged out, loses their
// tokens and their personal callbacks (anyone makes them) and cannot log in again until made active;
// every one of these changes on record, with who made it.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../../src/adapters/http/authenticate.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { nodeRequest } from '../../helpers/node-request.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { apiCall, createScenario, waitUntil, type Scenario } from '../../browser/browser-helpers.js';

let test: TestNode;
let scenario: Scenario;
const tag = Date.now().toString(36);
const agentId = `team-${tag}`;

interface Member { id: string; name: string; endpoint: string | null; campaignId: string | null; campaignName: string | null; active: boolean; tokens: number; lastLoginAt: string | null; status: string }

const member = async (id: string, token = roleTokens.supervisor): Promise<Member | undefined> =>
  (await apiCall<Member[]>(test, 'GET', '/api/team', undefined, token)).find((m) => m.id === id);

beforeAll(async () => {
  test = await startTestNode({ timeScale: 0.1 }, 'team-routes:');
  scenario = await createScenario(test, { name: `Team ${tag}`, agentId, agentName: 'Tia Team', leads: [] });
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('team routes', () => {
  it('lists every agent with their phone, tokens, last login and live state; supervisors read, others not', async () => {
    await apiCall(test, 'PUT', `/api/agents/quiet-${tag}`, { name: 'Quinn Quiet', endpoint: 'PJSIP/quinn' });
    expect(await member(`quiet-${tag}`)).toMatchObject({ name: 'Quinn Quiet', endpoint: 'PJSIP/quinn', active: true, tokens: 0, lastLoginAt: null, status: 'logged_out', campaignId: null });
    expect(await member(agentId)).toMatchObject({ tokens: 1, status: 'logged_out' });

    await apiCall(test, 'POST', `/api/agents/${agentId}/login`, { campaignId: scenario.campaignId }, scenario.agentToken);
    const loggedIn = await waitUntil('the login on the roster', async () => {
      const found = await member(agentId);
      return found?.lastLoginAt && found.status !== 'logged_out' ? found : null;
    });
    expect(loggedIn).toMatchObject({ campaignId: scenario.campaignId, campaignName: `Team ${tag}` });

    for (const role of ['viewer', 'agent'] as const) expect((await nodeRequest(test, 'GET', '/api/team', undefined, roleTokens[role])).status, role).toBe(403);

    // A remote agent's mobile in their dial string: in full for managers, the last digits for supervisors.
    await apiCall(test, 'PUT', `/api/agents/remote-${tag}`, { name: 'Rita Remote', endpoint: 'PJSIP/+15550100199@trunk' });
    expect((await member(`remote-${tag}`, roleTokens.manager))?.endpoint).toBe('PJSIP/+15550100199@trunk');
    expect((await member(`remote-${tag}`))?.endpoint).toBe('PJSIP/+*******0199@trunk');
  });

  it("revokes an agent's tokens at once", async () => {
    const second = (await apiCall<{ token: string }>(test, 'POST', `/api/agents/${agentId}/tokens`)).token;
    expect((await member(agentId))?.tokens).toBe(2);
    expect((await nodeRequest(test, 'DELETE', `/api/agents/${agentId}/tokens`, undefined, roleTokens.supervisor)).status).toBe(403);
    const revoked = await nodeRequest<{ revoked: number }>(test, 'DELETE', `/api/agents/${agentId}/tokens`);
    expect(revoked).toEqual({ status: 200, body: { agentId, revoked: 2 } });
    for (const token of [scenario.agentToken, second]) expect((await nodeRequest(test, 'GET', `/api/agents/${agentId}`, undefined, token)).status).toBe(401);
    expect((await nodeRequest(test, 'DELETE', '/api/agents/nobody-here/tokens')).status).toBe(404);
  });

  it('makes an agent inactive: logged out, tokens revoked, login refused, personal callbacks to anyone; active again, they may log in', async () => {
    const token = (await apiCall<{ token: string }>(test, 'POST', `/api/agents/${agentId}/tokens`)).token;
    const list = await createList(test.node.pool, { campaignId: scenario.campaignId, name: `promised ${tag}` });
    const [leadId = ''] = await insertLeads(test.node.pool, list.id, [{ phones: ['+12125550177'] }]);
    const promised = await apiCall<{ id: string }>(test, 'POST', `/api/leads/${leadId}/callbacks`, { agentId, dueAt: new Date(Date.now() + 86_400_000).toISOString() }, roleTokens.supervisor);
    expect((await apiCall<{ active: boolean }>(test, 'PUT', `/api/agents/${agentId}`, { name: 'Tia Team', active: false })).active).toBe(false);
    await waitUntil('the agent logged out', async () => (await member(agentId))?.status === 'logged_out');
    expect(await member(agentId)).toMatchObject({ active: false, tokens: 0 });
    expect((await nodeRequest(test, 'GET', `/api/agents/${agentId}`, undefined, token)).status).toBe(401);
    // No token for an inactive agent, and one that escaped the revocation (issued as it ran) does not work.
    const issue = await nodeRequest<{ message: string }>(test, 'POST', `/api/agents/${agentId}/tokens`);
    expect(issue).toEqual({ status: 409, body: expect.objectContaining({ message: `agent ${agentId} is inactive: make them active before issuing a token` }) });
    const escaped = `op_escaped_${tag}`;
    await test.node.pool.query("INSERT INTO api_tokens (token_hash, role, name, agent_id) VALUES ($1, 'agent', 'Tia Team', $2)", [hashToken(escaped), agentId]);
    expect((await nodeRequest(test, 'GET', `/api/agents/${agentId}/callbacks`, undefined, escaped)).status).toBe(401);
    const refused = await nodeRequest<{ message: string }>(test, 'POST', `/api/agents/${agentId}/login`, { campaignId: scenario.campaignId }, roleTokens.supervisor);
    expect(refused.status).toBe(404);
    expect(refused.body.message).toBe(`agent ${agentId} does not exist or is inactive`);
    // Nobody else would make their callbacks: anyone on the campaign does, when they fall due.
    const callbacks = await test.node.pool.query('SELECT c.agent_id, c.released_from, c.status, l.status AS lead_status FROM callbacks c JOIN leads l ON l.id = c.lead_id WHERE c.id = $1', [promised.id]);
    expect(callbacks.rows).toEqual([{ agent_id: null, released_from: agentId, status: 'pending', lead_status: 'callback' }]);

    await apiCall(test, 'PUT', `/api/agents/${agentId}`, { name: 'Tia Team', active: true });
    const fresh = (await apiCall<{ token: string }>(test, 'POST', `/api/agents/${agentId}/tokens`)).token;
    expect((await nodeRequest(test, 'POST', `/api/agents/${agentId}/login`, { campaignId: scenario.campaignId }, fresh)).status).toBe(200);
  });

  it("keeps every change of the agent's above on record, with who made it, newest first, a page at a time", async () => {
    interface Change { kind: string; at: string; payload: Record<string, unknown> }
    const changes = (query: string) => apiCall<{ entries: Change[]; next: string | null }>(test, 'GET', `/api/team/changes?${query}`, undefined, roleTokens.supervisor);
    const by = 'test manager';
    const newest = await changes(`agent=${agentId}&limit=4`);
    expect(newest.next).not.toBeNull();
    const older = await changes(`agent=${agentId}&limit=50&before=${newest.next}`);
    expect(older.next).toBeNull();
    expect([...newest.entries, ...older.entries].reverse().map((e) => ({ kind: e.kind, payload: e.payload }))).toEqual([
      { kind: 'agent_created', payload: { agentId, by, agent: { name: 'Tia Team', endpoint: null, active: true, groups: [] } } },
      { kind: 'agent_token_issued', payload: { agentId, by, tokenId: expect.any(String) } },
      { kind: 'agent_token_issued', payload: { agentId, by, tokenId: expect.any(String) } },
      { kind: 'agent_tokens_revoked', payload: { agentId, by, revoked: 2, why: 'revoked' } },
      { kind: 'agent_token_issued', payload: { agentId, by, tokenId: expect.any(String) } },
      { kind: 'agent_changed', payload: { agentId, by, changes: { active: { before: true, after: false } } } },
      { kind: 'agent_tokens_revoked', payload: { agentId, by, revoked: 1, why: 'may no longer log in' } },
      { kind: 'agent_changed', payload: { agentId, by, changes: { active: { before: false, after: true } } } },
      { kind: 'agent_token_issued', payload: { agentId, by, tokenId: expect.any(String) } },
    ]);

    // Saved again as it is, an agent has nothing new on record; a rename has.
    await apiCall(test, 'PUT', `/api/agents/quiet-${tag}`, { name: 'Quinn Quiet', endpoint: 'PJSIP/quinn' });
    await apiCall(test, 'PUT', `/api/agents/quiet-${tag}`, { name: 'Quinn Loud', endpoint: 'PJSIP/quinn', groups: ['North'] }, roleTokens.admin);
    const quinn = await changes(`agent=quiet-${tag}`);
    expect(quinn.entries.map((e) => ({ kind: e.kind, payload: e.payload }))).toEqual([
      { kind: 'agent_changed', payload: { agentId: `quiet-${tag}`, by: 'test admin', changes: { name: { before: 'Quinn Quiet', after: 'Quinn Loud' }, groups: { before: [], after: ['north'] } } } },
      { kind: 'agent_created', payload: { agentId: `quiet-${tag}`, by, agent: { name: 'Quinn Quiet', endpoint: 'PJSIP/quinn', active: true, groups: [] } } },
    ]);
    // The whole team's, newest first.
    expect((await changes('limit=1')).entries[0]?.payload).toMatchObject({ agentId: `quiet-${tag}`, by: 'test admin' });
    for (const role of ['viewer', 'agent'] as const) expect((await nodeRequest(test, 'GET', '/api/team/changes', undefined, roleTokens[role])).status, role).toBe(403);
    expect((await nodeRequest(test, 'GET', '/api/team/changes?agent=no%20spaces')).status).toBe(400);
  });
});
