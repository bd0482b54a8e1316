// Campaign repository: defaults, settings validation by the database, compare-and-set status.

import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCampaign, getCampaign, listCampaigns, updateCampaignSettings, updateCampaignStatus } from '../../../src/adapters/pg/campaign-repository.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';

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
});
