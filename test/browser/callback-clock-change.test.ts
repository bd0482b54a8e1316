// A callback typed for a night the lead's clocks change, on the agent desktop in headless Chromium
// against a whole node: a time the clocks skip (02:30 on a US spring-forward night) is refused with
// the gap named, not booked an hour early; a time the clocks repeat (01:30 on a fall-back night) is
// its first occurrence, as the server reads a local time.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestNode } from '../helpers/outpace-node.js';
import { startDesktopOnACall, type DesktopOnACall, type Scenario } from './browser-helpers.js';

let desk: DesktopOnACall;
let test: TestNode;
let page: Page;
let scenario: Scenario;

/** The `nth` Sunday of a month (1-based), as YYYY-MM-DD, in the first year it is still ahead. */
function nextNthSunday(month: number, nth: number): string {
  for (let year = new Date().getUTCFullYear(); ; year++) {
    const first = new Date(Date.UTC(year, month - 1, 1));
    const day = new Date(Date.UTC(year, month - 1, 1 + ((7 - first.getUTCDay()) % 7) + (nth - 1) * 7));
    if (day.getTime() > Date.now() + 86_400_000) return day.toISOString().slice(0, 10);
  }
}
/** US clocks go forward at 02:00 on March's second Sunday and back at 02:00 on November's first. */
const springForward = nextNthSunday(3, 2);
const fallBack = nextNthSunday(11, 1);

beforeAll(async () => {
  desk = await startDesktopOnACall('callback-clock-change:', {
    name: `Callback clock change ${Date.now()}`, agentId: 'alice', agentName: 'Alice Agent',
    campaign: { timezone: 'America/New_York' },
    leads: [{ firstName: 'Rosa', lastName: 'Parks', phones: ['+15550100091'], timezone: 'America/New_York' }],
  });
  ({ test, page, scenario } = desk);
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

describe('a callback time on a night the clocks change', () => {
  it('is refused in the hour the clocks skip, naming the gap, and is the first of the hour they repeat', async () => {
    const gapSaid = `02:30 on ${springForward} does not exist in America/New_York: the clocks go forward then. Pick 03:00 or later.`;
    await page.click('[data-code="CALLBACK"]');
    await page.waitForSelector('#callback-box:visible');
    await page.fill('#callback-at', `${springForward}T02:30`);
    await expect.poll(() => page.textContent('#callback-window')).toBe(gapSaid);

    await page.click('#hangup-btn');
    await page.waitForSelector('#state-card[data-status="wrap_up"]');
    await page.click('#dispo-submit');
    expect(await page.textContent('#dispo-hint')).toBe(gapSaid);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('callback-at');

    // 01:30 happens twice on the fall-back night: the first, still on daylight time (UTC-4).
    await page.fill('#callback-at', `${fallBack}T01:30`);
    await expect.poll(() => page.textContent('#callback-window')).toBe('');
    await page.click('#dispo-submit');
    await expect.poll(async () => (await test.node.pool.query<{ due_at: Date }>(
      'SELECT c.due_at FROM callbacks c JOIN attempts a ON a.id = c.attempt_id WHERE a.lead_id = $1', [scenario.leadIds[0]])).rows, { timeout: 10_000 })
      .toEqual([{ due_at: new Date(`${fallBack}T05:30:00Z`) }]);
  }, 60_000);
});
