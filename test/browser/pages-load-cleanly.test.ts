// Every page of the product in headless Chromium, with a call under way: each loads, signs in and
// draws its campaign with no script error, no error in the console and no request that fails, and
// names an icon that loads (without one, browsers ask for /favicon.ico and log its 404).
// A page can look right in a screenshot and still have thrown behind it; this is where that shows.
// Each page is judged once it has drawn its campaign and has no request left in flight, not after a
// quiet spell: the browser's "network idle" is already past once the sign-in form has loaded.
// No page shows a locale key in place of its words (the staff pages in English and in Chinese).

import { readFile } from 'node:fs/promises';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleTokens } from '../helpers/outpace-node.js';
import { apiCall, startDesktopOnACall, waitUntil, type DesktopOnACall } from './browser-helpers.js';

let call: DesktopOnACall;
let browser: Browser;
const campaignName = `Clean pages ${Date.now()}`;

beforeAll(async () => {
  // The person hangs up ten simulated minutes after answering: at full time that is longer than
  // every case of the file could take (each has 30 s), so the call is still up for the last one,
  // however slow the machine (at a tenth, a minute, which a loaded machine spends on the pages).
  call = await startDesktopOnACall('browser-clean:', {
    name: campaignName, agentId: 'clean-ann', agentName: 'Ann Clean',
    leads: [{ firstName: 'Carla', lastName: 'Clean', phones: ['+15550700010'] }],
  }, {}, { timeScale: 1 });
  browser = call.browser;
}, 60_000);

afterAll(async () => {
  await call?.close();
});

interface PageWatch {
  /** What went wrong in the page while it was open: script errors, console errors, failed requests. */
  problems: string[];
  /** Resolves once no request of the page is in flight. */
  settled(): Promise<void>;
}

function watchForErrors(page: Page): PageWatch {
  const problems: string[] = [];
  const inFlight = new Set<Request>();
  page.on('request', (request) => inFlight.add(request));
  page.on('requestfinished', (request) => inFlight.delete(request));
  page.on('requestfailed', (request) => inFlight.delete(request));
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => problems.push(`failed ${request.method()} ${request.url()}: ${request.failure()?.errorText ?? ''}`));
  return {
    problems,
    settled: async () => {
      await waitUntil('no request of the page in flight', async () => inFlight.size === 0);
    },
  };
}

/** What the page shows that reads as a locale key in place of words (one of the locale's, or one
 * it lacks under a prefix of the locale's, "nav.teem"): in its text, hints, tooltips and labels. */
async function keysShown(page: Page): Promise<string[]> {
  const strings = JSON.parse(await readFile('src/web/locales/en.json', 'utf8')) as Record<string, string>;
  // In any case: the text as shown, a heading in capitals included.
  const prefixes = new Set(Object.keys(strings).map((key) => key.split('.')[0]?.toLowerCase()));
  const shown = await page.evaluate(() => [document.body.innerText, ...Array.from(document.querySelectorAll('[placeholder], [title], [aria-label]'))
    .flatMap((e) => ['placeholder', 'title', 'aria-label'].map((name) => e.getAttribute(name) ?? ''))].join('\n'));
  return [...new Set(shown.match(/\b[a-zA-Z]+(?:\.[a-zA-Z_]+)+/g) ?? [])].filter((word) => prefixes.has(word.split('.')[0]?.toLowerCase()));
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
        const watch = watchForErrors(page);
        await page.goto(`${call.test.node.url}/${name}/?lang=${lang}&campaign=${call.scenario.campaignId}`);
        await page.fill('#token', roleTokens.admin);
        await page.click('#signin-form button[type=submit]');
        await page.waitForSelector('#signin-form', { state: 'hidden' });
        // The campaign comes with the page's first fetches after signing in: drawn, then all answered.
        await page.waitForFunction((text) => document.body.innerText.includes(text), campaignName);
        await watch.settled();
        expect(watch.problems).toEqual([]);
        expect(await keysShown(page)).toEqual([]);
        expect(await iconStatus(page)).toBe(200);
        await page.context().close();
      });
    }
  }

  it('the agent desktop on a call, reloaded', async () => {
    const status = async () => (await apiCall<{ status: string }>(call.test, 'GET', `/api/agents/${call.scenario.agentId}`)).status;
    expect(await status()).toBe('talking');
    const watch = watchForErrors(call.page);
    await call.page.reload();
    await call.page.waitForSelector('#state-pill[data-status="talking"]');
    // The call's screen pop is fetched once the state says there is a call.
    await call.page.locator('#lead-name', { hasText: 'Carla' }).waitFor();
    await watch.settled();
    expect(watch.problems).toEqual([]);
    expect(await keysShown(call.page)).toEqual([]);
    expect(await iconStatus(call.page)).toBe(200);
  });
});
