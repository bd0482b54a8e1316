// The tabs under the call script (History, Callbacks, FAQ) on the agent desktop in headless
// Chromium against a whole node, by keyboard as the WAI-ARIA tabs pattern has them: only the tab
// shown is in the Tab order, and Left/Right (wrapping), Home and End move to a tab and show it.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesktopOnACall, type DesktopOnACall } from './browser-helpers.js';

let desk: DesktopOnACall;
let page: Page;

beforeAll(async () => {
  desk = await startDesktopOnACall('pop-tabs-keys:', {
    name: `Pop tabs keys ${Date.now()}`, agentId: 'tara', agentName: 'Tara Agent',
    leads: [{ firstName: 'Mary', lastName: 'Jackson', phones: ['+15550100270'] }],
  });
  ({ page } = desk);
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

/** The tab focused, the one selected, the tabs in the Tab order and the panel shown. */
const tabsNow = () => page.evaluate(() => ({
  focused: document.activeElement?.id,
  selected: Array.from(document.querySelectorAll('[role="tab"][aria-selected="true"]')).map((tab) => tab.id),
  inTabOrder: Array.from(document.querySelectorAll<HTMLElement>('[role="tab"]')).filter((tab) => tab.tabIndex === 0).map((tab) => tab.id),
  shown: Array.from(document.querySelectorAll<HTMLElement>('[role="tabpanel"]')).filter((panel) => !panel.hidden).map((panel) => panel.id),
}));
const at = (name: string) => ({ focused: `tab-${name}`, selected: [`tab-${name}`], inTabOrder: [`tab-${name}`], shown: [name] });

describe('the tabs of the screen pop', () => {
  it('follow the arrow keys, Home and End, with only the tab shown in the Tab order', async () => {
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Mary Jackson');
    expect((await tabsNow()).inTabOrder).toEqual(['tab-history']);
    await page.focus('#tab-history');
    await page.keyboard.press('ArrowRight');
    expect(await tabsNow()).toEqual(at('callbacks'));
    await page.keyboard.press('ArrowRight');
    expect(await tabsNow()).toEqual(at('faq'));
    await page.keyboard.press('ArrowRight');
    expect(await tabsNow()).toEqual(at('history'));
    await page.keyboard.press('ArrowLeft');
    expect(await tabsNow()).toEqual(at('faq'));
    await page.keyboard.press('Home');
    expect(await tabsNow()).toEqual(at('history'));
    await page.keyboard.press('End');
    expect(await tabsNow()).toEqual(at('faq'));
    // A click shows its tab and puts it in the Tab order as well.
    await page.click('#tab-callbacks');
    expect(await tabsNow()).toEqual(at('callbacks'));
  }, 60_000);
});
