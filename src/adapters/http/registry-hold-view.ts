// What an agent's desktop is told of the national do-not-call registries their campaign is
// scrubbed against: the one whose copy stops the campaign's dialling now (too old, or never
// loaded), else the one whose copy will first, with when. The desktop says so from that moment
// (on the server's clock) until a fresh copy is loaded, whatever the pacing mode: no call will
// come meanwhile. Read from the engine's campaign settings, which carry each registry's latest
// load and are read again from the database every campaign sync.

import type { CampaignSettings } from '../../core/campaign-settings.js';
import { registryStanding, type NationalRegistry, type RegistryStanding } from '../../core/compliance/national-registries.js';

export interface RegistryHoldView {
  registry: NationalRegistry;
  /** The date of its latest copy's data; null when never loaded. */
  loadedAt: string | null;
  maxAgeDays: number;
  /** From when that copy is too old to dial on (ms); null when never loaded (held already). */
  staleAtMs: number | null;
  /** Held at the moment the view was made. */
  stale: boolean;
}

/** The registry that holds the campaign's dialling at `nowMs`, else the next to; null when the
 * campaign is scrubbed against none. */
export function registryHoldOf(settings: Pick<CampaignSettings, 'nationalRegistries'> | undefined, nowMs: number): RegistryHoldView | null {
  const standings = (settings?.nationalRegistries ?? []).map((load) => registryStanding(load, nowMs));
  const first = standings.find((standing) => standing.stale) ?? earliestStale(standings);
  if (!first) return null;
  return {
    registry: first.registry, loadedAt: first.loadedAtMs === null ? null : new Date(first.loadedAtMs).toISOString(),
    maxAgeDays: first.maxAgeDays, staleAtMs: first.staleAtMs, stale: first.stale,
  };
}

function earliestStale(standings: readonly RegistryStanding[]): RegistryStanding | undefined {
  return [...standings].sort((a, b) => (a.staleAtMs ?? 0) - (b.staleAtMs ?? 0))[0];
}
