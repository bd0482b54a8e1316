// The demo as those who watch it see it, from one run of it (its start, its first calls and its
// stop are most of the time either check takes, so they share them):
// - Every PromQL expression of every shipped dashboard, run by a real Prometheus scraping the
//   demo: each must evaluate without error and return at least one series, so no panel of a fresh
//   install says "No data" or shows a query error. The same Prometheus loads the shipped alerting
//   rules and evaluates them against the demo's series.
// - The engine's own pacing page in a real browser after the demo has dialled for a while: the
//   decision log says what decides the dialling and why, the charts draw from the history route,
//   and screenshots are kept for people to look at.
// - The demo stopped by SIGTERM drains, prints its summary and gives its campaign lease back.

import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { expressionsOf, loadDashboards, substituteVariables, type DashboardExpression } from '../grafana/dashboard-queries.js';
import { sampleSum, startDemo, waitFor, type DemoProcess } from '../grafana/demo-process.js';
import { prometheusAvailable, prometheusBinary, startPrometheus, type PrometheusProcess } from '../grafana/prometheus-process.js';
import { testRedisUrl } from '../helpers/redis.js';

const alertRulesFile = fileURLToPath(new URL('../../config/prometheus-alerts.yml', import.meta.url));
const artifacts = fileURLToPath(new URL('../../test-results/artifacts/', import.meta.url));

let demo: DemoProcess | null = null;
let prometheus: PrometheusProcess | null = null;
let browser: Browser | null = null;

beforeAll(async () => {
  if (!prometheusAvailable()) {
    throw new Error(`the Prometheus server (${prometheusBinary}) is not installed: apt-get install -y prometheus, or set PROMETHEUS_BIN`);
  }
  // Long enough to outlast the tests however slow the machine: the last test stops it (SIGTERM).
  // Calls 20 times shorter than life: the first connects come sooner, and the calls still up
  // when it is stopped end sooner.
  const started = await startDemo({ durationS: 900, agents: 6, leads: 3_000, timeScale: 0.05 });
  demo = started;
  // Scraping from the start: the campaign's series appear with its first dial.
  prometheus = await startPrometheus([`127.0.0.1:${started.port}`], 1, [alertRulesFile]);
  const url = started.url;
  await waitFor(async () => sampleSum(await (await fetch(`${url}/metrics`)).text(), 'outpace_connects_total') >= 3, 60_000, started.exited);
  // The history keeps a sample every 5 s: wait until the demo campaign has a few, so its lines have a shape.
  await waitFor(async () => (await demoSamples(started)) >= 3, 60_000, started.exited);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 200_000);

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
  await prometheus?.stop();
  await demo?.stop();
}, 120_000);

/** The dashboard expressions that fail to evaluate or return no series, each with why. */
async function dashboardProblems(server: PrometheusProcess, expressions: readonly DashboardExpression[]): Promise<string[]> {
  const problems: string[] = [];
  for (const { file, panel, refId, expr } of expressions) {
    // $__range as Grafana would send it for the time this Prometheus has been scraping.
    const promql = substituteVariables(expr, { __range: '1m', __rate_interval: '15s' });
    const result = await server.query(promql);
    if (result.status !== 'success') problems.push(`${file} "${panel}" ${refId}: ${result.error ?? 'error'}\n  ${promql}`);
    else if ((result.data?.result.length ?? 0) === 0) problems.push(`${file} "${panel}" ${refId}: no series\n  ${promql}`);
  }
  return problems;
}

describe('dashboards against Prometheus scraping the demo', () => {
  it('scrapes the engine successfully', async () => {
    const result = await prometheus?.query('up{job="outpace-engine"}');
    expect(result?.data?.result[0]?.value[1]).toBe('1');
  });

  it('finds the demo campaign through the dashboards\' campaign variable', async () => {
    expect((await prometheus?.labelValues('campaign', 'outpace_dials_total'))?.length).toBeGreaterThan(0);
  });

  it('evaluates every dashboard expression without error and with at least one series', async () => {
    const server = prometheus;
    if (!server) throw new Error('prometheus did not start');
    const expressions: DashboardExpression[] = loadDashboards().flatMap(expressionsOf);
    expect(expressions.length).toBeGreaterThan(40);
    // A rate needs two scrapes of its series: asked again until every expression has its series
    // (or the wait is over), rather than after a fixed number of scrapes.
    let problems = await dashboardProblems(server, expressions);
    const until = Date.now() + 30_000;
    while (problems.length > 0 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      problems = await dashboardProblems(server, expressions);
    }
    expect(problems, problems.join('\n')).toEqual([]);
  }, 60_000);

  it('loads every alerting rule and evaluates each against the engine\'s series without error', async () => {
    const server = prometheus;
    if (!server) throw new Error('prometheus did not start');
    const shipped = (parseYaml(readFileSync(alertRulesFile, 'utf8')) as { groups: Array<{ rules: Array<{ alert: string }> }> }).groups.flatMap((g) => g.rules.map((r) => r.alert));
    await waitFor(async () => (await server.rules()).every((r) => r.evaluatedAt > 0), 30_000);
    const loaded = await server.rules();
    expect(loaded.map((r) => r.name).sort()).toEqual([...shipped].sort());
    expect(loaded.filter((r) => r.health !== 'ok' || r.lastError)).toEqual([]);
  }, 60_000);
});

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
    expect(demo.output()).toMatch(/^pacing is progressive \("few_samples"\) until the campaign has made 60 dials .*, then the predictive model dials \(calls ring and talk 20 times faster than life; --time-scale 1 for real time\)$/m);
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
