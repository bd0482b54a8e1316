// A person calls back the number a campaign presented while its agent is ready, in headless
// Chromium against a whole node (simulated PBX): the agent's desktop pops the lead the campaign
// called at the caller's number, marked as having called back, with nothing dialled by the engine;
// someone it never called is an unknown caller, and one who withheld their number is told as such.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiCall, createScenario, launchChromium, screenshot, type Scenario } from './browser-helpers.js';
import { runDigits } from '../helpers/run-digits.js';

// Six digits of the run's own: they begin the exchange of the numbers below (see runDigits).
const run = runDigits();
const PRESENTED = `+1415${run}8`;
const CALLER = `+1718${run}3`;
const STRANGER = `+1917${run}5`;

let test: TestNode;
let browser: Browser;
let scenario: Scenario;
let page: Page;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.25 }, 'browser-return-call:');
  browser = await launchChromium();
  // Preview: the engine dials nobody by itself, so the only call the agent gets is the caller's.
  scenario = await createScenario(test, {
    name: `Return call pop ${run}`, agentId: `returned-${run}`, agentName: 'Katherine Johnson',
    campaign: { mode: 'preview', callerId: `"Acme" <${PRESENTED}>` },
    leads: [{ firstName: 'Dorothy', lastName: 'Vaughan', phones: [CALLER] }],
  });
  // The campaign called her an hour ago, unanswered: the number she calls back from.
  await test.node.pool.query(`INSERT INTO attempts (campaign_id, lead_id, phone_id, e164, status, outcome, created_at, originated_at, ended_at)
    VALUES ($1, $2, (SELECT id FROM lead_phones WHERE lead_id = $2), $3, 'ended', 'no_answer', now() - interval '1 hour', now() - interval '1 hour', now() - interval '59 minutes')`,
  [scenario.campaignId, scenario.leadIds[0], CALLER]);
  page = await (await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'en-US' })).newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('a return call on the agent desktop', () => {
  it('pops the lead the caller belongs to, marked as having called back, and greets a caller the campaign never called as unknown', async () => {
    await page.goto(`${test.node.url}/agent/?lang=en`);
    await page.fill('#token', scenario.agentToken);
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#login-btn:visible');
    await page.selectOption('#campaign-select', scenario.campaignId);
    await page.click('#login-btn');
    await page.waitForSelector('#state-card[data-status="paused"]');
    await page.keyboard.press('r');
    await page.waitForSelector('#state-pill[data-status="ready"]');

    const call = test.pbx.placeInboundCall({ from: CALLER, to: PRESENTED });
    await page.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
    await expect.poll(() => page.textContent('#lead-name')).toBe('Dorothy Vaughan');
    expect(await page.textContent('#lead-meta .inbound')).toBe('Called us back');
    // The campaign's number they rang back, whole: the agent knows which line the call came in on.
    expect(await page.textContent('#lead-meta .shown-as')).toContain(PRESENTED);
    await screenshot(page, 'agent-desktop-return-call-en');

    // Someone the campaign never called rings the number back: greeted as an unknown caller.
    const { attempt } = await apiCall<{ attempt: { id: string } }>(test, 'GET', `/api/agents/${scenario.agentId}/call`, undefined, scenario.agentToken);
    test.pbx.callerHangsUp(call.id);
    await page.waitForSelector('#state-pill[data-status="wrap_up"]', { timeout: 15_000 });
    await expect.poll(async () => (await test.node.pool.query('SELECT 1 FROM attempts WHERE id = $1 AND ended_at IS NOT NULL', [attempt.id])).rowCount).toBe(1);
    await apiCall(test, 'POST', `/api/attempts/${attempt.id}/disposition`, { code: 'SALE' }, scenario.agentToken);
    await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/ready`, undefined, scenario.agentToken);
    await page.waitForSelector('#state-pill[data-status="ready"]', { timeout: 15_000 });
    const stranger = test.pbx.placeInboundCall({ from: STRANGER, to: PRESENTED });
    await page.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
    await expect.poll(() => page.textContent('#lead-name')).toBe('Unknown caller');
    expect(await page.textContent('#lead-meta .inbound')).toBe('Called us back');
    expect(await page.locator('#lead-meta .withheld').count()).toBe(0);

    // A caller who withholds their number is put through too: the desktop says there is no number.
    await nextCall(stranger.id);
    test.pbx.placeInboundCall({ from: '', to: PRESENTED });
    await page.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
    await expect.poll(() => page.textContent('#lead-name')).toBe('Unknown caller');
    expect(await page.textContent('#lead-meta .withheld')).toBe('Number withheld');
    expect(await page.textContent('#lead-meta .inbound')).toBe('Called us back');
    await screenshot(page, 'agent-desktop-return-call-withheld-en');
  }, 90_000);
});

/** The caller on `channelId` hangs up, the agent dispositions the call and is ready for the next. */
async function nextCall(channelId: string): Promise<void> {
  const { attempt } = await apiCall<{ attempt: { id: string } }>(test, 'GET', `/api/agents/${scenario.agentId}/call`, undefined, scenario.agentToken);
  test.pbx.callerHangsUp(channelId);
  await page.waitForSelector('#state-pill[data-status="wrap_up"]', { timeout: 15_000 });
  await expect.poll(async () => (await test.node.pool.query('SELECT 1 FROM attempts WHERE id = $1 AND ended_at IS NOT NULL', [attempt.id])).rowCount).toBe(1);
  await apiCall(test, 'POST', `/api/attempts/${attempt.id}/disposition`, { code: 'SALE' }, scenario.agentToken);
  await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/ready`, undefined, scenario.agentToken);
  await page.waitForSelector('#state-pill[data-status="ready"]', { timeout: 15_000 });
}
