// The disposition prepared during a call survives the agent desktop reloaded mid-call, in headless
// Chromium against a whole node (engine, simulated PBX, Postgres): the form shows its code, lead
// stage, callback time and whose callback, and its notes again for the same call, they go with
// its disposition, and the browser keeps nothing of them once it is sent. Signing out forgets the
// agent's draft: nothing of it stays in the browser for the next agent.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateTimeToUtc } from '../../src/adapters/pg/callback-follow-up.js';
import type { TestNode } from '../helpers/outpace-node.js';
import { startDesktopOnACall, type DesktopOnACall, type Scenario } from './browser-helpers.js';

let desk: DesktopOnACall;
let test: TestNode;
let page: Page;
let scenario: Scenario;

beforeAll(async () => {
  desk = await startDesktopOnACall('notes-reload:', {
    name: `Notes reload ${Date.now()}`, agentId: 'nell', agentName: 'Nell Agent',
    leads: [
      { firstName: 'Grace', lastName: 'Hopper', priority: 10, phones: ['+15550100190'] },
      { firstName: 'Alan', lastName: 'Turing', phones: ['+15550100200'] },
    ],
  });
  ({ test, page, scenario } = desk);
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

/** What the browser keeps of drafts, under any key. */
const drafts = () => page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('outpace.dispositionDraft')));

describe('the disposition prepared during a call', () => {
  it('is still in the form after the desktop is reloaded mid-call, and goes with the disposition', async () => {
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Grace Hopper');
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await page.click('[data-code="CALLBACK"]');
    await page.waitForSelector('#callback-box:visible');
    await page.fill('#callback-at', `${day}T11:45`);
    await page.check('input[name="callback-owner"][value="anyone"]');
    await page.selectOption('#dispo-stage', 'opportunity');
    await page.fill('#dispo-notes', 'Asked about the annual plan; send the brochure');
    await page.reload();
    await page.waitForSelector('#state-pill[data-status="talking"]');
    await page.waitForSelector('#pop:visible');
    await page.waitForSelector('#dispo-codes [data-code="NOT_INTERESTED"]');
    expect(await page.getAttribute('[data-code="CALLBACK"]', 'aria-checked')).toBe('true');
    expect(await page.inputValue('#callback-at')).toBe(`${day}T11:45`);
    expect(await page.isChecked('input[name="callback-owner"][value="anyone"]')).toBe(true);
    expect(await page.inputValue('#dispo-stage')).toBe('opportunity');
    expect(await page.inputValue('#dispo-notes')).toBe('Asked about the annual plan; send the brochure');
    const zone = await page.textContent('#lead-zone') ?? '';

    await page.locator('#dispo-notes').blur();
    await page.keyboard.press('h');
    await page.waitForSelector('#state-card[data-status="wrap_up"]');
    await page.click('#dispo-submit');
    const given = async () => (await test.node.pool.query(
      `SELECT d.code, d.notes, d.stage_after, c.due_at, c.agent_id FROM dispositions d JOIN attempts a ON a.id = d.attempt_id
        LEFT JOIN callbacks c ON c.attempt_id = a.id WHERE a.lead_id = $1`, [scenario.leadIds[0]])).rows;
    await expect.poll(given, { timeout: 10_000 }).toEqual([{
      code: 'CALLBACK', notes: 'Asked about the annual plan; send the brochure', stage_after: 'opportunity',
      due_at: localDateTimeToUtc(`${day}T11:45`, zone), agent_id: null,
    }]);
    expect(await drafts()).toEqual([]);
  }, 60_000);

  it('is forgotten when the agent signs out', async () => {
    await page.click('#ready-btn');
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Alan Turing', undefined, { timeout: 15_000 });
    await page.click('[data-code="NOT_INTERESTED"]');
    await page.fill('#dispo-notes', 'Private: spoke about his health');
    expect(await drafts()).toEqual(['outpace.dispositionDraft.nell']);

    await page.click('#sign-out');
    await page.waitForSelector('#signin:visible');
    expect(await drafts()).toEqual([]);
    // Signed in again, the call's form is fresh.
    await page.fill('#token', scenario.agentToken);
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#pop:visible');
    await page.waitForSelector('#dispo-codes [data-code="NOT_INTERESTED"]');
    expect(await page.inputValue('#dispo-notes')).toBe('');
    expect(await page.locator('#dispo-codes [aria-checked="true"]').count()).toBe(0);
  }, 60_000);
});
