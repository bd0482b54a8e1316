// The engine's own pacing page in a real browser after the demo has dialled for a while: the
// decision log says what decides the dialling and why, the charts draw from the history route,
// and screenshots are kept for people to look at.

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
  // Long enough to outlast the tests however slow the machine: the last test stops it (SIGTERM).
  const started = await startDemo({ durationS: 900, agents: 6, leads: 3_000, timeScale: 0.2 });
  demo = started;
  const url = started.url;
  await waitFor(async () => sampleSum(await (await fetch(`${url}/metrics`)).text(), 'outpace_connects_total') >= 3, 60_000);
  // The history keeps a sample every 5 s: wait until the demo campaign has a few, so its lines have a shape.
  await waitFor(async () => (await demoSamples(started)) >= 3, 60_000, started.exited);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 150_000);

/** How many samples the pacing history holds for the demo's own campaign (0 before it has said which). */
async function demoSamples(running: DemoProcess): Promise<number> {
  const campaignId = /^campaign (\d+) started/m.exec(running.output())?.[1];
  if (campaignId === undefined) return 0;
  const history = await (await fetch(`${running.url}/api/pacing/history?campaign=${campaignId}`, { headers: { authorization: `Bearer ${running.viewerToken}` } }))
    .json() as { campaigns: Array<{ campaignId: string; samples: unknown[] }> };
  return history.campaigns.find((c) => String(c.campaignId) === campaignId)?.samples.length ?? 0;
}

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
}, 120_000);

