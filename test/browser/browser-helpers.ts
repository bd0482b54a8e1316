// Helpers for the browser tests: Chromium through playwright-core, a campaign with leads and an
// agent created through the API (leads through the repository: the API loads them from CSV only), an
// agent desktop signed in and logged in, a supervisor's wallboard signed in, and screenshots saved
// as test artifacts.

import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createList, insertLeads, type NewLead } from '../../src/adapters/pg/lead-repository.js';
import { campaignLeaseKey } from '../../src/adapters/redis/campaign-lease.js';
import type { SimPbxOptions } from '../../src/sim/pbx/sim-pbx.js';
import { roleTokens, startTestNode, type TestNode, type TestNodeOptions } from '../helpers/outpace-node.js';

export const ARTIFACTS = 'test-results/artifacts';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** An agent desktop in a page of its own (English), signed in with the agent's `token` and logged
 * in to the campaign: paused, as after any login. `timezoneId`: the browser's clock (the machine's otherwise). */
export async function openAgentDesktop(browser: Browser, node: TestNode, token: string, campaignId: string, timezoneId?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'en-US', ...(timezoneId ? { timezoneId } : {}) });
  const page = await context.newPage();
  await page.goto(`${node.node.url}/agent/?lang=en`);
  await page.fill('#token', token);
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('#login-btn:visible');
  await page.selectOption('#campaign-select', campaignId);
  await page.click('#login-btn');
  await page.waitForSelector('#state-card[data-status="paused"]');
  return page;
}

/** A supervisor's wallboard on the node, signed in, in a browser context of its own. */
export async function openWallboard(browser: Browser, node: TestNode, width = 1440): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-US' })).newPage();
  await page.goto(`${node.node.url}/wallboard/?lang=en`);
  await page.fill('#token', roleTokens.supervisor);
  await page.click('#signin-form button[type=submit]');
  return page;
}

/** A node on a simulated PBX in digit mode (a number ending in 0 answers as a person at once), a
 * scenario on it, and its agent's desktop in Chromium, talking on the first call. The call still up
 * at the end is hung up when the node closes, without waiting out a drain (unless the node options
 * ask for one). */
export interface DesktopOnACall {
  test: TestNode;
  scenario: Scenario;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function startDesktopOnACall(
  keyPrefix: string, options: ScenarioOptions, nodeOptions: TestNodeOptions = {}, pbxOptions: SimPbxOptions = {},
): Promise<DesktopOnACall> {
  const test = await startTestNode({ outcomes: 'digit', timeScale: 0.1, ...pbxOptions }, keyPrefix, { closeDrainMs: 0, ...nodeOptions });
  const scenario = await createScenario(test, options);
  const browser = await launchChromium();
  const page = await agentOnACall(browser, test, scenario);
  return {
    test, scenario, browser, page,
    close: async () => {
      await browser.close();
      await test.close();
    },
  };
}

/** A whole node whose scenario agent is logged in through the API, gone ready and talking on the
 * first call put through to them: a call to act on without a desktop. The node hangs the call up
 * when it closes, without waiting out a drain. */
export async function startAgentOnACall(keyPrefix: string, options: ScenarioOptions): Promise<{ test: TestNode; scenario: Scenario }> {
  const test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, keyPrefix, { closeDrainMs: 0 });
  try {
    const scenario = await createScenario(test, options);
    const status = () => test.node.runtime.state().agents.get(scenario.agentId)?.status;
    const asAgent = (action: string, body?: unknown) => apiAnswer(test, scenario.agentToken, 'POST', `/api/agents/${scenario.agentId}/${action}`, body);
    await asAgent('login', { campaignId: scenario.campaignId });
    await waitUntil('the agent paused', async () => status() === 'paused');
    await asAgent('ready');
    await waitUntil('the agent talking', async () => status() === 'talking');
    return { test, scenario };
  } catch (error) {
    await test.close();
    throw error;
  }
}

