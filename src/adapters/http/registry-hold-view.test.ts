import { describe, expect, it } from 'vitest';
import { registryHoldOf } from './registry-hold-view.js';

const DAY = 86_400_000;
const now = Date.UTC(2026, 11, 6, 12);

describe('registryHoldOf', () => {
  it('names no registry for a campaign scrubbed against none', () => {
    expect(registryHoldOf(undefined, now)).toBeNull();
    expect(registryHoldOf({}, now)).toBeNull();
  });

  it('names the registry that holds dialling now, never loaded or too old, before one still good', () => {
    expect(registryHoldOf({ nationalRegistries: [{ registry: 'us_national', loadedAtMs: now - DAY }, { registry: 'uk_tps', loadedAtMs: null }] }, now))
      .toEqual({ registry: 'uk_tps', loadedAt: null, maxAgeDays: 28, staleAtMs: null, stale: true });
    expect(registryHoldOf({ nationalRegistries: [{ registry: 'uk_ctps', loadedAtMs: now - 30 * DAY }] }, now))
      .toEqual({ registry: 'uk_ctps', loadedAt: new Date(now - 30 * DAY).toISOString(), maxAgeDays: 28, staleAtMs: now - 2 * DAY, stale: true });
  });

  it('names the registry whose copy goes out of date first while all are good, with when', () => {
    const hold = registryHoldOf({ nationalRegistries: [{ registry: 'us_national', loadedAtMs: now - DAY }, { registry: 'uk_tps', loadedAtMs: now - 27 * DAY }] }, now);
    expect(hold).toEqual({ registry: 'uk_tps', loadedAt: new Date(now - 27 * DAY).toISOString(), maxAgeDays: 28, staleAtMs: now + DAY, stale: false });
  });
});
