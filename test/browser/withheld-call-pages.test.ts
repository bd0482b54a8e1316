// A call from a caller who withheld their number, as the staff's pages show it: put through to an
// agent on the simulated PBX and given its disposition, it is listed in the lead's calls (leads
// page) and in the campaign's evidence (compliance page) as Withheld, in each language, never as
// an empty number or one masked as +.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { runDigits } from '../helpers/run-digits.js';
import { callBack } from '../e2e/return-call-helpers.js';
import { allDayWindow, apiCall, launchChromium, waitUntil } from './browser-helpers.js';

// Six digits of the run's own (see runDigits).
const PRESENTED = `+1628${runDigits()}9`;

let test: TestNode;
let browser: Browser;
let campaignId: string;
let leadId: string;
let attemptId: string;

const statusOf = async (agentId: string): Promise<string> => (await apiCall<{ status: string }>(test, 'GET', `/api/agents/${agentId}`)).status;

async function signedIn(path: string, token: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })).newPage();
  await page.goto(`${test.node.url}${path}`);
  await page.fill('#token', token);
  await page.click('#signin-form button[type=submit]');
  return page;
}

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.25 }, 'withheld-call-pages:');
  browser = await launchChromium();
  campaignId = (await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
    name: `Withheld call pages ${PRESENTED}`, mode: 'preview', callerId: `"Acme" <${PRESENTED}>`, wrapUpMode: 'manual',
    settings: { callingWindow: allDayWindow },
  })).id;
  await apiCall(test, 'POST', `/api/campaigns/${campaignId}/start`);
  await apiCall(test, 'PUT', '/api/agents/wp-agent', { name: 'Agent wp-agent' });
  const { token } = await apiCall<{ token: string }>(test, 'POST', '/api/agents/wp-agent/tokens');
  await apiCall(test, 'POST', '/api/agents/wp-agent/login', { campaignId }, token);
  await waitUntil('wp-agent paused', async () => (await statusOf('wp-agent')) === 'paused');
  await apiCall(test, 'POST', '/api/agents/wp-agent/ready', undefined, token);
  await waitUntil('wp-agent ready', async () => (await statusOf('wp-agent')) === 'ready');
  // The withheld caller is put through to the ready agent, hangs up, and the agent gives the call its disposition.
  const call = callBack(test.pbx, '', PRESENTED);
  await waitUntil('wp-agent talking', async () => (await statusOf('wp-agent')) === 'talking', 20_000);
  const pop = await apiCall<{ attempt: { id: string }; lead: { id: string } }>(test, 'GET', '/api/agents/wp-agent/call', undefined, token);
  attemptId = pop.attempt.id;
  leadId = pop.lead.id;
  test.pbx.callerHangsUp(call.channelId);
  call.stop();
  await waitUntil('wp-agent in wrap-up', async () => (await statusOf('wp-agent')) === 'wrap_up');
  await apiCall(test, 'POST', `/api/attempts/${attemptId}/disposition`, { code: 'SALE', notes: 'rang back' }, token);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('a withheld caller\'s call on the staff pages', () => {
  it("is listed in the lead's calls as Withheld, for a supervisor (numbers masked) and in Chinese", async () => {
    const page = await signedIn(`/leads/?lang=en&campaign=${campaignId}&lead=${leadId}`, roleTokens.supervisor);
    const row = page.locator(`#calls tbody tr[data-attempt="${attemptId}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.locator('td.phone').textContent()).toBe('Withheld');
    // The lead has no number of its own: found by its campaign, it says why in the list and its numbers.
    expect(await page.locator(`#results tbody tr[data-lead="${leadId}"] td.phones`).textContent()).toBe('Number withheld');
    expect(await page.locator('#phones tbody tr.withheld td.phone').textContent()).toBe('Number withheld');
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => page.locator(`#calls tbody tr[data-attempt="${attemptId}"] td.phone`).textContent()).toBe('隐藏号码');
    expect(await page.locator('#phones tbody tr.withheld td.phone').textContent()).toBe('号码已隐藏');
    await page.context().close();
  });

  it("is in the campaign's evidence as a return call from a number withheld", async () => {
    const page = await signedIn(`/compliance/?lang=en&campaign=${campaignId}`, roleTokens.manager);
    const row = page.locator('#evidence tbody tr[data-kind="return_call"]');
    await row.waitFor({ timeout: 15_000 });
    const details = await row.locator('td.details').textContent();
    expect(details).toMatch(/^e164: Withheld · agentId: wp-agent · /);
    expect(details).not.toContain('withheld: true');
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => page.locator('#evidence tbody tr[data-kind="return_call"] td.details').textContent()).toMatch(/^e164: 隐藏号码 · /);
    await page.context().close();
  });
});
