// The shipped dashboards are valid Grafana JSON, use only the provisioned datasource and
// select only metrics the engine defines, by labels those metrics have.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { summariseDurations } from '../../src/adapters/http/routes/agent-report-routes.js';
import { agentStatuses } from '../../src/core/agent.js';
import { createMetrics, sameOnEveryNode } from '../../src/adapters/metrics/metrics.js';
import {
  baseMetricName, expressionsOf, loadDashboards, metricNamesIn, panelsOf, provisioningDir, substituteVariables, thresholdsFor, unknownLabelsIn,
} from './dashboard-queries.js';

interface DatasourceFile { datasources: Array<{ uid: string; type: string; url: string }> }
interface ProviderFile { providers: Array<{ type: string; options: { path: string } }> }

interface ScrapeConfigFile { scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }> }
/** The compose stack's Prometheus scrapes the engine and itself: the engine's job, by its target. */
const scrapeConfig = parseYaml(readFileSync(new URL('../../config/prometheus.yml', import.meta.url), 'utf8')) as ScrapeConfigFile;
const engineJob = scrapeConfig.scrape_configs.find((job) => job.static_configs.some((c) => c.targets.some((t) => t.startsWith('engine:'))))?.job_name;

const datasources = parseYaml(readFileSync(`${provisioningDir}datasources/prometheus.yaml`, 'utf8')) as DatasourceFile;
const providers = parseYaml(readFileSync(`${provisioningDir}dashboards/outpace.yaml`, 'utf8')) as ProviderFile;
const dashboards = loadDashboards();
const metrics = createMetrics().registry.getMetricsAsArray();
const registered = new Set(metrics.map((m) => m.name));
/** Each registered metric's label names, as prom-client keeps them. */
const labelsByMetric = new Map(metrics.map((m) => [m.name, (m as unknown as { labelNames?: string[] }).labelNames ?? []]));
const labelsOf = (metric: string): readonly string[] | undefined => labelsByMetric.get(metric);

describe('grafana provisioning', () => {
  it('provisions one Prometheus datasource with the uid the dashboards use', () => {
    expect(datasources.datasources).toHaveLength(1);
    expect(datasources.datasources[0]).toMatchObject({ uid: 'outpace-prometheus', type: 'prometheus' });
  });

  it('loads dashboards from files', () => {
    expect(providers.providers[0]).toMatchObject({ type: 'file', options: { path: '/var/lib/grafana/dashboards' } });
  });

  it('ships the pacing, agents, compliance and system dashboards with distinct uids', () => {
    expect(dashboards.map((d) => d.file)).toEqual(['agents.json', 'compliance.json', 'pacing.json', 'system.json']);
    const uids = dashboards.map((d) => d.dashboard.uid);
    expect(new Set(uids).size).toBe(uids.length);
  });
});

