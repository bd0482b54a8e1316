// The screen pop's earlier calls, on the agent desktop in headless Chromium against a whole node
// (engine, simulated PBX, Postgres): a lead called again shows its earlier call's disposition by
// the name the agent chose it by (the campaign's label), not the code stored for it, and who gave
// it by their name; the callbacks it promised are on the person's clock, the zone named.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestNode } from '../helpers/outpace-node.js';
import { apiCall, startDesktopOnACall, type DesktopOnACall, type Scenario } from './browser-helpers.js';

let desk: DesktopOnACall;
let test: TestNode;
let page: Page;
let scenario: Scenario;

beforeAll(async () => {
  desk = await startDesktopOnACall('pop-history:', {
    name: `Pop history ${Date.now()}`, agentId: 'hugo', agentName: 'Hugo Agent',
    leads: [{ firstName: 'Alan', lastName: 'Turing', phones: ['+15550100200'] }],
  });
  ({ test, page, scenario } = desk);
}, 60_000);

afterAll(async () => {
  await desk?.close();
});

describe("a lead's earlier calls in the screen pop", () => {
  it('name the disposition given by its label', async () => {
    await page.waitForFunction(() => document.getElementById('lead-name')?.textContent === 'Alan Turing');
    await page.keyboard.press('h');
    await page.waitForSelector('#state-card[data-status="wrap_up"]');
    await page.click('[data-code="CALLBACK"]');
    await page.click('#dispo-submit');
    await expect.poll(async () => (await test.node.pool.query(
      "SELECT 1 FROM dispositions d JOIN attempts a ON a.id = d.attempt_id WHERE a.lead_id = $1 AND d.code = 'CALLBACK'", [scenario.leadIds[0]])).rowCount).toBe(1);
    await page.waitForSelector('#pause-btn:enabled');
    await page.click('#pause-btn');
    await page.waitForSelector('#state-card[data-status="paused"]');

    // The agent calls the person back early: the pop shows the first call.
    await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/manual-dial`, { leadId: scenario.leadIds[0] }, scenario.agentToken);
    await page.waitForSelector('#history .timeline li');
    await expect.poll(() => page.textContent('#history .timeline li strong')).toBe('Call back later');
    // By the agent's name, not their id.
    expect(await page.textContent('#history .timeline li')).toContain('Hugo Agent');
    // The callback promised (10 AM tomorrow, as the form offers), on the person's clock named as every page names one.
    await page.click('.tab[data-tab="callbacks"]');
    expect(await page.textContent('#callbacks .timeline li .when')).toMatch(/^\w{3} \d{1,2}, \d{4}, 10:00\sAM (UTC|[A-Za-z_]+\/[A-Za-z_]+)$/);
  }, 60_000);
});
