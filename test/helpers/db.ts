// Database helpers for integration tests: a pool on the test database and a way to reset it.

import type pg from 'pg';
import { createPool } from '../../src/adapters/pg/pool.js';
import { testSlot } from './test-slot.js';

export function testDatabaseUrl(): string {
  // What global setup provided wins over the environment, which may point at a real database.
  return testSlot().databaseUrl;
}

export function createTestPool(max = 8): pg.Pool {
  return createPool({ url: testDatabaseUrl(), poolMax: max, applicationName: 'outpace-test' });
}

/** Every table except the installation's own (schema_migrations, installation), in the public schema. */
async function appTables(pool: pg.Pool): Promise<string[]> {
  const result = await pool.query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('schema_migrations', 'installation')`,
  );
  return result.rows.map((row) => row.tablename);
}

/** Empties all application tables (or the given ones) and restarts their identities. */
export async function truncateTables(pool: pg.Pool, tables?: string[]): Promise<void> {
  // Campaigns and leads start again from id 1: the evidence about the old ones goes with them, or a
  // new lead would read as erased, or its campaign as one with a history, for an id reused.
  const restartsIds = tables?.some((name) => name === 'campaigns' || name === 'leads') ?? false;
  const names = tables === undefined ? await appTables(pool) : [...tables, ...(restartsIds && !tables.includes('evidence_log') ? ['evidence_log'] : [])];
  if (names.length === 0) return;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // The evidence log refuses TRUNCATE unless the session opts in.
    await client.query(`SET LOCAL outpace.allow_evidence_truncate = 'on'`);
    await client.query(`TRUNCATE ${names.map((n) => `"${n}"`).join(', ')} RESTART IDENTITY CASCADE`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