/** The scenario's agent desktop, gone ready and talking on the first call put through to it. */
async function agentOnACall(browser: Browser, node: TestNode, scenario: Scenario): Promise<Page> {
  const page = await openAgentDesktop(browser, node, scenario.agentToken, scenario.campaignId);
  await page.keyboard.press('r');
  await page.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = `${ARTIFACTS}/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

export async function apiCall<T>(node: TestNode, method: string, path: string, body?: unknown, token = roleTokens.manager): Promise<T> {
  const { status, body: answer, text } = await apiAnswer<T>(node, token, method, path, body);
  if (status < 200 || status >= 300) throw new Error(`${method} ${path} -> ${status} ${text}`);
  return answer;
}

/** The status and body of an API call made with `token`, whatever the status. */
export async function apiAnswer<T>(node: TestNode, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T; text: string }> {
  const response = await fetch(`${node.node.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, text };
}

/** Every day, all day: the tests run at any hour. */
export const allDayWindow = {
  regime: 'custom',
  weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
};

export interface Scenario {
  campaignId: string;
  leadIds: string[];
  agentId: string;
  agentToken: string;
}

export interface ScenarioOptions {
  name: string; agentId: string; agentName: string; leads: NewLead[]; campaign?: Record<string, unknown>;
  /** Give the campaign's lease to this node before it starts: another node sharing the database and
   * Redis would otherwise race it for the campaign, and may take it first. */
  leaseHere?: boolean;
}

/** A running campaign with the given leads and settings, and an agent with a fresh token. */
export async function createScenario(node: TestNode, options: ScenarioOptions): Promise<Scenario> {
  const campaign = await apiCall<{ id: string }>(node, 'POST', '/api/campaigns', {
    name: options.name, mode: 'progressive', wrapUpMode: 'manual', recordingEnabled: true,
    ...options.campaign,
    settings: { callingWindow: allDayWindow, ...(options.campaign?.settings as Record<string, unknown> | undefined) },
  });
  const list = await createList(node.node.pool, { campaignId: campaign.id, name: 'browser list' });
  const leadIds = await insertLeads(node.node.pool, list.id, options.leads);
  await apiCall(node, 'PUT', `/api/agents/${options.agentId}`, { name: options.agentName });
  const { token } = await apiCall<{ token: string }>(node, 'POST', `/api/agents/${options.agentId}/tokens`);
  if (options.leaseHere) await node.node.redis.set(campaignLeaseKey(campaign.id), node.node.nodeId, 'PX', 60_000);
  await apiCall(node, 'POST', `/api/campaigns/${campaign.id}/start`);
  return { campaignId: campaign.id, leadIds, agentId: options.agentId, agentToken: token };
}

/** The scenario's agent logged in and ready, talking to its first lead: the call's attempt id. */
export async function agentTalking(node: TestNode, scenario: Scenario): Promise<string> {
  const status = (): Promise<{ status: string; callId: string | null }> => apiCall(node, 'GET', `/api/agents/${scenario.agentId}`);
  await apiCall(node, 'POST', `/api/agents/${scenario.agentId}/login`, { campaignId: scenario.campaignId }, scenario.agentToken);
  await waitUntil('agent paused', async () => (await status()).status === 'paused');
  await apiCall(node, 'POST', `/api/agents/${scenario.agentId}/ready`, undefined, scenario.agentToken);
  return waitUntil('agent talking', async () => {
    const state = await status();
    return state.status === 'talking' ? state.callId : null;
  });
}

export async function waitUntil<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The first answer to the requests `url` matches comes `ms` late, the others at once: a page that
 * asks again meanwhile must draw the later answer, not the late one. The answer is the one the
 * page would have had: from a route set before (a test's own answers), or else from the node. */
export async function firstAnswerLate(page: Page, url: string | RegExp, ms = 1_500): Promise<void> {
  let late = true;
  await page.route(url, async (route) => {
    const delay = late;
    late = false;
    if (delay) await new Promise((resolve) => setTimeout(resolve, ms));
    await route.fallback();
  });
}

/** Holds the answers to the requests `url` matches until the function returned is called (a node
 * slow to answer while the page starts, say); they then come as the node gives them. */
export async function holdAnswers(page: Page, url: string | RegExp): Promise<() => void> {
  let letGo = (): void => undefined;
  const held = new Promise<void>((resolve) => { letGo = resolve; });
  await page.route(url, async (route) => {
    await held;
    await route.fallback();
  });
  return letGo;
}
