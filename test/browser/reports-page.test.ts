// The campaign results page in headless Chromium: a manager signs in, picks the campaign and
// reads the period's dials, contact and abandonment, the daily target with its staffing
// estimate, and the tables by disposition, stage, grade, list, local hour and agent; in English
// and Chinese.

import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../src/adapters/pg/agent-repository.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { noonZone, noonZoneHour } from '../helpers/noon-zone.js';
import { insertPastCall } from '../helpers/past-calls.js';
import { apiCall, launchChromium, screenshot } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let page: Page;
let campaignId: string;
const MINUTE = 60_000;
/** When the calls were made from: the hours they fall in are reckoned from it too. */
const now = Date.now();

beforeAll(async () => {
  test = await startTestNode({}, 'browser-reports:');
  browser = await launchChromium();
  // An older campaign beside it, so that no default falls on this one by being first.
  await apiCall(test, 'POST', '/api/campaigns', { name: `Results older ${now}`, timezone: 'UTC' });
  const campaign = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
    name: `Results ${now}`, timezone: noonZone, settings: { targets: [{ measure: 'appointment', count: 3, per: 'day' }] },
  });
  campaignId = campaign.id;
  const list = await createList(test.node.pool, { campaignId, name: 'results' });
  const leads = (await insertLeads(test.node.pool, list.id, (['A', 'B', 'C'] as const).map((grade, i) => ({
    firstName: `R${i}`, grade, phones: [`+1555040000${i}`],
  })))).map(String);
  await upsertAgent(test.node.pool, { id: 'res-ann', name: 'Ann Results' });
  await upsertAgent(test.node.pool, { id: 'res-bob', name: 'Bob Fronter' });
  const at = (minutesAgo: number) => new Date(now - minutesAgo * MINUTE);
  await insertPastCall(test.node.pool, campaignId, { leadId: leads[0] ?? '', agentId: 'res-ann', outcome: 'connected', talkSeconds: 600, dialledAt: at(20),
    disposition: { code: 'APPOINTMENT', before: 'raw_lead', after: 'appointment' }, handedOver: { from: 'res-bob', afterSeconds: 60 } });
  await insertPastCall(test.node.pool, campaignId, { leadId: leads[1] ?? '', outcome: 'no_answer', dialledAt: at(15) });
  await insertPastCall(test.node.pool, campaignId, { leadId: leads[2] ?? '', outcome: 'abandoned', live: true, abandoned: true, dialledAt: at(10) });
  // The numbers shown: the campaign's own on two dials, a local one on the third (the live answer).
  await test.node.pool.query(
    `UPDATE attempts SET originated_at = created_at, caller_id = CASE WHEN live_at IS NULL THEN '+16505550100' ELSE '+15555550100' END WHERE campaign_id = $1`, [campaignId]);
  await test.node.pool.query(`INSERT INTO agent_state_log (agent_id, campaign_id, state, from_at, to_at) VALUES ('res-ann', $1, 'ready', $2, NULL)`,
    [campaignId, at(30)]);
  page = await (await browser.newContext({ viewport: { width: 1360, height: 1100 }, locale: 'en-US' })).newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

const kpi = (id: string) => page.textContent(`.kpi[data-kpi="${id}"] .value`);

