// Cancelling a callback while another is booked for its lead: the lead follows the callback still
// open once both are in, whichever commits first.

import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cancelCallback, scheduleCallback } from '../../../src/adapters/pg/callback-follow-up.js';
import { getLead } from '../../../src/adapters/pg/lead-repository.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { phoneNumber, seedCampaign } from '../../helpers/fixtures.js';
import { interleave } from '../../helpers/lock-waits.js';

const t0 = new Date('2030-01-01T12:00:00Z');

describe('cancelling a callback', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = createTestPool();
  });
  beforeEach(async () => truncateTables(pool));
  afterAll(async () => pool.end());

  it("leaves the lead waiting for a colleague's callback booked while the cancel was under way", async () => {
    const { leadIds: [leadId] } = await seedCampaign(pool, { leads: [{ phones: [phoneNumber(1)] }] });
    if (!leadId) throw new Error('no lead');
    await pool.query(`INSERT INTO agents (id, name) VALUES ('a2', 'Bo')`);
    const first = await scheduleCallback(pool, { leadId, dueAt: new Date('2030-01-02T15:00:00Z'), now: t0 });
    const own = new Date('2030-01-03T15:00:00Z');
    // The agent's row held elsewhere stops Bo's booking with the lead locked, before its callback is
    // written; the first callback is cancelled then.
    const results = await interleave(pool, {
      hold: (holder) => holder.query(`SELECT 1 FROM agents WHERE id = 'a2' FOR UPDATE`),
      first: () => scheduleCallback(pool, { leadId, agentId: 'a2', dueAt: own, now: t0 }),
      second: () => cancelCallback(pool, first.id, t0),
    });
    expect(results).toMatchObject([{ agentId: 'a2', dueAt: own }, true]);
    // Bo's callback is the one open: the lead waits for it, not dialled from the pool now.
    expect(await getLead(pool, leadId)).toMatchObject({ status: 'scheduled', nextDialAt: own });
  });
});
