// A callback time outside the lead's calling hours, on the agent desktop in headless Chromium
// against a whole node: the form says, before the agent promises it, when the call will really be
// made (the hours in the lead's zone open again), and says nothing for a time within them. On a
// computer whose clock is wrong, the lead's time and whether a callback time has passed follow the
// server's clock; a refused disposition stays said until the agent dismisses it.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestNode } from '../helpers/outpace-node.js';
import { allDayWindow, startDesktopOnACall, type DesktopOnACall, type Scenario } from './browser-helpers.js';

let desk: DesktopOnACall;
let test: TestNode;
let page: Page;
let scenario: Scenario;

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
  ({ test, page, scenario } = desk);
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
      .toMatch(/^Outside the lead's calling hours then: the call will be made from .+ UTC\.$/);
    const said = await page.textContent('#callback-window') ?? '';
    // The next day's opening, midnight in the lead's zone, as the desktop writes a time there.
    expect(said).toContain(String(Number(afterHoliday.slice(8, 10))));
    expect(said).toMatch(/12:00\sAM/);

    await page.fill('#callback-at', `${afterHoliday}T10:00`);
    await expect.poll(() => page.textContent('#callback-window')).toBe('');
  }, 60_000);

  it("follows the server's clock, not a computer's three hours fast, and keeps a refusal on screen until dismissed", async () => {
    await page.clock.install({ time: new Date(Date.now() + 3 * 3_600_000) });
    await page.reload();
    await page.waitForSelector('#state-pill[data-status="talking"]');
    await page.waitForSelector('#pop:visible');
    const leadTime = () => new Intl.DateTimeFormat('en-US', { timeStyle: 'short', timeZone: 'UTC' }).format(new Date());
    const spaced = (text: string | null) => (text ?? '').replace(/\s/g, ' ');
    await expect.poll(async () => spaced(await page.textContent('#lead-clock')) === spaced(leadTime()), { timeout: 5_000 }).toBe(true);

    await page.click('[data-code="CALLBACK"]');
    await page.click('#hangup-btn');
    await page.waitForSelector('#state-card[data-status="wrap_up"]');
    // More than a year ahead: the server refuses it, and the desktop says so until dismissed.
    await page.fill('#callback-at', `${new Date().getUTCFullYear() + 2}-06-01T10:00`);
    await page.click('#dispo-submit');
    const problems = page.locator('#problems .problem-text');
    await expect.poll(() => problems.allTextContents(), { timeout: 10_000 }).toEqual([expect.stringMatching(/^Disposition refused: .*more than a year ahead/)]);
    expect(await page.getAttribute('#problems', 'role')).toBe('alert');
    await page.clock.runFor(5_000);
    expect(await page.isHidden('#toast')).toBe(true);
    expect(await problems.count()).toBe(1);
    await page.click('#problems .problem-dismiss');
    expect(await problems.count()).toBe(0);

    // An hour from now on the server's clock (hours past on the computer's) is a time to come.
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString().slice(0, 16);
    await page.fill('#callback-at', inAnHour);
    // Every text the toast shows, kept: the server may answer (and the toast say it is saved) before
    // the test reads the text shown as it was sent.
    await page.locator('#toast').evaluate((element) => {
      const seen: string[] = [];
      (window as unknown as { toastTexts: string[] }).toastTexts = seen;
      new MutationObserver(() => seen.push(element.textContent ?? '')).observe(element, { subtree: true, childList: true, characterData: true });
    });
    await page.click('#dispo-submit');
    // The callback's time as the form took it: on the lead's clock, named.
    const toastTexts = () => page.evaluate(() => (window as unknown as { toastTexts: string[] }).toastTexts.map((text) => text.replace(/\s/g, ' ')));
    await expect.poll(toastTexts).toContainEqual(expect.stringMatching(/^Saving: .+, callback .+ UTC$/));
    await expect.poll(async () => (await test.node.pool.query<{ due_at: Date }>(
      'SELECT c.due_at FROM callbacks c JOIN attempts a ON a.id = c.attempt_id WHERE a.lead_id = $1', [scenario.leadIds[0]])).rows, { timeout: 10_000 })
      .toEqual([{ due_at: new Date(`${inAnHour}:00Z`) }]);
  }, 60_000);
});