describe('pacing page', () => {
  it('explains the dialling from the decision log and draws the last hour for the demo campaign', async () => {
    if (!browser || !demo) throw new Error('setup failed');
    const page = await browser.newPage({ viewport: { width: 1400, height: 1200 }, locale: 'en-US' });
    await page.goto(`${demo.url}/pacing/?lang=en&token=${demo.viewerToken}`);
    // A flat line (no abandons) has no height, so wait for it to exist rather than be visible.
    await page.waitForSelector('section.campaign [data-chart="abandon"] svg path.line', { state: 'attached', timeout: 20_000 });

    // The demo's own campaign: the node also takes on whatever else the shared test database has running.
    const campaignId = /^campaign (\d+) started/m.exec(demo.output())?.[1];
    expect(campaignId, 'the demo said which campaign it started').toBeDefined();
    const section = page.locator(`section.campaign[data-campaign="${campaignId}"]`);
    const campaigns = await (await fetch(`${demo.url}/api/campaigns`, { headers: { authorization: `Bearer ${demo.viewerToken}` } })).json() as Array<{ id: string; name: string }>;
    expect(await section.locator('.name').textContent()).toBe(campaigns.find((c) => c.id === campaignId)?.name);

    // The sentence on top is the latest decision's limit, explained.
    const decisions = async () => (await (await fetch(`${demo!.url}/api/campaigns/${campaignId}/decisions?limit=100`, {
      headers: { authorization: `Bearer ${demo!.viewerToken}` },
    })).json()) as Array<{ binding: string; launch: number }>;
    await expect.poll(async () => (await section.locator('.now').getAttribute('data-binding')) === (await decisions())[0]?.binding, { timeout: 15_000 }).toBe(true);
    expect(await section.locator('.now').textContent()).toMatch(/^Since .+: .+ Dial level [\d.]+\.$/);
    // Shares of the calls launched, by what decided them, and the latest launches.
    const chips = await section.locator('.share-chip').allTextContents();
    expect(chips.length).toBeGreaterThan(0);
    expect(chips.every((c) => /\d+%$/.test(c))).toBe(true);
    const rows = section.locator('.decisions tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    const launched = new Set((await decisions()).filter((d) => d.launch > 0).map((d) => d.binding));
    for (const binding of await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.binding))) {
      expect(launched).toContain(binding);
    }

    // How the model's forecast has fared, once it has paced anything: as the history route says it.
    const history = await (await fetch(`${demo.url}/api/pacing/history?campaign=${campaignId}`, { headers: { authorization: `Bearer ${demo.viewerToken}` } }))
      .json() as { campaigns: Array<{ forecast: { expected: number; happened: number } }> };
    const forecast = history.campaigns[0]?.forecast;
    expect(forecast).toBeDefined();
    // (The model may not have taken over yet in a demo this short: the line is shown once it has.)
    if (forecast && forecast.expected > 0) await section.locator('.forecast').waitFor({ state: 'visible', timeout: 10_000 });
    if (await section.locator('.forecast').isVisible()) {
      expect(await section.locator('.forecast').textContent()).toMatch(/^The predictive model's check, over about the last hour: it expected \d+\.\d abandons among the live answers it paced for, and \d+\.\d happened\./);
    }

    const charts = await page.$$eval(`section.campaign[data-campaign="${campaignId}"] .chart`, (nodes) => nodes.map((n) => ({
      chart: (n as HTMLElement).dataset.chart ?? '',
      lines: Array.from(n.querySelectorAll('path.line')).map((p) => ({ series: p.getAttribute('data-series'), points: (p.getAttribute('d') ?? '').split(/[ML]/).length - 1 })),
    })));
    expect(charts.map((c) => c.chart)).toEqual(['dialLevel', 'agents', 'connects', 'abandon']);
    for (const chart of charts) {
      expect(chart.lines.length, chart.chart).toBeGreaterThan(0);
      expect(Math.max(...chart.lines.map((l) => l.points)), chart.chart).toBeGreaterThanOrEqual(3);
    }
    expect(charts.find((c) => c.chart === 'abandon')?.lines.map((l) => l.series)).toEqual(['abandoned', 'budget']);
    expect(await page.textContent('#status')).toMatch(/^Updated/);
    // The token left the address bar and is kept as the staff pages' sign-in.
    expect(page.url()).not.toContain('token=');
    expect(await page.evaluate(() => localStorage.getItem('outpace.staffToken'))).toBe(demo.viewerToken);

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: `${artifacts}pacing-page.png`, fullPage: true });

    await page.selectOption('#locale', 'zh-CN');
    await expect.poll(() => section.locator('.now').textContent()).toMatch(/^自 .+ 起：/);
    expect(await section.locator('figcaption span').first().textContent()).toBe('拨号水平');
    await page.screenshot({ path: `${artifacts}pacing-page-zh-CN.png`, fullPage: true });
  }, 60_000);

  it('asks for a token when it has none', async () => {
    if (!browser || !demo) throw new Error('setup failed');
    const page = await browser.newPage();
    await page.goto(`${demo.url}/pacing/?lang=en`);
    await page.waitForSelector('#signin:not([hidden])', { timeout: 10_000 });
    expect(await page.isHidden('#page')).toBe(true);
  }, 30_000);

  it('stops cleanly on SIGTERM: drains, prints its summary and gives its campaign lease back', async () => {
    if (!demo) throw new Error('setup failed');
    await demo.stop();
    expect(demo.exited()).toMatch(/^demo exited \(0\)/);
    expect(demo.output()).toContain('SIGTERM: stopping the demo cleanly');
    expect(demo.output()).toMatch(/^pacing is progressive \("few_samples"\) until the campaign has made 60 dials .*, then the predictive model dials \(calls ring and talk 5 times faster than life; --time-scale 1 for real time\)$/m);
    expect(demo.output()).toMatch(/^done: \d+ attempts/m);
    const routed = /^distribution: (\d+) of (\d+) calls put through went to a bot of the lead's industry \((\d+) of them handed over by another bot\); (\d+) put on hold; (\d+) left with the verification desk$/m.exec(demo.output());
    expect(routed, 'the demo prints its distribution line').not.toBeNull();
    expect(Number(routed?.[1])).toBeLessThanOrEqual(Number(routed?.[2]));
    expect(Number(routed?.[3])).toBeLessThanOrEqual(Number(routed?.[1]));
    expect(Number(routed?.[4])).toBeLessThanOrEqual(Number(routed?.[2]));
    expect(Number(routed?.[5])).toBeLessThanOrEqual(Number(routed?.[2]));
    const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
    try {
      expect(await redis.keys(`${demo.keyPrefix}campaign-lease:*`)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  }, 120_000);
});
