// My callbacks on the agent desktop in headless Chromium lists the agent's promises of every
// campaign, but a callback can be called now only from the campaign it belongs to (a manual dial
// is of the campaign the agent is logged in to): one of another campaign says to log in to it,
// and its Call now is not offered, where it used to be refused once pressed.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleCallback } from '../../src/adapters/pg/callback-follow-up.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { allDayWindow, apiCall, createScenario, launchChromium, openAgentDesktop } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'browser-callbacks-other-campaign:');
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('My callbacks of several campaigns', () => {
  it("offers Call now for the campaign the agent is logged in to only, saying where to call the others from", async () => {
    const pool = test.node.pool;
    const scenario = await createScenario(test, { name: `Callbacks here ${Date.now()}`, agentId: 'cb-kit', agentName: 'Kit Callback', leads: [] });
    const other = await apiCall<{ id: string; name: string }>(test, 'POST', '/api/campaigns', {
      name: `Callbacks there ${Date.now()}`, mode: 'progressive', settings: { callingWindow: allDayWindow },
    });
    const promise = async (campaignId: string, firstName: string, phone: string, days: number) => {
      const list = await createList(pool, { campaignId, name: `promised ${firstName}` });
      const [leadId = ''] = await insertLeads(pool, list.id, [{ firstName, lastName: 'Promised', phones: [phone] }]);
      await scheduleCallback(pool, { leadId, agentId: 'cb-kit', dueAt: new Date(Date.now() + days * 86_400_000) });
    };
    await promise(scenario.campaignId, 'Nearby', '+12125550291', 1);
    await promise(other.id, 'Faraway', '+12125550292', 2);

    const page = await openAgentDesktop(browser, test, scenario.agentToken, scenario.campaignId);
    const items = page.locator('#my-callbacks .my-callback');
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(2);
    const here = items.filter({ hasText: 'Nearby Promised' });
    const there = items.filter({ hasText: 'Faraway Promised' });
    await expect.poll(() => here.locator('.my-callback-call').isEnabled()).toBe(true);
    expect(await there.locator('.my-callback-call').isDisabled()).toBe(true);
    expect(await there.locator('.my-callback-elsewhere').textContent()).toBe(`Log in to ${other.name} to call now.`);
    expect(await here.locator('.my-callback-elsewhere').count()).toBe(0);
    await page.context().close();
  });
});
