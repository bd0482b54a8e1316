// DNC entries and the evidence log export.

import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDnc, checkDnc, removeDnc } from '../../../src/adapters/pg/dnc-repository.js';
import { appendEvidence, listEvidence } from '../../../src/adapters/pg/evidence-log-repository.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { phoneNumber, seedCampaign } from '../../helpers/fixtures.js';

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
      await appendEvidence(pool, { kind: i % 2 ? 'abandon' : 'safe_harbor', campaignId: campaign.id, at: new Date(now.getTime() + i * 60_000), payload: { i } });
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
