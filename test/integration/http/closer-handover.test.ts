// Handing a customer to another campaign's team (a closer campaign) through the API of a whole
// node (engine, simulated PBX, Postgres): the campaigns a campaign may hand customers to, checked
// when saved; the teams the agent may choose; the customer moved to the closer who has waited
// longest, who pops the lead and gives the first campaign's disposition; with none of the team
// ready, the customer waiting on hold for the next to come free; and a team the campaign does not
// list, or a group of the team nobody of which is at work, refused.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAttempt } from '../../../src/adapters/pg/attempt-repository.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { apiAnswer, apiCall, createScenario, waitUntil, type Scenario } from '../../browser/browser-helpers.js';

let test: TestNode;
let fronting: Scenario;
let closing: Scenario;
let elsewhere: Scenario;
const names = { closing: `Closing ${Date.now()}`, elsewhere: `Elsewhere ${Date.now()}`, fronting: `Fronting ${Date.now()}` };

interface AgentState {
  status: string; callId: string | null; owesDispositionFor: string | null; transferredFrom: string | null;
  waitingForGroup: string | null; waitingForCampaign: string | null; heldSinceMs: number | null;
}

const as = <T>(token: string, method: string, path: string, body?: unknown) => apiAnswer<T>(test, token, method, path, body);
const stateOf = (agentId: string) => apiCall<AgentState>(test, 'GET', `/api/agents/${agentId}`);
const membersOf = (bridgeId: string) => test.pbx.bridges().find((b) => b.id === bridgeId)?.channels ?? [];