describe.each(dashboards)('dashboard $file', ({ file, dashboard }) => {
  const uid = datasources.datasources[0]?.uid;

  it('is a dashboard with a title and panels that have ids, positions and queries', () => {
    expect(typeof dashboard.title).toBe('string');
    const panels = panelsOf(dashboard);
    expect(panels.length).toBeGreaterThan(3);
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of panels) {
      expect(panel.gridPos, `${file}: ${panel.title}`).toBeDefined();
      expect(panel.targets?.length ?? 0, `${file}: ${panel.title}`).toBeGreaterThan(0);
    }
  });

  it('uses the provisioned datasource in every panel, query and variable', () => {
    for (const panel of panelsOf(dashboard)) {
      expect(panel.datasource?.uid, `${file}: ${panel.title}`).toBe(uid);
      for (const target of panel.targets ?? []) expect(target.datasource?.uid, `${file}: ${panel.title}`).toBe(uid);
    }
    for (const variable of dashboard.templating?.list ?? []) {
      if (variable.type === 'query') expect(variable.datasource?.uid, `${file}: $${variable.name}`).toBe(uid);
    }
  });

  it('selects only metrics the engine registers', () => {
    const expressions = expressionsOf({ file, dashboard });
    expect(expressions.length).toBeGreaterThan(0);
    for (const { panel, expr } of expressions) {
      const names = metricNamesIn(expr);
      expect(names.length, `${file}: ${panel}: ${expr}`).toBeGreaterThan(0);
      for (const name of names) expect(registered.has(baseMetricName(name)), `${file}: ${panel}: unknown metric ${name}`).toBe(true);
    }
    for (const variable of dashboard.templating?.list ?? []) {
      const query = typeof variable.query === 'string' ? variable.query : variable.query?.query ?? '';
      // label_values(metric, label): only the first argument selects a metric.
      const selector = /^label_values\(([^,]+),/.exec(query)?.[1] ?? query;
      for (const name of metricNamesIn(selector)) expect(registered.has(baseMetricName(name)), `$${variable.name}: ${name}`).toBe(true);
    }
  });

  it('names only labels the metrics it selects have', () => {
    for (const { panel, expr } of expressionsOf({ file, dashboard })) {
      expect(unknownLabelsIn(expr, labelsOf), `${file}: ${panel}: ${expr}`).toEqual([]);
    }
    for (const variable of dashboard.templating?.list ?? []) {
      const query = typeof variable.query === 'string' ? variable.query : variable.query?.query ?? '';
      const [, metric, label] = /^label_values\(\s*([A-Za-z_:][A-Za-z0-9_:]*)[^,]*,\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)/.exec(query) ?? [];
      if (metric && label) expect(labelsOf(baseMetricName(metric)), `$${variable.name}: ${query}`).toContain(label);
    }
  });

  it('takes the max, never the sum, over nodes of a gauge every node reads from what they share', () => {
    for (const { panel, expr } of expressionsOf({ file, dashboard })) {
      for (const name of sameOnEveryNode) {
        expect(new RegExp(`sum\\s*(by\\s*\\([^)]*\\)\\s*)?\\(\\s*${name}\\b`).test(expr), `${file}: ${panel}: ${expr}`).toBe(false);
      }
    }
  });

  it("selects the process metrics every scraped process exports alike (Prometheus's own among them) of the engine's job only", () => {
    for (const { panel, expr } of expressionsOf({ file, dashboard })) {
      for (const name of metricNamesIn(expr).filter((n) => n.startsWith('process_'))) {
        expect(new RegExp(`${name}\\{[^}]*job="${engineJob}"`).test(expr), `${file}: ${panel}: ${expr}`).toBe(true);
      }
    }
  });

  it('leaves no Grafana variable unresolved once substituted', () => {
    for (const { expr } of expressionsOf({ file, dashboard })) expect(substituteVariables(expr)).not.toContain('$');
  });
});

describe('what the dashboards count', () => {
  const panels = dashboards.flatMap(({ file, dashboard }) => panelsOf(dashboard).map((panel) => ({ file, panel })));
  const coloured = (thresholds: ReturnType<typeof thresholdsFor>) => (thresholds?.steps.length ?? 0) > 1;

  it('colours abandonment against the budget in force, never against fixed rates (a strict campaign has 1%)', () => {
    const stats = panels.filter(({ panel }) => panel.type === 'stat' && panel.targets?.some((t) => t.expr?.includes('outpace_abandon_rate')));
    expect(stats.length).toBeGreaterThan(0);
    for (const { file, panel } of panels) {
      for (const target of panel.targets ?? []) {
        const expr = target.expr ?? '';
        if (!expr.includes('outpace_abandon_rate') || expr.includes('outpace_abandon_budget')) continue;
        expect(coloured(thresholdsFor(panel, target.refId ?? '')), `${file}: ${panel.title} ${target.refId}: ${expr}`).toBe(false);
      }
    }
    for (const { file, panel } of stats) {
      const share = panel.targets?.find((t) => /outpace_abandon_rate.*\/.*outpace_abandon_budget/.test(t.expr ?? ''));
      expect(share, `${file}: ${panel.title} shows the share of the budget used`).toBeDefined();
      const steps = thresholdsFor(panel, share?.refId ?? '')?.steps ?? [];
      expect(steps.find((step) => step.color === 'red')?.value, `${file}: ${panel.title}`).toBe(1);
    }
  });

  it("counts occupancy as the agent-state report does", () => {
    // The report's definition, read from the report itself: a state is busy when an hour of it
    // beside an hour ready is half occupied, staffed when beside an hour talking it halves occupancy.
    const occupancy = (state: string, other: string) =>
      summariseDurations([{ agent_id: 'a', state, reason: null, seconds: 3600 }, { agent_id: 'a', state: other, reason: null, seconds: 3600 }], new Map())[0]?.occupancy;
    const busy = agentStatuses.filter((s) => occupancy(s, 'ready') === 0.5);
    const staffed = agentStatuses.filter((s) => busy.includes(s) || occupancy(s, 'talking') === 0.5);
    const occupancyPanels = panels.filter(({ panel }) => /occupancy/i.test(panel.title ?? ''));
    expect(occupancyPanels.length).toBeGreaterThan(0);
    for (const { file, panel } of occupancyPanels) {
      for (const { expr } of panel.targets ?? []) {
        const [part, whole] = [...(expr ?? '').matchAll(/state=~"([^"]+)"/g)].map((m) => new Set(m[1]?.split('|')));
        expect([part, whole], `${file}: ${panel.title}: ${expr}`).toEqual([new Set(busy), new Set(staffed)]);
      }
    }
  });
});

