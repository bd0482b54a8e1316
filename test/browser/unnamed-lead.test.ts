// A lead without a name, called, on every page that names leads, in headless Chromium against a
// whole node: one loaded without a name and dialled by the pacer, and one made for a number the
// agent typed (in the campaign's list of manual dials). The desktop's screen pop, state card and My callbacks,
// the wallboard's recordings and the leads page say "Unnamed lead", never "undefined", "null" or
// nothing; the campaigns page shows a dash for the manual dials' due count, which the pacer never dials.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleCallback } from '../../src/adapters/pg/callback-follow-up.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiCall, ARTIFACTS, createScenario, launchChromium, openAgentDesktop, openWallboard, screenshot, waitUntil, type Scenario } from './browser-helpers.js';

const LOADED = '+15550107320';
const TYPED = '+12125550740';

let test: TestNode;
let browser: Browser;
let scenario: Scenario;
let desktop: Page;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'unnamed-lead:', { closeDrainMs: 0 });
  browser = await launchChromium();
  scenario = await createScenario(test, {
    name: `Unnamed lead ${Date.now()}`, agentId: 'nia', agentName: 'Nia Nameless',
    leads: [{ phones: [LOADED] }],
  });
  desktop = await openAgentDesktop(browser, test, scenario.agentToken, scenario.campaignId);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

const agentCall = <T>(method: string, path: string, body?: unknown) => apiCall<T>(test, method, path, body, scenario.agentToken);
const agentStatus = async () => (await agentCall<{ status: string; callId: string | null }>('GET', `/api/agents/${scenario.agentId}`));
const UNSAID = /undefined|null|NaN|\[object/;

/** Hangs up the agent's call and gives its disposition, leaving them paused. */
async function endCall(): Promise<string> {
  const { callId } = await agentStatus();
  await agentCall('POST', `/api/agents/${scenario.agentId}/hangup`);
  await desktop.waitForSelector('#state-pill[data-status="wrap_up"]');
  await agentCall('POST', `/api/attempts/${callId}/disposition`, { code: 'NOT_INTERESTED' });
  await agentCall('POST', `/api/agents/${scenario.agentId}/pause`, { reason: 'break' });
  await waitUntil('the agent paused', async () => (await agentStatus()).status === 'paused');
  return callId ?? '';
}

/** The WCAG contrast ratio of an element's text colour against the first background behind it. */
function contrastWithBackground(element: Element): number {
  const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
  const luminance = (css: string) => {
    const [r = 0, g = 0, b = 0] = rgb(css).map((c) => c / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let behind: Element | null = element;
  while (behind && (rgb(getComputedStyle(behind).backgroundColor)[3] === 0 || getComputedStyle(behind).backgroundColor === 'transparent')) behind = behind.parentElement;
  const [text, back] = [luminance(getComputedStyle(element).color), luminance(behind ? getComputedStyle(behind).backgroundColor : 'rgb(255, 255, 255)')];
  return (Math.max(text, back) + 0.05) / (Math.min(text, back) + 0.05);
}

async function staffPage(path: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })).newPage();
  await page.goto(`${test.node.url}${path}`);
  await page.fill('#token', roleTokens.manager);
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('#signin-form', { state: 'hidden' });
  return page;
}

