// A disposition code retired on the campaigns page while a call is on an agent's screen, and given
// to that call: refused, the desktop says by its label that the code is no longer in use (not the
// server's words with the campaign's id), reads the campaign's codes again so that the form no
// longer offers it, keeps the notes typed, and takes one of the codes the campaign has now.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAnswer, apiCall, startDesktopOnACall, waitUntil, type DesktopOnACall } from './browser-helpers.js';

let desk: DesktopOnACall;

beforeAll(async () => {
  desk = await startDesktopOnACall('browser-retired-code:', {
    name: `Browser retired code ${Date.now()}`, agentId: 'retired-code-agent', agentName: 'Rhea Retired',
    leads: [{ firstName: 'Grace', lastName: 'Hopper', phones: ['+15550104620'] }],
  });
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

describe('a disposition code retired while its call is on screen', () => {
  it('says so by name, drops it from the form, and takes one of the codes the campaign has now', async () => {
    const { test, scenario, page } = desk;
    await page.waitForSelector('.code[data-code="NOT_INTERESTED"]');
    const label = (await page.textContent('.code[data-code="NOT_INTERESTED"] > span:first-child')) ?? '';
    const codes = await apiCall<Array<{ code: string; label: string; hotkey: string | null; sortOrder: number; final: boolean }>>(test, 'GET', `/api/campaigns/${scenario.campaignId}/disposition-codes`);
    const entry = codes.find((c) => c.code === 'NOT_INTERESTED');
    await apiCall(test, 'PUT', `/api/campaigns/${scenario.campaignId}/disposition-codes/NOT_INTERESTED`, {
      label: entry?.label, hotkey: entry?.hotkey ?? null, sortOrder: entry?.sortOrder ?? 40, final: true, active: false,
    });

    const callId = (await apiCall<{ callId: string }>(test, 'GET', `/api/agents/${scenario.agentId}`)).callId;
    await page.click('.code[data-code="NOT_INTERESTED"]');
    await page.fill('#dispo-notes', 'Said no thanks');
    await apiAnswer(test, scenario.agentToken, 'POST', `/api/agents/${scenario.agentId}/hangup`);
    await page.waitForSelector('#state-card[data-status="wrap_up"]');
    await page.waitForSelector('#dispo-submit:enabled');
    await page.click('#dispo-submit');

    await expect.poll(() => page.textContent('#problems')).toContain(`${label} is no longer a disposition code of this campaign: choose another.`);
    expect(await page.textContent('#problems')).not.toMatch(/catalogue of campaign/);
    await page.waitForSelector('.code[data-code="NOT_INTERESTED"]', { state: 'detached' });
    expect(await page.isDisabled('#dispo-submit')).toBe(true);
    expect(await page.inputValue('#dispo-notes')).toBe('Said no thanks');

    await page.locator('.code:not([data-code="NOT_INTERESTED"])').first().click();
    await page.click('#dispo-submit');
    await waitUntil('the disposition stored', async () => (await test.node.pool.query('SELECT 1 FROM dispositions WHERE attempt_id = $1', [callId])).rowCount === 1);
  }, 60_000);
});
