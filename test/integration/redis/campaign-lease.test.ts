// Campaign ownership leases against the real Redis (test database index).

import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  acquireCampaignLease,
  campaignLeaseKey,
  campaignLeaseHolder,
  releaseCampaignLease,
  renewCampaignLease,
} from '../../../src/adapters/redis/campaign-lease.js';
import { createRedis } from '../../../src/adapters/redis/connection.js';
import { testRedisUrl } from '../../helpers/redis.js';

describe('campaign lease', () => {
  const prefix = 'outpace-test-lease:';
  const redis: Redis = createRedis({ url: testRedisUrl(), keyPrefix: prefix });
  const raw: Redis = createRedis({ url: testRedisUrl(), keyPrefix: '' });
  const a = { campaignId: '7', nodeId: 'node-a', ttlMs: 5_000 };
  const b = { campaignId: '7', nodeId: 'node-b', ttlMs: 5_000 };

  beforeEach(async () => {
    await redis.del(campaignLeaseKey('7'));
  });
  afterAll(async () => {
    redis.disconnect();
    raw.disconnect();
  });

  it('gives the campaign to one node only', async () => {
    expect(await acquireCampaignLease(redis, a)).toBe(true);
    expect(await acquireCampaignLease(redis, b)).toBe(false);
    expect(await campaignLeaseHolder(redis, '7')).toBe('node-a');
    // The owner acquiring again keeps it (restart of the same node id).
    expect(await acquireCampaignLease(redis, a)).toBe(true);
  });

  it('uses the configured key prefix', async () => {
    await acquireCampaignLease(redis, a);
    expect(await raw.get(`${prefix}campaign-lease:7`)).toBe('node-a');
  });

  it('renews and releases only for the owner', async () => {
    await acquireCampaignLease(redis, a);
    expect(await renewCampaignLease(redis, b)).toBe(false);
    expect(await releaseCampaignLease(redis, b)).toBe(false);
    expect(await campaignLeaseHolder(redis, '7')).toBe('node-a');
    expect(await renewCampaignLease(redis, { ...a, ttlMs: 60_000 })).toBe(true);
    expect(await redis.pttl(campaignLeaseKey('7'))).toBeGreaterThan(5_000);
    expect(await releaseCampaignLease(redis, a)).toBe(true);
    expect(await campaignLeaseHolder(redis, '7')).toBeNull();
    expect(await acquireCampaignLease(redis, b)).toBe(true);
  });

  it('lets another node take over when the owner stops renewing', async () => {
    expect(await acquireCampaignLease(redis, { ...a, ttlMs: 150 })).toBe(true);
    await sleep(250);
    expect(await acquireCampaignLease(redis, b)).toBe(true);
    // The old owner finds out on its next renew and must stop driving the campaign.
    expect(await renewCampaignLease(redis, a)).toBe(false);
    expect(await campaignLeaseHolder(redis, '7')).toBe('node-b');
  });

  it('has exactly one winner among concurrent acquirers', async () => {
    const nodes = Array.from({ length: 8 }, (_, i) => ({ campaignId: '7', nodeId: `node-${i}`, ttlMs: 5_000 }));
    const results = await Promise.all(nodes.map((node) => acquireCampaignLease(redis, node)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