describe('a lead without a name', () => {
  it('is an unnamed lead in the screen pop, loaded and dialled or made for a typed number', async () => {
    await desktop.keyboard.press('r');
    await desktop.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
    await expect.poll(() => desktop.textContent('#lead-name')).toBe('Unnamed lead');
    // The state card says who is on the line, as for a named lead.
    await expect.poll(() => desktop.textContent('#state-sub')).toBe('On the line with Unnamed lead');
    expect(await desktop.textContent('#lead-meta')).not.toMatch(UNSAID);
    await screenshot(desktop, 'unnamed-lead-pop-en');
    await endCall();

    await desktop.fill('#manual-phone', '(212) 555-0740');
    await desktop.press('#manual-phone', 'Enter');
    await desktop.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
    await expect.poll(() => desktop.textContent('#lead-meta')).toContain('0740');
    expect(await desktop.textContent('#lead-name')).toBe('Unnamed lead');
    await endCall();
  }, 60_000);

  it('is an unnamed lead in My callbacks', async () => {
    const lead = (await test.node.pool.query<{ lead_id: string }>('SELECT lead_id FROM lead_phones WHERE e164 = $1', [LOADED])).rows[0]?.lead_id ?? '';
    await scheduleCallback(test.node.pool, { leadId: lead, agentId: scenario.agentId, dueAt: new Date(Date.now() + 2 * 86_400_000), notes: 'Asked for Tuesday.' });
    await desktop.reload();
    await desktop.waitForSelector('#state-card[data-status="paused"]');
    const promised = desktop.locator('#my-callbacks .my-callback');
    await expect.poll(() => promised.count(), { timeout: 10_000 }).toBe(1);
    expect(await promised.locator('.my-callback-name').textContent()).toBe('Unnamed lead');
  }, 30_000);

  it("is an unnamed lead among the wallboard's recordings, with its id", async () => {
    const wallboard = await openWallboard(browser, test);
    await wallboard.waitForSelector('#recordings-panel:visible');
    const ids = (await test.node.pool.query<{ lead_id: string }>('SELECT lead_id FROM lead_phones WHERE e164 = ANY($1) ORDER BY lead_id DESC', [[LOADED, TYPED]])).rows.map((r) => r.lead_id);
    // Only this file's two calls: others on the board are other tests' recordings.
    const ours = async (): Promise<string[]> => (await wallboard.locator('#recordings a.lead').allTextContents())
      .filter((text) => ids.some((id) => text.endsWith(`#${id}`)));
    await expect.poll(ours, { timeout: 10_000 }).toEqual(ids.map((id) => `Unnamed lead #${id}`));
    const leads = wallboard.locator('#recordings a.lead', { hasText: new RegExp(`#${ids[0] ?? ''}$`) });
    // Readable on the dark board: the link's colour against what is behind it.
    expect(await leads.first().evaluate(contrastWithBackground)).toBeGreaterThanOrEqual(4.5);
    await wallboard.locator('#recordings-panel').screenshot({ path: `${ARTIFACTS}/unnamed-lead-recordings-en.png` });
    await wallboard.context().close();
  }, 30_000);

  it('is an unnamed lead on the leads page, found by its number', async () => {
    const page = await staffPage(`/leads/?lang=en&campaign=${scenario.campaignId}`);
    await page.fill('#search-text', '(212) 555-0740');
    await page.click('#search-form button[type=submit]');
    await expect.poll(() => page.$$eval('#results tbody td.name', (cells) => cells.map((c) => c.textContent))).toEqual(['Unnamed lead']);
    expect(await page.textContent('#results tbody')).not.toMatch(UNSAID);
    await page.click('#results tbody tr');
    await expect.poll(() => page.textContent('#lead-name')).toBe('Unnamed lead');
    expect(await page.textContent('#lead-facts')).not.toMatch(UNSAID);
    await screenshot(page, 'unnamed-lead-leads-page-en');
    await page.context().close();
  }, 30_000);

  it("shows a dash for the due count of the campaign's list of manual dials", async () => {
    const page = await staffPage(`/campaigns/?lang=en&campaign=${scenario.campaignId}`);
    const manual = '#lists-table tbody:has(td.name:text-is("Manual dials"))';
    await page.waitForSelector(manual);
    expect(await page.textContent(`${manual} td[data-count="due"]`)).toBe('–');
    expect(await page.getAttribute(`${manual} td[data-count="due"]`, 'title')).toBe('Not dialled by the pacer: an agent calls these leads (numbers typed by hand and people who called in).');
    expect(await page.textContent(`${manual} td[data-count="total"]`)).toBe('1');
    const loaded = '#lists-table tbody:has(td.name:text-is("browser list"))';
    expect(await page.textContent(`${loaded} td[data-count="due"]`)).toMatch(/^\d+$/);
    expect(await page.textContent('#lists-table')).not.toMatch(UNSAID);
    await page.locator('#lists-panel').screenshot({ path: `${ARTIFACTS}/unnamed-lead-lists-en.png` });
    await page.context().close();
  }, 30_000);
});
