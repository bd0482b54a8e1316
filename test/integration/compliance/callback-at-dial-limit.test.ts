// A callback is a promise to the person: a lead dialled up to its campaign's lifetime limits (the
// lead's, its number's) that gets a callback is called back when it falls due, by anyone or by the
// agent who promised it; the day's caps, DNC and calling hours still hold. A lead at its limits
// with no callback stays set aside.

import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { leaseCallbackLead } from '../../../src/adapters/pg/callback-lease.js';
import { scheduleCallback } from '../../../src/adapters/pg/callback-follow-up.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { ensureList } from '../../../src/adapters/pg/lead-import-repository.js';
import { insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import { preDialCheck } from '../../../src/adapters/pg/pre-dial-check.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';

const pool = createTestPool();
afterAll(async () => pool.end());
beforeEach(async () => truncateTables(pool, ['campaigns', 'dnc_entries', 'attempts', 'evidence_log']));

const MINUTE = 60_000;
// 12:00 in New York on a Monday.
const noon = new Date('2030-01-07T17:00:00Z');
const CALLER_ID = '+16505550100';

/** Three leads dialled to the campaign's limits (two dials a lead, two a number). */
async function leadsAtTheirLimits() {
  const campaign = await createCampaign(pool, {
    name: `limit-${Math.random()}`, regime: 'us', timezone: 'America/New_York', seedDispositions: false,
    settings: { recycle: { maxAttempts: 2, maxAttemptsPerPhone: 2 } },
  });
  const list = await ensureList(pool, { campaignId: campaign.id, name: 'main', defaultRegion: 'US' });
  const phones = ['+12125550150', '+12125550151', '+12125550152'];
  const leads = await insertLeads(pool, list.id, phones.map((phone) => ({ phones: [phone], timezone: 'America/New_York', nextDialAt: new Date(noon.getTime() - 60 * MINUTE) })));
  await pool.query(`UPDATE leads SET attempts = 2, status = 'retry' WHERE id = ANY($1::bigint[])`, [leads]);
  await pool.query('UPDATE lead_phones SET attempts = 2 WHERE lead_id = ANY($1::bigint[])', [leads]);
  await upsertAgent(pool, { id: 'ann', name: 'Ann' });
  return { campaignId: campaign.id, leads: leads.map(String), phones };
}

describe('a callback on a lead at its dial limits', () => {
  it('is dialled when due, for anyone and for the agent who promised it; the others stay set aside', async () => {
    const { campaignId, leads: [forAnyone, forAnn, none], phones } = await leadsAtTheirLimits();
    const due = new Date(noon.getTime() - MINUTE);
    await scheduleCallback(pool, { leadId: forAnyone ?? '', agentId: null, dueAt: due });
    const personal = await scheduleCallback(pool, { leadId: forAnn ?? '', agentId: 'ann', dueAt: due });

    const leased = await leaseLeadsAndCreateAttempts(pool, { campaignId, count: 5, nodeId: 'n1', now: noon, leaseMs: MINUTE });
    expect(leased.map((l) => l.leadId)).toEqual([forAnyone]);
    const check = await preDialCheck(pool, {
      attemptId: leased[0]?.attemptId ?? '', campaignId, leadId: forAnyone ?? '', phone: phones[0] ?? '', callerId: CALLER_ID, nowMs: noon.getTime(),
    });
    expect(check).toMatchObject({ allowed: true });

    const annDial = await leaseCallbackLead(pool, { callbackId: personal.id, agentId: 'ann', nodeId: 'n1', now: noon, leaseMs: MINUTE });
    expect(annDial?.leadId).toBe(forAnn);
    // No callback: still held back by its count.
    const later = await leaseLeadsAndCreateAttempts(pool, { campaignId, count: 5, nodeId: 'n1', now: new Date(noon.getTime() + 2 * MINUTE), leaseMs: MINUTE });
    expect(later.map((l) => l.leadId)).not.toContain(none);
    const [left] = (await pool.query<{ status: string }>('SELECT status FROM leads WHERE id = $1', [none])).rows;
    expect(left?.status).toBe('retry');
  });
});
