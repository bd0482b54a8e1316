// The database stays away past engine.writeRetryMinutes while calls end. What happened to them is
// kept in the node's spool on disk, in order, and written when the database answers: the abandon
// with its evidence and the lead recycled, the agent's state; by the same run, or by the next run
// of the node id reading the spool back. A spooled write the database refuses is lost, and said
// so, without holding up the rest; a node stopping keeps at once what it was still trying. The store
// reaches Postgres through a TCP relay the test cuts.

import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CreateCampaignInput } from '../../../src/adapters/pg/campaign-repository.js';
import { getAttempt } from '../../../src/adapters/pg/attempt-repository.js';
import { getLead } from '../../../src/adapters/pg/lead-repository.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import type { AttemptSummary } from '../../../src/core/commands.js';
import { PgEngineStore } from '../../../src/runtime/pg-engine-store.js';
import { spoolFileOf, WriteSpool } from '../../../src/runtime/write-spool.js';
import type { TcpProxy } from '../../helpers/tcp-proxy.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { relayedPool, type RelayedPool } from '../../helpers/relayed-pool.js';
import { seedCampaign } from '../../helpers/fixtures.js';

const t0 = new Date('2030-01-01T12:00:00Z');

describe('engine writes kept in the spool while the database is away', () => {
  let direct: pg.Pool;
  let relayed: pg.Pool;
  let proxy: TcpProxy;
  let relay: RelayedPool;
  let dir: string;
  let lost: string[];
  let waiting: number[];

  beforeAll(async () => {
    direct = createTestPool(2);
    await truncateTables(direct);
    relay = await relayedPool('outpace-spool-test');
    ({ pool: relayed, proxy } = relay);
  });
  afterAll(async () => {
    await relay.close();
    await direct.end();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outpace-spool-it-'));
    lost = [];
    waiting = [];
  });

  /** A store of node-a with the spool in `dir`, giving a write up after a second. */
  async function storeWithSpool(): Promise<{ store: PgEngineStore; spool: WriteSpool }> {
    const { spool } = await WriteSpool.open(dir, 'node-a');
    const store = new PgEngineStore(relayed, {
      nodeId: 'node-a', leadLeaseMs: 60_000, writeRetryMs: 1_000, spool,
      onWriteLost: (operation) => lost.push(operation), onSpooled: (count) => waiting.push(count),
    });
    return { store, spool };
  }

  async function abandonedCall(campaignInput: Partial<CreateCampaignInput> = {}): Promise<{ summary: AttemptSummary; leadId: string; agentId: string }> {
    const { campaign } = await seedCampaign(direct, { leads: 1, nextDialAt: new Date('2029-12-31T00:00:00Z'), campaign: campaignInput });
    const [leased] = await leaseLeadsAndCreateAttempts(direct, { campaignId: campaign.id, count: 1, nodeId: 'node-a', now: t0, leaseMs: 60_000 });
    if (!leased) throw new Error('nothing leased');
    const agentId = `agent-${leased.attemptId.slice(0, 8)}`;
    await direct.query("INSERT INTO agents (id, name) VALUES ($1, 'Ann')", [agentId]);
    const summary: AttemptSummary = {
      attemptId: leased.attemptId, campaignId: campaign.id, leadId: leased.leadId, phone: leased.e164, outcome: 'abandoned',
      cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER', agentId: null, previewAgentId: null, amdVerdict: null, amdDetail: '',
      abandoned: true, safeHarborPlayed: true, safeHarborAtMs: t0.getTime() + 10_500, optedOut: false, originatedAtMs: t0.getTime(), dialSent: true, ringingAtMs: t0.getTime() + 2_000,
      answeredAtMs: t0.getTime() + 9_000, liveAtMs: t0.getTime() + 9_000, connectedAtMs: null, endedAtMs: t0.getTime() + 15_000, heldMs: 0, handovers: [], messageLeftAtMs: null, messagePlayed: null, messageWithheld: null, thirdParty: null, endedBy: null,
    };
    return { summary, leadId: leased.leadId, agentId };
  }

  /** The database away: every connection cut, new ones refused, for `work`. */
  async function whileAway<T>(work: () => Promise<T>): Promise<T> {
    proxy.refuse(true);
    proxy.drop();
    try {
      return await work();
    } finally {
      proxy.refuse(false);
    }
  }

  const abandonEvidence = async (attemptId: string) => (await direct.query("SELECT 1 FROM evidence_log WHERE kind = 'abandon' AND attempt_id = $1", [attemptId])).rowCount;

  it('keeps what the database does not take in time, in order, and writes it when the database answers', async () => {
    const { store, spool } = await storeWithSpool();
    const { summary, leadId, agentId } = await abandonedCall();
    const login = { agentId, campaignId: summary.campaignId, from: 'logged_out' as const, to: 'ready' as const, reason: '', at: new Date(t0.getTime() + 20_000), durationMs: 0 };
    await whileAway(async () => {
      // Given up after its second of tries, the close is kept, not lost; the login after it joins
      // the spool at once, behind it.
      await store.closeAttempt(summary, null);
      const started = Date.now();
      await store.recordAgentState(login);
      expect(Date.now() - started).toBeLessThan(500);
    });
    expect(spool.size).toBe(4);
    expect(lost).toEqual([]);
    const lines = (await readFile(spoolFileOf(dir, 'node-a'), 'utf8')).trim().split('\n').map((line) => (JSON.parse(line) as { write: string }).write);
    expect(lines).toEqual(['attemptClose', 'agentSessionOpened', 'agentState', 'agentStateWebhooks']);
    expect((await getAttempt(direct, summary.attemptId))?.endedAt).toBeNull();

    // The database answers: the close, its abandon evidence (written behind what waited), the login.
    expect(await store.drainSpool()).toBe(5);
    expect(spool.size).toBe(0);
    expect(waiting.at(-1)).toBe(0);
    expect(await getAttempt(direct, summary.attemptId)).toMatchObject({ outcome: 'abandoned', abandoned: true, endedAt: new Date(summary.endedAtMs) });
    expect((await getLead(direct, leadId))?.status).toBe('retry');
    expect(await abandonEvidence(summary.attemptId)).toBe(1);
    const session = await direct.query<{ login_at: Date }>('SELECT login_at FROM agent_sessions WHERE agent_id = $1', [agentId]);
    expect(session.rows.map((row) => row.login_at)).toEqual([login.at]);
    expect(await readFile(spoolFileOf(dir, 'node-a'), 'utf8')).toBe('');

    // With nothing waiting, writes go straight to the database again.
    await store.recordAttemptProgress(summary.attemptId, 'ringing', t0, null, '');
    expect(spool.size).toBe(0);
  });

  it('keeps the rest of a call abandoned under UK rules when its campaign turned to US rules before the close was written', async () => {
    const { store } = await storeWithSpool();
    const { summary } = await abandonedCall({ regime: 'uk' });
    // The engine says the rest the UK rules gave the call when it was abandoned.
    await whileAway(() => store.closeAttempt({ ...summary, abandonRestMs: 72 * 3_600_000 }, null));
    await direct.query("UPDATE campaigns SET regime = 'us' WHERE id = $1", [summary.campaignId]);

    expect(await store.drainSpool()).toBe(2);
    const rest = await direct.query<{ abandon_rest_ms: string | null }>('SELECT abandon_rest_ms FROM attempts WHERE id = $1', [summary.attemptId]);
    expect(Number(rest.rows[0]?.abandon_rest_ms)).toBe(72 * 3_600_000);
  });

  it('keeps at once what it was still trying when the node stops, rather than trying on past the stop', async () => {
    const { spool } = await WriteSpool.open(dir, 'node-a');
    const store = new PgEngineStore(relayed, { nodeId: 'node-a', leadLeaseMs: 60_000, writeRetryMs: 5 * 60_000, spool, onWriteLost: (operation) => lost.push(operation) });
    const { summary } = await abandonedCall();
    await whileAway(async () => {
      const closing = store.closeAttempt(summary, null);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const stoppedAt = Date.now();
      store.stopRetrying();
      await closing;
      expect(Date.now() - stoppedAt).toBeLessThan(1_000);
    });
    expect(spool.size).toBe(1);
    expect(lost).toEqual([]);
    expect(await store.drainSpool()).toBeGreaterThan(0);
    expect(await getAttempt(direct, summary.attemptId)).toMatchObject({ outcome: 'abandoned', endedAt: new Date(summary.endedAtMs) });
  });

  it("is written by the node id's next run, which reads the spool back", async () => {
    const { store } = await storeWithSpool();
    const { summary } = await abandonedCall();
    await whileAway(() => store.closeAttempt(summary, null));

    // The node stops; the next run opens the same spool and writes it.
    const { store: nextRun, spool } = await storeWithSpool();
    expect(spool.size).toBe(1);
    expect(await nextRun.drainSpool()).toBe(2);
    expect(await getAttempt(direct, summary.attemptId)).toMatchObject({ outcome: 'abandoned', endedAt: new Date(summary.endedAtMs) });
    expect(await abandonEvidence(summary.attemptId)).toBe(1);
  });

  it('stops draining while the database is still away, and loses a write it refuses without holding up the rest', async () => {
    const { store, spool } = await storeWithSpool();
    const { summary } = await abandonedCall();
    await whileAway(async () => {
      await store.recordAttemptProgress('not-a-uuid', 'ringing', t0, null, '');
      await store.closeAttempt(summary, null);
      expect(await store.drainSpool()).toBe(0);
    });
    expect(spool.size).toBe(2);
    expect(await store.drainSpool()).toBe(2);
    expect(lost).toEqual(['attempt_progress']);
    expect(spool.size).toBe(0);
    expect(await getAttempt(direct, summary.attemptId)).toMatchObject({ outcome: 'abandoned' });
  });
});
