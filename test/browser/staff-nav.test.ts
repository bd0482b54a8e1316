// The staff pages' frame in a real browser: every staff page gets the same top bar, with links to
// every other staff page and its own controls kept, and the sign-in form the shared sign-in code
// binds, worded in the page's language; so no page is left out when one is added.

import { readdir, readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { launchChromium } from './browser-helpers.js';

const staffPages = ['wallboard', 'pacing', 'reports', 'plan', 'campaigns', 'leads', 'team', 'compliance'];
let test: TestNode;
let browser: Browser;

beforeAll(async () => {
  test = await startTestNode({}, 'staff-nav:');
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await test?.close();
});

describe('staff pages', () => {
  it('are every page with a staff frame, and the frame lists them all', async () => {
    const framed: string[] = [];
    for (const dir of await readdir('src/web')) {
      const html = await readFile(`src/web/${dir}/index.html`, 'utf8').catch(() => '');
      if (html.includes('data-page=')) framed.push(dir);
    }
    expect(framed.sort()).toEqual([...staffPages].sort());
  });

  it('each link to every other staff page and carry the sign-in form, in the language asked for', async () => {
    const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
    for (const name of staffPages) {
      await page.goto(`${test.node.url}/${name}/?lang=zh-CN`);
      await page.waitForSelector('#signin-form:visible');
      const links = await page.$$eval('.topbar .nav-link', (as) => as.map((a) => a.getAttribute('href')));
      expect(links.sort(), name).toEqual(staffPages.filter((p) => p !== name).map((p) => `/${p}/`).sort());
      for (const id of ['token', 'signin-error', 'sign-out', 'who', 'locale']) expect(await page.locator(`#${id}`).count(), `${name} #${id}`).toBe(1);
      // Worded in Chinese once the page has loaded its language: no key shows.
      expect(await page.textContent('#signin-form button[type=submit]'), name).toBe('登录');
      expect(await page.textContent('.topbar'), name).not.toMatch(/\b(nav|reports|pacing|plan|wallboard|leads|team|compliance)\.[a-zA-Z]+/);
    }
    // The wallboard keeps its own controls in the bar.
    await page.goto(`${test.node.url}/wallboard/`);
    for (const id of ['clock', 'conn', 'phone-setting']) expect(await page.locator(`.topbar-right #${id}`).count(), id).toBe(1);
  });
});
