// Runs the Prometheus server binary against given targets with a fast scrape interval and a
// throwaway storage directory, and queries it over its HTTP API.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopChild, waitFor } from './demo-process.js';
import { freePort } from '../helpers/free-port.js';

export interface QueryResult {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

export interface PrometheusProcess {
  url: string;
  query(expr: string): Promise<QueryResult>;
  /** Values of a label across the series of a metric (what Grafana's label_values() asks). */
  labelValues(label: string, metric: string): Promise<string[]>;
  /** The alerting rules loaded, with how their last evaluation went. */
  rules(): Promise<LoadedRule[]>;
  stop(): Promise<void>;
}

export interface LoadedRule {
  name: string;
  health: string;
  lastError?: string;
  /** Seconds since the epoch of the last evaluation; 0 before the first. */
  evaluatedAt: number;
}

export const prometheusBinary = process.env.PROMETHEUS_BIN ?? 'prometheus';

export function prometheusAvailable(): boolean {
  return spawnSync(prometheusBinary, ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function startPrometheus(targets: readonly string[], scrapeIntervalS = 1, ruleFiles: readonly string[] = []): Promise<PrometheusProcess> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'outpace-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, [
    'global:',
    `  scrape_interval: ${scrapeIntervalS}s`,
    `  scrape_timeout: ${scrapeIntervalS}s`,
    `  evaluation_interval: ${scrapeIntervalS}s`,
    ...(ruleFiles.length > 0 ? ['rule_files:', ...ruleFiles.map((f) => `  - "${f}"`)] : []),
    'scrape_configs:',
    '  - job_name: outpace-engine',
    '    metrics_path: /metrics',
    '    static_configs:',
    `      - targets: [${targets.map((t) => `"${t}"`).join(', ')}]`,
    '',
  ].join('\n'));
  const child = spawn(prometheusBinary, [
    `--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => { output = (output + chunk.toString()).slice(-10_000); });
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => (await fetch(`${url}/-/ready`)).ok, 30_000,
      () => (child.exitCode === null ? null : `prometheus exited (${child.exitCode}):\n${output}`));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    stop,
    query: async (expr) => {
      const response = await fetch(`${url}/api/v1/query`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ query: expr }),
      });
      return (await response.json()) as QueryResult;
    },
    labelValues: async (label, metric) => {
      const response = await fetch(`${url}/api/v1/label/${label}/values?${new URLSearchParams({ 'match[]': metric })}`);
      const body = (await response.json()) as { data?: string[] };
      return body.data ?? [];
    },
    rules: async () => {
      const response = await fetch(`${url}/api/v1/rules`);
      const body = (await response.json()) as { data?: { groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string; lastEvaluation: string }> }> } };
      return (body.data?.groups ?? []).flatMap((g) => g.rules).map((r) => ({
        name: r.name, health: r.health, ...(r.lastError ? { lastError: r.lastError } : {}), evaluatedAt: Math.max(0, Date.parse(r.lastEvaluation) / 1000 || 0),
      }));
    },
  };
}
