// National do-not-call registries a campaign must be scrubbed against, and how long a load of one
// stays good: the US Telemarketing Sales Rule wants the National Do Not Call Registry accessed at
// most 31 days before a call (16 CFR 310.4(b)(3)(iv)); the UK's TPS and CTPS are to be screened
// against data no older than 28 days (the PECR guidance of the ICO and the TPS licence). A campaign
// that names a registry is not dialled while that registry's last load is older, or was never made.

export const nationalRegistries = ['us_national', 'uk_tps', 'uk_ctps'] as const;
export type NationalRegistry = (typeof nationalRegistries)[number];

const DAY_MS = 86_400_000;

/** How many days a load of each registry stays good. */
export const registryMaxAgeDays: Readonly<Record<NationalRegistry, number>> = { us_national: 31, uk_tps: 28, uk_ctps: 28 };

/** Each registry by the name people know it by, and the rule that sets its age. */
export const registryNames: Readonly<Record<NationalRegistry, { name: string; citation: string }>> = {
  us_national: { name: 'the US National Do Not Call Registry', citation: '16 CFR 310.4(b)(3)(iv)' },
  uk_tps: { name: 'the UK Telephone Preference Service (TPS)', citation: 'PECR reg. 21; TPS data no older than 28 days' },
  uk_ctps: { name: 'the UK Corporate Telephone Preference Service (CTPS)', citation: 'PECR reg. 21; CTPS data no older than 28 days' },
};

export function isNationalRegistry(value: unknown): value is NationalRegistry {
  return nationalRegistries.some((registry) => registry === value);
}

/** A registry the campaign needs, with when it was last loaded (as of the registry's own data),
 * null when it never was. */
export interface RegistryLoad {
  registry: NationalRegistry;
  loadedAtMs: number | null;
}

export interface RegistryStanding extends RegistryLoad {
  maxAgeDays: number;
  /** From when the load is too old to dial on; null when there is none. */
  staleAtMs: number | null;
  stale: boolean;
}

export function registryStanding(load: RegistryLoad, nowMs: number): RegistryStanding {
  const maxAgeDays = registryMaxAgeDays[load.registry];
  const staleAtMs = load.loadedAtMs === null ? null : load.loadedAtMs + maxAgeDays * DAY_MS;
  return { ...load, maxAgeDays, staleAtMs, stale: staleAtMs === null || staleAtMs <= nowMs };
}

/** The first registry of `loads` too old (or never loaded) to dial on at `nowMs`; null when all are good. */
export function staleRegistry(loads: readonly RegistryLoad[] | undefined, nowMs: number): RegistryStanding | null {
  for (const load of loads ?? []) {
    const standing = registryStanding(load, nowMs);
    if (standing.stale) return standing;
  }
  return null;
}

/** Why dialling is held, in words: which registry, since when and under which rule. */
export function staleRegistryDetail(standing: RegistryStanding): string {
  const { name, citation } = registryNames[standing.registry];
  const when = standing.loadedAtMs === null
    ? 'has never been loaded'
    : `was last loaded over ${standing.maxAgeDays} days ago`;
  return `${name} (${standing.registry}) ${when}: the campaign is scrubbed against it and may not dial until a fresh copy is loaded (${citation})`;
}

/** The registries named in stored settings (checked when saved), each once, in a stable order. */
export function requiredRegistriesFrom(value: unknown): NationalRegistry[] {
  if (!Array.isArray(value)) return [];
  return nationalRegistries.filter((registry) => value.includes(registry));
}

/** The loads of the registries `required` names, from the latest load of each registry (ms). */
export function registryLoadsFor(required: readonly NationalRegistry[], latest: Readonly<Partial<Record<NationalRegistry, number>>>): RegistryLoad[] {
  return required.map((registry) => ({ registry, loadedAtMs: latest[registry] ?? null }));
}
