// A national registry's full load (`outpace dnc import --registry uk_tps --full`, POST
// /api/dnc/import?registry=uk_tps&full=true) takes off the global list the numbers its earlier loads
// put there that the new file no longer holds, and only those: not one added by hand (by the API or
// a file of staff's own), at the person's request on a call, or that another registry lists (one
// loaded at the same time too). It says how many in its summary and the evidence, which names the
// load whose numbers taken off staff read (`outpace dnc removed <loadId>`, GET
// /api/dnc/registry-loads/:id/removed.csv); a file cut short loads and removes nothing.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { dncRoutes } from '../../../src/adapters/http/routes/dnc-routes.js';
import { maskedPhone } from '../../../src/adapters/http/number-visibility.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { addDncWithEvidence, importDncList } from '../../../src/adapters/pg/dnc-additions.js';
import { recordRegistryLoad } from '../../../src/adapters/pg/dnc-registry-loads.js';
import { appendEvidence } from '../../../src/adapters/pg/evidence-log-repository.js';
import { writeRegistryRemovalsCsv } from '../../../src/adapters/pg/registry-removals-csv.js';
import { createTestPool, testDatabaseUrl } from '../../helpers/db.js';
import { keptLogger } from '../../helpers/kept-logger.js';
import { runOutpace } from '../../helpers/outpace-cli.js';

const pool = createTestPool(4);
const dir = mkdtempSync(join(tmpdir(), 'outpace-full-load-'));
const env = { ...process.env, DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: 'silent' };
let app: FastifyInstance;

/** This file's own numbers (Ofcom's drama range), by letter. */
const n = (last: number): string => `+4420794604${String(last).padStart(2, '0')}`;
const [kept, leftA, leftB, alsoCtps, byApi, byApiBefore, byAgent, byStaffFile, joined] = [n(1), n(2), n(3), n(4), n(5), n(6), n(7), n(8), n(9)] as const;
const ours = [kept, leftA, leftB, alsoCtps, byApi, byApiBefore, byAgent, byStaffFile, joined, n(10), n(11), n(12)];

const importFile = async (query: string, body: string) => app.inject({
  method: 'POST', url: `/api/dnc/import?${query}`, headers: { authorization: 'Bearer mgr', 'content-type': 'text/plain' }, payload: body,
});

const listed = async (): Promise<Record<string, string>> => {
  const rows = await pool.query<{ e164: string; source: string }>('SELECT e164, source FROM dnc_entries WHERE campaign_id IS NULL AND e164 = ANY($1) ORDER BY e164', [ours]);
  return Object.fromEntries(rows.rows.map((row) => [row.e164, row.source]));
};

beforeAll(async () => {
  app = await buildApp({
    routes: dncRoutes({ pool }), logger: createLogger({ level: 'silent' }),
    authenticate: createAuthenticator([
      { token: 'mgr', role: 'manager', name: 'Mia' }, { token: 'sup', role: 'supervisor', name: 'Sam' }, { token: 'view', role: 'viewer', name: 'Vic' },
    ], null),
  });
  await pool.query('DELETE FROM dnc_entries WHERE e164 = ANY($1)', [ours]);
  // Only this file's numbers are the UK registries' here: a full load takes off no other file's.
  await pool.query("DELETE FROM dnc_registry_numbers WHERE registry IN ('uk_tps', 'uk_ctps')");
});
afterAll(async () => {
  await app.close();
  await pool.end();
  rmSync(dir, { recursive: true, force: true });
});

