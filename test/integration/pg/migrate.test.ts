// The migration runner against the real test database: idempotent, locked, strict about history.

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyEvidenceChain } from '../../../src/adapters/pg/evidence-chain.js';
import { loadMigrations, migrate } from '../../../src/adapters/pg/migrate.js';
import { createPool } from '../../../src/adapters/pg/pool.js';
import { testDatabaseUrl } from '../../helpers/db.js';
import { databaseName } from '../../helpers/test-slots.js';

/** A database of this test's own beside the worker's, named after it. */
function scratchName(suffix: string): string {
  return `${databaseName(testDatabaseUrl())}_${suffix}`;
}

async function scratchDatabase(suffix: string): Promise<string> {
  const name = scratchName(suffix);
  const url = new URL(testDatabaseUrl());
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropDatabase(suffix: string): Promise<void> {
  const name = scratchName(suffix);
  const admin = new URL(testDatabaseUrl());
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.end();
}

/** A scratch database with the migrations before `version` applied, a campaign, a list and a
 * lead in it, and a client on it. */
async function migratedBefore(version: number): Promise<{ url: string; client: pg.Client; campaign: string; lead: string }> {
  const url = await scratchDatabase('migrate_bad');
  const dir = await mkdtemp(join(tmpdir(), 'outpace-migrations-'));
  for (const m of (await loadMigrations()).filter((m) => m.version < version)) await writeFile(join(dir, `${String(m.version).padStart(3, '0')}_${m.name}.sql`), m.sql);
  await migrate(url, { dir });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const campaign = (await client.query<{ id: string }>("INSERT INTO campaigns (name) VALUES ('before') RETURNING id::text")).rows[0]!.id;
  const list = (await client.query<{ id: string }>("INSERT INTO lists (campaign_id, name) VALUES ($1, 'l') RETURNING id::text", [campaign])).rows[0]!.id;
  const lead = (await client.query<{ id: string }>("INSERT INTO leads (campaign_id, list_id) VALUES ($1, $2) RETURNING id::text", [campaign, list])).rows[0]!.id;
  return { url, client, campaign, lead };
}

describe('migrate', () => {
  afterAll(async () => {
    await dropDatabase('migrate');
    await dropDatabase('migrate_bad');
  });

  it('has already migrated the test database, so a second run applies nothing', async () => {
    const result = await migrate(testDatabaseUrl());
    expect(result.applied).toEqual([]);
    const all = await loadMigrations();
    expect(result.current).toBe(all.at(-1)?.version);
  });

  it('lets concurrent runners apply every migration exactly once', async () => {
    const url = await scratchDatabase('migrate');
    const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    const all = await loadMigrations();
    const appliedTotal = results.flatMap((r) => r.applied);
    expect(appliedTotal).toHaveLength(all.length);
    expect(new Set(appliedTotal).size).toBe(all.length);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    await client.end();
    expect(rows.rows[0]?.n).toBe(all.length);
  });

  it('rolls back a failing migration and reports it with its name', async () => {
    const url = await scratchDatabase('migrate_bad');
    const dir = await mkdtemp(join(tmpdir(), 'outpace-migrations-'));
    await writeFile(join(dir, '001_ok.sql'), 'CREATE TABLE t_ok (id int);');
    await writeFile(join(dir, '002_broken.sql'), 'CREATE TABLE t_half (id int); SELECT no_such_function();');
    await expect(migrate(url, { dir })).rejects.toMatchObject({ code: 'MIGRATION_FAILED', message: expect.stringContaining('002_broken') });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const tables = await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    await client.end();
    expect(tables.rows.map((r) => r.name)).toEqual(['schema_migrations', 't_ok']);
  });

  it('runs a no-transaction migration outside a transaction, and names an index its failed build left unfinished until it is dropped', async () => {
    const url = await scratchDatabase('migrate_bad');
    const dir = await mkdtemp(join(tmpdir(), 'outpace-migrations-'));
    await writeFile(join(dir, '001_table.sql'), "CREATE TABLE t_calls (id int, e164 text); INSERT INTO t_calls VALUES (1, '+1'), (2, '+2');");
    await writeFile(join(dir, '002_index.sql'), '-- outpace: no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS t_calls_id ON t_calls (id);\n');
    expect((await migrate(url, { dir })).applied).toEqual(['001_table', '002_index']);
    // A unique index over numbers that repeat fails to build, and PostgreSQL keeps it, unfinished.
    await writeFile(join(dir, '003_unique.sql'), "-- outpace: no-transaction\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_calls_e164 ON t_calls (e164);\n");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query("INSERT INTO t_calls VALUES (3, '+1')");
      const unfinished = '003_unique: the index t_calls_e164 is unfinished (INVALID): drop it (DROP INDEX CONCURRENTLY t_calls_e164)';
      await expect(migrate(url, { dir })).rejects.toMatchObject({ code: 'MIGRATION_FAILED',
        message: expect.stringMatching(/003_unique: could not create unique index "t_calls_e164"; it runs outside a transaction, so what it did stays: the index t_calls_e164 is unfinished/) });
      // Run again as it is, IF NOT EXISTS passes over the unfinished index: refused, not recorded as built.
      await client.query("DELETE FROM t_calls WHERE id = 3");
      await expect(migrate(url, { dir })).rejects.toMatchObject({ message: expect.stringContaining(unfinished) });
      await client.query('DROP INDEX CONCURRENTLY t_calls_e164');
      expect((await migrate(url, { dir })).applied).toEqual(['003_unique']);
      const valid = await client.query<{ name: string }>("SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname LIKE 't_calls_%' AND i.indisvalid ORDER BY 1");
      expect(valid.rows.map((r) => r.name)).toEqual(['t_calls_e164', 't_calls_id']);
    } finally {
      await client.end();
    }
  });

  it('refuses a migration edited after it was applied', async () => {
    const url = await scratchDatabase('migrate_bad');
    const dir = await mkdtemp(join(tmpdir(), 'outpace-migrations-'));
    await writeFile(join(dir, '001_ok.sql'), 'CREATE TABLE t_ok (id int);');
    await migrate(url, { dir });
    await writeFile(join(dir, '001_ok.sql'), 'CREATE TABLE t_ok (id bigint);');
    await expect(migrate(url, { dir })).rejects.toMatchObject({ code: 'MIGRATION_CHECKSUM_MISMATCH' });
  });

  it('carries data written before a migration over: handovers of earlier calls, desktop keys freed, machines found by agents', async () => {
    // The schema as it was before attempt handovers were kept.
    const { url, client, campaign, lead } = await migratedBefore(38);
    try {
      await client.query(
        `INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, agent_id, connected_at, ended_at, transfers, transferred_from)
         VALUES ($1, $2, '+15550100001', 'ended', 'connected', 'closer', '2026-11-02T10:00:00Z', '2026-11-02T10:05:00Z', 1, 'fronter'),
                ($1, $2, '+15550100001', 'ended', 'connected', 'closer', '2026-11-02T11:00:00Z', '2026-11-02T11:01:00Z', 0, NULL)`, [campaign, lead]);
      await client.query(
        "INSERT INTO disposition_catalog (campaign_id, code, label, hotkey) VALUES ($1, 'MAYBE', 'Maybe', 'M'), ($1, 'SALE', 'Sale', '1'), ($1, 'VOICEMAIL', 'Voicemail', 'v'), ($1, 'EMAIL', 'Email', 'e'), ($1, 'QUOTE', 'Quote', 'Q')", [campaign]);
      // A call an agent found to be a machine, before such calls were kept as reaching no person.
      await client.query("INSERT INTO disposition_catalog (campaign_id, code, label, human_answered) VALUES ($1, 'MACHINE', 'Machine', false)", [campaign]);
      await client.query(
        `INSERT INTO dispositions (attempt_id, campaign_id, lead_id, code)
         SELECT id, campaign_id, lead_id, 'MACHINE' FROM attempts WHERE connected_at = '2026-11-02T11:00:00Z'`);
      await migrate(url);
      const noPerson = await client.query('SELECT connected_at, no_person FROM attempts ORDER BY connected_at');
      expect(noPerson.rows.map((row: { no_person: boolean }) => row.no_person)).toEqual([false, true]);
      const handovers = await client.query('SELECT seq, from_agent, to_agent, at FROM attempt_handovers');
      // When it was handed over is not known: the last agent keeps the talk time, as reports gave it.
      expect(handovers.rows).toEqual([{ seq: 1, from_agent: 'fronter', to_agent: 'closer', at: new Date('2026-11-02T10:00:00Z') }]);
      const hotkeys = await client.query('SELECT code, hotkey FROM disposition_catalog ORDER BY code');
      expect(hotkeys.rows).toEqual([
        { code: 'EMAIL', hotkey: null }, { code: 'MACHINE', hotkey: null }, { code: 'MAYBE', hotkey: null }, { code: 'QUOTE', hotkey: null },
        { code: 'SALE', hotkey: '1' }, { code: 'VOICEMAIL', hotkey: null },
      ]);
    } finally {
      await client.end();
    }
  });

  it('gives callbacks stored without a follow-up deadline theirs, due time + 48 h, and takes none without one after', async () => {
    const { url, client, campaign, lead } = await migratedBefore(74);
    try {
      const callback = `INSERT INTO callbacks (lead_id, campaign_id, due_at) VALUES ($1, $2, '2026-11-02T10:00:00Z')`;
      await client.query(callback, [lead, campaign]);
      await migrate(url);
      const stored = await client.query('SELECT follow_up_deadline FROM callbacks');
      expect(stored.rows).toEqual([{ follow_up_deadline: new Date('2026-11-04T10:00:00Z') }]);
      await expect(client.query(callback, [lead, campaign])).rejects.toMatchObject({ code: '23502', column: 'follow_up_deadline' });
    } finally {
      await client.end();
    }
  });

  it("gives a US or strict campaign saved with no opt-out key the default one, kept in the evidence log; a UK one keeps none", async () => {
    const { url, client, campaign } = await migratedBefore(80);
    try {
      const uk = (await client.query<{ id: string }>("INSERT INTO campaigns (name, regime, opt_out_digit) VALUES ('uk', 'uk', '') RETURNING id::text")).rows[0]!.id;
      await client.query("UPDATE campaigns SET opt_out_digit = '', regime = 'strict' WHERE id = $1", [campaign]);
      await migrate(url);
      const keys = await client.query('SELECT id::text, opt_out_digit FROM campaigns ORDER BY id');
      expect(keys.rows).toEqual([{ id: campaign, opt_out_digit: '1' }, { id: uk, opt_out_digit: '' }]);
      const evidence = await client.query("SELECT campaign_id::text, payload FROM evidence_log WHERE kind = 'campaign_changed'");
      expect(evidence.rows).toEqual([{
        campaign_id: campaign, payload: { by: 'migration 080: an opt-out key is required under US rules', changes: { optOutDigit: { before: '', after: '1' } } },
      }]);
    } finally {
      await client.end();
    }
  });

  it("hashes the evidence written before the chain in the order it was written, the chain whole, and continues it with what follows, sealed after its commit", async () => {
    const { url, client, campaign, lead } = await migratedBefore(85);
    try {
      await client.query(
        `INSERT INTO evidence_log (at, campaign_id, kind, lead_id, payload) VALUES
           ('2026-03-01T10:00:00.5Z', $1, 'campaign_created', NULL, '{"by": "Mia"}'),
           ('2026-03-01T10:00:01Z', $1, 'lead_erased', $2, '{"note": "é\\u00e9 \\"x\\""}'),
           ('2026-03-01T10:00:02Z', NULL, 'dnc_added', NULL, '{"e164": "+12125557310", "n": 10.50}')`,
        [campaign, lead],
      );
      await migrate(url);
      const links = await client.query<{ position: number; id: string; hash: string }>(
        'SELECT c.position::int, c.evidence_id::text AS id, c.hash FROM evidence_chain c ORDER BY c.position');
      const ids = await client.query<{ id: string }>('SELECT id::text FROM evidence_log ORDER BY id');
      expect(links.rows.map((link) => [link.position, link.id])).toEqual(ids.rows.map((row, i) => [i + 1, row.id]));
      expect(links.rows.every((link) => /^[0-9a-f]{64}$/.test(link.hash))).toBe(true);
      await client.query("INSERT INTO evidence_log (kind, payload) VALUES ('abandon', '{}')");
      const pool = createPool({ url, poolMax: 1 });
      try {
        const verified = await verifyEvidenceChain(pool, { batchSize: 2 });
        const last = (await client.query<{ hash: string }>('SELECT hash FROM evidence_chain ORDER BY position DESC LIMIT 1')).rows[0]?.hash;
        expect(verified).toEqual({ ok: true, entries: 4, lastHash: last, awaitingSeal: 0 });
      } finally {
        await pool.end();
      }
    } finally {
      await client.end();
    }
  });

  it('continues a chain sealed at each commit with the background seal: writers no longer seal, the seal links after what was there', async () => {
    const { url, client, campaign } = await migratedBefore(90);
    try {
      await client.query("INSERT INTO evidence_log (campaign_id, kind, payload) VALUES ($1, 'campaign_created', '{}'), ($1, 'abandon', '{}')", [campaign]);
      const sealedAtCommit = await client.query<{ id: string }>('SELECT evidence_id::text AS id FROM evidence_chain ORDER BY position');
      expect(sealedAtCommit.rows).toHaveLength(2);
      await migrate(url);
      const after = (await client.query<{ id: string }>("INSERT INTO evidence_log (kind, payload) VALUES ('abandon', '{}') RETURNING id::text")).rows[0]?.id;
      expect((await client.query('SELECT 1 FROM evidence_chain')).rowCount).toBe(2);
      const pool = createPool({ url, poolMax: 1 });
      try {
        const verified = await verifyEvidenceChain(pool);
        const links = await client.query<{ id: string; hash: string }>('SELECT evidence_id::text AS id, hash FROM evidence_chain ORDER BY position');
        expect(links.rows.map((link) => link.id)).toEqual([...sealedAtCommit.rows.map((row) => row.id), after]);
        expect(verified).toEqual({ ok: true, entries: 3, lastHash: links.rows.at(-1)?.hash, awaitingSeal: 0 });
      } finally {
        await pool.end();
      }
    } finally {
      await client.end();
    }
  });

  it('keeps the rest of an abandoned call on attempts without rewriting it: calls abandoned before have none, and take their campaign\'s rules', async () => {
    const { url, client, campaign, lead } = await migratedBefore(101);
    try {
      await client.query(
        `INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, abandoned, ended_at)
         VALUES ($1, $2, '+12125550100', 'ended', 'abandoned', true, '2026-11-02T10:00:00Z')`, [campaign, lead]);
      const fileOf = async (): Promise<string> => (await client.query<{ file: string }>("SELECT pg_relation_filenode('attempts')::text AS file")).rows[0]!.file;
      const before = await fileOf();
      // Up to 101 alone: what later migrations do to attempts is theirs.
      const dir = await mkdtemp(join(tmpdir(), 'outpace-migrations-'));
      for (const m of (await loadMigrations()).filter((m) => m.version <= 101)) await writeFile(join(dir, `${String(m.version).padStart(3, '0')}_${m.name}.sql`), m.sql);
      expect((await migrate(url, { dir })).applied).toEqual(['101_attempt_abandon_rest']);
      // The same file: the table was not rewritten (a rewrite holds its exclusive lock throughout).
      expect(await fileOf()).toBe(before);
      expect((await client.query('SELECT abandon_rest_ms FROM attempts')).rows).toEqual([{ abandon_rest_ms: null }]);
    } finally {
      await client.end();
    }
  });

  it("marks the DNC reasons staff typed as the erasure told them before: an API entry's, and the text the API was given on an entry another source keeps", async () => {
    const { url, client, campaign } = await migratedBefore(134);
    try {
      const entry = "INSERT INTO dnc_entries (campaign_id, e164, source, reason) VALUES ($1, $2, $3, $4)";
      await client.query(entry, [null, '+12125550181', 'api', 'Mrs Smith asked, her husband is ill']);
      await client.query(entry, [null, '+12125550182', 'api', null]);
      await client.query(entry, [campaign, '+12125550183', 'import', 'Ann Smith shouted at the agent']);
      await client.query(entry, [null, '+12125550183', 'import', 'list crm-refusals']);
      await client.query(entry, [null, '+12125550184', 'agent', 'DNC']);
      await client.query(entry, [null, '+12125550185', 'erasure', "reason erased at the person's request"]);
      await client.query(`INSERT INTO evidence_log (kind, campaign_id, payload) VALUES ('dnc_added', $1, $2)`,
        [campaign, { e164: '+12125550183', scope: 'campaign', source: 'api', reason: 'Ann Smith shouted at the agent' }]);
      await migrate(url);
      const flags = await client.query("SELECT e164, campaign_id IS NULL AS global, reason_typed FROM dnc_entries ORDER BY e164, campaign_id NULLS FIRST");
      expect(flags.rows).toEqual([
        { e164: '+12125550181', global: true, reason_typed: true },
        { e164: '+12125550182', global: true, reason_typed: false },
        { e164: '+12125550183', global: true, reason_typed: false },
        { e164: '+12125550183', global: false, reason_typed: true },
        { e164: '+12125550184', global: true, reason_typed: false },
        { e164: '+12125550185', global: true, reason_typed: false },
      ]);
    } finally {
      await client.end();
    }
  });

  it('refuses two files with the same version', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outpace-migrations-'));
    await writeFile(join(dir, '010_a.sql'), 'SELECT 1;');
    await writeFile(join(dir, '010_b.sql'), 'SELECT 1;');
    await expect(loadMigrations(dir)).rejects.toMatchObject({ code: 'MIGRATION_DUPLICATE_VERSION' });
  });
});
