// When each national do-not-call registry was last loaded onto the global list (migration 082),
// for the campaigns scrubbed against one: the engine's pacing, the check before each dial, "why
// not dialled" and the compliance page all read the latest load of each registry from here; and
// the numbers a full load took off (migration 093), for compliance staff.

import {
  nationalRegistries, registryLoadsFor, registryNames, registryStanding, staleRegistry, type NationalRegistry, type RegistryStanding,
} from '../../core/compliance/national-registries.js';
import type { Queryable } from './pool.js';

export interface RegistryLoadRecord {
  registry: NationalRegistry;
  listName: string;
  /** The date of the registry's data (when it was downloaded from the registry). */
  asOf: Date;
  by: string;
  /** Distinct valid numbers the file held, and those of them not on the global list before. */
  numbers: number;
  added: number;
  now: Date;
  /** False while the load is being applied in batches (dnc-registry-load-batches.ts): it does not
   * count as the registry's latest until the last batch marks it applied. True when not given. */
  applied?: boolean;
}

/** Records the load; its id. */
export async function recordRegistryLoad(db: Queryable, load: RegistryLoadRecord): Promise<string> {
  const result = await db.query<{ id: string }>(
    'INSERT INTO dnc_registry_loads (registry, list_name, as_of, loaded_at, loaded_by, numbers, added, applied) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text',
    [load.registry, load.listName, load.asOf, load.now, load.by, load.numbers, load.added, load.applied ?? true],
  );
  const id = result.rows[0]?.id;
  if (id === undefined) throw new Error('the registry load insert returned no row');
  return id;
}

/** A registry's load, as the numbers a full load took off are read with. */
export interface KeptRegistryLoad {
  id: string;
  registry: NationalRegistry;
  listName: string;
  asOf: Date;
}

export async function registryLoad(db: Queryable, loadId: string): Promise<KeptRegistryLoad | null> {
  const result = await db.query<{ id: string; registry: NationalRegistry; list_name: string; as_of: Date }>(
    'SELECT id::text, registry, list_name, as_of FROM dnc_registry_loads WHERE id = $1', [loadId]);
  const row = result.rows[0];
  return row ? { id: row.id, registry: row.registry, listName: row.list_name, asOf: row.as_of } : null;
}

/** The numbers a full load took off the global list (its `dnc_removed` evidence entry names the
 * load), in order, a page at a time: a registry's load may take off a hundred thousand. */
export async function* registryLoadRemovals(db: Queryable, loadId: string, pageSize = 10_000): AsyncGenerator<string> {
  let after = '';
  for (;;) {
    const page = await db.query<{ e164: string }>(
      'SELECT e164 FROM dnc_registry_load_removals WHERE load_id = $1 AND e164 > $2 ORDER BY e164 LIMIT $3', [loadId, after, pageSize]);
    for (const row of page.rows) yield row.e164;
    const last = page.rows.at(-1);
    if (last === undefined || page.rows.length < pageSize) return;
    after = last.e164;
  }
}

/** SQL of one JSON object, each registry's latest data date: a column of a query that reads more
 * (the facts of a lead before its dial), so that the dial pays no round trip of its own for it. A
 * load still being applied does not count: its numbers are not all on the list yet. */
export const latestRegistryLoadsSql = `(SELECT coalesce(json_object_agg(r.registry, r.as_of), '{}')
  FROM (SELECT registry, max(as_of) AS as_of FROM dnc_registry_loads WHERE applied GROUP BY registry) r)`;

/** The latest loads as that column gives them, in ms; registries this version does not know are left out. */
export function registryLoadsOf(column: Readonly<Record<string, string>>): Partial<Record<NationalRegistry, number>> {
  return Object.fromEntries(nationalRegistries.filter((registry) => column[registry] !== undefined).map((registry) => [registry, Date.parse(column[registry] ?? '')]));
}

/** The date of the latest data loaded of each registry (ms); a registry never loaded is absent. */
export async function latestRegistryLoads(db: Queryable): Promise<Partial<Record<NationalRegistry, number>>> {
  const result = await db.query<{ loads: Record<string, string> }>(`SELECT ${latestRegistryLoadsSql} AS loads`);
  return registryLoadsOf(result.rows[0]?.loads ?? {});
}

/** The first registry of `required` (a campaign's) whose latest load is too old to dial on at
 * `nowMs`, or that was never loaded; null when none is: no lead of the campaign is leased then. */
export async function staleRegistryOf(db: Queryable, required: readonly NationalRegistry[], nowMs: number): Promise<RegistryStanding | null> {
  if (required.length === 0) return null;
  return staleRegistry(registryLoadsFor(required, await latestRegistryLoads(db)), nowMs);
}

export interface RegistryStandingView {
  registry: NationalRegistry;
  name: string;
  citation: string;
  maxAgeDays: number;
  /** The date of the latest data loaded; null when never loaded. */
  asOf: string | null;
  /** From when that load is too old to dial on; null when never loaded. */
  staleAt: string | null;
  stale: boolean;
}

/** Where each registry of `required` stands at `now`, as the compliance page shows it. */
export async function registryStandings(db: Queryable, required: readonly NationalRegistry[], now: Date): Promise<RegistryStandingView[]> {
  if (required.length === 0) return [];
  const latest = await latestRegistryLoads(db);
  return registryLoadsFor(required, latest).map((load) => {
    const standing = registryStanding(load, now.getTime());
    const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
    return {
      registry: load.registry, ...registryNames[load.registry], maxAgeDays: standing.maxAgeDays,
      asOf: iso(load.loadedAtMs), staleAt: iso(standing.staleAtMs), stale: standing.stale,
    };
  });
}
