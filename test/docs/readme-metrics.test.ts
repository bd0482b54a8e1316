// The README's metrics table names every metric a node exports, with the label values of its
// return-call outcomes: an operator writes queries and alerts from it.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMetrics, returnCallOutcomes } from '../../src/adapters/metrics/metrics.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The metrics table's rows, by the first metric name each names. */
function metricRows(): Map<string, string> {
  const rows = readme.split('\n').filter((line) => line.startsWith('| `outpace_'));
  return new Map(rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`(outpace_\w+)`/g)].map((m) => [m[1] ?? '', row])));
}

describe("the README's metrics table", () => {
  it('names every metric a node exports', async () => {
    const { registry } = createMetrics({ defaultMetrics: false });
    const names = (await registry.getMetricsAsJSON()).map((metric) => metric.name);
    const rows = metricRows();
    expect(names.filter((name) => !rows.has(name))).toEqual([]);
    expect([...rows.keys()].filter((name) => !names.includes(name))).toEqual([]);
  });

  it('names every outcome of outpace_return_calls_total', () => {
    const row = metricRows().get('outpace_return_calls_total') ?? '';
    expect(returnCallOutcomes.filter((outcome) => !row.includes(`\`${outcome}\``))).toEqual([]);
  });
});
