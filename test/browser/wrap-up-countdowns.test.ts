// An automatic wrap-up on the agent desktop and the wallboard, in headless Chromium against a whole
// node: both count down to the end the engine gives (not a sum of their own), follow a change of the
// campaign's wrap-up time made while the agent is in it, and show no end once the wrap-up is manual.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiCall, createScenario, launchChromium, openAgentDesktop, openWallboard, screenshot, type Scenario } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let scenario: Scenario;
let desktop: Page;
let wallboard: Page;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'wrap-up-countdowns:', { closeDrainMs: 0 });
  browser = await launchChromium();
  scenario = await createScenario(test, {
    name: `Wrap-up countdowns ${Date.now()}`, agentId: 'wanda', agentName: 'Wanda Wrap',
    campaign: { wrapUpMode: 'auto', wrapUpMs: 60_000 },
    leads: [{ firstName: 'Mary', lastName: 'Jackson', phones: ['+15550107310'] }],
  });
  desktop = await openAgentDesktop(browser, test, scenario.agentToken, scenario.campaignId);
  wallboard = await openWallboard(browser, test);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

interface AgentView { status: string; sinceMs: number; wrapUpEndsAtMs: number | null }
const engineView = () => apiCall<AgentView>(test, 'GET', `/api/agents/${scenario.agentId}`);
const owedLeft = (minutes: number) => new RegExp(
  `^Choose a disposition to finish this call · ${minutes}:[0-5]\\d left to wrap up: a disposition not given by then waits under To disposition$`);

describe('an automatic wrap-up', () => {
  it('counts down on the desktop and the wallboard to the end the engine gives, through a change of the wrap-up time', async () => {
    await desktop.keyboard.press('r');
    await desktop.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
    await desktop.click('body');
    await desktop.keyboard.press('h');
    await desktop.waitForSelector('#state-card[data-status="wrap_up"]');
    const tile = wallboard.locator(`.agent[data-agent-id="${scenario.agentId}"]`);
    const detail = () => tile.locator('.agent-detail').textContent();

    await expect.poll(() => desktop.textContent('#state-sub')).toMatch(owedLeft(0));
    await expect.poll(detail, { timeout: 5_000 }).toMatch(/^wrap-up ends in 0:[45]\d$/);

    // The manager gives the campaign three minutes: the engine now ends the wrap-up then, and
    // both screens say so.
    await apiCall(test, 'PATCH', `/api/campaigns/${scenario.campaignId}`, { wrapUpMs: 180_000 });
    await expect.poll(async () => {
      const now = await engineView();
      return now.wrapUpEndsAtMs === null ? null : now.wrapUpEndsAtMs - now.sinceMs;
    }).toBe(180_000);
    await expect.poll(() => desktop.textContent('#state-sub'), { timeout: 10_000 }).toMatch(owedLeft(2));
    await expect.poll(detail, { timeout: 5_000 }).toMatch(/^wrap-up ends in 2:[45]\d$/);
    await screenshot(wallboard, 'wallboard-wrap-up-countdown-en');

    // Made manual, the wrap-up ends only when the agent says so: no time is shown.
    await apiCall(test, 'PATCH', `/api/campaigns/${scenario.campaignId}`, { wrapUpMode: 'manual' });
    await expect.poll(async () => (await engineView()).wrapUpEndsAtMs).toBeNull();
    await expect.poll(() => desktop.textContent('#state-sub'), { timeout: 10_000 }).toBe('Choose a disposition to finish this call');
    await expect.poll(detail, { timeout: 5_000 }).toBe('');
    expect(await tile.getAttribute('data-status')).toBe('wrap_up');
  }, 60_000);
});
