// People calling back who wait on hold for an agent, on the wallboard, in headless Chromium against
// a whole node on the simulated PBX: each caller appears with their number as the role sees it,
// their campaign, the campaign's number they called and how long they have waited, counted up
// each second; a supervisor hangs one up with a reason, kept with the call; a viewer sees the
// callers but no Hang up.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign } from '../../src/adapters/pg/campaign-repository.js';
import { ApiClient } from '../../src/demo/api-client.js';
import { roundTheClockWindow } from '../../src/demo/round-the-clock.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { callBack, type ReturnCallUnderTest } from '../e2e/return-call-helpers.js';
import { launchChromium, openWallboard, screenshot, waitUntil } from './browser-helpers.js';

// Six digits from 2: they begin the exchange of the numbers below, which never starts with 0 or 1.
const run = String(200_000 + (Date.now() % 800_000));
const PRESENTED = `+1332${run}2`;
const CALLER = `+1332${run}3`;
const CAMPAIGN = `Call-backs on hold ${run}`;

let test: TestNode;
let browser: Browser;
let campaignId: string;
let call: ReturnCallUnderTest;
let attemptId: string;

/** A viewer's wallboard: they see the board, and may act on nothing. */
async function viewerWallboard(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })).newPage();
  await page.goto(`${test.node.url}/wallboard/?lang=en`);
  await page.fill('#token', roleTokens.viewer);
  await page.click('#signin-form button[type=submit]');
  return page;
}

/** The seconds of a "m:ss" wait. */
const seconds = (text: string | null): number => {
  const [minutes, secs] = (text ?? '').split(':').map(Number);
  return (minutes ?? 0) * 60 + (secs ?? 0);
};

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.25 }, 'wallboard-waiting:');
  browser = await launchChromium();
  // Preview: nobody is dialled; no agent: the caller waits on hold.
  const campaign = await createCampaign(test.node.pool, {
    name: CAMPAIGN, mode: 'preview', callerId: `"Acme" <${PRESENTED}>`,
    settings: { callingWindow: roundTheClockWindow, returnCallHoldSeconds: 120 },
  });
  campaignId = campaign.id;
  await new ApiClient(test.node.url, roleTokens.manager).post(`/api/campaigns/${campaignId}/start`);
  call = callBack(test.pbx, CALLER, PRESENTED);
  attemptId = await waitUntil('the caller waiting on hold', async () =>
    [...test.node.runtime.state().calls.values()].find((c) => c.campaignId === campaignId && c.status === 'waiting_agent')?.attemptId, 20_000);
}, 60_000);

afterAll(async () => {
  call?.stop();
  await browser?.close();
  await test?.close();
});

describe('callers waiting on hold on the wallboard', () => {
  it('shows a viewer the caller, their number masked, with no Hang up', async () => {
    const page = await viewerWallboard();
    const row = page.locator(`#waiting-callers tr[data-attempt-id="${attemptId}"]:not(.hangup-row)`);
    await row.waitFor({ timeout: 15_000 });
    expect(await page.isVisible('#waiting-panel')).toBe(true);
    expect(await row.locator('.phone').textContent()).toMatch(/3$/);
    expect(await row.locator('.phone').textContent()).not.toBe(CALLER);
    expect(await row.locator('.campaign-name').textContent()).toBe(CAMPAIGN);
    expect(await row.locator('button:visible').count()).toBe(0);
    await page.context().close();
  });

  it('shows a supervisor the caller waiting longer each second, and hangs them up with a reason', async () => {
    const page = await openWallboard(browser, test);
    const row = page.locator(`#waiting-callers tr[data-attempt-id="${attemptId}"]:not(.hangup-row)`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator('.called').textContent()).toBe(PRESENTED);
    expect(await row.locator('.campaign-name').textContent()).toBe(CAMPAIGN);
    const first = seconds(await row.locator('.waited').textContent());
    await expect.poll(async () => seconds(await row.locator('.waited').textContent()), { timeout: 5_000 }).toBeGreaterThanOrEqual(first + 2);

    await row.locator('button[data-action="hangup"]').click();
    const form = page.locator(`#waiting-callers form.hangup-form[data-attempt-id="${attemptId}"]`);
    // The reason is asked for: Hang up now with none sends nothing.
    await form.locator('button[type=submit]').click();
    expect(test.node.runtime.state().calls.has(attemptId)).toBe(true);
    await form.locator('input[name=reason]').fill('rang six times this morning');
    await screenshot(page, 'wallboard-waiting-callers');
    await form.locator('button[type=submit]').click();
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => page.isVisible('#waiting-panel')).toBe(false);
    await waitUntil('the caller\'s channel ended', async () => call.events().some((e) => e.type === 'StasisEnd'), 20_000);
    await waitUntil('the attempt closed', async () =>
      (await test.node.pool.query('SELECT 1 FROM attempts WHERE id = $1 AND ended_at IS NOT NULL', [attemptId])).rowCount === 1);
    const [row0] = (await test.node.pool.query<{ ended_by: { role: string } | null; staff_reason: string | null }>('SELECT ended_by, staff_reason FROM attempts WHERE id = $1', [attemptId])).rows;
    expect(row0).toMatchObject({ ended_by: { role: 'supervisor' }, staff_reason: 'rang six times this morning' });
    // The evidence names who hung up, not the typed reason (kept with the call, which an erasure clears).
    await expect.poll(async () => (await test.node.pool.query<{ payload: { reason?: string; endedBy?: { role: string } } }>(
      "SELECT payload FROM evidence_log WHERE kind = 'return_call' AND payload->>'e164' = $1", [CALLER])).rows.map((r) => [r.payload.endedBy?.role, r.payload.reason]))
      .toEqual([['supervisor', undefined]]);
    await page.context().close();
  });

  it('shows a withheld caller waiting as Withheld, and hangs them up so named', async () => {
    const withheld = callBack(test.pbx, '', PRESENTED);
    const withheldId = await waitUntil('the withheld caller waiting on hold', async () =>
      [...test.node.runtime.state().calls.values()].find((c) => c.campaignId === campaignId && c.status === 'waiting_agent' && c.phone === '')?.attemptId, 20_000);
    const page = await openWallboard(browser, test);
    const row = page.locator(`#waiting-callers tr[data-attempt-id="${withheldId}"]:not(.hangup-row)`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator('.phone').textContent()).toBe('Withheld');
    await row.locator('button[data-action="hangup"]').click();
    const form = page.locator(`#waiting-callers form.hangup-form[data-attempt-id="${withheldId}"]`);
    await form.locator('input[name=reason]').fill('test call');
    await form.locator('button[type=submit]').click();
    await row.waitFor({ state: 'detached', timeout: 10_000 });
    await expect.poll(() => page.textContent('#toast'), { timeout: 5_000 }).toBe('The caller Withheld was hung up.');
    await waitUntil('the withheld caller\'s channel ended', async () => withheld.events().some((e) => e.type === 'StasisEnd'), 20_000);
    withheld.stop();
    await page.context().close();
  });
});