async function logInReady(scenario: Scenario): Promise<void> {
  await as(scenario.agentToken, 'POST', `/api/agents/${scenario.agentId}/login`, { campaignId: scenario.campaignId });
  await waitUntil(`${scenario.agentId} paused`, async () => (await stateOf(scenario.agentId)).status === 'paused');
  await as(scenario.agentToken, 'POST', `/api/agents/${scenario.agentId}/ready`);
}

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'closer-handover:');
  // The closers dial nothing of their own: they take the customers handed to them.
  closing = await createScenario(test, { name: names.closing, agentId: 'cora', agentName: 'Cora Closer', campaign: { mode: 'preview' }, leads: [] });
  elsewhere = await createScenario(test, { name: names.elsewhere, agentId: 'otto', agentName: 'Otto Other', campaign: { mode: 'preview' }, leads: [] });
  fronting = await createScenario(test, {
    name: names.fronting, agentId: 'fred', agentName: 'Fred Fronter',
    campaign: { settings: { handoverCampaigns: [closing.campaignId] } },
    leads: [{ firstName: 'Nina', lastName: 'Simone', phones: ['+15550100080'] }, { firstName: 'Omar', lastName: 'Sy', phones: ['+15550100081'] }],
  });
  await logInReady(closing);
  await logInReady(elsewhere);
  await logInReady(fronting);
  await waitUntil('fred talking', async () => (await stateOf('fred')).status === 'talking');
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe("handing a customer to another campaign's team", () => {
  it('takes only other campaigns that exist, by id, naming the bad entry', async () => {
    const refusal = async (handoverCampaigns: unknown) => (await apiAnswer<{ message: string }>(test, roleTokens.manager, 'PATCH',
      `/api/campaigns/${fronting.campaignId}`, { settings: { handoverCampaigns } })).body.message;
    expect(await refusal([fronting.campaignId])).toBe(`settings.handoverCampaigns[0]: ${fronting.campaignId} is this campaign: its agents hand customers to each other without it`);
    expect(await refusal([closing.campaignId, '99999999'])).toBe('settings.handoverCampaigns[1]: campaign 99999999 does not exist');
    expect(await refusal([closing.campaignId, closing.campaignId])).toBe(`settings.handoverCampaigns[1]: ${closing.campaignId} is listed twice`);
    expect(await refusal('closers')).toBe('settings.handoverCampaigns: a list of campaign ids');
    const campaign = await apiCall<{ settings: { handoverCampaigns: string[] } }>(test, 'GET', `/api/campaigns/${fronting.campaignId}`);
    expect(campaign.settings.handoverCampaigns).toEqual([closing.campaignId]);
  });

  it('lists the teams the campaign hands customers to, and refuses one it does not', async () => {
    const targets = await as<{ campaigns: unknown[] }>(fronting.agentToken, 'GET', '/api/agents/fred/transfer-targets');
    expect(targets.body.campaigns).toEqual([{
      id: closing.campaignId, name: expect.stringMatching(/^Closing /), ready: 1, atWork: 1, agents: [{ id: 'cora', name: 'Cora Closer' }], groups: [],
    }]);
    const refused = await as<{ message: string }>(fronting.agentToken, 'POST', '/api/agents/fred/transfer', { campaignId: elsewhere.campaignId });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe(`campaign "${names.fronting}" does not hand customers to campaign "${names.elsewhere}"`);
    expect((await as(fronting.agentToken, 'POST', '/api/agents/fred/transfer', { toAgentId: 'otto' })).status).toBe(409);
    // A group of the team nobody of which is at work: nobody to wait for.
    const noGroup = await as<{ message: string }>(fronting.agentToken, 'POST', '/api/agents/fred/transfer', { campaignId: closing.campaignId, group: 'Spanish' });
    expect([noGroup.status, noGroup.body.message]).toEqual([409, `no agent of spanish of campaign "${names.closing}" is ready for a call`]);
    expect((await as(fronting.agentToken, 'POST', '/api/agents/fred/transfer', { toAgentId: 'cora', group: 'x' })).status).toBe(400);
  });

  it("moves the customer to the closer, who gives the first campaign's disposition", async () => {
    const { callId } = await stateOf('fred');
    expect((await as(fronting.agentToken, 'POST', '/api/agents/fred/transfer', { campaignId: closing.campaignId })).status).toBe(200);
    await waitUntil('cora talking', async () => (await stateOf('cora')).status === 'talking');
    await waitUntil("the customer in cora's bridge", async () => membersOf('agent-bridge-cora').includes(callId ?? ''));
    expect(await stateOf('cora')).toMatchObject({ callId, transferredFrom: 'fred' });
    const pop = await as<{ attempt: { id: string }; lead: { firstName: string } }>(closing.agentToken, 'GET', '/api/agents/cora/call');
    expect(pop.body).toMatchObject({ attempt: { id: callId }, lead: { firstName: 'Nina' } });

    await as(closing.agentToken, 'POST', '/api/agents/cora/hangup');
    await waitUntil('cora owing the disposition', async () => (await stateOf('cora')).owesDispositionFor === callId);
    expect((await as(closing.agentToken, 'POST', `/api/attempts/${callId}/disposition`, { code: 'SALE' })).status).toBe(201);
    expect(await getAttempt(test.node.pool, callId ?? '')).toMatchObject({ campaignId: fronting.campaignId, agentId: 'cora', transferredFrom: 'fred', outcome: 'connected' });
    const disposition = await test.node.pool.query<{ agent_id: string; campaign_id: string }>('SELECT agent_id, campaign_id FROM dispositions WHERE attempt_id = $1', [callId]);
    expect(disposition.rows).toEqual([{ agent_id: 'cora', campaign_id: fronting.campaignId }]);
  });

  it('with nobody of the team ready, holds the customer for the next closer to come free', async () => {
    // Cora is still wrapping up the first customer (her campaign's wrap-up ends when she says so);
    // Fred is on to the next.
    expect((await stateOf('cora')).status).toBe('wrap_up');
    expect((await as(fronting.agentToken, 'POST', '/api/agents/fred/ready')).status).toBe(200);
    await waitUntil('fred talking to the next customer', async () => {
      const fred = await stateOf('fred');
      return fred.status === 'talking' && fred.callId !== null && membersOf('agent-bridge-fred').includes(fred.callId);
    });
    const { callId } = await stateOf('fred');
    const targets = await as<{ campaigns: Array<{ ready: number; atWork: number }> }>(fronting.agentToken, 'GET', '/api/agents/fred/transfer-targets');
    expect(targets.body.campaigns).toEqual([expect.objectContaining({ ready: 0, atWork: 1 })]);

    expect((await as(fronting.agentToken, 'POST', '/api/agents/fred/transfer', { campaignId: closing.campaignId })).status).toBe(200);
    expect(await stateOf('fred')).toMatchObject({ status: 'talking', waitingForGroup: null, waitingForCampaign: closing.campaignId, heldSinceMs: expect.any(Number) });
    const again = await as<{ message: string }>(fronting.agentToken, 'POST', '/api/agents/fred/transfer', { campaignId: closing.campaignId });
    expect([again.status, again.body.message]).toEqual([409, `the customer is already waiting for an agent of campaign "${names.closing}"`]);
    const wallboard = await apiCall<{ agents: Array<{ id: string; waitingForCampaign: string | null }>; campaigns: Array<{ id: string; handoversWaiting: number }> }>(
      test, 'GET', '/api/wallboard');
    expect(wallboard.agents.find((a) => a.id === 'fred')?.waitingForCampaign).toBe(closing.campaignId);
    // The closers' card and gauge count the customer waiting for them, not the fronters'.
    expect(wallboard.campaigns.filter((c) => c.handoversWaiting > 0).map((c) => [c.id, c.handoversWaiting])).toEqual([[closing.campaignId, 1]]);
    await expect.poll(async () => (await (await fetch(`${test.node.url}/metrics`)).text()).match(/^outpace_handovers_waiting\{campaign="(\d+)"\} 1$/gm))
      .toEqual([`outpace_handovers_waiting{campaign="${closing.campaignId}"} 1`]);

    expect((await as(closing.agentToken, 'POST', '/api/agents/cora/ready')).status).toBe(200);
    // The PBX puts the customer in her bridge a moment before the engine hears of it and has her talking.
    await waitUntil("the waiting customer in cora's bridge", async () => membersOf('agent-bridge-cora').includes(callId ?? '') && (await stateOf('cora')).status === 'talking');
    expect(await stateOf('cora')).toMatchObject({ status: 'talking', callId, transferredFrom: 'fred' });
    expect(await stateOf('fred')).toMatchObject({ waitingForCampaign: null });
  });
});
