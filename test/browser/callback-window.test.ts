// A callback time outside the lead's calling hours, on the agent desktop in headless Chromium
// against a whole node: the form says, before the agent promises it, when the call will really be
// made (the hours in the lead's zone open again), and says nothing for a time within them.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allDayWindow, startDesktopOnACall, type DesktopOnACall } from './browser-helpers.js';

let desk: DesktopOnACall;
let page: Page;

/** A day three days ahead in UTC, the campaign's holiday, and the day after it. */
const dayAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const holiday = dayAhead(3);
const afterHoliday = dayAhead(4);

beforeAll(async () => {
  desk = await startDesktopOnACall('callback-window:', {
    name: `Callback window ${Date.now()}`, agentId: 'alice', agentName: 'Alice Agent',
    campaign: { timezone: 'UTC', settings: { callingWindow: { ...allDayWindow, holidays: [holiday] } } },
    leads: [{ firstName: 'Noor', lastName: 'Haddad', phones: ['+15550100081'], timezone: 'UTC' }],
  });
  ({ page } = desk);
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

describe('a callback time on the agent desktop', () => {
  it('is said to be outside the lead\'s calling hours, with when the call will be made, before it is promised', async () => {
    await page.click('[data-code="CALLBACK"]');
    await page.waitForSelector('#callback-box:visible');
    await page.fill('#callback-at', `${holiday}T10:00`);
    await expect.poll(() => page.textContent('#callback-window'))
      .toMatch(/^Outside the lead's calling hours then: the call will be made from .+\.$/);
    const said = await page.textContent('#callback-window') ?? '';
    // The next day's opening, midnight in the lead's zone, as the desktop writes a time there.
    expect(said).toContain(String(Number(afterHoliday.slice(8, 10))));
    expect(said).toMatch(/12:00\sAM/);

    await page.fill('#callback-at', `${afterHoliday}T10:00`);
    await expect.poll(() => page.textContent('#callback-window')).toBe('');
  }, 60_000);
});