describe('campaign results page', () => {
  it('shows the period, the target with its staffing estimate and the tables', async () => {
    await page.goto(`${test.node.url}/reports/?lang=en&campaign=${campaignId}`);
    await page.fill('#token', roleTokens.manager);
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#page:visible');
    await expect.poll(() => kpi('dials')).toBe('3');
    // A manager may plan the rest of the campaign from here.
    expect(await page.isVisible('#plan-link')).toBe(true);
    expect(await page.getAttribute('#plan-link', 'href')).toBe(`/plan/?campaign=${campaignId}`);
    expect(await kpi('contactRate')).toBe('33.3%');
    expect(await kpi('abandonRate')).toBe('50.00%');
    expect(await kpi('talk')).toBe('10 min');
    expect(await page.textContent('.kpi[data-kpi="abandonRate"] .sub')).toBe('1 of 2 live answers');

    const target = page.locator('.target[data-measure="appointment"]');
    expect(await target.locator('.target-value').textContent()).toBe('1 / 3');
    expect(await target.locator('.estimate').textContent()).toMatch(/^agent-hours still needed: \d+(\.\d)? \(pace [\d.]+ per agent-hour\)$/);

    expect(await page.textContent('#dispositions tbody')).toContain('Appointment set');
    const grades = await page.locator('#grades tbody tr').allTextContents();
    expect(grades[0]).toBe('A11100.0%1');
    // One list, all three dials; the leads have no zone, so the campaign's clock counts.
    expect(await page.locator('#lists tbody tr').allTextContents()).toEqual(['results3333.3%11']);
    const hourOf = (minutesAgo: number) => noonZoneHour(now - minutesAgo * MINUTE);
    const hourRows = await page.locator('#local-hours tbody tr').allTextContents();
    // The hours of the dials, and that of the abandon, answered 9 s after its dial (the next hour, for a dial at :59:51 or later).
    expect(hourRows.length).toBe(new Set([20, 15, 10, 10 - 9 / 60].map(hourOf)).size);
    expect(hourRows.join(' ')).toContain(`${String(hourOf(10)).padStart(2, '0')}:00–`);
    // The connected call was a live answer too: two of the three dials reached a person on the local number.
    expect(await page.locator('#caller-ids tbody tr').allTextContents()).toEqual(['+1555555010022100.0%1', '+16505550100100.0%0']);
    expect(await page.textContent('#agents tbody')).toContain('Ann Results');
    // Bob fronted the call and handed it over; Ann took it over.
    const headings = await page.locator('#agents thead th').allTextContents();
    const cell = async (agent: string, heading: string) =>
      page.locator('#agents tbody tr', { hasText: agent }).locator('td').nth(headings.indexOf(heading)).textContent();
    expect([await cell('Ann Results', 'Handed over'), await cell('Ann Results', 'Taken over')]).toEqual(['0', '1']);
    expect([await cell('Bob Fronter', 'Handed over'), await cell('Bob Fronter', 'Taken over')]).toEqual(['1', '0']);
    expect(await page.textContent('#stages tbody')).toContain('Appointment');
    await screenshot(page, 'reports-page-en');

    // The calls of the period download as CSV, with the lead and the disposition.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expect(download.suggestedFilename()).toBe(`calls-campaign-${campaignId}.csv`);
    const text = await readFile(await download.path(), 'utf8');
    // A byte order mark, for a spreadsheet to read it as UTF-8.
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\n')[0]).toContain('attempt_id,dialled_at');
    expect(text).toContain('APPOINTMENT');
  }, 30_000);

  it('opens the newest campaign that is dialling when the address names none', async () => {
    // Campaigns before and after it that are not dialling: the running one is what a manager opens the page for.
    await apiCall(test, 'POST', '/api/campaigns', { name: `Results draft ${Date.now()}`, timezone: 'UTC' });
    await apiCall(test, 'POST', `/api/campaigns/${campaignId}/start`);
    try {
      await page.goto(`${test.node.url}/reports/?lang=en`);
      await page.waitForSelector('#page:visible');
      await expect.poll(() => page.inputValue('#campaign')).toBe(campaignId);
      await expect.poll(() => kpi('dials')).toBe('3');
    } finally {
      await apiCall(test, 'POST', `/api/campaigns/${campaignId}/stop`);
    }
  }, 30_000);

  it('renders in Simplified Chinese', async () => {
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => page.textContent('#targets-card h2')).toBe('目标');
    expect(await page.textContent('.target[data-measure="appointment"] .target-head')).toContain('今日预约');
    await screenshot(page, 'reports-page-zh-CN');
  });

  it("counts leads advanced as the server does: a lead made an appointment and then an opportunity is one", async () => {
    // The server's figure, with the stage moves that would count the lead twice.
    await page.route('**/api/reports/campaigns/**', async (route) => {
      const body = (await (await route.fetch()).json()) as Record<string, unknown>;
      await route.fulfill({ json: { ...body, advanced: 1, stageMoves: { ...(body.stageMoves as object), appointment: 1, opportunity: 1 } } });
    });
    try {
      await page.goto(`${test.node.url}/reports/?lang=en&campaign=${campaignId}`);
      await page.waitForSelector('#page:visible');
      await expect.poll(() => kpi('advanced')).toBe('1');
      expect(await page.textContent('.kpi[data-kpi="advanced"] .sub')).toBe('appointments 1 · opportunities 1');
    } finally {
      await page.unroute('**/api/reports/campaigns/**');
    }
  }, 30_000);

  it('shows an hour whose only figure is an abandon answered in it, its call dialled the hour before', async () => {
    const hour = (h: number, figures: object) => ({
      hour: h, dials: 0, liveAnswers: 0, connected: 0, abandoned: 0, machineAnswers: 0, contactRate: null, abandonRate: null, ...figures,
    });
    // Dialled at 09:59:58, answered at 10:00:03 and abandoned: 10:00 has the abandon and no dial.
    const localHours = Array.from({ length: 24 }, (_, h) => hour(h, h === 9 ? { dials: 1, contactRate: 0 } : h === 10 ? { abandoned: 1, abandonRate: 1 } : {}));
    await page.route('**/api/reports/campaigns/**', async (route) => {
      const body = (await (await route.fetch()).json()) as Record<string, unknown>;
      await route.fulfill({ json: { ...body, localHours } });
    });
    try {
      await page.goto(`${test.node.url}/reports/?lang=en&campaign=${campaignId}`);
      await page.waitForSelector('#page:visible');
      await expect.poll(() => page.locator('#local-hours tbody tr').count()).toBe(2);
      const rows = await page.locator('#local-hours tbody tr').allTextContents();
      expect(rows[1]).toMatch(/^10:00–.*100\.0%$/);
    } finally {
      await page.unroute('**/api/reports/campaigns/**');
    }
  }, 30_000);
});
