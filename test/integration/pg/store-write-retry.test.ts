// The database goes away for a moment while the engine writes what happened to a call. The write
// is tried again until the database is back, rather than lost: the attempt closes with its outcome
// and its abandon evidence, and the lead is recycled. An error in the statement itself is not
// tried again; a write still failing when its time is up is given up and said lost. The store
// reaches Postgres through a TCP relay that the test cuts.

import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAttempt } from '../../../src/adapters/pg/attempt-repository.js';
import { getLead } from '../../../src/adapters/pg/lead-repository.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import type { AttemptSummary } from '../../../src/core/commands.js';
import { PgEngineStore } from '../../../src/runtime/pg-engine-store.js';
import type { TcpProxy } from '../../helpers/tcp-proxy.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { relayedPool, type RelayedPool } from '../../helpers/relayed-pool.js';
import { seedCampaign } from '../../helpers/fixtures.js';

const t0 = new Date('2030-01-01T12:00:00Z');

describe('engine writes while the database is away', () => {
  let direct: pg.Pool;
  let relayed: pg.Pool;
  let proxy: TcpProxy;
  let relay: RelayedPool;
  const retries: string[] = [];
  const lost: string[] = [];
  let store: PgEngineStore;

  beforeAll(async () => {
    direct = createTestPool(2);
    await truncateTables(direct);
    relay = await relayedPool('outpace-retry-test');
    ({ pool: relayed, proxy } = relay);
    store = new PgEngineStore(relayed, { nodeId: 'node-a', leadLeaseMs: 60_000, writeRetryMs: 30_000, onWriteRetry: (operation) => retries.push(operation), onWriteLost: (operation) => lost.push(operation) });
  });
  afterAll(async () => {
    await relay.close();
    await direct.end();
  });

  it('closes the attempt, with its abandon evidence, once the database is back', async () => {
    const { campaign } = await seedCampaign(direct, { leads: 1, nextDialAt: new Date('2029-12-31T00:00:00Z') });
    const [leased] = await leaseLeadsAndCreateAttempts(direct, { campaignId: campaign.id, count: 1, nodeId: 'node-a', now: t0, leaseMs: 60_000 });
    if (!leased) throw new Error('nothing leased');
    const summary: AttemptSummary = {
      attemptId: leased.attemptId, campaignId: campaign.id, leadId: leased.leadId, phone: leased.e164, outcome: 'abandoned',
      cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER', agentId: null, previewAgentId: null, amdVerdict: null, amdDetail: '',
      abandoned: true, safeHarborPlayed: true, safeHarborAtMs: t0.getTime() + 10_500, optedOut: false, originatedAtMs: t0.getTime(), dialSent: true, ringingAtMs: t0.getTime() + 2_000,
      answeredAtMs: t0.getTime() + 9_000, liveAtMs: t0.getTime() + 9_000, connectedAtMs: null, endedAtMs: t0.getTime() + 15_000, heldMs: 0, handovers: [], messageLeftAtMs: null, messagePlayed: null, messageWithheld: null, thirdParty: null, endedBy: null,
    };

    proxy.refuse(true);
    proxy.drop();
    const closing = store.closeAttempt(summary, null);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await getAttempt(direct, leased.attemptId))?.endedAt).toBeNull();
    proxy.refuse(false);
    await closing;

    expect(retries.filter((operation) => operation === 'attempt_close').length).toBeGreaterThan(0);
    expect(await getAttempt(direct, leased.attemptId)).toMatchObject({ outcome: 'abandoned', abandoned: true, endedAt: new Date(summary.endedAtMs) });
    expect((await getLead(direct, leased.leadId))?.status).toBe('retry');
    const evidence = await direct.query("SELECT 1 FROM evidence_log WHERE kind = 'abandon' AND attempt_id = $1", [leased.attemptId]);
    expect(evidence.rowCount).toBe(1);
  });

  it('does not try a bad statement again, nor count it lost', async () => {
    const before = retries.length;
    await expect(store.recordAttemptProgress('not-a-uuid', 'ringing', t0, null, '')).rejects.toThrow();
    expect(retries.length).toBe(before);
    expect(lost).toEqual([]);
  });

  it('gives a write up once the database stays away past its time, and says it is lost', async () => {
    const lostHere: string[] = [];
    const impatient = new PgEngineStore(relayed, { nodeId: 'node-a', leadLeaseMs: 60_000, writeRetryMs: 1_000, onWriteLost: (operation) => lostHere.push(operation) });
    const { campaign } = await seedCampaign(direct, { leads: 1, nextDialAt: new Date('2029-12-31T00:00:00Z') });
    const [leased] = await leaseLeadsAndCreateAttempts(direct, { campaignId: campaign.id, count: 1, nodeId: 'node-a', now: t0, leaseMs: 60_000 });
    if (!leased) throw new Error('nothing leased');
    proxy.refuse(true);
    proxy.drop();
    try {
      await expect(impatient.recordAttemptProgress(leased.attemptId, 'ringing', t0, null, '')).rejects.toThrow();
    } finally {
      proxy.refuse(false);
    }
    expect(lostHere).toEqual(['attempt_progress']);
    expect((await getAttempt(direct, leased.attemptId))?.ringingAt).toBeNull();
  });
});
