// The pause's reason on the agent desktop, through a whole node in headless Chromium: after a
// reload while on lunch, the reason list shows lunch (not the campaign's first reason), and Pause
// pressed again does not restart the pause, whose allowance is lunch's still. A campaign's own reason
// the language files do not know (`coaching_session`) reads as words on the desktop and the wallboard.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiCall, createScenario, launchChromium, openAgentDesktop, openWallboard, type Scenario } from './browser-helpers.js';

interface PauseView { status: string; pauseReason: string | null; sinceMs: number; pauseAllowedUntilMs: number | null }

let test: TestNode;
let browser: Browser;
let scenario: Scenario;
let desktop: Page;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'pause-reason-reload:');
  browser = await launchChromium();
  scenario = await createScenario(test, {
    name: `Pause reason reload ${Date.now()}`, agentId: 'lulu', agentName: 'Lulu Lunch',
    campaign: { settings: { pauseReasons: ['break', 'lunch', 'coaching_session'], pauseLimitMinutes: { break: 15, lunch: 45 } } }, leads: [],
  });
  desktop = await openAgentDesktop(browser, test, scenario.agentToken, scenario.campaignId);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

const agentState = (): Promise<PauseView> => apiCall<PauseView>(test, 'GET', '/api/agents/lulu');

describe('the pause reason on the desktop', () => {
  it('shows the current reason after a reload, and Pause does not restart the same pause', async () => {
    await desktop.waitForSelector('#pause-reason option[value="lunch"]', { state: 'attached' });
    await desktop.selectOption('#pause-reason', 'lunch');
    await desktop.click('#pause-btn');
    await expect.poll(async () => (await agentState()).pauseReason).toBe('lunch');
    const lunch = await agentState();
    expect(lunch.pauseAllowedUntilMs).toBe(lunch.sinceMs + 45 * 60_000);

    await desktop.reload();
    await desktop.waitForSelector('#state-card[data-status="paused"]');
    await expect.poll(() => desktop.inputValue('#pause-reason')).toBe('lunch');
    await desktop.locator('body').press('p');
    await desktop.waitForTimeout(1_000);
    expect(await agentState()).toMatchObject({ status: 'paused', pauseReason: 'lunch', sinceMs: lunch.sinceMs, pauseAllowedUntilMs: lunch.pauseAllowedUntilMs });

    // Another reason chosen switches the pause.
    await desktop.selectOption('#pause-reason', 'break');
    await desktop.locator('#pause-btn').click();
    await expect.poll(async () => (await agentState()).pauseReason).toBe('break');
  }, 60_000);

  it('shows a reason the language files do not know as words, on the desktop and the wallboard', async () => {
    expect(await desktop.locator('#pause-reason option[value="coaching_session"]').textContent()).toBe('Coaching session');
    await desktop.selectOption('#pause-reason', 'coaching_session');
    await desktop.click('#pause-btn');
    await expect.poll(() => desktop.textContent('#state-sub')).toBe('Coaching session');
    const wallboard = await openWallboard(browser, test);
    const tile = wallboard.locator('.agent[data-agent-id="lulu"]');
    await expect.poll(() => tile.locator('.agent-detail').textContent(), { timeout: 10_000 }).toBe('Coaching session');
  }, 60_000);
});
