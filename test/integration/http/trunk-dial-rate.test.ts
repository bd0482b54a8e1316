// The trunk's calls-per-second limit through a whole node: two power campaigns that each want
// three lines at once on a node configured for two calls a second start them no faster than that
// together, and their decision logs say the trunk's limit held them. Nodes that name the same trunk
// split its limit between them (by their agents logged in, once any node has some, and the lines
// their campaigns pace for), and a node that stops gives its share to the others.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { apiCall, createScenario, waitUntil } from '../../browser/browser-helpers.js';

let test: TestNode;
const tag = Date.now().toString(36);

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'trunk-rate:', { maxDialsPerSecond: 2 });
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe("the node's calls-per-second limit", () => {
  it('keeps the campaigns together under the trunk limit and says so in their decision logs', async () => {
    const campaigns: string[] = [];
    for (const n of [1, 2]) {
      // Numbers ending in 7 ring on unanswered: the lines stay taken while the test looks.
      const scenario = await createScenario(test, {
        name: `Trunk ${n} ${tag}`, agentId: `trunk-${n}-${tag}`, agentName: `Trunk Agent ${n}`,
        campaign: { mode: 'power', dialLevel: 3, maxLinesPerAgent: 3 },
        leads: [1, 2, 3].map((i) => ({ phones: [`+1212555${n}${i}07`] })),
      });
      await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/login`, { campaignId: scenario.campaignId }, scenario.agentToken);
      await waitUntil('the agent paused', async () => (await apiCall<{ status: string }>(test, 'GET', `/api/agents/${scenario.agentId}`)).status === 'paused');
      await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/ready`, undefined, scenario.agentToken);
      campaigns.push(scenario.campaignId);
    }
    const started = await waitUntil('six calls started', async () => {
      const rows = (await test.node.pool.query<{ created_at: Date }>(
        'SELECT created_at FROM attempts WHERE campaign_id = ANY($1::bigint[]) ORDER BY created_at', [campaigns])).rows;
      return rows.length === 6 && rows.map((r) => r.created_at.getTime());
    }, 20_000);
    // Two a second: the six take at least two seconds, and no second holds three.
    expect(started.at(-1)! - started[0]!).toBeGreaterThanOrEqual(2_000);
    for (const at of started) expect(started.filter((other) => other > at - 1_000 && other <= at).length).toBeLessThanOrEqual(2);
    expect(test.node.runtime.state().nodeDialsPerSecond).toBe(2);
    const bindings = await Promise.all(campaigns.map(async (id) => (await apiCall<Array<{ binding: string }>>(test, 'GET', `/api/campaigns/${id}/decisions?limit=200`)).map((d) => d.binding)));
    expect(bindings.some((list) => list.includes('node_dial_rate'))).toBe(true);
  }, 45_000);
});

describe("a trunk's limit split between nodes", () => {
  it("gives each node present its share, the whole of it to a node with agents, and a stopped node's share to the others", async () => {
    const trunk = { name: `carrier-${tag}`, dialsPerSecond: 5 };
    const rate = (node: TestNode) => node.node.runtime.state().nodeDialsPerSecond;
    // Alone it takes the trunk's 5 calls a second, held to its own limit of 4.
    const first = await startTestNode({}, 'trunk-share:', { nodeId: `a-${tag}`, trunk, maxDialsPerSecond: 4 });
    try {
      await waitUntil('the first node to take the whole trunk, up to its own limit', async () => rate(first) === 4);
      const second = await startTestNode({}, 'trunk-share:', { nodeId: `b-${tag}`, trunk, ariApp: 'outpace-b' });
      try {
        await waitUntil('the trunk split between the two', async () => rate(first) === 3 && rate(second) === 2);
        // An agent logs in on the second: the node with no agents gives its share up.
        const scenario = await createScenario(second, {
          name: `Trunk demand ${tag}`, agentId: `trunk-demand-${tag}`, agentName: 'Trunk Demand Agent', leads: [], leaseHere: true,
        });
        await apiCall(second, 'POST', `/api/agents/${scenario.agentId}/login`, { campaignId: scenario.campaignId }, scenario.agentToken);
        await waitUntil('the trunk with the node that has an agent', async () => rate(first) === 0 && rate(second) === 5);
        await apiCall(second, 'POST', `/api/agents/${scenario.agentId}/logout`, undefined, scenario.agentToken);
        await waitUntil('the trunk split evenly again', async () => rate(first) === 3 && rate(second) === 2);
      } finally {
        await second.close();
      }
      await waitUntil("the second node's share back with the first", async () => rate(first) === 4);
    } finally {
      await first.close();
    }
  }, 45_000);
});

