import { describe, expect, it } from 'vitest';
import { formatCapacity, measureCapacity } from './engine-capacity.js';

describe('the engine capacity bench', () => {
  it('times every engine step after the warm-up, the ticks among them, and tables them', () => {
    const result = measureCapacity({ agents: 20, minutes: 2, warmupMinutes: 3, seed: 3 });
    // A tick every 500 ms, and the calls' own events on top.
    expect(result.ticks.count).toBe(2 * 60 * 2);
    expect(result.steps.count).toBeGreaterThan(result.ticks.count);
    expect(result.stepsPerSecond).toBeCloseTo(result.steps.count / 120, 6);
    for (const times of [result.steps, result.ticks]) {
      expect(times.p50Us).toBeLessThanOrEqual(times.p99Us);
      expect(times.p99Us).toBeLessThanOrEqual(times.maxUs);
    }
    expect(result.callsInProgress).toBeGreaterThan(10);
    expect(result.coreMsPerSecond).toBeGreaterThan(0);
    const table = formatCapacity([result]).split('\n');
    expect(table).toHaveLength(3);
    expect(table[2]).toMatch(/^\| 20 \| \d+ \| \d+ \| /);
  });
});
