// Lead selection against the real database: order, exclusions, and no lead leased twice.

import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDnc } from '../../../src/adapters/pg/dnc-repository.js';
import { createList, getLead, insertLeads, renewLeadLeases, setListActive } from '../../../src/adapters/pg/lead-repository.js';
import { leaseLeadsAndCreateAttempts, leaseSql, planSelection, selectionParams } from '../../../src/adapters/pg/lead-selection.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { phoneNumber, seedCampaign } from '../../helpers/fixtures.js';

const past = new Date('2030-01-01T00:00:00Z');
const now = new Date('2030-01-01T12:00:00Z');
const lease = { nodeId: 'node-a', now, leaseMs: 60_000 };

describe('leaseLeadsAndCreateAttempts', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = createTestPool(12);
  });
  beforeEach(async () => truncateTables(pool));
  afterAll(async () => pool.end());

  it('leases due leads in priority, grade, due-time order and writes their attempts', async () => {
    const { campaign, leadIds } = await seedCampaign(pool, {
      leads: [
        { phones: [phoneNumber(1)], priority: 0, grade: 'A', nextDialAt: past },
        { phones: [phoneNumber(2)], priority: 5, grade: 'C', nextDialAt: past },
        { phones: [phoneNumber(3)], priority: 0, grade: 'B', nextDialAt: past },
        { phones: [phoneNumber(4)], priority: 0, grade: 'A', nextDialAt: new Date('2029-12-31T00:00:00Z') },
        { phones: [phoneNumber(5)], priority: 9, nextDialAt: new Date('2030-01-02T00:00:00Z') }, // not due
      ],
    });
    const leased = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId: campaign.id, count: 10 });
    expect(leased.map((l) => l.leadId)).toEqual([leadIds[1], leadIds[3], leadIds[0], leadIds[2]]);
    expect(leased[0]?.e164).toBe(phoneNumber(2));
    const attempts = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM attempts WHERE status = 'created' AND node_id = 'node-a'`);
    expect(attempts.rows[0]?.n).toBe(4);
    const lead = await getLead(pool, leadIds[1] ?? '');
    expect(lead?.leasedBy).toBe('node-a');
    expect(lead?.leasedUntil?.getTime()).toBe(now.getTime() + 60_000);
  });

  it("counts only attempts that rang against a lead's and a number's 24-hour caps", async () => {
    const { campaign, leadIds } = await seedCampaign(pool, { leads: [{ phones: [phoneNumber(1)], nextDialAt: past }, { phones: [phoneNumber(2)], nextDialAt: past }] });
    const [skipped, rang] = leadIds;
    // Three times each in the last hours: skipped in preview or refused by the last check (rang no
    // one), or withdrawn once dialled (rang). The default cap is three a day.
    for (const [leadId, e164, originated] of [[skipped, phoneNumber(1), null], [rang, phoneNumber(2), past]] as const) {
      for (const outcome of ['cancelled', 'blocked', 'cancelled']) {
        await pool.query(`INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, created_at, originated_at, ended_at) VALUES ($1, $2, $3, 'ended', $4, $5, $6, $5)`,
          [campaign.id, leadId, e164, outcome === 'blocked' && originated ? 'cancelled' : outcome, new Date(now.getTime() - 3_600_000), originated]);
      }
    }
    const leased = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId: campaign.id, count: 5 });
    expect(leased.map((l) => l.leadId)).toEqual([skipped]);
  });

  it("keeps the lists' mix weights across leases of one lead at a time", async () => {
    const { campaign, list } = await seedCampaign(pool, { campaign: {} });
    await pool.query('UPDATE lists SET mix_weight = 3 WHERE id = $1', [list.id]);
    const light = await createList(pool, { campaignId: campaign.id, name: 'light', mixWeight: 1 });
    const lead = (i: number) => ({ phones: [phoneNumber(500 + i)], nextDialAt: past });
    await insertLeads(pool, list.id, Array.from({ length: 20 }, (_, i) => lead(i)));
    await insertLeads(pool, light.id, Array.from({ length: 20 }, (_, i) => lead(100 + i)));
    const byList = new Map<string, number>();
    for (let i = 0; i < 12; i++) {
      // One lead at a time, a few seconds apart, as the pacer and previews ask.
      const at = new Date(now.getTime() + i * 5_000);
      const [leased] = await leaseLeadsAndCreateAttempts(pool, { ...lease, now: at, campaignId: campaign.id, count: 1 });
      if (!leased) throw new Error('nothing leased');
      const { rows } = await pool.query<{ list_id: string }>('SELECT list_id::text FROM leads WHERE id = $1', [leased.leadId]);
      const listId = rows[0]?.list_id ?? '';
      byList.set(listId, (byList.get(listId) ?? 0) + 1);
    }
    expect(byList.get(String(list.id))).toBe(9);
    expect(byList.get(String(light.id))).toBe(3);
  });

  it('does not lease a lead twice until its lease expires', async () => {
    const { campaign } = await seedCampaign(pool, { leads: 3, nextDialAt: past });
    expect(await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId: campaign.id, count: 2 })).toHaveLength(2);
    expect(await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId: campaign.id, count: 5 })).toHaveLength(1);
    expect(await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId: campaign.id, count: 5 })).toHaveLength(0);
    const later = new Date(now.getTime() + 61_000);
    expect(await leaseLeadsAndCreateAttempts(pool, { ...lease, now: later, campaignId: campaign.id, count: 5 })).toHaveLength(3);
  });

  it('renews only its own node\'s leases, and never shortens one', async () => {
    const { campaign } = await seedCampaign(pool, { leads: 3, nextDialAt: past });
    const mine = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId: campaign.id, count: 2 });
    const theirs = await leaseLeadsAndCreateAttempts(pool, { ...lease, nodeId: 'node-b', campaignId: campaign.id, count: 1 });
    const all = [...mine, ...theirs].map((l) => l.leadId);
    const until = new Date(now.getTime() + 300_000);
    expect(await renewLeadLeases(pool, { leadIds: all, nodeId: 'node-a', until })).toBe(2);
    expect(await renewLeadLeases(pool, { leadIds: all, nodeId: 'node-a', until: new Date(now.getTime() + 1_000) })).toBe(0);
    const later = new Date(now.getTime() + 61_000);
    expect(await leaseLeadsAndCreateAttempts(pool, { ...lease, now: later, campaignId: campaign.id, count: 5 })).toEqual([
      expect.objectContaining({ leadId: theirs[0]?.leadId }),
    ]);
  });

  it('picks the leads of the groups preferred among those next in line, and fills the batch from any group', async () => {
    const lead = (industry: string, n: number, priority: number) => ({ phones: [phoneNumber(100 + n)], priority, nextDialAt: past, fields: { industry } });
    const { campaign, leadIds } = await seedCampaign(pool, {
      campaign: { settings: { distributeBy: 'industry' } },
      leads: [lead('Retail', 1, 5), lead('Retail', 2, 5), lead('Retail', 3, 5), lead(' Finance', 4, 1), lead('finance', 5, 0)],
    });
    const take = async (prefer?: string[]) => (await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId: campaign.id, count: 2, ...(prefer ? { prefer } : {}) }))
      .map((l) => l.leadId);
    expect(await take(['finance'])).toEqual([leadIds[3], leadIds[4]]);
    // Nothing of the group left: the batch comes from the rest, in dial order.
    expect(await take(['finance'])).toEqual([leadIds[0], leadIds[1]]);
    expect(await take(['energy'])).toEqual([leadIds[2]]);
  });

  it('looks for the preferred groups only among the leads next in line, and not in a campaign that does not distribute', async () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ phones: [phoneNumber(200 + i)], priority: 5, nextDialAt: past, fields: { industry: 'retail' } }));
    const rare = { phones: [phoneNumber(300)], priority: 0, nextDialAt: past, fields: { industry: 'mining' } };
    const { campaign, leadIds } = await seedCampaign(pool, { campaign: { settings: { distributeBy: 'industry' } }, leads: [...many, rare] });
    const first = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId: campaign.id, count: 2, prefer: ['mining'] });
    expect(first.map((l) => l.leadId)).toEqual([leadIds[0], leadIds[1]]);
    const plain = await seedCampaign(pool, { leads: [{ ...rare, phones: [phoneNumber(301)], priority: 0 }, { ...many[0], phones: [phoneNumber(302)] }] });
    const picked = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId: plain.campaign.id, count: 1, prefer: ['mining'] });
    expect(picked.map((l) => l.leadId)).toEqual([plain.leadIds[1]]);
  });

  it('never gives the same lead to two concurrent leasers', async () => {
    const { campaign } = await seedCampaign(pool, { leads: 400, nextDialAt: past });
    const leasers = ['n1', 'n2', 'n3', 'n4'].map(async (nodeId) => {
      const mine: string[] = [];
      for (;;) {
        const batch = await leaseLeadsAndCreateAttempts(pool, { nodeId, now, leaseMs: 60_000, campaignId: campaign.id, count: 7 });
        if (batch.length === 0) return mine;
        mine.push(...batch.map((b) => b.leadId));
      }
    });
    const perNode = await Promise.all(leasers);
    const all = perNode.flat();
    expect(all).toHaveLength(400);
    expect(new Set(all).size).toBe(400);
    expect(perNode.filter((ids) => ids.length > 0).length).toBeGreaterThan(1);
    const attempts = await pool.query<{ n: number; leads: number }>('SELECT count(*)::int AS n, count(DISTINCT lead_id)::int AS leads FROM attempts');
    expect(attempts.rows[0]).toEqual({ n: 400, leads: 400 });
  });

  it('skips numbers on the global or the campaign DNC list, and falls back to the next phone', async () => {
    const { campaign, leadIds } = await seedCampaign(pool, {
      leads: [
        { phones: [phoneNumber(11)], nextDialAt: past },
        { phones: [phoneNumber(12)], nextDialAt: past },
        { phones: [phoneNumber(13), phoneNumber(14)], nextDialAt: past },
        { phones: [phoneNumber(15)], nextDialAt: past },
      ],
    });
    const other = await seedCampaign(pool);
    await addDnc(pool, { e164: phoneNumber(11), source: 'test' });
    await addDnc(pool, { e164: phoneNumber(12), campaignId: campaign.id, source: 'test' });
    await addDnc(pool, { e164: phoneNumber(13), campaignId: campaign.id, source: 'test' });
    await addDnc(pool, { e164: phoneNumber(15), campaignId: other.campaign.id, source: 'test' }); // other campaign only
    await addDnc(pool, { e164: phoneNumber(16), source: 'test', expiresAt: past }); // expired, irrelevant
    const leased = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId: campaign.id, count: 10 });
    expect(leased.map((l) => [l.leadId, l.e164])).toEqual([
      [leadIds[2], phoneNumber(14)],
      [leadIds[3], phoneNumber(15)],
    ]);
  });

  it('honours expired DNC entries, disabled phones, final statuses and inactive lists', async () => {
    const { campaign, list, leadIds } = await seedCampaign(pool, {
      leads: [
        { phones: [phoneNumber(21)], nextDialAt: past },
        { phones: [phoneNumber(22)], nextDialAt: past, status: 'done' },
        { phones: [phoneNumber(23)], nextDialAt: past },
      ],
    });
    await addDnc(pool, { e164: phoneNumber(21), source: 'test', expiresAt: past });
    await pool.query('UPDATE lead_phones SET disabled = true WHERE e164 = $1', [phoneNumber(23)]);
    const leased = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId: campaign.id, count: 10 });
    expect(leased.map((l) => l.leadId)).toEqual([leadIds[0]]);
    await pool.query('UPDATE leads SET leased_until = NULL');
    await setListActive(pool, list.id, false);
    expect(await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId: campaign.id, count: 10 })).toEqual([]);
  });

  // leads_due_idx (campaign, priority, grade, next_dial_at) was dropped by 013: selection probes
  // leads_select_idx per (list, zone) since 010, so the query itself is what is checked here.
  it('selection reads the partial per-list index', async () => {
    const { campaign } = await seedCampaign(pool, { leads: 50, nextDialAt: past });
    await pool.query('ANALYZE leads');
    const client = await pool.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const plan = await planSelection(client, campaign.id, now);
      const explained = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN ${leaseSql}`, selectionParams({ ...lease, campaignId: campaign.id, count: 10 }, plan));
      expect(explained.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('leads_select_idx');
    } finally {
      client.release();
    }
  });
});
