// The staff pages' frame in a real browser: every staff page gets the same top bar, with links to
// every other staff page and its own controls kept, and the sign-in form the shared sign-in code
// binds, worded in the page's language; so no page is left out when one is added.

import { readdir, readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
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

  it("show a viewer neither the recordings (nor ask for them) nor links to pages for other roles, and the team page's sign-in its own words", async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const asked: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/recordings')) asked.push(request.url());
    });
    await page.goto(`${test.node.url}/team/?lang=en`);
    await page.waitForSelector('#signin-form:visible');
    expect(await page.textContent('#signin-form p.muted')).toBe("Enter a supervisor's, manager's or admin's token. It stays in this browser.");
    await page.goto(`${test.node.url}/team/?lang=zh-CN`);
    await expect.poll(() => page.textContent('#signin-form p.muted')).toBe('请输入主管、经理或管理员的令牌。令牌只保存在此浏览器中。');

    const signIn = async (token: string) => {
      await page.goto(`${test.node.url}/wallboard/?lang=en`);
      await page.fill('#token', token);
      await page.click('#signin-form button[type=submit]');
      await page.waitForSelector('#board:visible');
      await page.waitForSelector('#conn[data-state="live"]');
    };
    await signIn(roleTokens.viewer);
    const shown = () => page.$$eval('.topbar .nav-link', (as) => as.filter((a) => !(a as HTMLElement).hidden).map((a) => a.getAttribute('href')));
    expect((await shown()).sort()).toEqual(['/campaigns/', '/compliance/', '/leads/', '/pacing/', '/reports/']);
    expect(await page.isHidden('#recordings-panel')).toBe(true);
    expect(asked).toEqual([]);
    await page.click('#sign-out');

    await signIn(roleTokens.supervisor);
    await expect.poll(() => asked.length).toBeGreaterThan(0);
    expect((await shown()).sort()).toEqual(['/campaigns/', '/compliance/', '/leads/', '/pacing/', '/reports/', '/team/']);
    await context.close();
  });
});
