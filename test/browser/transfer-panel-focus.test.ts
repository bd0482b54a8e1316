// The Transfer panel and the keyboard, through a whole node in headless Chromium: Cancel puts the
// focus back on the Transfer button rather than losing it with the panel, and Esc closes the panel
// as Cancel does.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesktopOnACall, type DesktopOnACall } from './browser-helpers.js';

let desk: DesktopOnACall;

beforeAll(async () => {
  desk = await startDesktopOnACall('transfer-panel-focus:', {
    name: `Transfer panel focus ${Date.now()}`, agentId: 'kit', agentName: 'Kit Keys',
    leads: [{ firstName: 'Tab', lastName: 'Order', phones: ['+15550100940'] }],
  });
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

const focused = (page: Page): Promise<string> => page.evaluate(() => document.activeElement?.id ?? '');

describe('the Transfer panel and the keyboard', () => {
  it('gives the focus back to Transfer on Cancel, and closes on Esc', async () => {
    const page = desk.page;
    await page.waitForSelector('#transfer-btn:visible');
    await page.locator('body').press('x');
    await page.waitForSelector('#transfer-panel:visible');
    await page.focus('#transfer-cancel');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.isHidden('#transfer-panel')).toBe(true);
    expect(await focused(page)).toBe('transfer-btn');

    // From the Transfer button the key opens the panel again; Esc closes it, focus back where it was.
    await page.keyboard.press('x');
    await page.waitForSelector('#transfer-panel:visible');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.isHidden('#transfer-panel')).toBe(true);
    expect(await focused(page)).toBe('transfer-btn');
  }, 60_000);
});
