// The shipped alerting rules load in Prometheus, fire as their unit tests say (Prometheus's own
// rule engine, `promtool test rules`), select only metrics the engine registers, and are loaded
// by the compose stack's Prometheus.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/adapters/metrics/metrics.js';
import { quarterHourLimitFactor } from '../../src/core/pacing/burst-weight.js';
import { baseMetricName, metricNamesIn } from '../grafana/dashboard-queries.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rulesFile = `${root}config/prometheus-alerts.yml`;
const unitTests = fileURLToPath(new URL('./alert-rules.promtool.yml', import.meta.url));
const promtool = process.env.PROMTOOL_BIN ?? 'promtool';

interface Rule { alert?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }
interface RulesFile { groups: Array<{ name: string; rules: Rule[] }> }
interface UnitTestFile { tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }> }> }

const rules = (parseYaml(readFileSync(rulesFile, 'utf8')) as RulesFile).groups.flatMap((g) => g.rules);
const registered = new Set(createMetrics().registry.getMetricsAsArray().map((m) => m.name));
/** Series Prometheus itself writes for every scrape target. */
const prometheusOwn = new Set(['up']);

function runPromtool(args: readonly string[]): { status: number | null; output: string } {
  const run = spawnSync(promtool, args, { encoding: 'utf8' });
  if (run.error) throw new Error(`promtool (${promtool}) could not run: apt-get install -y prometheus, or set PROMTOOL_BIN (${run.error.message})`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('alerting rules', () => {
  it('load in Prometheus', () => {
    const check = runPromtool(['check', 'rules', rulesFile]);
    expect(check.output).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(check.status, check.output).toBe(0);
  });

  it('fire as their unit tests expect, and stay quiet on the near misses', () => {
    const run = runPromtool(['test', 'rules', unitTests]);
    expect(run.status, run.output).toBe(0);
  });

  it('are each tested firing by name, with a severity, a summary and a description', () => {
    const tests = (parseYaml(readFileSync(unitTests, 'utf8')) as UnitTestFile).tests.flatMap((t) => t.alert_rule_test ?? []);
    const fired = new Set(tests.filter((t) => t.exp_alerts.length > 0).map((t) => t.alertname));
    expect(rules.length).toBeGreaterThan(5);
    for (const rule of rules) {
      expect(rule.alert, rule.expr).toMatch(/^Outpace[A-Z]\w+$/);
      expect(fired.has(rule.alert ?? ''), `${rule.alert} has no unit test that fires it`).toBe(true);
      expect(['critical', 'warning', 'info']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.annotations?.description, rule.alert).toBeTruthy();
    }
  });

  it('select only metrics the engine registers', () => {
    for (const rule of rules) {
      const names = metricNamesIn(rule.expr);
      expect(names.length, rule.expr).toBeGreaterThan(0);
      for (const name of names) {
        expect(registered.has(baseMetricName(name)) || prometheusOwn.has(name), `${rule.alert}: unknown metric ${name}`).toBe(true);
      }
    }
  });

  it("hold a quarter hour's abandonment to the pacer's own quarter-hour limit over the budget in force, never to a fixed rate", () => {
    const rule = rules.find((r) => r.alert === 'OutpaceQuarterHourAbandonment');
    const [, numerator, denominator] = /\(\s*(\d+)\s*\/\s*(\d+)\s*\)\s*\*\s*max by \(campaign, regime\) \(outpace_abandon_budget\)/.exec(rule?.expr ?? '') ?? [];
    expect(Number(numerator) / Number(denominator), rule?.expr).toBe(quarterHourLimitFactor);
  });

  it('are loaded by the compose stack: prometheus.yml names the file where compose mounts it', () => {
    const config = parseYaml(readFileSync(`${root}config/prometheus.yml`, 'utf8')) as { rule_files?: string[] };
    const compose = readFileSync(`${root}docker-compose.yml`, 'utf8');
    expect(config.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    expect(compose).toContain('./config/prometheus-alerts.yml:/etc/prometheus/alerts.yml:ro');
  });
});
