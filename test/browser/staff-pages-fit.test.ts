// Staff pages at the usual screen widths of a manager's desk (1280 and 1440 px): on the campaigns
// page the dispositions and the lists, each a table of many columns, fit their card, nothing in
// them hidden past the card's right edge behind a sideways scroll, and the page does not scroll
// sideways (the dispositions on a screen 1024 px wide too); on the campaigns and compliance pages each text box shows its hint whole; the shared
// top bar takes at most two rows at 1280 px and one at 1440 px for every staff role on every page it
// may open, the wallboard's clock, connection and phone box (shown to those who may listen in) included,
// and at 1440 px on the wallboard for a much longer name than the tests' (cut short, whole on hover).

import type { Browser, Page } from 'playwright-core';
import type { Role } from '../../src/config/schema.js';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { hashToken } from '../../src/adapters/http/authenticate.js';
import { issueToken } from '../../src/adapters/pg/api-token-repository.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { apiCall, launchChromium, screenshot } from './browser-helpers.js';

let test: TestNode;
let browser: Browser;
let campaignId: string;

beforeAll(async () => {
  test = await startTestNode({}, 'browser-staff-fit:');
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

/** A staff page at `width` px, signed in as a manager, with the test's campaign chosen. */
async function openPage(name: string, width: number): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-US' })).newPage();
  await page.goto(`${test.node.url}/${name}/?lang=en&campaign=${campaignId}`);
  await page.fill('#token', roleTokens.manager);
  await page.click('#signin-form button[type=submit]');
  await page.waitForSelector('#signin-form', { state: 'hidden' });
  return page;
}

/** The hints of the page's visible text boxes that are wider than their box, with the pixels short. */
function cutHints(page: Page): Promise<string[]> {
  return page.$$eval('input[placeholder]:not([type]), input[placeholder][type="text"], input[placeholder][type="search"]', (inputs) => {
    const context = document.createElement('canvas').getContext('2d');
    if (!context) throw new Error('no canvas');
    return inputs.filter((input) => (input as HTMLElement).offsetParent !== null).flatMap((input) => {
      const box = input as HTMLInputElement;
      const style = getComputedStyle(box);
      context.font = style.font;
      const short = Math.ceil(context.measureText(box.placeholder).width - (box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)));
      return short > 0 ? [`#${box.id || box.className}: "${box.placeholder}" ${short} px short`] : [];
    });
  });
}

// Each case opens pages in a browser context of its own and mostly waits on them, so the cases of a
// block run side by side (their own `expect`, as vitest asks of concurrent tests).
describe.concurrent('staff pages at a desk\'s widths', () => {
  it('fits the dispositions in their card on a screen 1024 px wide, in English and in Chinese', async ({ expect }) => {
    const page = await openPage('campaigns', 1024);
    const wider = () => page.evaluate(() => {
      const scroll = document.querySelector('#codes-form .codes-scroll');
      return { dispositions: scroll instanceof HTMLElement ? scroll.scrollWidth - scroll.clientWidth : -1, page: document.documentElement.scrollWidth - document.documentElement.clientWidth };
    });
    await page.waitForSelector('#codes tr[data-code="ANSWERING_MACHINE"]');
    await screenshot(page, 'campaigns-dispositions-1024');
    expect(await wider()).toEqual({ dispositions: 0, page: 0 });
    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => page.textContent('#codes-save')).not.toBe('Save dispositions');
    await screenshot(page, 'campaigns-dispositions-1024-zh');
    expect(await wider()).toEqual({ dispositions: 0, page: 0 });
    await page.context().close();
  }, 60_000);

  for (const width of [1280, 1440]) {
    it(`fits the dispositions and the lists in their card at ${width} px`, async ({ expect }) => {
      const page = await openPage('campaigns', width);
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
    }, 60_000);

    it(`shows each text box's hint whole on the campaigns and compliance pages at ${width} px`, async ({ expect }) => {
      const campaigns = await openPage('campaigns', width);
      await campaigns.waitForSelector('#lists-table td.name:text-is("spring")');
      expect(await cutHints(campaigns)).toEqual([]);
      const compliance = await openPage('compliance', width);
      await compliance.waitForSelector('#dnc-region:visible');
      await compliance.waitForSelector('#evidence-phone:visible');
      expect(await cutHints(compliance)).toEqual([]);
      await campaigns.context().close();
      await compliance.context().close();
    }, 60_000);
  }
});

