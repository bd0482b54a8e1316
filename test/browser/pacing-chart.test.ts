// The pacing page's charts in headless Chromium: their time ticks fall on the campaign clock's
// whole minutes and hours, for a campaign three quarters of an hour off UTC (Asia/Kathmandu) on
// the page's last hour, and for the half-hour zones on an hourly scale, in a browser elsewhere; a
// campaign picked whose hour answers late is not drawn over the one picked after it.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { allDayWindow, apiCall, firstAnswerLate, launchChromium, screenshot } from './browser-helpers.js';

const campaignZone = 'Asia/Kathmandu';
const MINUTE = 60_000;

let test: TestNode;
let browser: Browser;
let page: Page;
let campaignId: string;

/** The minutes past the hour of `atMs` on `zone`'s clock. */
const minuteOn = (atMs: number, zone: string): number =>
  Number(new Intl.DateTimeFormat('en-US', { timeZone: zone, minute: 'numeric' }).format(new Date(atMs)));

beforeAll(async () => {
  test = await startTestNode({}, 'browser-pacing-chart:');
  browser = await launchChromium();
  campaignId = (await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
    name: `Ticks ${Date.now()}`, timezone: campaignZone, settings: { callingWindow: allDayWindow },
  })).id;
  // The browser on UTC's clock: its whole minutes are not Kathmandu's.
  page = await (await browser.newContext({ viewport: { width: 1300, height: 1000 }, locale: 'en-US', timezoneId: 'UTC' })).newPage();
  await pacingOf(page, [campaignId]);
}, 60_000);

/** An hour of each campaign's pacing, a sample a minute, as the history route gives it: the one
 * picked (`?campaign=`), or all of `ids`. */
async function pacingOf(on: Page, ids: string[]): Promise<void> {
  await on.route('**/api/pacing/history*', async (route) => {
    const nowMs = Date.now();
    const samples = Array.from({ length: 61 }, (_, i) => ({
      atMs: nowMs - (60 - i) * MINUTE, dialLevel: 1.5, agentsReady: 2, agentsStaffed: 4, connectsPerMinute: 3, abandonRate: 0.01, abandonBudget: 0.03,
    }));
    const picked = new URL(route.request().url()).searchParams.get('campaign');
    const campaigns = (picked ? [picked] : ids).map((id) => ({ campaignId: id, regime: 'us', forecast: null, samples }));
    await route.fulfill({ json: { nowMs, campaigns, elsewhere: [] } });
  });
}

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe("the pacing charts' time ticks", () => {
  it("fall on the campaign clock's whole ten minutes over the last hour, three quarters of an hour off UTC", async () => {
    await page.goto(`${test.node.url}/pacing/?lang=en&campaign=${campaignId}&token=${roleTokens.supervisor}`);
    const ticks = page.locator(`section.campaign[data-campaign="${campaignId}"] [data-chart="dialLevel"] text.tick`);
    await expect.poll(() => ticks.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(5);
    const at = (await ticks.evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-at'))))) as number[];
    expect(at.map((ms) => minuteOn(ms, campaignZone) % 10)).toEqual(at.map(() => 0));
    // Ten minutes apart, as labelled on the campaign's clock.
    expect(at.slice(1).map((ms, i) => ms - (at[i] ?? 0))).toEqual(at.slice(1).map(() => 10 * MINUTE));
    const labels = await ticks.allTextContents();
    expect(labels).toEqual(at.map((ms) => new Intl.DateTimeFormat('en-US', { timeStyle: 'short', timeZone: campaignZone }).format(new Date(ms))));
    for (const label of labels) expect(label).toMatch(/:\d0\s[AP]M$/);
    await screenshot(page, 'pacing-chart-ticks-kathmandu');
  }, 30_000);

  it('fall on whole hours for the half-hour zones on an hourly scale, and across a change of the clocks', async () => {
    // The page's own chart module, as the page loads it (a string: the test's own imports are rewritten).
    const ticksOf = (fromMs: number, toMs: number, zone: string): Promise<Array<{ at: number; label: string }>> => page.evaluate(`(async () => {
      const { drawChart } = await import('/pacing/svg-chart.js');
      const container = document.createElement('div');
      container.style.width = '1200px';
      document.body.append(container);
      drawChart(container, { series: [], fromMs: ${fromMs}, toMs: ${toMs}, timeZone: ${JSON.stringify(zone)} });
      const ticks = [...container.querySelectorAll('text.tick')].map((n) => ({ at: Number(n.getAttribute('data-at')), label: n.textContent }));
      container.remove();
      return ticks;
    })()`);
    const start = Date.UTC(2026, 2, 7, 22, 0);
    for (const zone of ['Asia/Kolkata', 'America/St_Johns']) {
      // Eight hours from 10 PM UTC: ticks every hour (St John's clocks go forward at 2 AM on 8 March 2026).
      const ticks = await ticksOf(start, start + 8 * 60 * MINUTE, zone);
      expect(ticks.length, zone).toBeGreaterThanOrEqual(5);
      for (const { at, label } of ticks) {
        expect(minuteOn(at, zone), `${zone} ${label}`).toBe(0);
        expect(label, zone).toMatch(/:00\s[AP]M$/);
      }
    }
  }, 30_000);
});

describe('the pacing page picking a campaign', () => {
  it('draws the campaign picked last, not one picked before it whose hour answers late', async () => {
    const other = (await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
      name: `Picked last ${Date.now()}`, timezone: 'UTC', settings: { callingWindow: allDayWindow },
    })).id;
    const picker = await (await browser.newContext({ viewport: { width: 1300, height: 1000 }, locale: 'en-US' })).newPage();
    await pacingOf(picker, [campaignId, other]);
    await picker.goto(`${test.node.url}/pacing/?lang=en&token=${roleTokens.supervisor}`);
    const drawn = () => picker.locator('section.campaign').evaluateAll((sections) => sections.map((s) => (s as HTMLElement).dataset.campaign));
    await expect.poll(drawn, { timeout: 10_000 }).toEqual([campaignId, other]);
    // Kathmandu's hour comes late; the other campaign is picked meanwhile.
    const kathmandu = new RegExp(`/api/pacing/history\\?campaign=${campaignId}$`);
    await firstAnswerLate(picker, kathmandu);
    try {
      const late = picker.waitForResponse((response) => kathmandu.test(response.url()), { timeout: 10_000 });
      await picker.selectOption('#campaign', campaignId);
      await picker.selectOption('#campaign', other);
      await expect.poll(drawn).toEqual([other]);
      await late;
      // Let the page handle the late answer before checking it changed nothing.
      await picker.evaluate(() => new Promise((resolve) => { setTimeout(resolve, 200); }));
      expect(await drawn()).toEqual([other]);
    } finally {
      await picker.unroute(kathmandu);
    }
  }, 30_000);
});
