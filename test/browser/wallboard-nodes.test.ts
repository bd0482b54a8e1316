// Two engine nodes share the database and Redis, each driving its own campaign with its own
// agent. Nothing is shared until a wallboard is open; then the wallboard on either node shows
// both agents and both campaigns, each marked with the node it is on (in the page too, where the
// other node's agent is shown but not supervised from here); the pacing page on either node shows
// the other node's campaign from the decisions stored, with a link to that node; a node that
// stops takes its part down, and the other's wallboard drops it.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../src/adapters/pg/agent-repository.js';
import { createCampaign, updateCampaignStatus } from '../../src/adapters/pg/campaign-repository.js';
import type { WallboardSnapshot } from '../../src/adapters/http/ws/wallboard-snapshot.js';
import { campaignLeaseKey } from '../../src/adapters/redis/campaign-lease.js';
import { wallboardPartKey } from '../../src/adapters/redis/wallboard-parts.js';
import { ApiClient } from '../../src/demo/api-client.js';
import { createTestPool, truncateTables } from '../helpers/db.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiCall, launchChromium, openWallboard, screenshot, waitUntil } from './browser-helpers.js';

const PREFIX = 'wallboard-nodes:';

describe('the wallboard across engine nodes', () => {
  let nodeA: TestNode;
  let nodeB: TestNode | null = null;
  let supervisorA: ApiClient;
  let supervisorB: ApiClient;
  let browser: Browser;
  const campaigns: Record<'a' | 'b', string> = { a: '', b: '' };

  beforeAll(async () => {
    const pool = createTestPool(1);
    await truncateTables(pool, ['campaigns']);
    await pool.end();
    nodeA = await startTestNode({}, PREFIX, { nodeId: 'wall-a' });
    nodeB = await startTestNode({}, PREFIX, { nodeId: 'wall-b', ariApp: 'outpace-b' });
    supervisorA = new ApiClient(nodeA.node.url, roleTokens.supervisor);
    supervisorB = new ApiClient(nodeB.node.url, roleTokens.supervisor);
    await upsertAgent(nodeA.node.pool, { id: 'wall-ann', name: 'Ann Wall' });
    await upsertAgent(nodeA.node.pool, { id: 'wall-bob', name: 'Bob Wall' });
    // Each campaign's lease is given to its node before the campaign runs, so neither node races the other for it.
    for (const [key, node] of [['a', nodeA], ['b', nodeB]] as const) {
      const campaign = await createCampaign(node.node.pool, { name: `Wall ${key} ${Date.now()}` });
      campaigns[key] = campaign.id;
      await node.node.redis.set(campaignLeaseKey(campaign.id), node.node.nodeId, 'PX', 60_000);
      await updateCampaignStatus(node.node.pool, campaign.id, 'running');
      await node.node.runtime.syncCampaigns();
    }
    const manager = (node: TestNode) => new ApiClient(node.node.url, roleTokens.manager);
    await manager(nodeA).post('/api/agents/wall-ann/login', { campaignId: campaigns.a });
    await manager(nodeB).post('/api/agents/wall-bob/login', { campaignId: campaigns.b });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await nodeB?.close();
    await nodeA.close();
  });

  const wallboard = (client: ApiClient) => client.get<WallboardSnapshot>('/api/wallboard');
  const agentsOn = (snapshot: WallboardSnapshot) => snapshot.agents.map((a) => [a.id, a.nodeId, a.status]);

  it('shows every node\'s agents and campaigns on each node, marked with the node they are on', async () => {
    // While no wallboard is open anywhere, no node reads figures for one or shares its part.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await nodeA.node.redis.exists(wallboardPartKey('wall-a'), wallboardPartKey('wall-b'))).toBe(0);
    // Names come with the database figures, read every few seconds.
    const both = (s: WallboardSnapshot) => s.agents.filter((a) => a.status === 'paused').length === 2
      && s.campaigns.length === 2 && s.campaigns.every((c) => c.name.startsWith('Wall'));
    const onA = await waitUntil('both agents on node A\'s wallboard', async () => { const s = await wallboard(supervisorA); return both(s) && s; });
    expect(onA.nodeId).toBe('wall-a');
    // Where node B is reached, for its own wallboard: the address it announced with its presence.
    expect(onA.nodeUrls).toEqual({ 'wall-b': await nodeB?.node.runtime.nodeUrl('wall-b') });
    expect(agentsOn(onA)).toEqual([['wall-ann', 'wall-a', 'paused'], ['wall-bob', 'wall-b', 'paused']]);
    expect(onA.campaigns.map((c) => [c.id, c.nodeId]).sort()).toEqual([[campaigns.a, 'wall-a'], [campaigns.b, 'wall-b']].sort());
    // The other node's campaign comes with the figures its own node read from the database.
    expect(onA.campaigns.find((c) => c.id === campaigns.b)).toMatchObject({ status: 'running', name: expect.stringMatching(/^Wall b /), agents: { paused: 1 } });

    const onB = await waitUntil('both agents on node B\'s wallboard', async () => { const s = await wallboard(supervisorB); return both(s) && s; });
    expect(agentsOn(onB)).toEqual([['wall-ann', 'wall-a', 'paused'], ['wall-bob', 'wall-b', 'paused']]);
  });

  it('marks the other node\'s agent and campaign on the page, and listens in on an agent of either node', async () => {
    const page = await openWallboard(browser, nodeA, 1360);
    const bob = page.locator('.agent[data-agent-id="wall-bob"]');
    const ann = page.locator('.agent[data-agent-id="wall-ann"]');
    await expect.poll(() => bob.locator('.agent-node').textContent()).toBe('on node wall-b');
    expect(await ann.locator('.agent-node').textContent()).toBe('');
    const urlB = await nodeB?.node.runtime.nodeUrl('wall-b');
    expect(await bob.locator('.agent-node a').getAttribute('href')).toBe(`${urlB}/wallboard/`);
    expect(await bob.locator('button[data-mode="listen"]').isDisabled()).toBe(false);
    expect(await ann.locator('button[data-mode="listen"]').isDisabled()).toBe(false);
    // A barge joins a call: none to join for an agent paused.
    expect(await ann.locator('button[data-mode="barge"]').isDisabled()).toBe(true);
    expect(await page.locator(`.campaign[data-campaign-id="${campaigns.b}"] .pill.node`).textContent()).toBe('on node wall-b');
    expect(await page.locator(`.campaign[data-campaign-id="${campaigns.a}"] .pill.node`).count()).toBe(0);
    await screenshot(page, 'wallboard-two-nodes');

    // Listening to node B's agent from node A's wallboard: node B's PBX snoops on the agent's phone.
    await page.fill('#supervisor-endpoint', 'Local/sup7@sim-agent');
    await bob.locator('button[data-mode="listen"]').click();
    await page.waitForSelector('#session-banner:visible');
    const snoopOnB = () => nodeB?.pbx.channels().some((c) => c.name.startsWith('Snoop/')) ?? false;
    await waitUntil('a snoop on node B\'s PBX', async () => snoopOnB());
    expect(nodeA.pbx.channels().some((c) => c.name.startsWith('Snoop/'))).toBe(false);
    await page.click('#session-banner .session-end');
    await waitUntil('the snoop ended on node B\'s PBX', async () => !snoopOnB());
  });

  it("shows the other node's campaign on the pacing page with its charts read from that node, its stored decisions and a link to it", async () => {
    const page = await (await browser.newContext({ viewport: { width: 1360, height: 1000 }, locale: 'en-US' })).newPage();
    // A manager signed in already: a link's token signs this page in, and leaves theirs to the other pages.
    await page.goto(`${nodeA.node.url}/web/shared/icon.svg`);
    await page.evaluate((token) => localStorage.setItem('outpace.staffToken', token), roleTokens.manager);
    await page.goto(`${nodeA.node.url}/pacing/?lang=en&token=${roleTokens.supervisor}`);
    const here = page.locator(`section.campaign[data-campaign="${campaigns.a}"]`);
    const there = page.locator(`section.campaign[data-campaign="${campaigns.b}"]`);
    await expect.poll(() => there.locator('.driver').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await page.evaluate(() => localStorage.getItem('outpace.staffToken'))).toBe(roleTokens.manager);
    expect(await there.locator('.driver span').textContent()).toMatch(/^Driven by engine node wall-b: /);
    const urlB = await nodeB?.node.runtime.nodeUrl('wall-b');
    expect(await there.locator('.driver a').getAttribute('href')).toBe(`${urlB}/pacing/?campaign=${campaigns.b}`);
    // Its decisions are read from the database (node B writes them every few seconds); its charts from node B.
    await expect.poll(() => there.locator('.now').getAttribute('data-binding'), { timeout: 15_000 }).toBeTruthy();
    expect(await there.locator('.now').textContent()).toMatch(/^Since .+: .+ Dial level [\d.]+\.$/);
    expect(await there.locator('.charts').isVisible()).toBe(true);
    expect(await there.locator('.driver span').textContent()).toMatch(/its charts are read from that node\.$/);
    await expect.poll(() => there.locator('.charts svg').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const fromA = await apiCall<{ campaigns: Array<{ campaignId: string; nodeId?: string; samples: unknown[] }>; elsewhere: Array<{ campaignId: string }> }>(
      nodeA, 'GET', `/api/pacing/history?campaign=${campaigns.b}`, undefined, roleTokens.supervisor);
    expect(fromA.campaigns.map((c) => [c.campaignId, c.nodeId])).toEqual([[campaigns.b, 'wall-b']]);
    expect(fromA.campaigns[0]?.samples.length).toBeGreaterThan(0);
    expect(fromA.elsewhere).toEqual([]);
    // This node's own campaign is drawn here, with no driver line.
    expect(await here.locator('.charts').isVisible()).toBe(true);
    expect(await here.locator('.driver').isVisible()).toBe(false);
    await screenshot(page, 'pacing-two-nodes');
  });

  it('drops a node that stops from the other node\'s wallboard', async () => {
    await nodeB?.close();
    nodeB = null;
    // Node B's agents and its campaigns leave node A's figures on their own refreshes: wait for both.
    // Campaign B, running and handed back by the stopping node, may be taken on by node A meanwhile:
    // then it is node A's, and nothing is shown on node B any more.
    const onA = await waitUntil('node B gone from node A\'s wallboard', async () => {
      const s = await wallboard(supervisorA);
      return s.agents.every((a) => a.nodeId === 'wall-a') && s.campaigns.every((c) => c.nodeId !== 'wall-b') && s;
    });
    expect(agentsOn(onA)).toEqual([['wall-ann', 'wall-a', 'paused']]);
    expect(onA.campaigns.map((c) => c.id)).toContain(campaigns.a);
    expect(onA.campaigns.filter((c) => c.id !== campaigns.a).map((c) => [c.id, c.nodeId])).toEqual(
      onA.campaigns.some((c) => c.id === campaigns.b) ? [[campaigns.b, 'wall-a']] : []);
  });
});