describe("a registry's full load", () => {
  it('takes off only the numbers that left the registry and that only it kept, says how many, and is kept in the evidence', async () => {
    await addDncWithEvidence(pool, { e164: byApiBefore, campaignId: null, source: 'api', by: 'Mia' });
    const first = await importFile('registry=uk_tps&list=tps-november', [kept, leftA, leftB, alsoCtps, byApi, byApiBefore, byAgent, byStaffFile].join('\n'));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).not.toHaveProperty('removed');
    expect((await importFile('registry=uk_ctps&list=ctps-november', alsoCtps)).statusCode).toBe(200);
    // After the registry's load: one added through the API, one an agent was told on a call, one in a file of staff's own.
    expect((await app.inject({ method: 'POST', url: '/api/dnc', headers: { authorization: 'Bearer mgr' }, payload: { phone: byApi } })).statusCode).toBe(200);
    await addDncWithEvidence(pool, { e164: byAgent, campaignId: null, source: 'agent', reason: 'DNC', by: 'a1' });
    expect((await importFile('list=crm-opt-outs', byStaffFile)).statusCode).toBe(200);

    const file = join(dir, 'tps-december.txt');
    writeFileSync(file, `${kept}\n${joined}\n`);
    const ran = await runOutpace(['dnc', 'import', file, '--registry', 'uk_tps', '--as-of', '2025-12-01T00:00:00Z', '--full'], env);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toContain('read 2, added 1, already listed 1, invalid 0\nremoved 2 no longer in uk_tps: on the global list from its earlier loads only\n');
    expect(await listed()).toEqual({
      [kept]: 'national_registry', [alsoCtps]: 'national_registry', [byApi]: 'api', [byApiBefore]: 'api', [byAgent]: 'agent', [byStaffFile]: 'import', [joined]: 'national_registry',
    });
    const evidence = await pool.query<{ kind: string; payload: Record<string, unknown> }>(
      "SELECT kind, payload FROM evidence_log WHERE payload->>'list' = 'tps-december.txt' ORDER BY id");
    expect(evidence.rows).toEqual([
      { kind: 'dnc_list_imported', payload: expect.objectContaining({ registry: 'uk_tps', full: true, removed: 2, added: 1 }) },
      { kind: 'dnc_removed', payload: expect.objectContaining({ scope: 'global', source: 'national_registry', registry: 'uk_tps', removed: 2, reason: expect.stringContaining('no longer in the UK Telephone Preference Service (TPS)') }) },
    ]);
    // The entry names the load, whose numbers taken off staff read.
    const loadId = String(evidence.rows[1]?.payload.loadId);
    expect(ran.stdout).toContain(`  which: outpace dnc removed ${loadId}\n`);
    const which = await runOutpace(['dnc', 'removed', loadId], env);
    expect(which.code, which.stderr).toBe(0);
    expect(which.stdout).toBe(`e164,registry,list\n${leftA},uk_tps,tps-december.txt\n${leftB},uk_tps,tps-december.txt\n`);

    // Through the API: the registry's next copy leaves out the number that joined it.
    const next = await importFile('registry=uk_tps&list=tps-january&full=true', `${kept}\n`);
    expect(next.statusCode, next.body).toBe(200);
    expect(next.json()).toMatchObject({ read: 1, added: 0, alreadyListed: 1, removed: 1 });
    expect(Object.keys(await listed())).not.toContain(joined);
    // Its numbers taken off, as CSV: whole for a manager, their last digits for a supervisor; not for a viewer.
    const removedCsv = (token: string, id: unknown) => app.inject({ method: 'GET', url: `/api/dnc/registry-loads/${String(id)}/removed.csv`, headers: { authorization: `Bearer ${token}` } });
    const csv = await removedCsv('mgr', next.json<{ loadId: string }>().loadId);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body).toBe(`e164,registry,list\n'${joined},uk_tps,tps-january\n`);
    const masked = await removedCsv('sup', next.json<{ loadId: string }>().loadId);
    expect(masked.statusCode, masked.body).toBe(200);
    expect(masked.body).toBe(`e164,registry,list\n'${maskedPhone(joined)},uk_tps,tps-january\n`);
    expect(masked.body).not.toContain(joined);
    expect((await removedCsv('view', next.json<{ loadId: string }>().loadId)).statusCode).toBe(403);
    expect((await removedCsv('sup', 999_999_999)).statusCode).toBe(404);
    // Not full: the registry's numbers only added to.
    expect((await importFile('registry=uk_tps&list=tps-extra', joined)).json()).not.toHaveProperty('removed');
    expect(Object.keys(await listed())).toContain(joined);
  }, 60_000);

  it('leaves a number staff added after a registry had listed it, from before a full load took account of who added it', async () => {
    // As an entry added through the API before full loads were known was left: still the
    // registry's by its source, with the addition on the evidence log.
    const staffs = n(10);
    const registryOnly = n(11);
    expect((await importFile('registry=uk_tps&list=tps-february', `${kept}\n${staffs}\n${registryOnly}\n`)).statusCode).toBe(200);
    await appendEvidence(pool, { kind: 'dnc_added', payload: { e164: staffs, scope: 'global', source: 'api', reason: null, expiresAt: null, by: 'Mia', created: false } });
    expect(await listed()).toMatchObject({ [staffs]: 'national_registry', [registryOnly]: 'national_registry' });

    const next = await importFile('registry=uk_tps&list=tps-march&full=true', `${kept}\n${joined}\n`);
    expect(next.json()).toMatchObject({ removed: 1 });
    const after = await listed();
    expect(after).toHaveProperty(staffs);
    expect(after).not.toHaveProperty(registryOnly);
  }, 60_000);

  it("takes off no number another registry's load, committing as it runs, lists", async () => {
    const inBoth = n(12);
    expect((await importFile('registry=uk_tps&list=tps-april', `${kept}\n${inBoth}\n`)).statusCode).toBe(200);
    // The CTPS's load of the number waits at its last statement, its evidence entry (the log held
    // here from writers), while the TPS's full load without it is staged and waits its turn to apply.
    const holder = new pg.Client({ connectionString: testDatabaseUrl() });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE evidence_log IN SHARE MODE');
      const ctps = importDncList(pool, { source: Readable.from([`${inBoth}\n`]), campaignId: null, region: 'GB', listName: 'ctps-april', by: 'Mia', registry: 'uk_ctps' });
      // Read outside the holder's transaction, which sees the server's activity as when it began.
      const waiting = async (): Promise<number> => (await pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).rows[0]?.n ?? 0;
      await expect.poll(waiting, { timeout: 10_000 }).toBe(1);
      let tpsWaited = false;
      const tps = importDncList(pool, {
        source: Readable.from([`${kept}\n${joined}\n`]), campaignId: null, region: 'GB', listName: 'tps-may', by: 'Mia', registry: 'uk_tps', full: true,
        batching: { betweenBatches: async (step) => { if (step.phase === 'waiting') tpsWaited = true; } },
      });
      await expect.poll(() => tpsWaited, { timeout: 10_000 }).toBe(true);
      await holder.query('COMMIT');
      expect((await ctps).added).toBe(0);
      expect((await tps).removed).toBe(0);
    } finally {
      await holder.end();
    }
    expect(await listed()).toHaveProperty(inBoth, 'national_registry');
  }, 60_000);

  it("writes a load's numbers taken off no faster than a slow reader takes them (`outpace dnc removed | slow`)", async () => {
    const count = 12_000;
    const loadId = await recordRegistryLoad(pool, { registry: 'uk_tps', listName: 'tps-huge', asOf: new Date('2020-01-01T00:00:00Z'), by: 'Mia', numbers: 0, added: 0, now: new Date() });
    // Numbers of this load only (read by its id), on no list.
    await pool.query("INSERT INTO dnc_registry_load_removals (load_id, e164) SELECT $1, '+44113496' || lpad(i::text, 4, '0') FROM generate_series(0, $2 - 1) i", [loadId, Math.min(count, 10_000)]);
    await pool.query("INSERT INTO dnc_registry_load_removals (load_id, e164) SELECT $1, '+44114496' || lpad(i::text, 4, '0') FROM generate_series(0, $2 - 1) i", [loadId, count - 10_000]);
    // A reader that takes a chunk at a time, each a turn of the event loop later (a pipe to `less`);
    // what waits in its buffer is measured at each write.
    let text = '';
    let mostBuffered = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer | string, _encoding, done) {
        text += String(chunk);
        setImmediate(done);
      },
    });
    const write = slow.write.bind(slow);
    slow.write = ((...args: Parameters<typeof write>) => {
      const taken = write(...args);
      mostBuffered = Math.max(mostBuffered, slow.writableLength);
      return taken;
    }) as typeof slow.write;
    await writeRegistryRemovalsCsv(pool, { id: loadId, registry: 'uk_tps', listName: 'tps-huge', asOf: new Date('2020-01-01T00:00:00Z') }, slow);
    await new Promise<void>((resolve) => { slow.end(resolve); });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('e164,registry,list');
    expect(lines).toHaveLength(count + 1);
    expect(lines[1]).toBe('+441134960000,uk_tps,tps-huge');
    // Written as the reader takes it: a few chunks waiting, not the whole load (some 350 kB).
    expect(mostBuffered).toBeLessThan(16 * 1024);
  }, 60_000);

  it('logs a download of the numbers taken off that fails part way, the numbers masked', async () => {
    const [first, second] = [n(13), n(14)];
    const loadId = await recordRegistryLoad(pool, { registry: 'uk_tps', listName: 'tps-broken', asOf: new Date('2020-01-01T00:00:00Z'), by: 'Mia', numbers: 0, added: 0, now: new Date() });
    await pool.query('INSERT INTO dnc_registry_load_removals (load_id, e164) SELECT $1, unnest($2::text[])', [loadId, [first, second]]);
    // The database goes away as the numbers are read, with one of them in what it says.
    const failing = new Proxy(pool, {
      get: (target, key) => key !== 'query' ? Reflect.get(target, key) : async (...args: Parameters<typeof pool.query>) => {
        if (String(args[0]).includes('FROM dnc_registry_load_removals')) throw new Error(`Connection terminated unexpectedly reading ${first}`);
        return (target.query as (...a: unknown[]) => unknown)(...args);
      },
    });
    const kept = keptLogger();
    const broken = await buildApp({ routes: dncRoutes({ pool: failing, logger: kept.logger }), logger: createLogger({ level: 'silent' }), authenticate: createAuthenticator([{ token: 'mgr', role: 'manager', name: 'Mia' }], null) });
    try {
      const body = await broken.inject({ method: 'GET', url: `/api/dnc/registry-loads/${loadId}/removed.csv`, headers: { authorization: 'Bearer mgr' } })
        .then((response) => response.body, () => '');
      expect(body).not.toContain(second);
      await expect.poll(() => kept.records.length).toBe(1);
      expect(kept.records[0]).toMatchObject({ msg: "a download of the numbers a registry's full load took off failed", loadId, registry: 'uk_tps', err: expect.objectContaining({ message: expect.stringContaining('Connection terminated') }) });
      expect(JSON.stringify(kept.records)).not.toContain(first.slice(1, -4));
    } finally {
      await broken.close();
    }
  });

  it('loads and removes nothing from a file cut short, or one given as full without a registry', async () => {
    const before = await listed();
    const loads = await pool.query('SELECT count(*)::int AS n FROM dnc_registry_loads');
    const cut = await importFile('registry=uk_tps&list=tps-cut&full=true', `${kept}\n+44207946`);
    expect(cut.statusCode).toBe(400);
    expect(cut.json<{ message: string }>().message).toBe(`a full load replaces uk_tps's numbers, and 1 line is not a number (line 2: "+44207946", not a valid number for GB: too short for a number of country code +44): the file may be cut short or not the registry's; nothing was loaded or removed`);
    expect(await listed()).toEqual(before);
    expect((await pool.query('SELECT count(*)::int AS n FROM dnc_registry_loads')).rows).toEqual(loads.rows);
    expect((await importFile('list=x&full=true', kept)).json<{ message: string }>().message).toBe("full replaces a national registry's numbers: give registry too");
    const file = join(dir, 'plain.txt');
    writeFileSync(file, `${kept}\n`);
    const ran = await runOutpace(['dnc', 'import', file, '--full'], env);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain("--full replaces a national registry's numbers: give --registry too");
  }, 60_000);
});
