// The compliance dashboard's "Blocks by rule" shows one series per rule a campaign's blocks are
// counted under from the start: each must be one the last check before a dial can count.

import { describe, expect, it } from 'vitest';
import { initialiseCampaign } from '../adapters/metrics/campaign-series.js';
import { createMetrics } from '../adapters/metrics/metrics.js';
import { metricRule } from './counted-pre-dial-check.js';

describe('compliance block series', () => {
  it('are exported for exactly the rules the pre-dial check counts', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    initialiseCampaign(metrics, 'c1', 'us');
    const text = await metrics.registry.metrics();
    const exported = [...text.matchAll(/^outpace_compliance_blocks_total\{[^}]*rule="([a-z_]+)"/gm)].map((m) => m[1]);
    expect(new Set(exported)).toEqual(new Set(Object.values(metricRule)));
  });
});
