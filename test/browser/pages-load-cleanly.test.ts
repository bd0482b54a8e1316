// Every page of the product in headless Chromium, with a call under way: each loads, signs in and
// draws its campaign with no script error, no error in the console and no request that fails, and
// names an icon that loads (without one, browsers ask for /favicon.ico and log its 404).
// A page can look right in a screenshot and still have thrown behind it; this is where that shows.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleTokens } from '../helpers/outpace-node.js';
import { startDesktopOnACall, type DesktopOnACall } from './browser-helpers.js';

let call: DesktopOnACall;
let browser: Browser;

beforeAll(async () => {
  call = await startDesktopOnACall('browser-clean:', {
    name: `Clean pages ${Date.now()}`, agentId: 'clean-ann', agentName: 'Ann Clean',
    leads: [{ firstName: 'Carla', lastName: 'Clean', phones: ['+15550700010'] }],
  });
  browser = call.browser;
}, 60_000);

afterAll(async () => {
  await call?.close();
});

/** What went wrong in the page while it was open: script errors, console errors, failed requests. */
function watchForErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => problems.push(`failed ${request.method()} ${request.url()}: ${request.failure()?.errorText ?? ''}`));
  return problems;
}

/** The status of the icon the page names. */
async function iconStatus(page: Page): Promise<number> {
  const href = await page.evaluate(() => document.querySelector('link[rel=icon]')?.getAttribute('href') ?? null);
  if (href === null) return 0;
  return (await page.request.get(new URL(href, page.url()).href)).status();
}

const staffPages = ['wallboard', 'pacing', 'reports', 'plan', 'campaigns', 'leads', 'team', 'compliance'] as const;

describe('every page loads cleanly', () => {
  for (const name of staffPages) {
    for (const lang of ['en', 'zh-CN']) {
      it(`the ${name} page in ${lang}`, async () => {
        const page = await (await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'en-US' })).newPage();
        const problems = watchForErrors(page);
        await page.goto(`${call.test.node.url}/${name}/?lang=${lang}&campaign=${call.scenario.campaignId}`);
        await page.fill('#token', roleTokens.admin);
        await page.click('#signin-form button[type=submit]');
        await page.waitForSelector('#signin-form', { state: 'hidden' });
        await page.waitForLoadState('networkidle');
        expect(await page.locator('body').innerText()).toContain('Clean pages');
        expect(problems).toEqual([]);
        expect(await iconStatus(page)).toBe(200);
        await page.context().close();
      });
    }
  }

  it('the agent desktop on a call, reloaded', async () => {
    const problems = watchForErrors(call.page);
    await call.page.reload();
    await call.page.waitForSelector('#state-pill[data-status="talking"]');
    await call.page.waitForLoadState('networkidle');
    expect(await call.page.locator('#lead-name').innerText()).toContain('Carla');
    expect(problems).toEqual([]);
    expect(await iconStatus(call.page)).toBe(200);
  });
});
