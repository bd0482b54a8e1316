// Campaign repository: defaults, settings validation by the database, compare-and-set status; a
// manager's change does not hold up the campaign's dialling while it commits.

import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { changeCampaign, changeCampaignStatus } from '../../../src/adapters/pg/campaign-change-log.js';
import { createCampaign, getCampaign, listCampaigns, updateCampaignSettings, updateCampaignStatus } from '../../../src/adapters/pg/campaign-repository.js';
import { updateDialRules } from '../../../src/adapters/pg/dial-rules-repository.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { phoneNumber, seedCampaign } from '../../helpers/fixtures.js';
import { settled, waitedForLock, waitForLockWaiters } from '../../helpers/lock-waits.js';

const t0 = new Date('2030-01-01T12:00:00Z');

describe('campaigns', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = createTestPool();
  });
  beforeEach(async () => truncateTables(pool));
  afterAll(async () => pool.end());

  it('creates a campaign with compliant defaults', async () => {
    const campaign = await createCampaign(pool, { name: 'Spring', mode: 'predictive', callerId: '+15550000000' });
    expect(campaign).toMatchObject({
      name: 'Spring', status: 'draft', mode: 'predictive', ringTimeoutMs: 25_000, connectLimitMs: 2_000,
      abandonTarget: 0.03, regime: 'us', wrapUpMode: 'auto', callerId: '+15550000000', faq: [], settings: {},
    });
    expect(await getCampaign(pool, campaign.id)).toEqual(campaign);
    expect(await getCampaign(pool, '999999')).toBeNull();
  });

  it('refuses settings no regime allows, naming the rule', async () => {
    await expect(createCampaign(pool, { name: 'Fast ring', ringTimeoutMs: 10_000 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT', message: expect.stringContaining('campaigns_ring_timeout_check'),
    });
    const campaign = await createCampaign(pool, { name: 'Ok' });
    await expect(updateCampaignSettings(pool, campaign.id, { connectLimitMs: 2_500 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(createCampaign(pool, { name: 'ok' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' }); // names are unique, case-insensitive
  });

  it('updates settings, including json ones', async () => {
    const campaign = await createCampaign(pool, { name: 'Summer' });
    const updated = await updateCampaignSettings(pool, campaign.id, {
      dialLevel: 2, amdEnabled: true, faq: [{ q: 'Who?', a: 'Us' }], settings: { recycle: { maxAttempts: 3 } }, name: 'Summer 2',
    });
    expect(updated).toMatchObject({ dialLevel: 2, amdEnabled: true, faq: [{ q: 'Who?', a: 'Us' }], settings: { recycle: { maxAttempts: 3 } }, name: 'Summer 2' });
    await expect(updateCampaignSettings(pool, '999999', { dialLevel: 2 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('changes status with compare-and-set', async () => {
    const campaign = await createCampaign(pool, { name: 'Autumn' });
    expect((await updateCampaignStatus(pool, campaign.id, 'running', { from: ['draft', 'paused'] }))?.status).toBe('running');
    expect(await updateCampaignStatus(pool, campaign.id, 'running', { from: ['draft', 'paused'] })).toBeNull();
    expect((await listCampaigns(pool, { status: ['running'] })).map((c) => c.id)).toEqual([campaign.id]);
  });

  const changes: [string, (pool: pg.Pool, campaignId: string) => Promise<unknown>][] = [
    ['its settings', (db, campaignId) => changeCampaign(db, { campaignId, patch: { dialLevel: 2, name: 'Renamed' }, by: 'Mia' })],
    ['its status', (db, campaignId) => changeCampaignStatus(db, { campaignId, to: 'paused', from: ['draft'], by: 'Mia' })],
    ['its dial rules', (db, campaignId) => updateDialRules(db, { campaignId, changes: { recycle: { maxAttempts: 4 } }, by: 'Mia' })],
  ];

  it.each(changes)('dials its leads while a change of %s is under way', async (_, change) => {
    const { campaign } = await seedCampaign(pool, { leads: [{ phones: [phoneNumber(1)], nextDialAt: new Date('2030-01-01T00:00:00Z') }] });
    // The evidence log held elsewhere stops the change once it has the campaign's row, before it
    // commits; a lease writes attempts, whose key on the campaign must not wait for that commit.
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE evidence_log IN SHARE MODE');
      const changing = change(pool, campaign.id);
      await waitForLockWaiters(pool, 1);
      const leasing = leaseLeadsAndCreateAttempts(pool, { campaignId: campaign.id, count: 1, nodeId: 'node-a', now: t0, leaseMs: 60_000 });
      const waited = await waitedForLock(pool, 2, leasing);
      await holder.query('COMMIT');
      const results = await settled(changing, leasing);
      expect(waited).toBe(false);
      expect(results).toMatchObject([{}, [{ e164: phoneNumber(1) }]]);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      holder.release();
    }
  });
});
