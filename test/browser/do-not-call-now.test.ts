// A person who asks on the call not to be called again, on the agent desktop in headless Chromium
// against a whole node: one click puts the number on the DNC list while the call is still on, the
// form says so and takes the campaign's DNC code, and the disposition goes once the call is over.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestNode } from '../helpers/outpace-node.js';
import { startDesktopOnACall, type DesktopOnACall, type Scenario } from './browser-helpers.js';

const NUMBER = '+15550100230';
let desk: DesktopOnACall;
let test: TestNode;
let page: Page;
let scenario: Scenario;

beforeAll(async () => {
  desk = await startDesktopOnACall('dnc-now:', {
    name: `Do not call now ${Date.now()}`, agentId: 'dina', agentName: 'Dina Agent',
    leads: [{ firstName: 'Rosalind', lastName: 'Franklin', phones: [NUMBER] }],
  });
  ({ test, page, scenario } = desk);
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

const entries = async () => (await test.node.pool.query('SELECT campaign_id, source FROM dnc_entries WHERE e164 = $1', [NUMBER])).rows;

describe('do not call, asked on the call', () => {
  it('puts the number on the list during the call and takes the DNC code for the disposition', async () => {
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Rosalind Franklin');
    expect(await entries()).toEqual([]);
    await page.click('#dnc-now');
    await page.waitForSelector('#dnc-now-done:visible');
    expect(await page.textContent('#dnc-now-done')).toBe('On the do-not-call list now: no campaign dials this number again.');
    expect(await page.isVisible('#dnc-now')).toBe(false);
    expect(await entries()).toEqual([{ campaign_id: null, source: 'agent' }]);
    expect(await page.getAttribute('[data-code="DNC"]', 'aria-checked')).toBe('true');
    expect(await page.getAttribute('#state-card', 'data-status')).toBe('talking');

    await page.keyboard.press('h');
    await page.waitForSelector('#state-card[data-status="wrap_up"]');
    await page.click('#dispo-submit');
    await expect.poll(async () => (await test.node.pool.query<{ code: string }>(
      'SELECT d.code FROM dispositions d JOIN attempts a ON a.id = d.attempt_id WHERE a.lead_id = $1', [scenario.leadIds[0]])).rows, { timeout: 10_000 })
      .toEqual([{ code: 'DNC' }]);
    expect(await entries()).toEqual([{ campaign_id: null, source: 'agent' }]);
  }, 60_000);
});
