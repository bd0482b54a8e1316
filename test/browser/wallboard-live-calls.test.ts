// Every live call is on the wallboard: a customer answered with no agent free hears the
// safe-harbor message, and while it plays /metrics counts the call in `outpace_calls`; the
// wallboard's campaign card shows it on a message, and the card's figures add up to the calls the
// metrics count. In headless Chromium against a whole node on the simulated PBX (digit mode: both
// numbers answer as people and stay; the campaign's message is ten seconds of silence).

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiCall, createScenario, launchChromium, openWallboard, waitUntil, type Scenario } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let scenario: Scenario;

interface CampaignFigures { id: string; ringing: number; waiting: number; connected: number; onMessage: number; hangingUp: number }

/** The campaign's `outpace_calls` series, by state. */
async function metricCalls(): Promise<Record<string, number>> {
  const text = await (await fetch(`${test.node.url}/metrics`)).text();
  const prefix = `outpace_calls{campaign="${scenario.campaignId}",state="`;
  return Object.fromEntries(text.split('\n').filter((line) => line.startsWith(prefix))
    .map((line) => [line.slice(prefix.length, line.indexOf('"', prefix.length)), Number(line.split(' ').at(-1))]));
}

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 1 }, 'wallboard-live-calls:');
  browser = await launchChromium();
  scenario = await createScenario(test, {
    name: `Wallboard live calls ${Date.now()}`, agentId: 'lia', agentName: 'Lia Counted',
    campaign: { mode: 'power', dialLevel: 2, safeHarborMedia: 'sound:silence/10' },
    leads: [{ firstName: 'First', phones: ['+12125550100'], priority: 2 }, { firstName: 'Second', phones: ['+12125550101'], priority: 1 }],
  });
  await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/login`, { campaignId: scenario.campaignId }, scenario.agentToken);
  await waitUntil('agent paused', async () => (await apiCall<{ status: string }>(test, 'GET', `/api/agents/${scenario.agentId}`)).status === 'paused');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('the wallboard during a safe-harbor message', () => {
  it('shows the call on a message, its figures adding up to the calls /metrics counts', async () => {
    const page = await openWallboard(browser, test);
    const card = page.locator(`.campaign[data-campaign-id="${scenario.campaignId}"]`);
    await card.waitFor({ timeout: 10_000 });
    await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/ready`, undefined, scenario.agentToken);

    await waitUntil('the safe-harbor message playing', async () => (await metricCalls()).safe_harbor === 1, 20_000);
    const calls = await metricCalls();
    const live = Object.values(calls).reduce((sum, n) => sum + n, 0);
    const { campaigns } = await apiCall<{ campaigns: CampaignFigures[] }>(test, 'GET', '/api/wallboard');
    const figures = campaigns.find((c) => c.id === scenario.campaignId)!;
    expect(figures.onMessage).toBe(1);
    expect(figures.ringing + figures.waiting + figures.connected + figures.onMessage + figures.hangingUp).toBe(live);

    await expect.poll(() => card.locator('[data-kpi="on-message"] .value').textContent(), { timeout: 5_000 }).toBe('1');
    expect(await card.locator('[data-kpi="connected"] .value').textContent()).toBe('1');
  });
});