/** A second agent of the node's, with a fresh token. */
async function agentToken(node: TestNode, agentId: string): Promise<string> {
  await apiCall(node, 'PUT', `/api/agents/${agentId}`, { name: `Agent ${agentId}` });
  return (await apiCall<{ token: string }>(node, 'POST', `/api/agents/${agentId}/tokens`)).token;
}

describe("a trunk's limit split by the calls a second the nodes' campaigns want", () => {
  it('gives a power team at three lines an agent three times the share of a preview team of the same size', async () => {
    const trunk = { name: `lines-${tag}`, dialsPerSecond: 10 };
    const rate = (node: TestNode) => node.node.runtime.state().nodeDialsPerSecond;
    const previewNode = await startTestNode({}, 'trunk-lines:', { nodeId: `p-${tag}`, trunk });
    try {
      const powerNode = await startTestNode({ outcomes: 'digit' }, 'trunk-lines:', { nodeId: `q-${tag}`, trunk, ariApp: 'outpace-q' });
      try {
        const preview = await createScenario(previewNode, {
          name: `Lines preview ${tag}`, agentId: `lines-preview-${tag}`, agentName: 'Lines Preview Agent', leaseHere: true,
          campaign: { mode: 'preview' }, leads: [],
        });
        // Numbers ending in 7 ring on unanswered: the six lines stay wanted while the test looks.
        const power = await createScenario(powerNode, {
          name: `Lines power ${tag}`, agentId: `lines-power-${tag}`, agentName: 'Lines Power Agent', leaseHere: true,
          campaign: { mode: 'power', dialLevel: 3, maxLinesPerAgent: 3 },
          leads: [1, 2, 3, 4, 5, 6].map((i) => ({ phones: [`+12125559${i}07`] })),
        });
        for (const [node, scenario] of [[previewNode, preview], [powerNode, power]] as const) {
          const colleague = { id: `${scenario.agentId}-2`, token: await agentToken(node, `${scenario.agentId}-2`) };
          for (const agent of [{ id: scenario.agentId, token: scenario.agentToken }, colleague]) {
            await apiCall(node, 'POST', `/api/agents/${agent.id}/login`, { campaignId: scenario.campaignId }, agent.token);
            await waitUntil('the agent paused', async () => (await apiCall<{ status: string }>(node, 'GET', `/api/agents/${agent.id}`)).status === 'paused');
            await apiCall(node, 'POST', `/api/agents/${agent.id}/ready`, undefined, agent.token);
          }
        }
        // 10 calls a second: one to each node, the other 8 split 2 : 6.
        await waitUntil('the trunk split by lines wanted', async () => rate(previewNode) === 3 && rate(powerNode) === 7, 15_000);
        // Each node shows what it asked, in calls a second: its lines over the 42 s a line is held
        // while the campaigns' figures are still the priors (no dial has ended yet).
        const demandOf = async (node: TestNode) => {
          const [, name, value] = /^outpace_trunk_demand\{trunk="([^"]+)"\} (\S+)$/m.exec(await (await fetch(`${node.node.url}/metrics`)).text()) ?? [];
          return { name, value: Number(value) };
        };
        expect(await demandOf(previewNode)).toEqual({ name: trunk.name, value: expect.closeTo(2 / 42, 9) as number });
        expect(await demandOf(powerNode)).toEqual({ name: trunk.name, value: expect.closeTo(6 / 42, 9) as number });
      } finally {
        await powerNode.close();
      }
    } finally {
      await previewNode.close();
    }
  }, 45_000);
});
