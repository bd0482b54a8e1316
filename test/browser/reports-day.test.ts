// The campaign results page reports a day on the campaign's clock: a supervisor in another zone
// picks Today or Yesterday and gets the campaign's calendar day, midnight to midnight where the
// campaign dials, with the period shown in the campaign's zone, in headless Chromium.

import type { Browser, Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { noonZone } from '../helpers/noon-zone.js';
import { insertPastCall } from '../helpers/past-calls.js';
import { apiCall, firstAnswerLate, launchChromium } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let page: Page;
let campaignId: string;
const MINUTE = 60_000;
/** Midnight starting today where the campaign dials (its clock reads near noon). */
const midnight = DateTime.now().setZone(noonZone).startOf('day').toMillis();
/** The supervisor's browser is elsewhere. */
const browserZone = noonZone === 'Etc/GMT+10' ? 'Asia/Tokyo' : 'Pacific/Honolulu';

beforeAll(async () => {
  test = await startTestNode({}, 'browser-reports-day:');
  browser = await launchChromium();
  campaignId = (await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Day results ${Date.now()}`, timezone: noonZone })).id;
  const list = await createList(test.node.pool, { campaignId, name: 'days' });
  const [lead = ''] = (await insertLeads(test.node.pool, list.id, [{ firstName: 'Day', phones: ['+15550400100'] }])).map(String);
  // Late yesterday, early today, and the day before yesterday, on the campaign's clock.
  for (const at of [midnight - 30 * MINUTE, midnight + 30 * MINUTE, midnight - 25 * 60 * MINUTE]) {
    await insertPastCall(test.node.pool, campaignId, { leadId: lead, outcome: 'no_answer', dialledAt: new Date(at) });
  }
  page = await (await browser.newContext({ viewport: { width: 1360, height: 1000 }, locale: 'en-US', timezoneId: browserZone })).newPage();
  // The page's first answer (the last 24 hours) comes late, after the day picked below has been asked for.
  await firstAnswerLate(page, '**/api/reports/campaigns/**');
  await page.goto(`${test.node.url}/reports/?lang=en&campaign=${campaignId}`);
  await page.fill('#token', roleTokens.supervisor);
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('#page:visible');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

const dials = () => page.textContent('.kpi[data-kpi="dials"] .value');
/** The campaign's zone as a pattern (Etc/GMT+10 has a sign in it). */
const zoneNamed = noonZone.replace(/[+-]/g, '\\$&');

describe("campaign results for a day on the campaign's clock", () => {
  it('counts yesterday and today from midnight where the campaign dials, and says so', async () => {
    // Picked while the page's first answer (the last 24 hours) is on its way: that one is not drawn over it.
    await page.selectOption('#period', 'yesterday');
    await expect.poll(dials).toBe('1');
    // Midnight to midnight on the campaign's clock, whatever the browser's, the zone named after it.
    const midnightTwice = new RegExp(`^\\w{3} \\d{1,2}, \\d{4}, 12:00\\sAM – \\w{3} \\d{1,2}, \\d{4}, 12:00\\sAM ${zoneNamed}$`);
    await expect.poll(() => page.textContent('#range')).toMatch(midnightTwice);
    // Once the late first answer has come, yesterday is still what is drawn.
    await page.waitForTimeout(2000);
    expect(await page.textContent('#range')).toMatch(midnightTwice);
    expect(await dials()).toBe('1');
    await page.selectOption('#period', 'today');
    await expect.poll(dials).toBe('1');
    expect(await page.textContent('#range')).toMatch(new RegExp(`12:00\\sAM – .* ${zoneNamed}$`));
  });

  it('stays in the language picked last when an earlier pick\'s strings come after it', async () => {
    await page.route('**/web/locales/zh-CN.json', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await route.continue();
    });
    const label = (): Promise<string | null> => page.textContent('[data-i18n="reports.period"]');
    await page.selectOption('#locale', 'zh-CN');
    await page.selectOption('#locale', 'en');
    // The Chinese strings come a second later, after English was picked again.
    await page.waitForTimeout(1500);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await label()).toBe('Period');
    await page.unroute('**/web/locales/zh-CN.json');
  });
});
