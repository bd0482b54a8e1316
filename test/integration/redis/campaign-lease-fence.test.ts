// One driver per campaign, even when Redis goes away: a node that cannot renew a campaign's lease
// stops dialling it before the lease can lapse (another node may take it on then), and takes it on
// afresh once it holds the lease again; a node cut off from Postgres alone keeps renewing the leases
// of the campaigns it drives. The node's Redis (or Postgres) connection goes through a TCP relay
// the test cuts; Postgres and Redis are real.

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { updateCampaignStatus } from '../../../src/adapters/pg/campaign-repository.js';
import { campaignLeaseHolder } from '../../../src/adapters/redis/campaign-lease.js';
import { createRedis } from '../../../src/adapters/redis/connection.js';
import type { Input } from '../../../src/core/inputs.js';
import { roundTheClockWindow } from '../../../src/demo/round-the-clock.js';
import { CampaignSync } from '../../../src/runtime/campaign-sync.js';
import { PgEngineStore } from '../../../src/runtime/pg-engine-store.js';
import { seedCampaign } from '../../helpers/fixtures.js';
import { relayedPool } from '../../helpers/relayed-pool.js';
import { testRedisUrl } from '../../helpers/redis.js';
import { servicesForFile } from '../../helpers/services.js';
import { startTcpProxy } from '../../helpers/tcp-proxy.js';

const KEY_PREFIX = 'lease-fence:';
const LEASE_MS = 3_000;
const { pool, redis } = servicesForFile(KEY_PREFIX, ['campaigns', 'attempts']);

/** A campaign running round the clock, one lead in it. */
async function runningCampaign(): Promise<{ id: string }> {
  const { campaign } = await seedCampaign(pool, { leads: 1, campaign: { settings: { callingWindow: roundTheClockWindow } } });
  await updateCampaignStatus(pool, campaign.id, 'running');
  return campaign;
}

/** A running campaign, and a Redis connection through a relay the test cuts to take Redis away. */
async function runningCampaignOverRelayedRedis() {
  const campaign = await runningCampaign();
  const target = new URL(testRedisUrl());
  const proxy = await startTcpProxy(Number(target.port || 6379), target.hostname);
  target.port = new URL(proxy.url).port;
  const relayed = createRedis({ url: target.toString(), keyPrefix: KEY_PREFIX });
  // Its errors while cut off are the test's doing.
  relayed.on('error', () => undefined);
  return { campaign, proxy, relayed };
}

