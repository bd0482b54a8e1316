// A manual dial from the agent desktop in headless Chromium: the agent, paused, types a number and
// presses Call; the number is dialled for them and the call pops when answered. A number on the
// do-not-call list is refused with the rule that stopped it, and nothing is dialled. A callback the
// agent promised is called back early from **My callbacks**, and the call keeps the promise. Once
// the campaign's lists span two countries, the agent picks the one a number typed without its
// country code is read in.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleCallback } from '../../src/adapters/pg/callback-follow-up.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiCall, createScenario, launchChromium, openAgentDesktop, screenshot, waitUntil, type Scenario } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let scenario: Scenario;
let page: Page;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'browser-manual:');
  browser = await launchChromium();
  scenario = await createScenario(test, { name: `Browser manual ${Date.now()}`, agentId: 'manual-agent', agentName: 'Max Manual', leads: [] });
  await apiCall(test, 'POST', '/api/dnc', { phone: '+12125550170', region: 'US' });
  page = await openAgentDesktop(browser, test, scenario.agentToken, scenario.campaignId);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('manual dial on the agent desktop', () => {
  it('refuses a number on the do-not-call list, saying why, then calls one typed and pops the call', async () => {
    await page.waitForSelector('#manual-form:visible');
    expect(await page.isEnabled('#manual-dial')).toBe(true);
    await screenshot(page, 'agent-desktop-manual-dial-en');

    await page.fill('#manual-phone', '(212) 555-0170');
    await page.click('#manual-dial');
    await expect.poll(() => page.textContent('#problems .problem-text')).toBe('Refused: not dialled (dnc): on DNC: global/api');
    await page.click('#problems .problem-dismiss');
    expect(await page.getAttribute('#state-card', 'data-status')).toBe('paused');
    expect(await page.inputValue('#manual-phone')).toBe('(212) 555-0170');

    await page.fill('#manual-phone', '(212) 555-0120');
    await page.press('#manual-phone', 'Enter');
    await page.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
    await expect.poll(() => page.textContent('#lead-meta')).toContain('+*******0120');
    expect(await page.inputValue('#manual-phone')).toBe('');
    expect(await page.isDisabled('#manual-dial')).toBe(true);
    const attempts = await test.node.pool.query<{ agent_id: string; e164: string }>('SELECT agent_id, e164 FROM attempts WHERE campaign_id = $1', [scenario.campaignId]);
    expect(attempts.rows).toEqual([{ agent_id: 'manual-agent', e164: '+12125550120' }]);
  }, 45_000);

  it('calls a promised callback back early from My callbacks, closing it', async () => {
    const pool = test.node.pool;
    const list = await createList(pool, { campaignId: scenario.campaignId, name: 'promised' });
    const [leadId = ''] = await insertLeads(pool, list.id, [{ firstName: 'Cal', lastName: 'Early', phones: ['+12125550191'] }]);
    const promise = await scheduleCallback(pool, { leadId, agentId: 'manual-agent', dueAt: new Date(Date.now() + 2 * 86_400_000), notes: 'After the board meeting.' });
    const attempt = (await pool.query<{ id: string }>("SELECT id FROM attempts WHERE campaign_id = $1 AND e164 = '+12125550120'", [scenario.campaignId])).rows[0]?.id ?? '';
    const agentCall = (method: string, path: string, body?: unknown) => apiCall(test, method, path, body, scenario.agentToken);
    const status = async () => (await agentCall('GET', '/api/agents/manual-agent') as { status: string }).status;

    // On a call or wrapping it up, the agent cannot call anyone back yet.
    await agentCall('POST', '/api/agents/manual-agent/hangup');
    await page.waitForSelector('#state-pill[data-status="wrap_up"]');
    const promised = page.locator('#my-callbacks .my-callback');
    await expect.poll(() => promised.count(), { timeout: 10_000 }).toBe(1);
    expect(await promised.locator('.my-callback-notes').textContent()).toBe('After the board meeting.');
    expect(await promised.locator('.my-callback-call').isDisabled()).toBe(true);
    await agentCall('POST', `/api/attempts/${attempt}/disposition`, { code: 'NOT_INTERESTED' });
    await agentCall('POST', '/api/agents/manual-agent/pause', { reason: 'break' });
    await waitUntil('the agent paused', async () => (await status()) === 'paused');
    await expect.poll(() => promised.locator('.my-callback-call').isEnabled()).toBe(true);
    await screenshot(page, 'agent-desktop-my-callbacks-en');

    await promised.locator('.my-callback-call').click();
    await page.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
    await expect.poll(() => page.textContent('#lead-name')).toBe('Cal Early');
    expect((await pool.query('SELECT status FROM callbacks WHERE id = $1', [promise.id])).rows).toEqual([{ status: 'done' }]);
    await expect.poll(() => page.isHidden('#my-callbacks-card'), { timeout: 10_000 }).toBe(true);
  }, 45_000);

  it('reads a number without its country code in the country the agent picks, once the lists span two', async () => {
    const pool = test.node.pool;
    const agentCall = (method: string, path: string, body?: unknown) => apiCall(test, method, path, body, scenario.agentToken);
    const call = (await pool.query<{ id: string }>("SELECT id FROM attempts WHERE campaign_id = $1 AND e164 = '+12125550191'", [scenario.campaignId])).rows[0]?.id ?? '';
    await agentCall('POST', '/api/agents/manual-agent/hangup');
    await page.waitForSelector('#state-pill[data-status="wrap_up"]');
    await agentCall('POST', `/api/attempts/${call}/disposition`, { code: 'NOT_INTERESTED' });
    await agentCall('POST', '/api/agents/manual-agent/pause', { reason: 'break' });
    await page.waitForSelector('#state-pill[data-status="paused"]');
    // One country among the lists: nothing to pick, and a number as its people write one shown.
    expect(await page.isHidden('#manual-region')).toBe(true);
    expect(await page.getAttribute('#manual-phone', 'placeholder')).toBe('e.g. (201) 555-0123');

    await createList(pool, { campaignId: scenario.campaignId, name: 'british', defaultRegion: 'GB' });
    await page.reload();
    await page.waitForSelector('#manual-region:visible');
    expect(await page.locator('#manual-region option').allTextContents()).toEqual(['United States (US)', 'United Kingdom (GB)']);
    expect(await page.inputValue('#manual-region')).toBe('US');
    await page.selectOption('#manual-region', 'GB');
    expect(await page.getAttribute('#manual-phone', 'placeholder')).toBe('e.g. 07400 123456');
    await page.fill('#manual-phone', '020 7946 0020');
    await page.press('#manual-phone', 'Enter');
    await page.waitForSelector('#state-pill[data-status="talking"]', { timeout: 15_000 });
    const attempts = await pool.query<{ e164: string }>("SELECT e164 FROM attempts WHERE campaign_id = $1 AND e164 LIKE '+44%'", [scenario.campaignId]);
    expect(attempts.rows).toEqual([{ e164: '+442079460020' }]);
    await screenshot(page, 'agent-desktop-manual-dial-country-en');
  }, 45_000);
});
