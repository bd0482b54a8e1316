// The campaigns page at the usual screen widths of a manager's desk (1280 and 1440 px): the
// dispositions and the lists, each a table of many columns, fit their card; nothing in them is
// hidden past the card's right edge behind a sideways scroll, and the page itself does not scroll
// sideways.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiCall, launchChromium, screenshot } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let campaignId: string;

beforeAll(async () => {
  test = await startTestNode({}, 'browser-campaigns-fit:');
  campaignId = (await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', { name: `Fit ${Date.now()}` })).id;
  for (const name of ['spring', 'A list with a rather long name, as people name them']) {
    const list = await createList(test.node.pool, { campaignId, name });
    await insertLeads(test.node.pool, list.id, [{ firstName: 'Fay', lastName: 'Fit', phones: ['+15550800010'] }]);
  }
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('campaigns page widths', () => {
  for (const width of [1280, 1440]) {
    it(`fits the dispositions and the lists in their card at ${width} px`, async () => {
      const page = await (await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-US' })).newPage();
      await page.goto(`${test.node.url}/campaigns/?lang=en&campaign=${campaignId}`);
      await page.fill('#token', roleTokens.manager);
      await page.click('#signin-form button[type=submit]');
      await page.waitForSelector('#codes tr[data-code="ANSWERING_MACHINE"]');
      await page.waitForSelector('#lists-table td.name:text-is("spring")');
      await screenshot(page, `campaigns-fit-${width}`);
      const overflow = await page.evaluate(() => {
        const wider = (el: Element | null) => (el instanceof HTMLElement ? el.scrollWidth - el.clientWidth : -1);
        return {
          dispositions: wider(document.querySelector('#codes-form .codes-scroll')),
          lists: wider(document.querySelector('#lists-panel .codes-scroll')),
          card: wider(document.getElementById('editor')),
          page: wider(document.documentElement),
        };
      });
      expect(overflow).toEqual({ dispositions: 0, lists: 0, card: 0, page: 0 });
      await page.context().close();
    });
  }
});
