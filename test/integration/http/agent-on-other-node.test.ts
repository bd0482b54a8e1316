// An agent logged in on one engine node, changed by a manager through another: the node asked
// hands the change to the node the agent is on (the driver of their campaign), whose engine
// applies it. New groups reach the agent's next call without a new login, and an agent stopped
// from logging in is logged out where they are, not only refused their next login. A supervisor
// on any node sees the agent on the team with the node they work on, readies, pauses, listens in
// on and logs them out there. An agent logged in on one node is not logged in on another too,
// unless the first is gone or no longer holds them.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setAgentCampaign, upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { createCampaign, updateCampaignStatus } from '../../../src/adapters/pg/campaign-repository.js';
import { campaignLeaseKey } from '../../../src/adapters/redis/campaign-lease.js';
import { markNodePresent } from '../../../src/adapters/redis/node-presence.js';
import { ApiCallError, ApiClient } from '../../../src/demo/api-client.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { waitUntil } from '../../browser/browser-helpers.js';

const AGENT = 'remote-rita';

describe('an agent on another node', () => {
  let nodeA: TestNode;
  let nodeB: TestNode;
  let managerOnA: ApiClient;
  let managerOnB: ApiClient;
  let supervisorOnA: ApiClient;
  let campaignId: string;

  beforeAll(async () => {
    nodeA = await startTestNode({}, 'agent-elsewhere:', { nodeId: 'elsewhere-a' });
    nodeB = await startTestNode({}, 'agent-elsewhere:', { nodeId: 'elsewhere-b', ariApp: 'outpace-b' });
    // Nodes earlier test files stopped without a word are still at work by their heartbeats: not this file's.
    await nodeA.node.pool.query('DELETE FROM engine_node_heartbeats WHERE node_id <> ALL($1::text[])', [[nodeA.node.nodeId, nodeB.node.nodeId]]);
    managerOnA = new ApiClient(nodeA.node.url, roleTokens.manager);
    managerOnB = new ApiClient(nodeB.node.url, roleTokens.manager);
    supervisorOnA = new ApiClient(nodeA.node.url, roleTokens.supervisor);
    // Node B drives the campaign: its lease is given to B before the campaign runs.
    const campaign = await createCampaign(nodeB.node.pool, { name: `Elsewhere ${Date.now()}` });
    campaignId = campaign.id;
    await nodeB.node.redis.set(campaignLeaseKey(campaign.id), nodeB.node.nodeId, 'PX', 60_000);
    await updateCampaignStatus(nodeB.node.pool, campaign.id, 'running');
    await nodeB.node.runtime.syncCampaigns();
    await managerOnA.put(`/api/agents/${AGENT}`, { name: 'Rita Remote', groups: ['south'] });
    await logInOnB();
  }, 60_000);

  async function logInOnB(): Promise<void> {
    await managerOnB.post(`/api/agents/${AGENT}/login`, { campaignId });
    await waitUntil('the agent logged in on node B', async () => nodeB.node.runtime.state().agents.get(AGENT)?.status === 'paused');
  }

  const statusOnB = (): string | undefined => nodeB.node.runtime.state().agents.get(AGENT)?.status;

  afterAll(async () => {
    await nodeB?.close();
    await nodeA?.close();
  });

  it('gives the agent new groups through any node, for their next call', async () => {
    expect(nodeA.node.runtime.state().agents.get(AGENT)).toBeUndefined();
    await managerOnA.put(`/api/agents/${AGENT}`, { name: 'Rita Remote', groups: [' North ', 'west'] });
    expect(nodeB.node.runtime.state().agents.get(AGENT)).toMatchObject({ status: 'paused', groups: ['north', 'west'] });
  });

  it('shows the agent on the team of any node, with what they do and the node they work on', async () => {
    const team = await supervisorOnA.get<{ id: string; status: string; nodeId?: string; nodeUrl?: string }[]>('/api/team');
    expect(team.find((member) => member.id === AGENT)).toMatchObject({
      status: 'paused', nodeId: 'elsewhere-b', nodeUrl: expect.stringMatching(new RegExp(`:${new URL(nodeB.node.url).port}$`)),
    });
    const onB = await new ApiClient(nodeB.node.url, roleTokens.supervisor).get<{ id: string; status: string; nodeId?: string }[]>('/api/team');
    const here = onB.find((member) => member.id === AGENT);
    expect(here).toMatchObject({ status: 'paused' });
    expect(here?.nodeId).toBeUndefined();
  });

  it('readies, pauses and reads the agent through any node, with the refusals of theirs', async () => {
    expect(await supervisorOnA.post(`/api/agents/${AGENT}/ready`)).toMatchObject({ id: AGENT, status: 'ready' });
    expect(statusOnB()).toBe('ready');
    expect(await supervisorOnA.post(`/api/agents/${AGENT}/pause`, { reason: 'meeting' })).toMatchObject({ status: 'paused', pauseReason: 'meeting' });
    expect(await supervisorOnA.get(`/api/agents/${AGENT}`)).toMatchObject({ status: 'paused', pauseReason: 'meeting', campaignId });
    const refused = await supervisorOnA.post(`/api/agents/${AGENT}/pause`, { reason: 'nap' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiCallError);
    expect((refused as ApiCallError).status).toBe(400);
    expect((refused as ApiCallError).body).toContain('pause reason nap is not one of break');
  });

  it("listens in on the agent through any node, on the PBX of the node they are on, and ends it there", async () => {
    const started = await supervisorOnA.post<{ sessionId: string; mode: string }>('/api/supervision/sessions', { agentId: AGENT, mode: 'listen', endpoint: 'Local/sup9@sim-agent' });
    expect(started).toMatchObject({ agentId: AGENT, mode: 'listen', sessionId: expect.stringMatching(/^sup-/) });
    await waitUntil('a snoop on node B\'s PBX', async () => nodeB.pbx.channels().some((c) => c.id === `${started.sessionId}-snoop`));
    expect(nodeA.pbx.channels().some((c) => c.id.startsWith(started.sessionId))).toBe(false);
    const evidence = await nodeA.node.pool.query<{ payload: { agentId: string; mode: string } }>(
      "SELECT payload FROM evidence_log WHERE kind = 'supervision' AND payload ->> 'sessionId' = $1", [started.sessionId]);
    expect(evidence.rows.map((r) => r.payload)).toMatchObject([{ agentId: AGENT, mode: 'listen', nodeId: 'elsewhere-b' }]);
    // Listed through either node, as the node that holds it.
    for (const node of [nodeA, nodeB]) {
      const open = await new ApiClient(node.node.url, roleTokens.supervisor).get<{ sessions: Array<Record<string, unknown>>; nodesNotAnswering: string[] }>('/api/supervision/sessions');
      expect(open, node.node.nodeId).toEqual({
        sessions: [{ sessionId: started.sessionId, agentId: AGENT, mode: 'listen', by: { name: 'test supervisor', role: 'supervisor' }, mine: true, since: expect.any(String), nodeId: 'elsewhere-b', listeningPaused: false }],
        nodesNotAnswering: [],
      });
    }
    const ended = await fetch(`${nodeA.node.url}/api/supervision/sessions/${started.sessionId}`, { method: 'DELETE', headers: { authorization: `Bearer ${roleTokens.supervisor}` } });
    expect(ended.status).toBe(204);
    await waitUntil('the snoop gone from node B\'s PBX', async () => !nodeB.pbx.channels().some((c) => c.id.startsWith(started.sessionId)));
    expect((await fetch(`${nodeA.node.url}/api/supervision/sessions/${started.sessionId}`, { method: 'DELETE', headers: { authorization: `Bearer ${roleTokens.supervisor}` } })).status).toBe(404);
  });

  it('ends a session through a node other than the one it was asked of, as its evidence names the node that holds it', async () => {
    const onB = new ApiClient(nodeB.node.url, roleTokens.supervisor);
    const started = await onB.post<{ sessionId: string }>('/api/supervision/sessions', { agentId: AGENT, mode: 'whisper', endpoint: 'Local/sup9@sim-agent' });
    await waitUntil('a snoop on node B\'s PBX', async () => nodeB.pbx.channels().some((c) => c.id === `${started.sessionId}-snoop`));
    const ended = await fetch(`${nodeA.node.url}/api/supervision/sessions/${started.sessionId}`, { method: 'DELETE', headers: { authorization: `Bearer ${roleTokens.supervisor}` } });
    expect(ended.status).toBe(204);
    await waitUntil('the snoop gone from node B\'s PBX', async () => !nodeB.pbx.channels().some((c) => c.id.startsWith(started.sessionId)));
  });

  it('logs the agent out through any node, on the node they are on', async () => {
    await supervisorOnA.post(`/api/agents/${AGENT}/logout`);
    await waitUntil('the agent logged out on node B', async () => statusOnB() === 'logged_out');
    const team = await supervisorOnA.get<{ id: string; status: string; nodeId?: string }[]>('/api/team');
    expect(team.find((member) => member.id === AGENT)).toMatchObject({ status: 'logged_out' });
    expect(team.find((member) => member.id === AGENT)?.nodeId).toBeUndefined();
    await logInOnB();
  });

  describe('a login through another node', () => {
    let campaignOnA: string;
    beforeAll(async () => {
      // Node A drives a campaign of its own.
      const campaign = await createCampaign(nodeA.node.pool, { name: `On A ${Date.now()}` });
      campaignOnA = campaign.id;
      await nodeA.node.redis.set(campaignLeaseKey(campaign.id), nodeA.node.nodeId, 'PX', 60_000);
      await updateCampaignStatus(nodeA.node.pool, campaign.id, 'running');
      await nodeA.node.runtime.syncCampaigns();
    });

    const openSession = async (agentId: string) =>
      (await nodeA.node.pool.query<{ node_id: string; campaign_id: string }>('SELECT node_id, campaign_id::text FROM agent_sessions WHERE agent_id = $1 AND logout_at IS NULL', [agentId])).rows;

    it('is refused while the agent is logged in on a node that is running, naming it', async () => {
      const refused = await managerOnA.post(`/api/agents/${AGENT}/login`, { campaignId: campaignOnA }).catch((error: unknown) => error);
      expect((refused as ApiCallError).status).toBe(409);
      expect(JSON.parse((refused as ApiCallError).body)).toMatchObject({
        message: expect.stringMatching(new RegExp(`^agent ${AGENT} is logged in on engine node elsewhere-b \\(campaign ${campaignId}\\), at .*: log out there first, or go on working there$`)),
        details: { reason: 'agent_logged_in_elsewhere', node: 'elsewhere-b', campaignId, url: expect.stringMatching(new RegExp(`:${new URL(nodeB.node.url).port}$`)) },
      });
      expect(nodeA.node.runtime.state().agents.get(AGENT)).toBeUndefined();
      expect(statusOnB()).not.toBe('logged_out');
      expect(await openSession(AGENT)).toEqual([{ node_id: 'elsewhere-b', campaign_id: campaignId }]);
      const stored = await nodeA.node.pool.query<{ campaign_id: string }>('SELECT campaign_id::text FROM agents WHERE id = $1', [AGENT]);
      expect(stored.rows[0]?.campaign_id).toBe(campaignId);
    });

    it('is given to one node only when two are asked at the same moment', async () => {
      const agentId = 'twin-tess';
      await upsertAgent(nodeA.node.pool, { id: agentId, name: 'Tess Twin', endpoint: null });
      const answers = await Promise.allSettled([
        managerOnA.post(`/api/agents/${agentId}/login`, { campaignId: campaignOnA }),
        managerOnB.post(`/api/agents/${agentId}/login`, { campaignId }),
      ]);
      const refusals = answers.flatMap((answer) => (answer.status === 'rejected' ? [answer.reason as ApiCallError] : []));
      expect(refusals.map((refusal) => refusal.status)).toEqual([409]);
      expect(JSON.parse(refusals[0]?.body ?? '{}')).toMatchObject({ details: { reason: 'agent_logged_in_elsewhere' } });
      const holders = [nodeA, nodeB].filter((node) => (node.node.runtime.state().agents.get(agentId)?.status ?? 'logged_out') !== 'logged_out');
      expect(holders).toHaveLength(1);
      await new ApiClient(holders[0]?.node.url ?? '', roleTokens.manager).post(`/api/agents/${agentId}/logout`);
    });

    it('refused for a campaign another node drives, is taken at once on that node', async () => {
      const agentId = 'hop-hana';
      await upsertAgent(nodeA.node.pool, { id: agentId, name: 'Hana Hop', endpoint: null });
      const sent = await managerOnA.post(`/api/agents/${agentId}/login`, { campaignId }).catch((error: unknown) => error);
      expect((sent as ApiCallError).status).toBe(409);
      expect(await managerOnB.post(`/api/agents/${agentId}/login`, { campaignId })).toMatchObject({ id: agentId, campaignId });
      await managerOnB.post(`/api/agents/${agentId}/logout`);
    });

    it('is taken on another node at once after the agent has logged out of the first', async () => {
      const agentId = 'swap-sal';
      await upsertAgent(nodeA.node.pool, { id: agentId, name: 'Sal Swap', endpoint: null });
      await managerOnA.post(`/api/agents/${agentId}/login`, { campaignId: campaignOnA });
      await waitUntil(`${agentId}'s session on node A`, async () => (await openSession(agentId))[0]?.node_id === 'elsewhere-a');
      await managerOnA.post(`/api/agents/${agentId}/logout`);
      await waitUntil(`${agentId}'s session on node A closed`, async () => (await openSession(agentId)).length === 0);
      // Well within the few seconds the login's claim on A would hold another node off.
      expect(await managerOnB.post(`/api/agents/${agentId}/login`, { campaignId })).toMatchObject({ id: agentId, campaignId });
      await managerOnB.post(`/api/agents/${agentId}/logout`);
    });

    it('is taken when the session left open is on a node that is gone, or on one that no longer holds the agent', async () => {
      for (const [agentId, nodeId] of [['gone-gwen', 'elsewhere-vanished'], ['stale-stan', 'elsewhere-b']] as const) {
        await upsertAgent(nodeA.node.pool, { id: agentId, name: agentId, endpoint: null });
        await nodeA.node.pool.query('INSERT INTO agent_sessions (agent_id, campaign_id, node_id, login_at) VALUES ($1, $2, $3, now())', [agentId, campaignId, nodeId]);
        expect(await managerOnA.post(`/api/agents/${agentId}/login`, { campaignId: campaignOnA })).toMatchObject({ id: agentId, campaignId: campaignOnA });
        await waitUntil(`${agentId}'s session on node A`, async () => (await openSession(agentId))[0]?.node_id === 'elsewhere-a');
        await managerOnA.post(`/api/agents/${agentId}/logout`);
      }
    });
  });

  it('says which node an agent works on when that node does not answer', async () => {
    const gone = await createCampaign(nodeA.node.pool, { name: `Gone ${Date.now()}` });
    await nodeA.node.redis.set(campaignLeaseKey(gone.id), 'elsewhere-gone', 'PX', 60_000);
    await markNodePresent(nodeA.node.redis, 'elsewhere-gone', 60_000, 'http://127.0.0.1:9');
    await upsertAgent(nodeA.node.pool, { id: 'gone-gus', name: 'Gus Gone', endpoint: null });
    await setAgentCampaign(nodeA.node.pool, 'gone-gus', gone.id);
    const refused = await supervisorOnA.post('/api/agents/gone-gus/logout').catch((error: unknown) => error);
    expect((refused as ApiCallError).status).toBe(503);
    expect((refused as ApiCallError).body).toContain('engine node elsewhere-gone, which did not answer');
  });

  it('logs out an agent stopped from logging in, on the node they are on', async () => {
    const { token } = await managerOnA.post<{ token: string }>(`/api/agents/${AGENT}/tokens`);
    await managerOnA.put(`/api/agents/${AGENT}`, { name: 'Rita Remote', active: false });
    await waitUntil('the agent logged out on node B', async () => nodeB.node.runtime.state().agents.get(AGENT)?.status === 'logged_out');
    const refused = await fetch(`${nodeB.node.url}/api/agents/${AGENT}`, { headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(401);
  });
});
