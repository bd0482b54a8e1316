import { describe, expect, it } from 'vitest';
import { steadyClock } from './steady-clock.js';

const EPOCH = 1_800_000_000_000;

/** A system clock and a monotonic one that run together until the system clock is stepped. */
function clocks() {
  const time = { real: 0, step: 0 };
  return {
    time,
    wallMs: () => EPOCH + time.real + time.step,
    monotonicMs: () => 1_000 + time.real,
  };
}

describe('the engine clock', () => {
  it('reads the system clock while it is not stepped', () => {
    const c = clocks();
    const clock = steadyClock(c);
    for (const at of [0, 1, 250, 2_000, 86_400_000]) {
      c.time.real = at;
      expect(clock.nowMs()).toBe(EPOCH + at);
    }
    expect(clock.offsetMs()).toBe(0);
  });

  it('keeps a deadline of 2 s within 10 ms when the system clock steps back 3 s, then comes right', () => {
    const c = clocks();
    const steps: unknown[] = [];
    const clock = steadyClock({ ...c, onStep: (step) => steps.push(step) });
    const answeredAt = clock.nowMs();
    c.time.real = 500;
    c.time.step = -3_000;
    // Read often, as the engine does every tick.
    let realAtDeadline = 0;
    for (let at = 500; at <= 3_000; at += 20) {
      c.time.real = at;
      if (clock.nowMs() - answeredAt >= 2_000) { realAtDeadline = at; break; }
    }
    expect(realAtDeadline).toBeGreaterThanOrEqual(2_000);
    expect(realAtDeadline).toBeLessThanOrEqual(2_020);
    expect(steps).toEqual([{ offsetMs: -3_000, followed: 'slewed' }]);
    // 0.5% of real time: the 3 s are caught up within 10 minutes, never going back meanwhile.
    let last = clock.nowMs();
    for (let at = 3_000; at <= 620_000; at += 1_000) {
      c.time.real = at;
      const now = clock.nowMs();
      expect(now).toBeGreaterThanOrEqual(last);
      last = now;
    }
    expect(clock.nowMs()).toBe(c.wallMs());
    expect(steps).toHaveLength(1);
  });

  it('follows a large step at once, the calendar mattering more than a deadline there', () => {
    const c = clocks();
    const steps: Array<{ offsetMs: number; followed: string }> = [];
    const clock = steadyClock({ ...c, onStep: (step) => steps.push(step) });
    c.time.real = 1_000;
    c.time.step = 3_600_000;
    expect(clock.nowMs()).toBe(EPOCH + 1_000 + 3_600_000);
    expect(steps).toEqual([{ offsetMs: 3_600_000, followed: 'at_once' }]);
    expect(clock.offsetMs()).toBe(0);
  });

  it('runs at most 0.5% fast to catch up a step forward', () => {
    const c = clocks();
    const clock = steadyClock(c);
    c.time.step = 2_000;
    c.time.real = 1_000;
    expect(clock.nowMs()).toBe(EPOCH + 1_005);
    expect(clock.offsetMs()).toBeCloseTo(1_995, 6);
  });
});
