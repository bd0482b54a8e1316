// The migration runner against the real test database: idempotent, locked, strict about history.

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../../src/adapters/pg/migrate.js';
import { testDatabaseUrl } from '../../helpers/db.js';

async function scratchDatabase(name: string): Promise<string> {
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

async function dropDatabase(name: string): Promise<void> {
  const admin = new URL(testDatabaseUrl());
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.end();
}

describe('migrate', () => {
  afterAll(async () => {
    await dropDatabase('outpace_test_migrate');
    await dropDatabase('outpace_test_migrate_bad');
  });

  it('has already migrated the test database, so a second run applies nothing', async () => {
    const result = await migrate(testDatabaseUrl());
    expect(result.applied).toEqual([]);
    const all = await loadMigrations();
    expect(result.current).toBe(all.at(-1)?.version);
  });

  it('lets concurrent runners apply every migration exactly once', async () => {
    const url = await scratchDatabase('outpace_test_migrate');
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
    const url = await scratchDatabase('outpace_test_migrate_bad');
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

  it('refuses a migration edited after it was applied', async () => {
    const url = await scratchDatabase('outpace_test_migrate_bad');
    const dir = await mkdtemp(join(tmpdir(), 'outpace-migrations-'));
    await writeFile(join(dir, '001_ok.sql'), 'CREATE TABLE t_ok (id int);');
    await migrate(url, { dir });
    await writeFile(join(dir, '001_ok.sql'), 'CREATE TABLE t_ok (id bigint);');
    await expect(migrate(url, { dir })).rejects.toMatchObject({ code: 'MIGRATION_CHECKSUM_MISMATCH' });
  });

  it('refuses two files with the same version', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'outpace-migrations-'));
    await writeFile(join(dir, '010_a.sql'), 'SELECT 1;');
    await writeFile(join(dir, '010_b.sql'), 'SELECT 1;');
    await expect(loadMigrations(dir)).rejects.toMatchObject({ code: 'MIGRATION_DUPLICATE_VERSION' });
  });
});
