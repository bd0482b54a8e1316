// Staff pages show a campaign's times on its clock, the zone named, wherever the browser is: a
// supervisor in Tokyo reads a New York campaign's evidence log, its recorded calls on the
// wallboard, its leads' last calls and a lead's calls as New York's hours (its calling hours are
// New York's), and a lead's next dial on the lead's own clock, in headless Chromium.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEvidence } from '../../src/adapters/pg/evidence-log-repository.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { insertPastCall } from '../helpers/past-calls.js';
import { allDayWindow, apiCall, launchChromium } from './browser-helpers.js';

const campaignZone = 'America/New_York';
const leadZone = 'America/Los_Angeles';
/** The supervisor's browser: half a day from the campaign, so no hour agrees. */
const browserZone = 'Asia/Tokyo';
const tag = `${Date.now()}`.slice(-6);
/** Two hours ago, to the minute: the call, its recording and its evidence. */
const at = new Date(Math.floor((Date.now() - 2 * 3_600_000) / 60_000) * 60_000);
/** Two days on: the lead's next dial. */
const nextDial = new Date(Math.floor((Date.now() + 2 * 86_400_000) / 60_000) * 60_000);

let test: TestNode;
let browser: Browser;
let campaignId: string;
let leadId: string;
let attemptId: string;

/** The text a page shows for `moment` on `zone`'s clock, spaces as ICU may print them made plain. */
const onClock = (moment: Date, zone: string, options: Intl.DateTimeFormatOptions = {}): string =>
  `${new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', ...options, timeZone: zone }).format(moment)} ${zone}`.replace(/\s/g, ' ');
const plain = (text: string | null): string => (text ?? '').replace(/\s/g, ' ');
/** A page just signed in into takes a moment to load its data: more than a poll's default second on a busy machine. */
const loaded = { timeout: 10_000 };

async function signedIn(path: string, token: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1360, height: 1000 }, locale: 'en-US', timezoneId: browserZone })).newPage();
  await page.goto(`${test.node.url}${path}`);
  await page.fill('#token', token);
  await page.click('#signin-form button[type=submit]');
  return page;
}

beforeAll(async () => {
  test = await startTestNode({}, 'browser-campaign-clock:');
  browser = await launchChromium();
  campaignId = (await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
    name: `Clock ${tag}`, timezone: campaignZone, settings: { callingWindow: allDayWindow },
  })).id;
  const list = await createList(test.node.pool, { campaignId, name: 'clock' });
  [leadId = ''] = (await insertLeads(test.node.pool, list.id, [
    { firstName: 'Clara', lastName: `Clock${tag}`, phones: [`+1212555${tag.slice(-4)}`], timezone: leadZone },
  ])).map(String);
  const attempt = await insertPastCall(test.node.pool, campaignId, { leadId, agentId: 'agent-7', outcome: 'connected', talkSeconds: 50, dialledAt: at });
  attemptId = attempt;
  // Recorded, and ended at the minute (the wallboard lists a call by its end).
  await test.node.pool.query(`UPDATE attempts SET recording_name = 'rec', ended_at = $2, originated_at = created_at,
    phone_id = (SELECT id FROM lead_phones WHERE lead_id = $3 LIMIT 1) WHERE id = $1`, [attempt, at, leadId]);
  await test.node.pool.query("UPDATE leads SET last_attempt_at = $2, last_outcome = 'connected', status = 'retry', next_dial_at = $3 WHERE id = $1", [leadId, at, nextDial]);
  await appendEvidence(test.node.pool, { kind: 'abandon', campaignId, leadId, at, payload: { waitedMs: 2000 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe("a campaign's times on its clock, in a browser elsewhere", () => {
  it("shows the evidence log's times on the campaign's clock, naming its zone", async () => {
    const page = await signedIn(`/compliance/?lang=en&campaign=${campaignId}`, roleTokens.manager);
    // This lead's: the append-only log keeps entries earlier test files made under the same campaign id.
    const abandon = page.locator('#evidence tbody tr[data-kind="abandon"]', { has: page.locator(`a[href="/leads/?lead=${leadId}"]`) }).locator('td.when');
    await expect.poll(async () => plain(await abandon.textContent()), loaded).toBe(onClock(at, campaignZone));
  }, 30_000);

  it("shows the wallboard's recorded calls on their campaign's clock", async () => {
    const page = await signedIn('/wallboard/?lang=en', roleTokens.supervisor);
    // This call's: other files' recorded calls, ended later, come first.
    const ended = page.locator(`#recordings tr[data-attempt-id="${attemptId}"] td.when`);
    await expect.poll(async () => plain(await ended.textContent()), loaded).toBe(onClock(at, campaignZone));
  }, 30_000);

  it("shows a lead's last call and calls on the campaign's clock, its next dial in the list on the lead's, and why it waits on both", async () => {
    const page = await signedIn(`/leads/?lang=en&campaign=${campaignId}&q=Clara`, roleTokens.manager);
    const row = page.locator(`#results tr[data-lead="${leadId}"]`);
    await expect.poll(async () => plain(await row.locator('td.last-call span').textContent()), loaded).toBe(onClock(at, campaignZone));
    // When the customer will be called, as they would read it: their calling hours decide it.
    expect(plain(await row.locator('td.next-dial').textContent())).toBe(onClock(nextDial, leadZone));
    await row.click();
    const call = page.locator('#calls tbody tr td.when').first();
    await expect.poll(async () => plain(await call.textContent()), loaded).toBe(onClock(at, campaignZone));
    // Not dialled before its next dial: on the campaign's clock, and on the lead's.
    const why = await apiCall<{ earliestDialAt: string | null }>(test, 'GET', `/api/leads/${leadId}/why-not-dialled`);
    expect(why.earliestDialAt).toBeTruthy();
    const earliest = new Date(why.earliestDialAt ?? '');
    await expect.poll(async () => plain(await page.textContent('#why-summary')), loaded)
      .toBe(`Not before ${onClock(earliest, campaignZone)} (${onClock(earliest, leadZone)} on the lead's clock), if nothing else changes.`);
  }, 30_000);
});
