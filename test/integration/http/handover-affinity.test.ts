// Campaigns that hand customers to each other are driven on the same node, through two whole
// nodes sharing Redis and Postgres: a fronting campaign started through the second node, while
// the first drives the closers it hands customers to, is left to the first, which takes it on;
// one with no partners is taken by the node it is started on, as any campaign. On the first node
// the fronter is then offered the closers' team. Two campaigns linked while driven on different
// nodes stay put while either has someone logged in, and come together once one is idle.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignLeaseHolder } from '../../../src/adapters/redis/campaign-lease.js';
import { startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { apiCall, createScenario, waitUntil } from '../../browser/browser-helpers.js';

const tag = Date.now().toString(36);
let first: TestNode;
let second: TestNode;

beforeAll(async () => {
  first = await startTestNode({}, 'handover-affinity:', { nodeId: `a-${tag}` });
  second = await startTestNode({}, 'handover-affinity:', { nodeId: `b-${tag}`, ariApp: 'outpace-b' });
}, 60_000);

afterAll(async () => {
  await second?.close();
  await first?.close();
});

const holder = (campaignId: string) => campaignLeaseHolder(first.node.redis, campaignId);

describe('campaigns that hand customers to each other', () => {
  it('are driven by the node that drives either of them', async () => {
    const closing = await createScenario(first, { name: `Closers ${tag}`, agentId: `closer-${tag}`, agentName: 'Cleo Closer', campaign: { mode: 'preview' }, leads: [], leaseHere: true });
    expect(await holder(closing.campaignId)).toBe(first.node.nodeId);

    // Started through the second node, which syncs at once: it leaves the campaign to the first.
    const fronting = await createScenario(second, {
      name: `Fronters ${tag}`, agentId: `fronter-${tag}`, agentName: 'Fran Fronter', leads: [],
      campaign: { settings: { handoverCampaigns: [closing.campaignId] } },
    });
    expect(await holder(fronting.campaignId)).not.toBe(second.node.nodeId);
    await waitUntil('the first node driving the fronters', async () => (await holder(fronting.campaignId)) === first.node.nodeId);

    // A campaign with no partners goes to the node it is started on.
    const alone = await createScenario(second, { name: `Alone ${tag}`, agentId: `alone-${tag}`, agentName: 'Al Alone', leads: [] });
    expect(await holder(alone.campaignId)).toBe(second.node.nodeId);

    // The fronter, logged in on the first node, is offered the closers' team.
    await apiCall(first, 'POST', `/api/agents/${fronting.agentId}/login`, { campaignId: fronting.campaignId }, fronting.agentToken);
    const targets = await apiCall<{ campaigns: Array<{ id: string }> }>(first, 'GET', `/api/agents/${fronting.agentId}/transfer-targets`, undefined, fronting.agentToken);
    expect(targets.campaigns.map((c) => c.id)).toEqual([closing.campaignId]);
  }, 45_000);

  it('once linked while driven on two nodes, come together as soon as one of them is idle', async () => {
    const closers = await createScenario(second, { name: `Closers late ${tag}`, agentId: `closer-late-${tag}`, agentName: 'Lee Late', campaign: { mode: 'preview' }, leads: [], leaseHere: true });
    const fronters = await createScenario(first, { name: `Fronters late ${tag}`, agentId: `fronter-late-${tag}`, agentName: 'Fay Late', leads: [], leaseHere: true });
    // Each has its agent logged in: neither campaign is moved from under them.
    await apiCall(second, 'POST', `/api/agents/${closers.agentId}/login`, { campaignId: closers.campaignId }, closers.agentToken);
    await apiCall(first, 'POST', `/api/agents/${fronters.agentId}/login`, { campaignId: fronters.campaignId }, fronters.agentToken);
    await apiCall(first, 'PATCH', `/api/campaigns/${fronters.campaignId}`, { settings: { handoverCampaigns: [closers.campaignId] } });
    await new Promise((resolve) => setTimeout(resolve, 5_000)); // two passes of each node
    expect(await holder(closers.campaignId)).toBe(second.node.nodeId);
    expect(await holder(fronters.campaignId)).toBe(first.node.nodeId);

    // Logged out, the closers' campaign is idle: its node gives it up and the fronters' node takes it.
    await apiCall(second, 'POST', `/api/agents/${closers.agentId}/logout`, undefined, closers.agentToken);
    await waitUntil('the closers driven with the fronters', async () => (await holder(closers.campaignId)) === first.node.nodeId);
    expect(await holder(fronters.campaignId)).toBe(first.node.nodeId);
  }, 45_000);
});