describe('a campaign lease that cannot be renewed', () => {
  it('stops the campaign before the lease can lapse, and takes it on again once Redis is back', async () => {
    const { campaign, proxy, relayed } = await runningCampaignOverRelayedRedis();
    const inputs: Input[] = [];
    // When the campaign was stopped, not when the loop below next looked.
    let pausedAtMs: number | null = null;
    const sync = new CampaignSync({
      store: new PgEngineStore(pool, { nodeId: 'fenced', leadLeaseMs: 60_000 }), redis: relayed, nodeId: 'fenced', leaseMs: LEASE_MS,
      submit: (input) => {
        inputs.push(input);
        if (input.type === 'campaign_paused') pausedAtMs ??= Date.now();
      },
      nowMs: () => Date.now(), isIdle: () => false, logger: pino({ level: 'silent' }),
    });
    const statuses = () => inputs.filter((input) => input.type === 'campaign_started' || input.type === 'campaign_paused').map((input) => input.type);
    try {
      await sync.sync();
      expect(statuses()).toEqual(['campaign_started']);
      expect(await campaignLeaseHolder(redis, campaign.id)).toBe('fenced');

      // Redis is cut off: the renewals fail, and the campaign stops before its lease runs out.
      proxy.refuse(true);
      proxy.drop();
      // As the engine does: a sync every so often, which hangs on Redis, and the fence beside it
      // (checked often: the margin before the lapse is the fence's, not the checks' spacing).
      const cutAt = Date.now();
      let syncing: Promise<void> = Promise.resolve();
      for (let round = 0; !statuses().includes('campaign_paused') && Date.now() - cutAt < LEASE_MS * 2; round++) {
        sync.fenceLapsingLeases();
        if (round % 4 === 0) syncing = syncing.then(() => sync.sync()).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(statuses()).toEqual(['campaign_started', 'campaign_paused']);
      expect((pausedAtMs ?? Number.POSITIVE_INFINITY) - cutAt).toBeLessThan(LEASE_MS);
      expect(sync.ownedCampaigns()).toEqual([]);

      // Back: the lease is held again and the campaign taken on afresh, its history read again.
      proxy.refuse(false);
      await syncing;
      await new Promise((resolve) => setTimeout(resolve, 500));
      await sync.sync();
      // (A renewal that was on its way when Redis went may come back refused and pause it once more.)
      expect(statuses().filter((status) => status === 'campaign_started')).toHaveLength(2);
      expect(statuses().at(-1)).toBe('campaign_started');
      expect(inputs.filter((input) => input.type === 'abandon_history_loaded')).toHaveLength(2);
      expect(sync.ownedCampaigns()).toEqual([campaign.id]);
    } finally {
      relayed.disconnect();
      await proxy.close();
    }
  }, 30_000);

  it('keeps the campaigns it drives while Postgres is away, their leases renewed in Redis', async () => {
    const campaign = await runningCampaign();
    const cut = await relayedPool('lease-fence-pg');
    const inputs: Input[] = [];
    const sync = new CampaignSync({
      store: new PgEngineStore(cut.pool, { nodeId: 'db-cut', leadLeaseMs: 60_000 }), redis, nodeId: 'db-cut', leaseMs: LEASE_MS,
      submit: (input) => { inputs.push(input); }, nowMs: () => Date.now(), isIdle: () => false, logger: pino({ level: 'silent' }),
    });
    const statuses = () => inputs.filter((input) => input.type === 'campaign_started' || input.type === 'campaign_paused').map((input) => input.type);
    try {
      await sync.sync();
      expect(statuses()).toEqual(['campaign_started']);
      cut.proxy.refuse(true);
      cut.proxy.drop();
      const cutAt = Date.now();
      let failed = 0;
      while (Date.now() - cutAt < LEASE_MS * 1.5) {
        await sync.sync().catch(() => { failed += 1; });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(failed).toBeGreaterThan(3);
      expect(statuses()).toEqual(['campaign_started']);
      expect(sync.ownedCampaigns()).toEqual([campaign.id]);
      expect(await campaignLeaseHolder(redis, campaign.id)).toBe('db-cut');
    } finally {
      cut.proxy.refuse(false);
      await sync.releaseAll();
      await cut.close();
    }
  }, 30_000);

  it("keeps its campaigns when the engine's clock is stepped on, and still stops one it cannot renew when it is stepped back", async () => {
    const { campaign, proxy, relayed } = await runningCampaignOverRelayedRedis();
    const inputs: Input[] = [];
    let clockStepMs = 0;
    const sync = new CampaignSync({
      store: new PgEngineStore(pool, { nodeId: 'stepped', leadLeaseMs: 60_000 }), redis: relayed, nodeId: 'stepped', leaseMs: LEASE_MS,
      submit: (input) => { inputs.push(input); }, nowMs: () => Date.now() + clockStepMs, isIdle: () => false, logger: pino({ level: 'silent' }),
    });
    const paused = () => inputs.some((input) => input.type === 'campaign_paused');
    try {
      await sync.sync();
      // A day on (a clock set by hand): the lease was renewed a moment ago, and is.
      clockStepMs = 86_400_000;
      sync.fenceLapsingLeases();
      expect(paused()).toBe(false);
      await sync.sync();
      expect(sync.ownedCampaigns()).toEqual([campaign.id]);

      // An hour back, then Redis cut off: the lease lapses in real time all the same.
      clockStepMs = -3_600_000;
      proxy.refuse(true);
      proxy.drop();
      const cutAt = Date.now();
      while (!paused() && Date.now() - cutAt < LEASE_MS * 2) {
        sync.fenceLapsingLeases();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(paused()).toBe(true);
      expect(Date.now() - cutAt).toBeLessThan(LEASE_MS);
    } finally {
      proxy.refuse(false);
      relayed.disconnect();
      await proxy.close();
    }
  }, 30_000);
});
