// A coach reviews a recorded call from the wallboard in headless Chromium: a Save pressed twice
// (a double click, Enter then a click) while the first is on its way writes one review, not two
// that would count twice in the agent's reviews and mean score; and the review being written stays,
// with what was typed, when newer calls push its call off the list as it is read again.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { insertPastCall } from '../helpers/past-calls.js';
import { launchChromium, openWallboard } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let attemptId: string;
let campaignId: string;
let leadId: string;

beforeAll(async () => {
  test = await startTestNode({}, 'browser-wallboard-review:');
  browser = await launchChromium();
  const { pool } = test.node;
  const campaign = await createCampaign(pool, { name: `Review twice ${Date.now()}` });
  campaignId = campaign.id;
  const list = await createList(pool, { campaignId, name: 'review twice' });
  leadId = String((await insertLeads(pool, list.id, [{ firstName: 'Rita', lastName: 'Twice', phones: ['+15550500004'] }]))[0]);
  attemptId = await insertPastCall(pool, campaignId, { leadId, agentId: 'coached', outcome: 'connected', talkSeconds: 70, dialledAt: new Date(Date.now() - 120_000) });
  // Recorded, and the latest call to end: first on the wallboard's list.
  await pool.query("UPDATE attempts SET recording_name = 'review-twice', ended_at = now() WHERE id = $1", [attemptId]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('a review saved from the wallboard', () => {
  it('is written once however often Save is pressed while it is on its way', async () => {
    const page = await openWallboard(browser, test);
    const row = page.locator(`#recordings tr[data-attempt-id="${attemptId}"]`);
    await row.locator('button[data-action="review"]').click({ timeout: 10_000 });
    await page.selectOption('.review-form select', '3');
    await page.fill('.review-form input', 'Let the customer finish before the offer.');
    // The server takes its time answering, as a loaded one does.
    await page.route('**/api/attempts/*/reviews', async (route) => {
      await new Promise((resolve) => { setTimeout(resolve, 600); });
      await route.continue();
    });
    await page.dblclick('.review-form button[type=submit]');
    await page.press('.review-form input', 'Enter').catch(() => undefined);
    await expect.poll(() => row.locator('button[data-action="review"]').textContent(), { timeout: 10_000 }).toBe('Reviewed 3/5');
    await page.evaluate(() => new Promise((resolve) => { setTimeout(resolve, 1_500); }));
    const reviews = await test.node.pool.query('SELECT score, comment FROM call_reviews WHERE attempt_id = $1', [attemptId]);
    expect(reviews.rows).toEqual([{ score: 3, comment: 'Let the customer finish before the offer.' }]);
  }, 45_000);

  it('keeps the review being written when newer calls push its call off the list', async () => {
    const { pool } = test.node;
    const reviewed = await insertPastCall(pool, campaignId, { leadId, agentId: 'coached', outcome: 'connected', talkSeconds: 80, dialledAt: new Date(Date.now() - 60_000) });
    await pool.query("UPDATE attempts SET recording_name = 'review-kept', ended_at = now() WHERE id = $1", [reviewed]);
    const page = await openWallboard(browser, test);
    const row = page.locator(`#recordings tr[data-attempt-id="${reviewed}"]`);
    await row.locator('button[data-action="review"]').click({ timeout: 10_000 });
    await page.fill('.review-form input', 'Good rapport; confirm the address before you close.');
    // A busy floor: the list shows the latest 25, and 25 recorded calls end while the coach writes.
    const newer = await Promise.all(Array.from({ length: 25 }, () => insertPastCall(pool, campaignId, { leadId, agentId: 'coached', outcome: 'connected', talkSeconds: 30, dialledAt: new Date(Date.now() - 60_000) })));
    await pool.query("UPDATE attempts SET recording_name = 'review-newer', ended_at = now() + interval '1 second' WHERE id = ANY($1::uuid[])", [newer]);
    // Read again every 15 s.
    await expect.poll(() => page.locator(`#recordings tr[data-attempt-id="${newer[0]}"]`).count(), { timeout: 25_000 }).toBe(1);
    expect(await page.locator('.review-form').count()).toBe(1);
    expect(await page.locator('.review-form').getAttribute('data-attempt-id')).toBe(reviewed);
    expect(await page.inputValue('.review-form input')).toBe('Good rapport; confirm the address before you close.');
    await page.click('.review-form button[type=submit]');
    await expect.poll(() => page.locator('.review-form').count(), { timeout: 10_000 }).toBe(0);
    const reviews = await pool.query('SELECT comment FROM call_reviews WHERE attempt_id = $1', [reviewed]);
    expect(reviews.rows).toEqual([{ comment: 'Good rapport; confirm the address before you close.' }]);
  }, 60_000);
});
