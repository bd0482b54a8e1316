// DNC entries and the evidence log export.

import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PassThrough, Readable } from 'node:stream';
import { importDncList } from '../../../src/adapters/pg/dnc-additions.js';
import { addDnc, checkDnc, removeDnc } from '../../../src/adapters/pg/dnc-repository.js';
import { appendEvidence, listEvidence } from '../../../src/adapters/pg/evidence-log-repository.js';
import { eraseLead } from '../../../src/adapters/pg/lead-erasure.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { phoneNumber, seedCampaign } from '../../helpers/fixtures.js';
import { interleave } from '../../helpers/lock-waits.js';

const now = new Date('2030-01-01T12:00:00Z');

describe('dnc', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = createTestPool();
  });
  beforeEach(async () => truncateTables(pool));
  afterAll(async () => pool.end());

  it('checks many numbers at once against global and campaign entries', async () => {
    const { campaign } = await seedCampaign(pool);
    const other = await seedCampaign(pool);
    await addDnc(pool, { e164: phoneNumber(1), source: 'import' });
    await addDnc(pool, { e164: phoneNumber(2), campaignId: campaign.id, source: 'agent' });
    await addDnc(pool, { e164: phoneNumber(3), campaignId: other.campaign.id, source: 'agent' });
    await addDnc(pool, { e164: phoneNumber(4), source: 'opt_out', expiresAt: new Date('2029-01-01') });
    const numbers = [1, 2, 3, 4, 5].map(phoneNumber);
    expect(await checkDnc(pool, { e164s: numbers, campaignId: campaign.id, now })).toEqual(new Set([phoneNumber(1), phoneNumber(2)]));
    expect(await checkDnc(pool, { e164s: numbers, now })).toEqual(new Set([phoneNumber(1)]));
    expect(await checkDnc(pool, { e164s: [], now })).toEqual(new Set());
  });

  it('keeps one entry per number and scope, and the longer block wins', async () => {
    expect(await addDnc(pool, { e164: phoneNumber(1), source: 'agent' })).toEqual({ created: true });
    expect(await addDnc(pool, { e164: phoneNumber(1), source: 'agent', expiresAt: new Date('2029-01-01') })).toEqual({ created: false });
    expect(await checkDnc(pool, { e164s: [phoneNumber(1)], now })).toEqual(new Set([phoneNumber(1)]));
    expect(await removeDnc(pool, phoneNumber(1))).toBe(true);
    expect(await checkDnc(pool, { e164s: [phoneNumber(1)], now })).toEqual(new Set());
  });

  it('makes an imported list hold for numbers whose entry had lapsed or was for a while only', async () => {
    const [lapsed, temporary, permanent, fresh] = ['+12125550101', '+12125550102', '+12125550103', '+12125550104'] as const;
    await addDnc(pool, { e164: lapsed, source: 'api', expiresAt: new Date('2029-06-01') });
    await addDnc(pool, { e164: temporary, source: 'refusal', expiresAt: new Date('2030-03-01') });
    await addDnc(pool, { e164: permanent, source: 'opt_out' });
    const source = Readable.from([`phone\n${lapsed}\n${temporary}\n${permanent}\n${fresh}\n`]);
    const result = await importDncList(pool, { source, campaignId: null, region: 'US', listName: 'registry', by: 'test' });
    expect(result).toMatchObject({ read: 4, added: 3, alreadyListed: 1, invalid: 0 });
    const later = new Date('2031-01-01T00:00:00Z');
    expect(await checkDnc(pool, { e164s: [lapsed, temporary, permanent, fresh], now: later })).toEqual(new Set([lapsed, temporary, permanent, fresh]));
    // An import that expires never shortens a block.
    const shorter = await importDncList(pool, { source: Readable.from([`${permanent}\n`]), campaignId: null, region: 'US', listName: 'short', by: 'test', expiresAt: new Date('2030-02-01') });
    expect(shorter).toMatchObject({ added: 0, alreadyListed: 1 });
    expect(await checkDnc(pool, { e164s: [permanent], now: later })).toEqual(new Set([permanent]));
  });

  it('gives up an import whose upload fails mid-way, keeping nothing and freeing its connection', async () => {
    const source = new PassThrough();
    const importing = importDncList(pool, { source, campaignId: null, region: 'US', listName: 'aborted', by: 'test' });
    source.write(`${phoneNumber(71)}\n${phoneNumber(72)}\n`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    source.destroy(new Error('aborted'));
    await expect(importing).rejects.toThrow('aborted');
    expect(await checkDnc(pool, { e164s: [phoneNumber(71)], campaignId: null, now })).toEqual(new Set());
    // Every connection is back: none is left in a copy that never ends.
    expect(pool.idleCount).toBe(pool.totalCount);
    const stuck = await pool.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY dnc_import_stage%' AND state <> 'idle'");
    expect(stuck.rows[0]?.n).toBe(0);
  });

  it("loads a list, with no deadlock, while a person with two of its numbers is erased", async () => {
    // Two numbers the load's DISTINCT gives back in the other order than the erasure's, already listed.
    const [low, high] = ['+12125550131', '+12125550137'];
    const { leadIds: [leadId] } = await seedCampaign(pool, { leads: [{ phones: [low, high] }] });
    for (const e164 of [low, high]) await addDnc(pool, { e164, source: 'import' });
    // The higher number's entry held elsewhere stops the load as it reaches it; the erasure, which
    // lists the person's numbers in order, comes then.
    const results = await interleave(pool, {
      hold: (holder) => holder.query('SELECT 1 FROM dnc_entries WHERE e164 = $1 FOR UPDATE', [high]),
      first: () => importDncList(pool, { source: Readable.from([`${low}\n${high}\n`]), campaignId: null, region: 'US', listName: 'file', by: 'test' }),
      second: () => eraseLead(pool, { leadId: leadId ?? '', by: 'Mia', now }),
    });
    expect(results).toMatchObject([{ read: 2, alreadyListed: 2 }, { phonesSuppressed: 2 }]);
  });

  /** Loads `numbers` as (part of) the US registry, one load each, so the registry's rows and
   * entries lie in the order given. */
  async function loadRegistry(numbers: string[], options: { full?: boolean } = {}) {
    return importDncList(pool, {
      source: Readable.from([`${numbers.join('\n')}\n`]), campaignId: null, region: 'US', listName: 'registry', by: 'test', registry: 'us_national', now, ...options,
    });
  }

  it('takes a full registry load\'s leaving numbers off, with no deadlock, while a person with two of them is erased', async () => {
    const [low, high, kept] = ['+12125550141', '+12125550147', '+12125550149'];
    const { leadIds: [leadId] } = await seedCampaign(pool, { leads: [{ phones: [low, high] }] });
    // The higher number first: the load's delete reaches the two in that order.
    for (const e164 of [high, low, kept]) await loadRegistry([e164]);
    // The higher number's entry held elsewhere stops the full load (which no longer lists the
    // two) as it takes it off; the erasure, which adds the person's numbers in order, comes then.
    const results = await interleave(pool, {
      hold: (holder) => holder.query('SELECT 1 FROM dnc_entries WHERE e164 = $1 FOR UPDATE', [high]),
      first: () => loadRegistry([kept], { full: true }),
      second: () => eraseLead(pool, { leadId: leadId ?? '', by: 'Mia', now }),
    });
    expect(results).toMatchObject([{ removed: 2 }, { phonesSuppressed: 2 }]);
    expect(await checkDnc(pool, { e164s: [low, high], now })).toEqual(new Set([low, high]));
  });

  it('loads a full registry, with no deadlock, while a person with a number leaving it and a higher one kept is erased', async () => {
    const [leaving, staying] = ['+12125550151', '+12125550157'];
    const { leadIds: [leadId] } = await seedCampaign(pool, { leads: [{ phones: [leaving, staying] }] });
    await loadRegistry([leaving, staying]);
    // The leaving number's entry held elsewhere stops the full load's batch that takes it off; the
    // erasure, which adds the person's numbers in order, comes then.
    const results = await interleave(pool, {
      hold: (holder) => holder.query('SELECT 1 FROM dnc_entries WHERE e164 = $1 FOR UPDATE', [leaving]),
      first: () => loadRegistry([staying], { full: true }),
      second: () => eraseLead(pool, { leadId: leadId ?? '', by: 'Mia', now }),
    });
    expect(results).toMatchObject([{ removed: 1 }, { phonesSuppressed: 2 }]);
    expect(await checkDnc(pool, { e164s: [leaving, staying], now })).toEqual(new Set([leaving, staying]));
  });

  it('rejects malformed numbers', async () => {
    await expect(addDnc(pool, { e164: '5551234', source: 'x' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('evidence log export', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = createTestPool();
  });
  beforeEach(async () => truncateTables(pool));
  afterAll(async () => pool.end());

  it('exports one campaign over a time range, in order, across batches', async () => {
    const { campaign } = await seedCampaign(pool);
    const other = await seedCampaign(pool);
    for (let i = 0; i < 25; i += 1) {
      await appendEvidence(pool, { kind: i % 2 ? 'abandon' : 'dnc_added', campaignId: campaign.id, at: new Date(now.getTime() + i * 60_000), payload: { i } });
    }
    await appendEvidence(pool, { kind: 'abandon', campaignId: other.campaign.id, at: now });
    const range = { campaignId: campaign.id, from: new Date(now.getTime() + 5 * 60_000), to: new Date(now.getTime() + 20 * 60_000), batchSize: 4 };
    const entries = await listEvidence(pool, range);
    expect(entries.map((e) => e.payload.i)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const abandons = await listEvidence(pool, { ...range, kinds: ['abandon'] });
    expect(abandons.every((e) => e.kind === 'abandon')).toBe(true);
    expect(abandons).toHaveLength(8);
  });
});
