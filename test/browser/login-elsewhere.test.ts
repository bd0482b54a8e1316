// The agent desktop when another engine node drives the chosen campaign, or has the agent logged
// in already: the login is refused by this node, and the desktop says which node runs the campaign
// (or has the agent) and links to its desktop, instead of a bare error toast.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, updateCampaignStatus } from '../../src/adapters/pg/campaign-repository.js';
import { campaignLeaseKey } from '../../src/adapters/redis/campaign-lease.js';
import { markNodePresent } from '../../src/adapters/redis/node-presence.js';
import { createTestPool, truncateTables } from '../helpers/db.js';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiCall, launchChromium, screenshot } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let page: Page;
let campaignId: string;
let agentToken: string;

beforeAll(async () => {
  // Emptied before the node starts, so it loads no campaign whose id a new one would reuse.
  const pool = createTestPool(1);
  await truncateTables(pool, ['campaigns']);
  await pool.end();
  test = await startTestNode({}, 'browser-elsewhere:');
  browser = await launchChromium();
  await apiCall(test, 'PUT', '/api/agents/ela-agent', { name: 'Ela Elsewhere' });
  agentToken = (await apiCall<{ token: string }>(test, 'POST', '/api/agents/ela-agent/tokens')).token;
  const campaign = await createCampaign(test.node.pool, { name: `Run elsewhere ${Date.now()}` });
  campaignId = campaign.id;
  // Another node holds the campaign's lease before this one looks, and says where it is reached.
  await test.node.redis.set(campaignLeaseKey(campaignId), 'node-b', 'PX', 60_000);
  await markNodePresent(test.node.redis, 'node-b', 60_000, 'https://node-b.example:8443');
  await updateCampaignStatus(test.node.pool, campaignId, 'running');
  await test.node.runtime.syncCampaigns();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })).newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('agent desktop: a campaign another node drives', () => {
  it('says which node runs the campaign and links to its desktop', async () => {
    expect(test.node.runtime.state().campaigns.has(campaignId)).toBe(false);
    await page.goto(`${test.node.url}/agent/?lang=en`);
    await page.fill('#token', agentToken);
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#login-btn:visible');
    await page.selectOption('#campaign-select', campaignId);
    await page.click('#login-btn');
    await page.waitForSelector('#login-elsewhere:visible');
    expect(await page.textContent('#login-elsewhere-text')).toBe('Campaign is run by engine node node-b: its agents log in there.');
    expect(await page.getAttribute('#login-elsewhere-link', 'href')).toBe('https://node-b.example:8443/agent/');
    expect(await page.textContent('#login-elsewhere-link')).toBe('Open the desktop on that node');
    expect(await page.isVisible('#toast')).toBe(false);
    await screenshot(page, 'agent-login-elsewhere');
  });

  it('says the agent is logged in on another node that is running, and links to its desktop', async () => {
    const here = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Run here ${Date.now()}` });
    await apiCall(test, 'POST', `/api/campaigns/${here.id}/start`);
    // Logged in on node B (present, but not answering this node): this node does not log them in too.
    await test.node.pool.query("INSERT INTO agent_sessions (agent_id, campaign_id, node_id, login_at) VALUES ('ela-agent', $1, 'node-b', now())", [campaignId]);
    await page.reload(); // the desktop lists the campaigns as they were at sign-in
    await page.waitForSelector('#login-btn:visible');
    await page.selectOption('#campaign-select', here.id);
    await page.click('#login-btn');
    await page.waitForFunction(() => document.getElementById('login-elsewhere-text')?.textContent?.startsWith('You are'));
    expect(await page.textContent('#login-elsewhere-text')).toBe('You are logged in on engine node node-b: log out there first, or go on working there.');
    expect(await page.getAttribute('#login-elsewhere-link', 'href')).toBe('https://node-b.example:8443/agent/');
    expect(test.node.runtime.state().agents.get('ela-agent')).toBeUndefined();
    await screenshot(page, 'agent-login-agent-elsewhere');
  });
});
