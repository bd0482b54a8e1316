// Pause allowances through a whole node, in headless Chromium: a campaign gives its break 15
// minutes (allowances naming no reason of the campaign, or out of range, are refused); an agent on
// a break sees the time it leaves on the desktop, and so does the supervisor on the wallboard tile.
// The engine's clock is moved past the allowance: the tile is marked as overrun, the desktop says by
// how much, and the campaign's gauge counts the agent.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeRequest } from '../helpers/node-request.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiCall, createScenario, launchChromium, openAgentDesktop, openWallboard, screenshot, type Scenario } from './browser-helpers.js';

const BREAK_MS = 15 * 60_000;

let test: TestNode;
let browser: Browser;
let scenario: Scenario;
let desktop: Page;
let wallboard: Page;
let clockAheadMs = 0;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'pause-limit:', { clock: () => Date.now() + clockAheadMs });
  browser = await launchChromium();
  scenario = await createScenario(test, {
    name: `Pause limit ${Date.now()}`, agentId: 'bree', agentName: 'Bree Break',
    campaign: { settings: { pauseLimitMinutes: { break: 15, lunch: 45 } } }, leads: [],
  });
  desktop = await openAgentDesktop(browser, test, scenario.agentToken, scenario.campaignId);
  wallboard = await openWallboard(browser, test);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('pause allowances', () => {
  it('refuses allowances for reasons the campaign does not have, or out of range', async () => {
    const patch = (settings: Record<string, unknown>) => nodeRequest<{ message: string }>(test, 'PATCH', `/api/campaigns/${scenario.campaignId}`, { settings }, roleTokens.manager);
    const typo = await patch({ pauseLimitMinutes: { brake: 15 } });
    expect(typo.status).toBe(400);
    expect(typo.body.message).toBe('settings.pauseLimitMinutes: "brake" is not one of the campaign\'s pause reasons (break, lunch, training, meeting, technical)');
    const none = await patch({ pauseLimitMinutes: { break: 0 } });
    expect(none.status).toBe(400);
    expect(none.body.message).toBe('settings.pauseLimitMinutes.break: 0 is not a whole number of minutes from 1 to 480');
    // Taking away a reason that has an allowance is refused too.
    const dropped = await patch({ pauseReasons: ['break', 'training'] });
    expect(dropped.status).toBe(400);
    expect(dropped.body.message).toBe('settings.pauseLimitMinutes: "lunch" is not one of the campaign\'s pause reasons (break, training)');
    const campaign = await apiCall<{ settings: Record<string, unknown> }>(test, 'GET', `/api/campaigns/${scenario.campaignId}`);
    expect(campaign.settings.pauseLimitMinutes).toEqual({ break: 15, lunch: 45 });
  });

  it('shows the time a break leaves, then marks the agent who overran it on the wallboard, the desktop and the gauge', async () => {
    await apiCall(test, 'POST', '/api/agents/bree/pause', { reason: 'break' }, scenario.agentToken);
    const state = await apiCall<{ status: string; pauseReason: string; sinceMs: number; pauseAllowedUntilMs: number | null }>(test, 'GET', '/api/agents/bree');
    expect(state).toMatchObject({ status: 'paused', pauseReason: 'break' });
    expect(state.pauseAllowedUntilMs).toBe(state.sinceMs + BREAK_MS);

    await expect.poll(() => desktop.textContent('#state-sub')).toMatch(/^Break · 1[45]:\d\d left$/);
    const tile = wallboard.locator('.agent[data-agent-id="bree"]');
    await expect.poll(() => tile.locator('.agent-detail').textContent(), { timeout: 10_000 }).toMatch(/^Break · 1[45]:\d\d left$/);
    expect(await tile.getAttribute('class')).not.toContain('over-pause');

    clockAheadMs = BREAK_MS + 2 * 60_000;
    await expect.poll(() => tile.locator('.agent-detail').textContent(), { timeout: 10_000 }).toMatch(/^Break · over by 2:0\d$/);
    expect(await tile.getAttribute('class')).toContain('over-pause');
    const card = wallboard.locator(`.campaign[data-campaign-id="${scenario.campaignId}"]`);
    await expect.poll(() => card.textContent()).toContain('1 paused · 1 over their pause allowance');
    await screenshot(wallboard, 'wallboard-pause-overrun-en');
    // The desktop reads the server's clock when it connects.
    await desktop.reload();
    await desktop.waitForSelector('#state-card[data-status="paused"]');
    await expect.poll(() => desktop.textContent('#state-sub')).toMatch(/^Break · over by 2:0\d$/);
    expect(await desktop.getAttribute('#state-card', 'class')).toContain('over-pause');
    const gauge = `outpace_agents_over_pause_limit{campaign="${scenario.campaignId}"} 1`;
    await expect.poll(async () => (await (await fetch(`${test.node.url}/metrics`)).text()).includes(gauge), { timeout: 10_000 }).toBe(true);

    // Back at work, nothing is overrun.
    await apiCall(test, 'POST', '/api/agents/bree/ready', undefined, scenario.agentToken);
    await expect.poll(() => tile.getAttribute('class'), { timeout: 10_000 }).not.toContain('over-pause');
  }, 60_000);
});