describe('stat panels over several selected campaigns', () => {
  const stats = dashboards.flatMap(({ file, dashboard }) => panelsOf(dashboard).filter((panel) => panel.type === 'stat').map((panel) => ({ file, panel })));

  it('never take the max, min or mean of a per-campaign figure across campaigns: one value per campaign, or a sum', () => {
    // Grouped by campaign (one value each) or summed (a total, or a sum over a sum): a max across
    // campaigns shows one campaign's figure as if it were all of them'.
    const acrossCampaigns = /\b(max|min|avg|quantile|topk|bottomk)\s*(?:by\s*\(([^)]*)\)\s*)?\(/g;
    for (const { file, panel } of stats) {
      for (const { expr = '' } of panel.targets ?? []) {
        for (const match of expr.matchAll(acrossCampaigns)) {
          const grouping = (match[2] ?? '').split(',').map((label) => label.trim());
          const perCampaign = metricNamesIn(expr.slice(match.index)).some((name) => labelsOf(baseMetricName(name))?.includes('campaign'));
          expect(perCampaign && !grouping.includes('campaign'), `${file}: ${panel.title}: ${match[0]} in ${expr}`).toBe(false);
        }
      }
    }
  });

  it('show each campaign its own figure, or the sum of theirs, as Prometheus evaluates the pacing dashboard\'s stat panels', () => {
    // Campaigns 1 and 2 selected; 3, with the largest figures, not. Figures a float divides exactly.
    const series: Record<string, string> = {
      'outpace_dial_level{campaign="1"}': '1.5', 'outpace_dial_level{campaign="2"}': '3', 'outpace_dial_level{campaign="3"}': '9',
      'outpace_agents{campaign="1",state="ready"}': '2', 'outpace_agents{campaign="2",state="ready"}': '5', 'outpace_agents{campaign="3",state="ready"}': '40',
      'outpace_connects_total{campaign="1"}': '0+60x20', 'outpace_connects_total{campaign="2"}': '0+120x20', 'outpace_connects_total{campaign="3"}': '0+6000x20',
      'outpace_connect_rate{campaign="1",window="15m"}': '0.25', 'outpace_connect_rate{campaign="2",window="15m"}': '0.5', 'outpace_connect_rate{campaign="3",window="15m"}': '0.75',
      'outpace_abandon_rate{campaign="1",regime="us",window="regime"}': '0.015625', 'outpace_abandon_rate{campaign="2",regime="uk",window="regime"}': '0.03125',
      'outpace_abandon_rate{campaign="3",regime="us",window="regime"}': '0.5',
      'outpace_abandon_budget{campaign="1",regime="us"}': '0.0625', 'outpace_abandon_budget{campaign="2",regime="uk"}': '0.03125', 'outpace_abandon_budget{campaign="3",regime="us"}': '0.0625',
      'outpace_pacing_binding{campaign="1",binding="agents"}': '1', 'outpace_pacing_binding{campaign="2",binding="cps"}': '1', 'outpace_pacing_binding{campaign="3",binding="cps"}': '1',
    };
    const expected: Record<string, Array<{ labels: string; value: number }>> = {
      'Dial level A': [{ labels: '{campaign="1"}', value: 1.5 }, { labels: '{campaign="2"}', value: 3 }],
      'Ready agents A': [{ labels: '{}', value: 7 }],
      'Connects / min A': [{ labels: '{}', value: 180 }],
      'Connect rate (15 min) A': [{ labels: '{campaign="1"}', value: 0.25 }, { labels: '{campaign="2"}', value: 0.5 }],
      'Abandonment (regime window) A': [{ labels: '{campaign="1",regime="us"}', value: 0.015625 }, { labels: '{campaign="2",regime="uk"}', value: 0.03125 }],
      'Abandonment (regime window) B': [{ labels: '{campaign="1",regime="us"}', value: 0.25 }, { labels: '{campaign="2",regime="uk"}', value: 1 }],
      'Binding limit now A': [{ labels: '{binding="agents",campaign="1"}', value: 1 }, { labels: '{binding="cps",campaign="2"}', value: 1 }],
    };
    const pacing = stats.filter(({ file }) => file === 'pacing.json').flatMap(({ panel }) => (panel.targets ?? []).map((t) => ({ key: `${panel.title} ${t.refId}`, expr: t.expr ?? '' })));
    expect(pacing.map((p) => p.key).sort()).toEqual(Object.keys(expected).sort()); // every stat panel has its figures here
    const dir = mkdtempSync(join(tmpdir(), 'outpace-pacing-stats-'));
    try {
      const file = join(dir, 'pacing-stats.promtool.yml');
      writeFileSync(file, stringifyYaml({
        rule_files: [], evaluation_interval: '1m',
        tests: [{
          interval: '1m',
          input_series: Object.entries(series).map(([name, value]) => ({ series: name, values: value.includes('x') ? value : `${value}x20` })),
          promql_expr_test: pacing.map(({ key, expr }) => ({
            expr: substituteVariables(expr, { campaign: '1|2', __rate_interval: '5m' }), eval_time: '10m',
            exp_samples: (expected[key] ?? []).map(({ labels, value }) => ({ labels, value })),
          })),
        }],
      }));
      const run = spawnSync(process.env.PROMTOOL_BIN ?? 'promtool', ['test', 'rules', file], { encoding: 'utf8' });
      if (run.error) throw new Error(`promtool could not run: apt-get install -y prometheus, or set PROMTOOL_BIN (${run.error.message})`);
      expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('label check', () => {
  const labels = (metric: string) => ({ outpace_ring_seconds: ['campaign', 'result'], outpace_agents: ['campaign', 'state'] } as Record<string, string[]>)[metric];

  it('finds a label a selector, a grouping or a matching clause names that the metrics do not have (the check is not vacuous)', () => {
    expect(unknownLabelsIn('histogram_quantile(0.9, sum by (le, campaign) (rate(outpace_ring_seconds_bucket{campaign=~"$campaign",result="answered"}[5m])))', labels)).toEqual([]);
    expect(unknownLabelsIn('sum by (campaign, state) (outpace_agents{state!="x"}) / on (instance) group_left sum(outpace_agents)', labels)).toEqual([]);
    expect(unknownLabelsIn('sum by (campaign, reason) (outpace_agents{binding_limit="cps"})', labels)).toEqual(['binding_limit (outpace_agents)', 'reason']);
    expect(unknownLabelsIn('sum by (node) (label_replace(outpace_agents, "node", "$1", "instance", "(.*)"))', labels)).toEqual([]);
  });
});

describe('metric name extraction', () => {
  it('finds metrics and skips functions, labels, strings and durations', () => {
    const expr = 'histogram_quantile(0.99, sum by (le, campaign) (rate(outpace_ring_seconds_bucket{campaign=~"$campaign",result="answered"}[$__rate_interval]))) / clamp_min(sum(outpace_agents), 1)';
    expect(metricNamesIn(expr)).toEqual(['outpace_ring_seconds_bucket', 'outpace_agents']);
  });
});
