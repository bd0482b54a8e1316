// A lead's calls on the leads page give the agent's talk time, as the results page and the calls
// export count it: a call where the agent left a message on the answering machine counts up to
// when they left it (the message plays on without them), one left with a third party up to when
// the agent left the customer with it.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../src/adapters/pg/agent-repository.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { insertPastCall } from '../helpers/past-calls.js';
import { apiCall, launchChromium } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let page: Page;
let campaignId: string;
let leadId: string;

beforeAll(async () => {
  test = await startTestNode({}, 'browser-lead-calls-talk:');
  browser = await launchChromium();
  campaignId = (await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Lead talk ${Date.now()}`, timezone: 'UTC' })).id;
  const list = await createList(test.node.pool, { campaignId, name: 'talk' });
  [leadId = ''] = (await insertLeads(test.node.pool, list.id, [{ firstName: 'Tess', lastName: 'Talk', phones: ['+15550420001'] }])).map(String);
  await upsertAgent(test.node.pool, { id: 'talk-ann', name: 'Ann Talk' });
  const call = (hoursAgo: number, talkSeconds: number) => insertPastCall(test.node.pool, campaignId, {
    leadId, agentId: 'talk-ann', outcome: 'connected', talkSeconds, dialledAt: new Date(Date.now() - hoursAgo * 3_600_000) });
  // Yesterday Ann left the message 20 s in; it played another 40 s to the machine.
  const onMachine = await call(24, 60);
  await test.node.pool.query(`UPDATE attempts SET message_left_at = connected_at + interval '20 seconds' WHERE id = $1`, [onMachine]);
  // Today she talked 45 s and left the customer with the verification desk for 5 minutes more.
  const handedOff = await call(1, 345);
  await test.node.pool.query(`UPDATE attempts SET third_party = 'Verification', third_party_handed_off_at = connected_at + interval '45 seconds' WHERE id = $1`, [handedOff]);
  await test.node.pool.query('UPDATE attempts SET originated_at = created_at WHERE lead_id = $1', [leadId]);
  page = await (await browser.newContext({ viewport: { width: 1300, height: 1000 }, locale: 'en-US' })).newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe("a lead's calls on the leads page", () => {
  it("give the agent's talk time", async () => {
    await page.goto(`${test.node.url}/leads/?lang=en&campaign=${campaignId}&lead=${leadId}`);
    await page.fill('#token', roleTokens.manager);
    await page.click('#signin-form button[type=submit]');
    await expect.poll(() => page.textContent('#lead-name')).toBe('Tess Talk');
    const headings = await page.$$eval('#calls thead th', (cells) => cells.map((c) => c.textContent));
    const talk = await page.$$eval('#calls tbody tr', (rows, column) => rows.map((r) => r.querySelectorAll('td')[column]?.textContent), headings.indexOf('Talk'));
    expect(talk).toEqual(['0:45', '0:20']);
  });
});
