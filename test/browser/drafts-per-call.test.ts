// Each call keeps a disposition draft of its own, on the agent desktop in headless Chromium against
// a whole node (engine, simulated PBX, Postgres): a call cut off by the agent's phone waits under
// "To disposition" with the notes typed during it while the agent logs in again, takes the next
// call and fills that one's form; opened after the next call's disposition is sent, the cut-off
// call's form still has its own code and notes, and each disposition goes with its own notes.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestNode } from '../helpers/outpace-node.js';
import { agentLeg, simAuth } from '../helpers/crash-mid-call.js';
import { startDesktopOnACall, type DesktopOnACall, type Scenario } from './browser-helpers.js';

let desk: DesktopOnACall;
let test: TestNode;
let page: Page;
let scenario: Scenario;

beforeAll(async () => {
  desk = await startDesktopOnACall('drafts-per-call:', {
    name: `Drafts per call ${Date.now()}`, agentId: 'dora', agentName: 'Dora Agent',
    leads: [
      { firstName: 'Lise', lastName: 'Meitner', priority: 10, phones: ['+15550100210'] },
      { firstName: 'Emmy', lastName: 'Noether', phones: ['+15550100220'] },
    ],
  });
  ({ test, page, scenario } = desk);
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

const notesOf = async (leadId: string) => (await test.node.pool.query<{ code: string; notes: string }>(
  'SELECT d.code, d.notes FROM dispositions d JOIN attempts a ON a.id = d.attempt_id WHERE a.lead_id = $1', [leadId])).rows;

describe('disposition drafts, one per call', () => {
  it("keeps a cut-off call's draft while the agent fills in the next call's", async () => {
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Lise Meitner');
    await page.click('[data-code="CALLBACK"]');
    await page.fill('#dispo-notes', 'Cut off: wants the quote by email');
    // The agent's phone hangs up: the call waits under To disposition.
    const leg = agentLeg(test.pbx, scenario.agentId);
    expect((await fetch(`${test.pbx.url}/ari/channels/${leg}`, { method: 'DELETE', headers: simAuth })).status).toBe(204);
    await page.waitForSelector('#state-pill[data-status="logged_out"]');
    await page.waitForSelector('#backlog [data-attempt-id]', { timeout: 10_000 });

    // Logged in again, the next call's form is its own, filled in and sent.
    await page.click('#login-btn');
    await page.waitForSelector('#state-card[data-status="paused"]');
    await page.click('#ready-btn');
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Emmy Noether', undefined, { timeout: 15_000 });
    expect(await page.inputValue('#dispo-notes')).toBe('');
    await page.click('[data-code="NOT_INTERESTED"]');
    await page.fill('#dispo-notes', 'Happy with her supplier');
    await page.reload();
    await page.waitForSelector('#pop:visible');
    await page.waitForSelector('#dispo-codes [data-code="NOT_INTERESTED"]');
    expect(await page.inputValue('#dispo-notes')).toBe('Happy with her supplier');
    await page.locator('#dispo-notes').blur();
    await page.keyboard.press('h');
    await page.waitForSelector('#state-card[data-status="wrap_up"]');
    await page.click('#dispo-submit');
    await expect.poll(() => notesOf(scenario.leadIds[1] ?? ''), { timeout: 10_000 }).toEqual([{ code: 'NOT_INTERESTED', notes: 'Happy with her supplier' }]);
    await page.waitForSelector('#pop', { state: 'hidden' });

    // The cut-off call, opened under To disposition, has what was typed during it.
    await page.click('#pause-btn');
    await page.waitForSelector('#state-card[data-status="paused"]');
    await page.click('#backlog [data-attempt-id]');
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Lise Meitner');
    await page.waitForSelector('#dispo-codes [data-code="CALLBACK"]');
    expect(await page.inputValue('#dispo-notes')).toBe('Cut off: wants the quote by email');
    expect(await page.getAttribute('[data-code="CALLBACK"]', 'aria-checked')).toBe('true');
    await page.click('[data-code="NOT_INTERESTED"]');
    await page.click('#dispo-submit');
    await expect.poll(() => notesOf(scenario.leadIds[0] ?? ''), { timeout: 10_000 }).toEqual([{ code: 'NOT_INTERESTED', notes: 'Cut off: wants the quote by email' }]);
    await page.waitForSelector('#backlog-card', { state: 'hidden' });
    expect(await page.evaluate(() => localStorage.getItem('outpace.dispositionDraft.dora'))).toBeNull();
  }, 90_000);
});
