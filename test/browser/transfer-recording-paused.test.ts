// Transfer while the recording is paused, through a whole node in headless Chromium: the engine
// refuses to hand over a call whose recording is paused (card details being given), so the desktop's
// Transfer button is disabled meanwhile, says why, and its key opens nothing; once the recording goes
// on, it works again.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesktopOnACall, type DesktopOnACall } from './browser-helpers.js';

let desk: DesktopOnACall;

beforeAll(async () => {
  desk = await startDesktopOnACall('transfer-recording-paused:', {
    name: `Transfer recording paused ${Date.now()}`, agentId: 'pia', agentName: 'Pia Card',
    leads: [{ firstName: 'Cara', lastName: 'Number', phones: ['+15550100930'] }],
  });
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

describe('Transfer while the recording is paused', () => {
  it('is disabled with the reason, its key opens nothing, and it comes back when the recording goes on', async () => {
    const page = desk.page;
    await page.waitForSelector('#transfer-btn:visible');
    expect(await page.isEnabled('#transfer-btn')).toBe(true);

    await page.click('#recording-btn');
    await page.waitForSelector('#recording-paused:visible');
    await expect.poll(() => page.isDisabled('#transfer-btn')).toBe(true);
    expect(await page.getAttribute('#transfer-btn', 'title')).toBe('Let the recording go on before transferring the call: the call cannot be handed over while the recording is paused.');
    await page.locator('body').press('x');
    await page.waitForTimeout(1_000);
    expect(await page.isHidden('#transfer-panel')).toBe(true);

    await page.click('#recording-btn');
    await expect.poll(() => page.isEnabled('#transfer-btn')).toBe(true);
    expect(await page.getAttribute('#transfer-btn', 'title')).toBe('');
    await page.locator('body').press('x');
    await page.waitForSelector('#transfer-panel:visible');
  }, 60_000);
});
