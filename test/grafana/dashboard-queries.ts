// Reads the shipped Grafana dashboards and pulls out their PromQL: shared by the static
// dashboard test and the end-to-end test that runs every expression against Prometheus.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const dashboardsDir = fileURLToPath(new URL('../../grafana/dashboards/', import.meta.url));
export const provisioningDir = fileURLToPath(new URL('../../grafana/provisioning/', import.meta.url));

export interface Target {
  refId?: string;
  expr?: string;
  datasource?: { type?: string; uid?: string };
}

export interface Thresholds {
  mode?: string;
  steps: Array<{ color: string; value: number | null }>;
}

export interface FieldConfig {
  defaults?: { thresholds?: Thresholds };
  overrides?: Array<{ matcher: { id: string; options?: unknown }; properties: Array<{ id: string; value?: unknown }> }>;
}

export interface Panel {
  id?: number;
  type?: string;
  title?: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  panels?: Panel[];
  gridPos?: { h: number; w: number; x: number; y: number };
  fieldConfig?: FieldConfig;
}

export interface TemplateVariable {
  name: string;
  type: string;
  datasource?: { type?: string; uid?: string };
  query?: string | { query?: string };
}

export interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating?: { list: TemplateVariable[] };
}

export interface LoadedDashboard {
  file: string;
  dashboard: Dashboard;
}

export interface DashboardExpression {
  file: string;
  panel: string;
  refId: string;
  expr: string;
}

export function loadDashboards(): LoadedDashboard[] {
  return readdirSync(dashboardsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(`${dashboardsDir}${file}`, 'utf8')) as Dashboard }));
}

/** Every panel, including those nested in collapsed rows. */
export function panelsOf(dashboard: Dashboard): Panel[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

export function expressionsOf(loaded: LoadedDashboard): DashboardExpression[] {
  return panelsOf(loaded.dashboard).flatMap((panel) => (panel.targets ?? [])
    .filter((t) => typeof t.expr === 'string' && t.expr.trim() !== '')
    .map((t) => ({ file: loaded.file, panel: panel.title ?? `#${panel.id}`, refId: t.refId ?? '?', expr: t.expr ?? '' })));
}

/** Grafana's own variables replaced by what Grafana would send for a short, recent range. */
export function substituteVariables(expr: string, values: Record<string, string> = {}): string {
  const defaults: Record<string, string> = {
    __rate_interval: '30s', __interval: '15s', __range: '5m', campaign: '.*', ...values,
  };
  return expr.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => defaults[name] ?? whole);
}

const promqlWords = new Set([
  'sum', 'min', 'max', 'avg', 'count', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'group',
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset',
  'rate', 'irate', 'increase', 'delta', 'idelta', 'deriv', 'changes', 'resets', 'histogram_quantile',
  'clamp_min', 'clamp_max', 'clamp', 'abs', 'ceil', 'floor', 'round', 'sqrt', 'exp', 'ln', 'log2', 'log10',
  'vector', 'scalar', 'time', 'timestamp', 'label_replace', 'label_join', 'sort', 'sort_desc', 'absent',
  'avg_over_time', 'min_over_time', 'max_over_time', 'sum_over_time', 'count_over_time', 'last_over_time',
  'quantile_over_time', 'label_values', 'inf', 'nan',
]);

/** Metric names an expression selects: everything that is not a function, keyword, label or literal. */
export function metricNamesIn(expr: string): string[] {
  const stripped = substituteVariables(expr)
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  const words = stripped.match(/[A-Za-z_:][A-Za-z0-9_:]*/g) ?? [];
  return [...new Set(words.filter((w) => !promqlWords.has(w.toLowerCase())))];
}

/** A histogram's series carry suffixes; the registry knows the base name. */
export function baseMetricName(name: string): string {
  return name.replace(/_(bucket|sum|count)$/, '');
}

/** The thresholds that colour a query's values: an override for its refId, else the panel's. */
export function thresholdsFor(panel: Panel, refId: string): Thresholds | undefined {
  const override = panel.fieldConfig?.overrides?.find((o) => o.matcher.id === 'byFrameRefID' && o.matcher.options === refId);
  const own = override?.properties.find((p) => p.id === 'thresholds')?.value as Thresholds | undefined;
  return own ?? panel.fieldConfig?.defaults?.thresholds;
}

/** Labels every series has once scraped: Prometheus's own and the scrape config's (config/prometheus.yml). */
export const scrapeLabels = ['job', 'instance', 'service'];

export interface LabelUse {
  label: string;
  /** The metric whose selector matches on the label, or null for a grouping or matching clause
   * (by, without, on, ignoring, group_left, group_right), which the expression's series must have. */
  metric: string | null;
}

/** The labels an expression names: in selectors' matchers, and in grouping and matching clauses. */
export function labelUsesIn(expr: string): LabelUse[] {
  const text = substituteVariables(expr).replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const uses: LabelUse[] = [];
  for (const match of text.matchAll(/([A-Za-z_:][A-Za-z0-9_:]*)?\s*\{([^}]*)\}/g)) {
    for (const matcher of (match[2] ?? '').split(',')) {
      const label = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)/.exec(matcher)?.[1];
      if (label) uses.push({ label, metric: match[1] ?? null });
    }
  }
  for (const match of text.matchAll(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g)) {
    for (const label of (match[1] ?? '').split(',').map((l) => l.trim()).filter((l) => l !== '')) uses.push({ label, metric: null });
  }
  return uses;
}

/** Labels label_replace(v, "dst", ...) adds to the series it returns. */
export function addedLabelsIn(expr: string): string[] {
  return [...expr.matchAll(/label_replace\s*\([^,]+,\s*"([A-Za-z_][A-Za-z0-9_]*)"/g)].map((m) => m[1] ?? '');
}

/** Labels no series of the expression can have, as "label (metric)" or "label": `labelsOf` gives a
 * registered metric's labels. */
export function unknownLabelsIn(expr: string, labelsOf: (metric: string) => readonly string[] | undefined): string[] {
  const labelsOfSeries = (name: string): string[] => [...(labelsOf(baseMetricName(name)) ?? []), ...scrapeLabels, ...(name.endsWith('_bucket') ? ['le'] : [])];
  const everyLabel = new Set([...metricNamesIn(expr).flatMap(labelsOfSeries), ...addedLabelsIn(expr)]);
  return labelUsesIn(expr).filter(({ label, metric }) => (metric === null ? !everyLabel.has(label) : !labelsOfSeries(metric).includes(label)))
    .map(({ label, metric }) => (metric === null ? label : `${label} (${metric})`));
}
