// The agent desktop's keyboard card in headless Chromium lists the keys of the campaign the agent
// is logged in to: an agent of a predictive campaign is not shown the preview keys (next lead,
// dial, skip), which press nothing there; an agent of a preview campaign is.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { createScenario, launchChromium, openAgentDesktop } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'browser-keyboard-card:');
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

const previewKeys = ['N Next lead', 'D Dial', 'S Skip'];

describe("the desktop's keyboard card", () => {
  it("lists no preview keys to an agent of a predictive campaign", async () => {
    const scenario = await createScenario(test, {
      name: `Keys predictive ${Date.now()}`, agentId: 'keys-pat', agentName: 'Pat Keys', leads: [], campaign: { mode: 'predictive' },
    });
    const page = await openAgentDesktop(browser, test, scenario.agentToken, scenario.campaignId);
    await expect.poll(() => page.locator('#shortcut-keys li').allTextContents()).toEqual(expect.arrayContaining(['R Ready', 'P Pause', 'H Hang up']));
    const keys = await page.locator('#shortcut-keys li').allTextContents();
    for (const key of previewKeys) expect(keys).not.toContain(key);
    await page.context().close();
  });

  it('lists the preview keys to an agent of a preview campaign', async () => {
    const scenario = await createScenario(test, {
      name: `Keys preview ${Date.now()}`, agentId: 'keys-vic', agentName: 'Vic Keys', leads: [], campaign: { mode: 'preview' },
    });
    const page = await openAgentDesktop(browser, test, scenario.agentToken, scenario.campaignId);
    await expect.poll(() => page.locator('#shortcut-keys li').allTextContents()).toEqual(expect.arrayContaining(['R Ready', ...previewKeys]));
    await page.context().close();
  });
});