/** The rows the top bar's visible items sit on, each listed by its items' words (or ids): the rows
 * of the links and controls, and the brand's own when it sits beside none of them (it is centred
 * beside the rows it shares the bar with). */
function topBarRows(page: Page): Promise<string[]> {
  return page.$eval('header.topbar', (header) => {
    // An empty item (the wallboard's clock before its first tick) takes no room on a row.
    const visible = (item: Element | null): item is HTMLElement => item instanceof HTMLElement && item.getBoundingClientRect().width > 0;
    const rows: { top: number; bottom: number; names: string[] }[] = [];
    for (const item of Array.from(header.querySelectorAll('.topbar-right > *')).filter(visible)) {
      const box = item.getBoundingClientRect();
      const name = item.id || item.textContent?.trim() || item.className;
      const row = rows.find((r) => Math.abs((r.top + r.bottom) / 2 - (box.top + box.bottom) / 2) < box.height / 2);
      if (row) row.names.push(name);
      else rows.push({ top: box.top, bottom: box.bottom, names: [name] });
    }
    const brand = header.querySelector('.brand');
    if (visible(brand)) {
      const box = brand.getBoundingClientRect();
      if (!rows.some((r) => box.top < r.bottom && r.top < box.bottom)) rows.push({ top: box.top, bottom: box.bottom, names: ['brand'] });
    }
    return rows.sort((a, b) => a.top - b.top).map((r) => r.names.join(' | '));
  });
}

/** The staff pages a role may open, as the top bar offers them to it. */
const pagesFor: Record<string, string[]> = {
  admin: ['wallboard', 'pacing', 'reports', 'plan', 'campaigns', 'leads', 'team', 'compliance'],
  manager: ['wallboard', 'pacing', 'reports', 'plan', 'campaigns', 'leads', 'team', 'compliance'],
  supervisor: ['wallboard', 'pacing', 'reports', 'campaigns', 'leads', 'team', 'compliance'],
  viewer: ['wallboard', 'pacing', 'reports', 'campaigns', 'leads', 'compliance'],
};

describe.concurrent('the staff top bar at a desk\'s widths', () => {
  for (const [width, most] of [[1280, 2], [1440, 1]] as const) {
    for (const role of ['admin', 'manager', 'supervisor', 'viewer'] as Role[]) {
      it(`lays out in at most ${most === 1 ? 'one row' : 'two rows'} at ${width} px for a ${role} on every staff page`, async ({ expect }) => {
        const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-US' });
        const page = await context.newPage();
        const tooMany: Record<string, string[]> = {};
        for (const [i, name] of (pagesFor[role] ?? []).entries()) {
          await page.goto(`${test.node.url}/${name}/?lang=en&campaign=${campaignId}`);
          if (i === 0) {
            await page.fill('#token', roleTokens[role]);
            await page.click('#signin-form button[type=submit]');
          }
          await page.waitForSelector('#sign-out:visible');
          // The wallboard shows its phone box once its first picture says who may listen in.
          if (name === 'wallboard' && role !== 'viewer') await page.waitForSelector('#phone-setting:visible');
          if (name === 'wallboard') await page.waitForFunction(() => document.getElementById('clock')?.textContent !== '');
          const rows = await topBarRows(page);
          if (rows.length > most) {
            tooMany[name] = rows;
            await screenshot(page, `topbar-${name}-${role}-${width}`);
          }
        }
        expect(tooMany).toEqual({});
        await context.close();
      }, 60_000);
    }
  }

  it('keeps the wallboard\'s bar on one row at 1440 px for a much longer name than the tests\', cut short with the name whole on hover', async ({ expect }) => {
    const name = 'Maria Guadalupe Fernández-Castellanos de la Torre';
    const { token } = await issueToken(test.node.pool, { role: 'manager', name }, hashToken);
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' })).newPage();
    await page.goto(`${test.node.url}/wallboard/?lang=en&campaign=${campaignId}`);
    await page.fill('#token', token);
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#phone-setting:visible');
    await page.waitForFunction(() => document.getElementById('clock')?.textContent !== '');
    await screenshot(page, 'topbar-wallboard-long-name-1440');
    expect(await topBarRows(page)).toHaveLength(1);
    // Cut short on the bar; whole in its text and on hover.
    const who = await page.$eval('#who', (el) => ({ text: el.textContent, title: el.getAttribute('title') }));
    expect(who).toEqual({ text: `${name} · Manager`, title: `${name} · Manager` });
    await page.context().close();
  }, 60_000);
});
