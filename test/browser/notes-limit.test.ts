// The disposition's notes on the agent desktop in headless Chromium against a whole node: the field
// stops at the server's limit (10,000 characters) rather than the server refusing the disposition
// after the call, and counts the characters left once near it, also for notes restored from the
// call's draft after a reload.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesktopOnACall, type DesktopOnACall } from './browser-helpers.js';

let desk: DesktopOnACall;
let page: Page;

beforeAll(async () => {
  desk = await startDesktopOnACall('notes-limit:', {
    name: `Notes limit ${Date.now()}`, agentId: 'nina', agentName: 'Nina Agent',
    leads: [{ firstName: 'Ada', lastName: 'Lovelace', phones: ['+15550100260'] }],
  });
  ({ page } = desk);
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

const counter = async () => (await page.isVisible('#notes-count')) ? (await page.textContent('#notes-count'))?.replace(/\s/g, ' ') : null;

describe('the notes of a disposition', () => {
  it('stop at 10,000 characters and count what is left near the limit', async () => {
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Ada Lovelace');
    await page.fill('#dispo-notes', 'a'.repeat(8_000));
    expect(await counter()).toBeNull();
    await page.fill('#dispo-notes', 'a'.repeat(9_500));
    expect(await counter()).toBe('500 characters left of 10,000');
    await page.fill('#dispo-notes', 'a'.repeat(9_999));
    expect(await counter()).toBe('1 character left of 10,000');
    await page.fill('#dispo-notes', 'b'.repeat(10_050));
    expect(await page.inputValue('#dispo-notes')).toHaveLength(10_000);
    expect(await counter()).toBe('0 characters left of 10,000');
    expect(await page.getAttribute('#dispo-notes', 'aria-describedby')).toBe('notes-count');

    // Notes restored from the call's draft are counted as typed ones are.
    await page.reload();
    await page.waitForFunction(() => (document.getElementById('dispo-notes') as HTMLTextAreaElement | null)?.value.length === 10_000);
    expect(await counter()).toBe('0 characters left of 10,000');
  }, 60_000);
});
