// The day caps count a lead's and a number's dials of the last day for every lead selection
// weighs and every dial's last check: from the index alone (no read of the attempts' rows), the
// direction of each call included, which tells a person calling back from a dial.

import { afterAll, describe, expect, it } from 'vitest';
import { dialledInLastDaySql } from '../../../src/adapters/pg/attempt-dialled.js';
import { createTestPool } from '../../helpers/db.js';

const pool = createTestPool(1);

async function planOf(sql: string, params: unknown[]): Promise<string> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // However few rows the worker's database holds, the plan an index allows is the one shown.
    await client.query('SET LOCAL enable_seqscan = off');
    await client.query('SET LOCAL enable_bitmapscan = off');
    const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
    await client.query('ROLLBACK');
    return plan.rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    client.release();
  }
}

describe("the day caps' counts of dials", () => {
  afterAll(async () => {
    await pool.end();
  });

  it("count a lead's dials of the last day from its index alone", async () => {
    const plan = await planOf(`SELECT count(*) FROM attempts a WHERE a.lead_id = $1 AND ${dialledInLastDaySql('a', '$2')}`, [1, new Date()]);
    expect(plan).toContain('Index Only Scan using attempts_lead_dialled_idx');
  });

  it("count a number's dials of the last day from its index alone", async () => {
    const plan = await planOf(`SELECT count(*) FROM attempts a WHERE a.e164 = $1 AND ${dialledInLastDaySql('a', '$2')}`, ['+12125550100', new Date()]);
    expect(plan).toContain('Index Only Scan using attempts_e164_dialled_idx');
  });
});
