// The results page's dispositions table gives each code's share of the period's dispositions. An
// agent gives one to each of their own dials too (preview, manual, a callback), answered or not: a
// preview campaign's "No answer (agent)" codes are no share of the calls put through to agents, and
// measured against them the column ran past 100% and said nothing.

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
const now = Date.now();

beforeAll(async () => {
  test = await startTestNode({}, 'browser-disposition-share:');
  browser = await launchChromium();
  campaignId = (await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Preview results ${now}`, mode: 'preview', timezone: 'UTC' })).id;
  const list = await createList(test.node.pool, { campaignId, name: 'previewed' });
  const leads = (await insertLeads(test.node.pool, list.id, [0, 1, 2, 3].map((i) => ({ phones: [`+1555041000${i}`] })))).map(String);
  await upsertAgent(test.node.pool, { id: 'share-ann', name: 'Ann Share' });
  const dialledAt = new Date(now - 20 * 60_000);
  // Ann made four dials of her own: one sale, three that nobody answered, each given its code.
  await insertPastCall(test.node.pool, campaignId, { leadId: leads[0] ?? '', agentId: 'share-ann', outcome: 'connected', talkSeconds: 300, dialledAt,
    disposition: { code: 'SALE', before: 'raw_lead', after: 'opportunity' } });
  for (const lead of leads.slice(1)) {
    await insertPastCall(test.node.pool, campaignId, { leadId: lead, agentId: 'share-ann', outcome: 'no_answer', dialledAt,
      disposition: { code: 'NO_ANSWER_AGENT', before: 'raw_lead', after: 'raw_lead' } });
  }
  await test.node.pool.query('UPDATE attempts SET originated_at = created_at WHERE campaign_id = $1', [campaignId]);
  page = await (await browser.newContext({ viewport: { width: 1360, height: 1100 }, locale: 'en-US' })).newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('dispositions on the results page', () => {
  it("gives each code's share of the dispositions, the shares adding up to the whole", async () => {
    await page.goto(`${test.node.url}/reports/?lang=en&campaign=${campaignId}`);
    await page.fill('#token', roleTokens.manager);
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#page:visible');
    await expect.poll(() => page.textContent('.kpi[data-kpi="dials"] .value')).toBe('4');
    const rows = await page.locator('#dispositions tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
    expect(rows).toEqual([['No answer (agent)', '3', '75.0%'], ['Sale', '1', '25.0%']]);
    expect(await page.locator('#dispositions thead th').allTextContents()).toEqual(['Disposition', 'Calls', 'Share of dispositions']);
  });
});
