// A national registry's load runs in batches, each its own short transaction: between any two, a
// number the registry listed and still lists is blocked, a number leaving it comes off only once
// the new file is staged whole, and no transaction is left open; a load cut short leaves the
// registry as it was and the next one completes; two loads of a registry at once are refused.

import type pg from 'pg';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importDncList } from '../../../src/adapters/pg/dnc-additions.js';
import type { RegistryLoadBatching, RegistryLoadStep } from '../../../src/adapters/pg/dnc-registry-load-batches.js';
import { latestRegistryLoads } from '../../../src/adapters/pg/dnc-registry-loads.js';
import { checkDnc } from '../../../src/adapters/pg/dnc-repository.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';

const now = new Date('2030-01-01T12:00:00Z');
const march = new Date('2029-12-01T00:00:00Z');
const april = new Date('2029-12-20T00:00:00Z');

/** The n-th number of this file (New York, exchanges 200 to 209). */
const number = (n: number): string => `+1212${200 + Math.floor(n / 10_000)}${String(n % 10_000).padStart(4, '0')}`;
const numbers = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => number(from + i));

describe("a national registry's load in batches", () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = createTestPool();
  });
  beforeEach(async () => truncateTables(pool));
  afterAll(async () => pool.end());

  const load = (listed: string[], options: { asOf?: Date; full?: boolean; batching?: RegistryLoadBatching } = {}) => importDncList(pool, {
    source: Readable.from([`${listed.join('\n')}\n`]), campaignId: null, region: 'US', listName: 'dnc-registry', by: 'test',
    registry: 'us_national', now, asOf: options.asOf ?? march, full: options.full ?? true, ...(options.batching ? { batching: options.batching } : {}),
  });
  const blocked = async (e164s: string[]): Promise<number> => (await checkDnc(pool, { e164s, now })).size;
  /** Sessions of the test database, other than the one asking, with a transaction open. */
  const openTransactions = async (): Promise<number> => (await pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL')).rows[0]?.n ?? 0;

  it('keeps every number still listed blocked between batches, holds no transaction across them, and takes numbers off once the file is staged whole', async () => {
    const first = await load(numbers(0, 200));
    expect(first).toMatchObject({ added: 200, removed: 0 });
    // The new file: the first 20 have left the registry, 20 have joined it.
    const seen: { step: RegistryLoadStep; stillListed: number; leaving: number; joined: number; open: number; asOf: number | undefined }[] = [];
    const refresh = await load(numbers(20, 220), {
      asOf: april,
      batching: {
        batchSize: 25,
        betweenBatches: async (step) => {
          seen.push({
            step, stillListed: await blocked(numbers(20, 200)), leaving: await blocked(numbers(0, 20)), joined: await blocked(numbers(200, 220)),
            open: await openTransactions(), asOf: (await latestRegistryLoads(pool)).us_national,
          });
        },
      },
    });
    expect(refresh).toMatchObject({ read: 200, added: 20, alreadyListed: 180, removed: 20 });
    expect(seen.filter((s) => s.step.phase === 'staging')).toHaveLength(8);
    expect(seen.filter((s) => s.step.phase === 'removing').length).toBeGreaterThan(0);
    expect(seen.filter((s) => s.step.phase === 'adding')).toHaveLength(8);
    // Between every two batches: the numbers still listed blocked, no transaction open, and the
    // registry's date the old load's until the new one is applied whole.
    for (const at of seen) expect(at).toMatchObject({ stillListed: 180, open: 0, asOf: march.getTime() });
    // Nothing comes off while the file is being staged.
    for (const at of seen.filter((s) => s.step.phase === 'staging')) expect(at).toMatchObject({ leaving: 20, joined: 0 });
    expect(await blocked(numbers(0, 20))).toBe(0);
    expect(await blocked(numbers(20, 220))).toBe(200);
    expect((await latestRegistryLoads(pool)).us_national).toBe(april.getTime());
    const staged = await pool.query<{ n: number }>('SELECT (SELECT count(*) FROM dnc_registry_load_stage)::int + (SELECT count(*) FROM dnc_registry_load_runs)::int AS n');
    expect(staged.rows[0]?.n).toBe(0);
    const evidence = await pool.query<{ kind: string; payload: Record<string, unknown> }>("SELECT kind, payload FROM evidence_log WHERE kind IN ('dnc_list_imported', 'dnc_removed') ORDER BY id");
    expect(evidence.rows.map((row) => [row.kind, row.payload.added ?? null, row.payload.removed ?? null])).toEqual([
      ['dnc_list_imported', 200, 0], ['dnc_removed', null, 0], ['dnc_list_imported', 20, 20], ['dnc_removed', null, 20],
    ]);
  });

  it('leaves the registry as it was when a load stops part way while staging, and loads it again after', async () => {
    await load(numbers(0, 200));
    const stopped = load(numbers(20, 220), {
      asOf: april,
      batching: { batchSize: 25, betweenBatches: async (step) => { if (step.phase === 'staging' && step.batches === 3) throw new Error('the upload was cut'); } },
    });
    await expect(stopped).rejects.toThrow('the upload was cut');
    expect(await blocked(numbers(0, 200))).toBe(200);
    expect(await blocked(numbers(200, 220))).toBe(0);
    expect((await latestRegistryLoads(pool)).us_national).toBe(march.getTime());
    expect((await pool.query('SELECT 1 FROM dnc_registry_load_stage')).rowCount).toBe(0);
    const again = await load(numbers(20, 220), { asOf: april, batching: { batchSize: 25 } });
    expect(again).toMatchObject({ added: 20, removed: 20 });
    expect((await latestRegistryLoads(pool)).us_national).toBe(april.getTime());
  });

  it("clears what a load a crash cut short had staged, and finishes one it cut short while applying, before the next load's own", async () => {
    await load(numbers(0, 200));
    // A crash while staging leaves its run and part of the file.
    await pool.query(
      `INSERT INTO dnc_registry_load_runs (registry, import_id, list_name, as_of, loaded_by, started_at, full_load, numbers)
       VALUES ('us_national', gen_random_uuid(), 'crashed', $1, 'test', $2, true, 3)`, [april, now]);
    await pool.query("INSERT INTO dnc_registry_load_stage (registry, e164) SELECT 'us_national', unnest($1::text[])", [numbers(0, 3)]);
    expect(await blocked(numbers(0, 200))).toBe(200);
    const cleared = await load(numbers(0, 190), { asOf: april, batching: { batchSize: 25 } });
    expect(cleared).toMatchObject({ added: 0, removed: 10 });
    expect(await blocked(numbers(0, 190))).toBe(190);

    // A load stopped as it takes numbers off (its file checked whole): the numbers still listed stay
    // blocked, and the next load finishes it before loading its own file.
    const stopped = load(numbers(20, 190), {
      asOf: new Date('2029-12-21T00:00:00Z'),
      batching: { batchSize: 5, betweenBatches: async (step) => { if (step.phase === 'removing' && step.batches === 2) throw new Error('the node went down'); } },
    });
    await expect(stopped).rejects.toThrow('the node went down');
    expect(await blocked(numbers(20, 190))).toBe(170);
    expect((await latestRegistryLoads(pool)).us_national).toBe(april.getTime());
    const next = await load(numbers(20, 195), { asOf: new Date('2029-12-22T00:00:00Z'), batching: { batchSize: 25 } });
    expect(next).toMatchObject({ added: 5, removed: 0 });
    expect(await blocked(numbers(0, 20))).toBe(0);
    expect(await blocked(numbers(20, 195))).toBe(175);
    const loads = await pool.query<{ list_name: string; applied: boolean; removed: number }>(
      'SELECT list_name, applied, (SELECT count(*)::int FROM dnc_registry_load_removals r WHERE r.load_id = l.id) AS removed FROM dnc_registry_loads l ORDER BY id');
    expect(loads.rows.map((row) => [row.applied, row.removed])).toEqual([[true, 0], [true, 10], [true, 20], [true, 0]]);
    expect((await latestRegistryLoads(pool)).us_national).toBe(new Date('2029-12-22T00:00:00Z').getTime());
  });

  it('refuses a second load of a registry while one runs, and the first completes', async () => {
    await load(numbers(0, 50));
    let resume = (): void => undefined;
    let paused = false;
    const first = load(numbers(0, 60), {
      asOf: april,
      batching: {
        batchSize: 25,
        betweenBatches: async (step) => {
          if (step.phase !== 'staging' || step.batches !== 1) return;
          paused = true;
          await new Promise<void>((resolve) => { resume = resolve; });
        },
      },
    });
    await expect.poll(() => paused).toBe(true);
    await expect(load(numbers(0, 70), { asOf: april })).rejects.toMatchObject({
      code: 'CONFLICT', detail: expect.stringMatching(/^a load of us_national is running already \(dnc-registry, by test, started .*\): nothing was loaded; load the file again once that one has ended$/),
    });
    resume();
    expect(await first).toMatchObject({ added: 10, removed: 0 });
    expect(await blocked(numbers(0, 70))).toBe(60);
  });
});
