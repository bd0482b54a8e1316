// A personal callback that falls due while its agent is paused, on the agent desktop in headless
// Chromium against a whole node: the engine holds it for them until they are ready, so the desktop
// says it is due (My callbacks marks it, the state card says Ready dials it) with no change of
// state to prompt a reading; Ready then dials it. An agent on another clock than the person's is
// shown the callback's time on their own too: the person's late evening may be their next morning.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleCallback } from '../../src/adapters/pg/callback-follow-up.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { createScenario, launchChromium, openAgentDesktop, type Scenario } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let scenario: Scenario;
let desktop: Page;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'callback-due-paused:', { closeDrainMs: 0 });
  browser = await launchChromium();
  scenario = await createScenario(test, { name: `Callback due paused ${Date.now()}`, agentId: 'pia', agentName: 'Pia Paused', leads: [] });
  desktop = await openAgentDesktop(browser, test, scenario.agentToken, scenario.campaignId, 'Europe/London');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

const dateIn = (at: Date, timeZone: string) => new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'medium' }).format(at);

describe('My callbacks on another clock than the person\'s', () => {
  it("shows the callback's time on the agent's clock too, across midnight", async () => {
    const list = await createList(test.node.pool, { campaignId: scenario.campaignId, name: 'west coast' });
    const [leadId = ''] = await insertLeads(test.node.pool, list.id, [{ firstName: 'Ada', lastName: 'West', phones: ['+15550107350'], timezone: 'America/Los_Angeles' }]);
    // 06:30 UTC, two days on: late evening in Los Angeles, early morning the next day in London.
    const day = new Date(Date.now() + 2 * 86_400_000);
    const due = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 6, 30));
    const callback = await scheduleCallback(test.node.pool, { leadId, agentId: scenario.agentId, dueAt: due });
    // Cancelled after, whatever happens: the next test counts the agent's callbacks.
    try {
      await desktop.reload();
      await desktop.waitForSelector('#state-card[data-status="paused"]');
      const item = desktop.locator(`#my-callbacks .my-callback[data-callback-id="${callback.id}"]`);
      await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(1);
      const [theirs, own] = [dateIn(due, 'America/Los_Angeles'), dateIn(due, 'Europe/London')];
      expect(theirs).not.toBe(own);
      expect(await item.locator('span.muted').first().textContent()).toMatch(new RegExp(`^${theirs}, 1[01]:30\\sPM America/Los_Angeles \\(their time\\) · `));
      expect(await item.locator('.my-callback-own').textContent({ timeout: 2_000 })).toMatch(new RegExp(`^${own}, [67]:30\\sAM Europe/London \\(your time\\)$`));
    } finally {
      await test.node.pool.query("UPDATE callbacks SET status = 'cancelled' WHERE id = $1", [callback.id]);
    }
  }, 30_000);
});

describe('a personal callback due while its agent is paused', () => {
  it('is said to be due on the desktop, and Ready dials it', async () => {
    const list = await createList(test.node.pool, { campaignId: scenario.campaignId, name: 'promised' });
    const [leadId = ''] = await insertLeads(test.node.pool, list.id, [{ firstName: 'Grace', lastName: 'Hopper', phones: ['+15550107340'] }]);
    await scheduleCallback(test.node.pool, { leadId, agentId: scenario.agentId, dueAt: new Date(Date.now() + 6_000), notes: 'After lunch.' });
    // Read as the desktop opens: not due yet.
    await desktop.reload();
    await desktop.waitForSelector('#state-card[data-status="paused"]');
    const promised = desktop.locator('#my-callbacks .my-callback');
    await expect.poll(() => promised.count(), { timeout: 10_000 }).toBe(1);
    expect(await promised.locator('.tag.due').count()).toBe(0);
    expect(await desktop.textContent('#state-sub')).toBe('Just logged in');

    // Its time comes while the agent stays paused.
    await expect.poll(() => desktop.textContent('#state-sub'), { timeout: 25_000 }).toBe('Just logged in · a callback of yours is due: Ready dials it');
    await expect.poll(() => promised.locator('.tag.due').count(), { timeout: 5_000 }).toBe(1);
    expect(await desktop.getAttribute('#state-card', 'data-status')).toBe('paused');

    await desktop.keyboard.press('r');
    await desktop.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
    await expect.poll(() => desktop.textContent('#lead-name')).toBe('Grace Hopper');
  }, 60_000);
});
