// Setters the runtime calls with what it learns outside the engine.

import { describe, expect, it } from 'vitest';
import { initialiseCampaign } from './campaign-series.js';
import { createMetrics } from './metrics.js';
import { valueOf } from './metrics-test-helpers.js';
import {
  countAriReconnect, countComplianceBlock, observeDbQuery, observePacingStep, setAriConnected, setFollowUpCounts,
  setLeadCounts, setNodeDialLimit, setPbxHealth, setTrunkDemand,
} from './runtime-setters.js';

describe('runtime setters', () => {
  it('record PBX and ARI health, lists, follow-ups, blocks and timings', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    setPbxHealth(metrics, { up: true, currentCalls: 12 });
    setAriConnected(metrics, true);
    countAriReconnect(metrics);
    observeDbQuery(metrics, 'lead_selection', 0.004);
    observeDbQuery(metrics, 'something new', 0.5);
    setLeadCounts(metrics, 'c1', { remaining: 900, due: 120 });
    setFollowUpCounts(metrics, 'c1', { callbacksDue: 3, callbacksOverdue: 1, undispositioned: 2 });
    countComplianceBlock(metrics, 'c1', 'calling_window', 4);
    observePacingStep(metrics, 0.002);
    setNodeDialLimit(metrics, 'carrier-a', 4);
    setTrunkDemand(metrics, 'carrier-a', 7.5);

    expect(await valueOf(metrics, 'outpace_pbx_up', { pbx: 'default' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_node_dials_per_second_limit', { trunk: 'carrier-a' })).toBe(4);
    expect(await valueOf(metrics, 'outpace_trunk_demand', { trunk: 'carrier-a' })).toBe(7.5);
    expect(await valueOf(metrics, 'outpace_pbx_current_calls', { pbx: 'default' })).toBe(12);
    expect(await valueOf(metrics, 'outpace_ari_connected', { pbx: 'default' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_ari_reconnects_total', { pbx: 'default' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_db_query_seconds_count', { operation: 'lead_selection' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_db_query_seconds_count', { operation: 'other' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_leads_due', { campaign: 'c1' })).toBe(120);
    expect(await valueOf(metrics, 'outpace_callbacks_overdue', { campaign: 'c1' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_calls_undispositioned', { campaign: 'c1' })).toBe(2);
    expect(await valueOf(metrics, 'outpace_compliance_blocks_total', { campaign: 'c1', rule: 'calling_window' })).toBe(4);
    expect(await valueOf(metrics, 'outpace_pacing_step_seconds_count')).toBe(1);
    // No limit leaves no series.
    setNodeDialLimit(metrics, 'carrier-a', null);
    expect(await valueOf(metrics, 'outpace_node_dials_per_second_limit', { trunk: 'carrier-a' })).toBeUndefined();
    // The PBX lost: its channels in use are unknown, not the last count.
    setPbxHealth(metrics, { up: false, currentCalls: null });
    expect(await valueOf(metrics, 'outpace_pbx_up', { pbx: 'default' })).toBe(0);
    expect(await valueOf(metrics, 'outpace_pbx_current_calls', { pbx: 'default' })).toBeUndefined();
  });

  it('exposes Node process metrics with event-loop lag', async () => {
    const metrics = createMetrics();
    const text = await metrics.registry.metrics();
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(text).toContain('process_cpu_seconds_total');
  });
  it("start a campaign's return calls at zero for every outcome they are counted under, a wait on hold's too", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    initialiseCampaign(metrics, 'c1', 'uk');
    const text = await metrics.registry.metrics();
    const outcomes = [...text.matchAll(/^outpace_return_calls_total\{campaign="c1",outcome="([a-z_]+)"\} 0$/gm)].map((m) => m[1]);
    expect(new Set(outcomes)).toEqual(new Set(['agent', 'heard', 'opted_out', 'hung_up_on_hold', 'hung_up_connecting', 'ended_by_us']));
  });
});
