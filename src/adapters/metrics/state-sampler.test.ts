// The sampler fills gauges and the pacing history from the state on its timer.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMetrics } from './metrics.js';
import { createPacingHistory } from './pacing-history.js';
import { startStateSampler } from './state-sampler.js';
import { readyAgent, runningDriver, valueOf } from './metrics-test-helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('state sampler', () => {
  it('samples at start and then every interval until stopped', async () => {
    vi.useFakeTimers();
    const metrics = createMetrics({ defaultMetrics: false });
    const history = createPacingHistory({ intervalMs: 1_000 });
    const d = runningDriver();
    const sampler = startStateSampler({ metrics, history, state: () => d.state, now: () => d.nowMs });
    expect(await valueOf(metrics, 'outpace_agents', { campaign: 'c1', state: 'ready' })).toBe(0);
    readyAgent(d, 'ag1');
    d.nowMs += 1_000;
    vi.advanceTimersByTime(1_000);
    expect(await valueOf(metrics, 'outpace_agents', { campaign: 'c1', state: 'ready' })).toBe(1);
    expect(history.campaigns.get('c1')?.samples).toHaveLength(2);
    sampler.stop();
    d.nowMs += 5_000;
    vi.advanceTimersByTime(5_000);
    expect(history.campaigns.get('c1')?.samples).toHaveLength(2);
  });
});
