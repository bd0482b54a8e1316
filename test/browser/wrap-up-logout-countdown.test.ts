// A logout asked for during a call with a manual wrap-up, on the agent desktop in headless Chromium
// against a whole node: the wrap-up then ends on the campaign's wrap-up time, and the desktop counts
// it down, saying the call waits under To disposition if no disposition is given by then; once it
// runs out the agent is logged out.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, startDesktopOnACall, type DesktopOnACall, type Scenario } from './browser-helpers.js';
import type { TestNode } from '../helpers/outpace-node.js';

let desk: DesktopOnACall;
let page: Page;
let test: TestNode;
let scenario: Scenario;

beforeAll(async () => {
  desk = await startDesktopOnACall('wrap-up-logout-countdown:', {
    name: `Wrap-up logout countdown ${Date.now()}`, agentId: 'wren', agentName: 'Wren Agent',
    campaign: { wrapUpMode: 'manual', wrapUpMs: 8_000 },
    leads: [{ firstName: 'Katherine', lastName: 'Johnson', phones: ['+15550100280'] }],
  });
  ({ page, test, scenario } = desk);
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

const ENDING = /^Choose a disposition to finish this call · logged out in 0:0(\d): a disposition not given by then waits under To disposition$/;
const secondsLeft = async () => Number(ENDING.exec((await page.textContent('#state-sub')) ?? '')?.[1] ?? NaN);

describe('a manual wrap-up before a logout asked during the call', () => {
  it('counts down the wrap-up time left, then the agent is logged out', async () => {
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Katherine Johnson');
    await page.click('#logout-btn');
    await page.click('#hangup-btn');
    await page.waitForSelector('#state-card[data-status="wrap_up"]');
    await expect.poll(() => page.textContent('#state-sub')).toMatch(ENDING);
    const first = await secondsLeft();
    expect(first).toBeGreaterThanOrEqual(5);
    await expect.poll(secondsLeft, { timeout: 5_000 }).toBeLessThan(first);

    await page.waitForSelector('#state-card[data-status="logged_out"]', { timeout: 15_000 });
    // The call was left without a disposition: it waits on the agent's list.
    const owed = await apiCall<{ calls: Array<{ attemptId: string }> }>(test, 'GET', '/api/agents/wren/undispositioned', undefined, scenario.agentToken);
    expect(owed.calls).toHaveLength(1);
  }, 60_000);
});
