// The evidence log is append-only at the database level, whatever the application does.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createTestPool, truncateTables } from '../../helpers/db.js';

describe('evidence_log append-only trigger', () => {
  let pool: pg.Pool;
  beforeAll(async () => {
    pool = createTestPool();
    await truncateTables(pool, ['evidence_log']);
    await pool.query(`INSERT INTO evidence_log (kind, payload) VALUES ('abandon', '{"n":1}')`);
  });
  afterAll(async () => pool.end());

  it('rejects UPDATE', async () => {
    await expect(pool.query(`UPDATE evidence_log SET kind = 'x'`)).rejects.toThrow(/append-only: UPDATE/);
  });

  it('rejects DELETE', async () => {
    await expect(pool.query('DELETE FROM evidence_log')).rejects.toThrow(/append-only: DELETE/);
  });

  it('rejects TRUNCATE unless the session opts in', async () => {
    await expect(pool.query('TRUNCATE evidence_log')).rejects.toThrow(/append-only: TRUNCATE/);
    const count = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM evidence_log');
    expect(count.rows[0]?.n).toBe(1);
  });
});
