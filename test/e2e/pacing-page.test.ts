// The engine's own pacing page in a real browser after the demo has dialled for a while: the
// charts draw from the history route, and a screenshot is kept for people to look at.

import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { sampleSum, startDemo, waitFor, type DemoProcess } from '../grafana/demo-process.js';
import { testRedisUrl } from '../helpers/redis.js';

const artifacts = fileURLToPath(new URL('../../test-results/artifacts/', import.meta.url));

let demo: DemoProcess | null = null;
let browser: Browser | null = null;

beforeAll(async () => {
  demo = await startDemo({ durationS: 120, agents: 6, leads: 3_000, timeScale: 0.2 });
  const url = demo.url;
  await waitFor(async () => sampleSum(await (await fetch(`${url}/metrics`)).text(), 'outpace_connects_total') >= 3, 60_000);
  // The history keeps a sample every 5 s: let a few accumulate so the lines have a shape.
  await new Promise((resolve) => setTimeout(resolve, 20_000));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
}, 120_000);

describe('pacing page', () => {
  it('draws dial level, agents, connects per minute and abandonment against budget for the demo campaign', async () => {
    if (!browser || !demo) throw new Error('setup failed');
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${demo.url}/pacing/?token=${demo.viewerToken}`);
    // A flat line (no abandons) has no height, so wait for it to exist rather than be visible.
    await page.waitForSelector('section.campaign [data-chart="abandon"] svg path.line', { state: 'attached', timeout: 20_000 });

    const charts = await page.$$eval('section.campaign .chart', (nodes) => nodes.map((n) => ({
      chart: (n as HTMLElement).dataset.chart ?? '',
      lines: Array.from(n.querySelectorAll('path.line')).map((p) => ({ series: p.getAttribute('data-series'), points: (p.getAttribute('d') ?? '').split(/[ML]/).length - 1 })),
    })));
    expect(charts.map((c) => c.chart).slice(0, 4)).toEqual(['dialLevel', 'agents', 'connects', 'abandon']);
    for (const chart of charts) {
      expect(chart.lines.length, chart.chart).toBeGreaterThan(0);
      expect(Math.max(...chart.lines.map((l) => l.points)), chart.chart).toBeGreaterThanOrEqual(3);
    }
    expect(charts.find((c) => c.chart === 'abandon')?.lines.map((l) => l.series)).toEqual(['abandoned', 'budget']);
    expect(await page.textContent('#status')).toMatch(/^updated/);
    // The token left the address bar and stayed in the browser.
    expect(page.url()).not.toContain('token=');
    expect(await page.evaluate(() => localStorage.getItem('outpace.token'))).toBe(demo.viewerToken);

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: `${artifacts}pacing-page.png`, fullPage: true });
  }, 60_000);

  it('asks for a token when it has none', async () => {
    if (!browser || !demo) throw new Error('setup failed');
    const page = await browser.newPage();
    await page.goto(`${demo.url}/pacing/`);
    await page.waitForSelector('#login:not([hidden])', { timeout: 10_000 });
    expect(await page.textContent('#status')).toContain('token');
  }, 30_000);

  it('stops cleanly on SIGTERM: drains, prints its summary and gives its campaign lease back', async () => {
    if (!demo) throw new Error('setup failed');
    await demo.stop();
    expect(demo.exited()).toMatch(/^demo exited \(0\)/);
    expect(demo.output()).toContain('SIGTERM: stopping the demo cleanly');
    expect(demo.output()).toMatch(/^done: \d+ attempts/m);
    const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
    try {
      expect(await redis.keys(`${demo.keyPrefix}campaign-lease:*`)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  }, 120_000);
});
