// Notes typed during a call survive the agent desktop reloaded mid-call, in headless Chromium
// against a whole node (engine, simulated PBX, Postgres): the form shows them again for the same
// call, they go with its disposition, and the browser keeps nothing of them once it is sent.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestNode } from '../helpers/outpace-node.js';
import { startDesktopOnACall, type DesktopOnACall, type Scenario } from './browser-helpers.js';

let desk: DesktopOnACall;
let test: TestNode;
let page: Page;
let scenario: Scenario;

beforeAll(async () => {
  desk = await startDesktopOnACall('notes-reload:', {
    name: `Notes reload ${Date.now()}`, agentId: 'nell', agentName: 'Nell Agent',
    leads: [{ firstName: 'Grace', lastName: 'Hopper', phones: ['+15550100190'] }],
  });
  ({ test, page, scenario } = desk);
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

describe('notes typed during a call', () => {
  it('are still in the form after the desktop is reloaded mid-call, and go with the disposition', async () => {
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Grace Hopper');
    await page.fill('#dispo-notes', 'Asked about the annual plan; send the brochure');
    await page.reload();
    await page.waitForSelector('#state-pill[data-status="talking"]');
    await page.waitForSelector('#pop:visible');
    await page.waitForSelector('#dispo-codes [data-code="NOT_INTERESTED"]');
    expect(await page.inputValue('#dispo-notes')).toBe('Asked about the annual plan; send the brochure');

    await page.locator('#dispo-notes').blur();
    await page.keyboard.press('h');
    await page.waitForSelector('#state-card[data-status="wrap_up"]');
    await page.click('[data-code="NOT_INTERESTED"]');
    await page.click('#dispo-submit');
    await expect.poll(async () => (await test.node.pool.query(
      "SELECT d.notes FROM dispositions d JOIN attempts a ON a.id = d.attempt_id WHERE a.lead_id = $1 AND d.code = 'NOT_INTERESTED'", [scenario.leadIds[0]])).rows)
      .toEqual([{ notes: 'Asked about the annual plan; send the brochure' }]);
    expect(await page.evaluate(() => localStorage.getItem('outpace.dispositionDraft'))).toBeNull();
  }, 60_000);
});
