// Every PromQL expression of every shipped dashboard, run by a real Prometheus against a real
// demo: each must evaluate without error and return at least one series, so no panel of a
// fresh install says "No data" or shows a query error. The same Prometheus loads the shipped
// alerting rules and evaluates them against the demo's series.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expressionsOf, loadDashboards, substituteVariables, type DashboardExpression } from '../grafana/dashboard-queries.js';
import { sampleSum, startDemo, waitFor, type DemoProcess } from '../grafana/demo-process.js';
import { prometheusAvailable, prometheusBinary, startPrometheus, type PrometheusProcess } from '../grafana/prometheus-process.js';

const SCRAPES_BEFORE_QUERYING = 20;
const alertRulesFile = fileURLToPath(new URL('../../config/prometheus-alerts.yml', import.meta.url));

let demo: DemoProcess | null = null;
let prometheus: PrometheusProcess | null = null;

beforeAll(async () => {
  if (!prometheusAvailable()) {
    throw new Error(`the Prometheus server (${prometheusBinary}) is not installed: apt-get install -y prometheus, or set PROMETHEUS_BIN`);
  }
  // Long enough to be still scraped when the tests query, however slow the machine: stopped after them.
  demo = await startDemo({ durationS: 900, agents: 6, leads: 3_000, timeScale: 0.2 });
  const url = demo.url;
  // Campaign series appear with the first dial; connects make the rate panels meaningful.
  const running = demo;
  await waitFor(async () => sampleSum(await (await fetch(`${url}/metrics`)).text(), 'outpace_connects_total') > 0, 60_000, () => running.exited());
  prometheus = await startPrometheus([`127.0.0.1:${demo.port}`], 1, [alertRulesFile]);
  const server = prometheus;
  await waitFor(async () => {
    const result = await server.query('count_over_time(up{job="outpace-engine"}[5m])');
    return Number(result.data?.result[0]?.value[1] ?? 0) >= SCRAPES_BEFORE_QUERYING;
  }, 60_000);
}, 200_000);

afterAll(async () => {
  await prometheus?.stop();
  await demo?.stop();
}, 120_000);

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
    const problems: string[] = [];
    for (const { file, panel, refId, expr } of expressions) {
      // $__range as Grafana would send it for the time this Prometheus has been scraping.
      const promql = substituteVariables(expr, { __range: '1m', __rate_interval: '15s' });
      const result = await server.query(promql);
      if (result.status !== 'success') problems.push(`${file} "${panel}" ${refId}: ${result.error ?? 'error'}\n  ${promql}`);
      else if ((result.data?.result.length ?? 0) === 0) problems.push(`${file} "${panel}" ${refId}: no series\n  ${promql}`);
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
