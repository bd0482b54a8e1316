// Attempt lifecycle: events, closing with an outcome, and what that does to the lead.

import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeAttempt, getAttempt, listOpenAttempts, markAttemptEvent } from '../../../src/adapters/pg/attempt-repository.js';
import { updateCampaignSettings, type CreateCampaignInput } from '../../../src/adapters/pg/campaign-repository.js';
import { getLead, listLeadPhones } from '../../../src/adapters/pg/lead-repository.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import { PgEngineStore } from '../../../src/runtime/pg-engine-store.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { phoneNumber, seedCampaign } from '../../helpers/fixtures.js';

const past = new Date('2030-01-01T00:00:00Z');
const t0 = new Date('2030-01-01T12:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe('attempts', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = createTestPool();
  });
  beforeEach(async () => truncateTables(pool));
  afterAll(async () => pool.end());

  async function leaseOne(leads: Parameters<typeof seedCampaign>[1] = { leads: 1, nextDialAt: past }) {
    const seeded = await seedCampaign(pool, leads);
    const [leased] = await leaseLeadsAndCreateAttempts(pool, { campaignId: seeded.campaign.id, count: 1, nodeId: 'node-a', now: t0, leaseMs: 60_000 });
    if (!leased) throw new Error('nothing leased');
    return { ...seeded, leased };
  }

  it('records events once each and only moves the status forward', async () => {
    const { leased } = await leaseOne();
    expect(await markAttemptEvent(pool, leased.attemptId, 'originated', at(1), { channelId: leased.attemptId })).toBe(true);
    await markAttemptEvent(pool, leased.attemptId, 'answered', at(9));
    await markAttemptEvent(pool, leased.attemptId, 'ringing', at(2)); // late event
    await markAttemptEvent(pool, leased.attemptId, 'answered', at(12)); // repeat
    const attempt = await getAttempt(pool, leased.attemptId);
    expect(attempt?.status).toBe('answered');
    expect(attempt?.ringingAt).toEqual(at(2));
    expect(attempt?.answeredAt).toEqual(at(9));
    expect(attempt?.channelId).toBe(leased.attemptId);
    expect(await markAttemptEvent(pool, '00000000-0000-0000-0000-000000000000', 'ringing', at(1))).toBe(false);
  });

  it('closes a busy attempt: counts, releases the lease and schedules the retry', async () => {
    const { leased } = await leaseOne();
    expect(await listOpenAttempts(pool, { nodeId: 'node-a' })).toHaveLength(1);
    const result = await closeAttempt(pool, { attemptId: leased.attemptId, outcome: 'busy', endedAt: at(5), cause: 0, dialStatus: 'BUSY' });
    expect(result).toEqual({ closed: true, leadStatus: 'retry', nextDialAt: new Date(at(5).getTime() + 15 * 60_000), webhookIds: [] });
    const lead = await getLead(pool, leased.leadId);
    expect(lead).toMatchObject({ attempts: 1, status: 'retry', leasedBy: null, leasedUntil: null, lastOutcome: 'busy' });
    const [phone] = await listLeadPhones(pool, leased.leadId);
    expect(phone).toMatchObject({ attempts: 1, lastOutcome: 'busy', disabled: false });
    const attempt = await getAttempt(pool, leased.attemptId);
    expect(attempt).toMatchObject({ status: 'ended', outcome: 'busy', cause: 0, dialStatus: 'BUSY', endedAt: at(5) });
    expect(await listOpenAttempts(pool, { nodeId: 'node-a' })).toHaveLength(0);
  });

  it('waits a day after an answering machine under UK rules (Ofcom), the campaign\'s own wait elsewhere', async () => {
    const closeOnMachine = async (campaign: Partial<CreateCampaignInput>) => {
      await truncateTables(pool);
      const { leased } = await leaseOne({ leads: 1, nextDialAt: past, campaign });
      await markAttemptEvent(pool, leased.attemptId, 'answered', at(9), { amdStatus: 'MACHINE' });
      return closeAttempt(pool, { attemptId: leased.attemptId, outcome: 'machine', endedAt: at(12), cause: 16, amdStatus: 'MACHINE' });
    };
    const hours = (h: number) => new Date(at(12).getTime() + h * 3_600_000);
    expect(await closeOnMachine({ regime: 'us' })).toMatchObject({ leadStatus: 'retry', nextDialAt: hours(2) });
    expect(await closeOnMachine({ regime: 'uk' })).toMatchObject({ leadStatus: 'retry', nextDialAt: hours(24) });
    expect(await closeOnMachine({ regime: 'strict' })).toMatchObject({ nextDialAt: hours(24) });
    // UK calling hours bring the rule too; a longer wait of the campaign's own stands.
    expect(await closeOnMachine({ regime: 'us', settings: { callingWindow: { regime: 'uk' } } })).toMatchObject({ nextDialAt: hours(24) });
    expect(await closeOnMachine({ regime: 'uk', settings: { recycle: { machineRetryMinutes: 48 * 60 } } })).toMatchObject({ nextDialAt: hours(48) });
  });

  it('takes no dial of the lead or its number for an attempt closed before it was dialled', async () => {
    for (const outcome of ['blocked', 'cancelled']) {
      await truncateTables(pool);
      const { leased } = await leaseOne();
      await closeAttempt(pool, { attemptId: leased.attemptId, outcome, endedAt: at(1), cause: 0, causeTxt: 'calling_window: closed' });
      // Nobody was called: the lead has no last call yet.
      expect(await getLead(pool, leased.leadId), outcome).toMatchObject({ attempts: 0, status: 'retry', leasedBy: null, lastOutcome: null, lastAttemptAt: null });
      const [phone] = await listLeadPhones(pool, leased.leadId);
      expect(phone?.attempts, outcome).toBe(0);
    }
  });

  it('ends a lead whose person pressed the opt-out key: none of its numbers is called again', async () => {
    const { leased } = await leaseOne();
    await markAttemptEvent(pool, leased.attemptId, 'originated', at(1));
    await closeAttempt(pool, { attemptId: leased.attemptId, outcome: 'abandoned', endedAt: at(9), cause: 16, causeTxt: 'Normal Clearing', abandoned: true, safeHarborPlayed: true, optedOut: true });
    expect(await getLead(pool, leased.leadId)).toMatchObject({ status: 'dnc', leasedBy: null });
  });

  it('takes a dial for a call withdrawn once its dial was sent: the phone rang', async () => {
    const { leased } = await leaseOne();
    await markAttemptEvent(pool, leased.attemptId, 'originated', at(1));
    await closeAttempt(pool, { attemptId: leased.attemptId, outcome: 'cancelled', endedAt: at(3), cause: 16, causeTxt: 'Normal Clearing' });
    expect(await getLead(pool, leased.leadId)).toMatchObject({ attempts: 1, lastOutcome: 'cancelled' });
    expect((await listLeadPhones(pool, leased.leadId))[0]?.attempts).toBe(1);
  });

  it("lets leases go when reading the leased leads' details fails, counting no dial", async () => {
    const seeded = await seedCampaign(pool, { leads: 2, nextDialAt: past });
    // The database refuses the look-up of the leads' groups, once the leases are committed.
    const failing = new Proxy(pool, {
      get: (target, name, receiver) => name === 'query'
        ? (text: unknown, ...rest: unknown[]) => (typeof text === 'string' && text.includes("settings ? 'distributeBy'")
          ? Promise.reject(new Error('Connection terminated unexpectedly'))
          : (target.query as (...args: unknown[]) => unknown).call(target, text, ...rest))
        : Reflect.get(target, name, receiver),
    });
    const store = new PgEngineStore(failing, { nodeId: 'node-a', leadLeaseMs: 60_000 });
    await expect(store.leaseLeads(seeded.campaign.id, 2, t0)).rejects.toThrow('Connection terminated unexpectedly');
    expect(await listOpenAttempts(pool, { nodeId: 'node-a' })).toEqual([]);
    for (const leadId of seeded.leadIds) {
      expect(await getLead(pool, leadId)).toMatchObject({ attempts: 0, status: 'retry', leasedBy: null, lastOutcome: null });
    }
  });

  it('closes what a crash left open with the outcome each call had reached', async () => {
    const seeded = await seedCampaign(pool, { leads: 4, nextDialAt: past });
    const leased = await leaseLeadsAndCreateAttempts(pool, { campaignId: seeded.campaign.id, count: 4, nodeId: 'node-a', now: t0, leaseMs: 60_000 });
    const [talking, waiting, machine, ringing] = leased.map((l) => l.attemptId);
    if (!talking || !waiting || !machine || !ringing) throw new Error('four attempts expected');
    for (const id of [talking, waiting, machine, ringing]) await markAttemptEvent(pool, id, 'ringing', at(2));
    for (const id of [talking, waiting, machine]) await markAttemptEvent(pool, id, 'answered', at(9));
    await markAttemptEvent(pool, machine, 'answered', at(9), { amdStatus: 'MACHINE' });
    for (const id of [talking, waiting]) await markAttemptEvent(pool, id, 'live', at(10));
    await markAttemptEvent(pool, talking, 'connected', at(11), { agentId: 'ag1' });

    const store = new PgEngineStore(pool, { nodeId: 'node-a', leadLeaseMs: 60_000 });
    // A conversation taken up after the restart stays open; the rest close.
    expect(await store.closeOrphanedAttempts(at(60), new Set([talking]))).toBe(3);
    expect((await listOpenAttempts(pool, { nodeId: 'node-a' })).map((a) => a.id)).toEqual([talking]);
    expect(await store.closeOrphanedAttempts(at(60), new Set())).toBe(1);
    expect(await listOpenAttempts(pool, { nodeId: 'node-a' })).toHaveLength(0);
    const outcomes = await Promise.all([talking, waiting, machine, ringing].map((id) => getAttempt(pool, id)));
    expect(outcomes.map((a) => [a?.outcome, a?.abandoned])).toEqual([['connected', false], ['abandoned', true], ['machine', false], ['failed', false]]);
    expect(outcomes[0]?.agentId).toBe('ag1');

    const leadOf = (id: string) => leased.find((l) => l.attemptId === id)?.leadId ?? '';
    // Who talked to an agent is not dialled again; who was left unanswered waits 72 hours, not minutes.
    expect(await getLead(pool, leadOf(talking))).toMatchObject({ status: 'done' });
    expect(await getLead(pool, leadOf(waiting))).toMatchObject({ status: 'retry', nextDialAt: new Date(at(60).getTime() + 72 * 3_600_000) });
    expect(await getLead(pool, leadOf(ringing))).toMatchObject({ status: 'retry', nextDialAt: new Date(at(60).getTime() + 5 * 60_000) });
    const evidence = await pool.query<{ attempt_id: string }>("SELECT attempt_id FROM evidence_log WHERE kind = 'abandon'");
    expect(evidence.rows.map((e) => e.attempt_id)).toEqual([waiting]);
  });

  it('writes the evidence of an abandon only from the close that recorded the attempt', async () => {
    const { leased, campaign } = await leaseOne();
    await closeAttempt(pool, { attemptId: leased.attemptId, outcome: 'connected', endedAt: at(90) });
    const store = new PgEngineStore(pool, { nodeId: 'node-a', leadLeaseMs: 60_000 });
    await store.closeAttempt({
      attemptId: leased.attemptId, campaignId: campaign.id, leadId: leased.leadId, phone: '+15550100001', outcome: 'abandoned', cause: 16,
      causeText: 'Normal Clearing', dialStatus: 'ANSWER', agentId: null, previewAgentId: null, amdVerdict: null, amdDetail: '', abandoned: true, safeHarborPlayed: true,
      safeHarborAtMs: at(93).getTime(), optedOut: false, originatedAtMs: at(1).getTime(), dialSent: true, ringingAtMs: null, answeredAtMs: null, liveAtMs: null, connectedAtMs: null, endedAtMs: at(95).getTime(), heldMs: 0, handovers: [], messageLeftAtMs: null, messagePlayed: null, messageWithheld: null, thirdParty: null, endedBy: null,
    }, null);
    expect(await getAttempt(pool, leased.attemptId)).toMatchObject({ outcome: 'connected', abandoned: false });
    const evidence = await pool.query("SELECT 1 FROM evidence_log WHERE kind = 'abandon' AND attempt_id = $1", [leased.attemptId]);
    expect(evidence.rowCount).toBe(0);
  });

  it("puts on an abandon's record when the safe-harbor message started, counted from the end of the greeting", async () => {
    const { leased, campaign } = await leaseOne();
    await markAttemptEvent(pool, leased.attemptId, 'answered', at(9));
    await markAttemptEvent(pool, leased.attemptId, 'live', at(10));
    const store = new PgEngineStore(pool, { nodeId: 'node-a', leadLeaseMs: 60_000 });
    await store.closeAttempt({
      attemptId: leased.attemptId, campaignId: campaign.id, leadId: leased.leadId, phone: leased.e164, outcome: 'abandoned', cause: 16,
      causeText: 'Normal Clearing', dialStatus: 'ANSWER', agentId: null, previewAgentId: null, amdVerdict: 'human', amdDetail: '', abandoned: true, safeHarborPlayed: true,
      safeHarborAtMs: at(10).getTime() + 1_500, optedOut: false, originatedAtMs: at(1).getTime(), dialSent: true, ringingAtMs: at(2).getTime(), answeredAtMs: at(9).getTime(),
      liveAtMs: at(10).getTime(), connectedAtMs: null, endedAtMs: at(20).getTime(), heldMs: 0, handovers: [], messageLeftAtMs: null, messagePlayed: null, messageWithheld: null, thirdParty: null, endedBy: null,
    }, null);
    const evidence = await pool.query<{ payload: Record<string, unknown> }>("SELECT payload FROM evidence_log WHERE kind = 'abandon' AND attempt_id = $1", [leased.attemptId]);
    expect(evidence.rows[0]?.payload).toMatchObject({
      liveAt: at(10).toISOString(), safeHarborPlayed: true, safeHarborAt: new Date(at(10).getTime() + 1_500).toISOString(), safeHarborAfterMs: 1_500,
    });
  });

  it("keeps the disposition's decision when the call's close waited for the disposition to commit", async () => {
    const { leased } = await leaseOne();
    await markAttemptEvent(pool, leased.attemptId, 'answered', at(5));
    await markAttemptEvent(pool, leased.attemptId, 'connected', at(6), { agentId: 'ann' });
    // The agent's disposition (a callback) holds the lead, as its transaction does, while the call ends.
    const disposing = await pool.connect();
    try {
      await disposing.query('BEGIN');
      await disposing.query('SELECT 1 FROM leads WHERE id = $1 FOR UPDATE', [leased.leadId]);
      await disposing.query(
        "INSERT INTO dispositions (attempt_id, campaign_id, lead_id, code, created_at) SELECT id, campaign_id, lead_id, 'CALLBACK', $2 FROM attempts WHERE id = $1",
        [leased.attemptId, at(20)]);
      await disposing.query("UPDATE leads SET status = 'callback', next_dial_at = $2 WHERE id = $1", [leased.leadId, at(3_600)]);
      const closing = closeAttempt(pool, { attemptId: leased.attemptId, outcome: 'connected', endedAt: at(30), agentId: 'ann' });
      // Committed once the close is waiting for the lead.
      for (let waited = 0; waited < 100; waited++) {
        const waiting = await pool.query("SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FROM leads%FOR UPDATE%'");
        if (waiting.rowCount) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await disposing.query('COMMIT');
      expect(await closing).toMatchObject({ closed: true, leadStatus: 'callback', nextDialAt: at(3_600) });
    } finally {
      disposing.release();
    }
    expect(await getLead(pool, leased.leadId)).toMatchObject({ status: 'callback', nextDialAt: at(3_600) });
  });

  it("lets the lead's lease go when its newer attempt closes, an older one still open (a preview sat on past its lease)", async () => {
    const { leased, campaign } = await leaseOne();
    // The preview's lease lapsed; the lead is leased again and dialled.
    const [newer] = await leaseLeadsAndCreateAttempts(pool, { campaignId: campaign.id, count: 1, nodeId: 'node-b', now: at(120), leaseMs: 600_000 });
    if (!newer || newer.leadId !== leased.leadId) throw new Error('the lead was not leased again');
    await closeAttempt(pool, { attemptId: newer.attemptId, outcome: 'failed', endedAt: at(150) });
    // Due again in five minutes, not held by a lease for ten.
    expect(await getLead(pool, leased.leadId)).toMatchObject({ status: 'retry', nextDialAt: new Date(at(150).getTime() + 5 * 60_000), leasedBy: null, leasedUntil: null });
    await closeAttempt(pool, { attemptId: leased.attemptId, outcome: 'cancelled', endedAt: at(200), dialSent: false });
    expect(await getLead(pool, leased.leadId)).toMatchObject({ status: 'retry', leasedBy: null, leasedUntil: null });
  });

  it('is idempotent: closing twice changes nothing the second time', async () => {
    const { leased } = await leaseOne();
    await closeAttempt(pool, { attemptId: leased.attemptId, outcome: 'no_answer', endedAt: at(25), cause: 19 });
    expect(await closeAttempt(pool, { attemptId: leased.attemptId, outcome: 'busy', endedAt: at(30) })).toEqual({ closed: false });
    expect((await getLead(pool, leased.leadId))?.attempts).toBe(1);
    expect((await getAttempt(pool, leased.attemptId))?.outcome).toBe('no_answer');
  });

  it('finishes the lead on human contact and keeps the abandon flags', async () => {
    const { leased } = await leaseOne();
    await closeAttempt(pool, { attemptId: leased.attemptId, outcome: 'connected', endedAt: at(90) });
    expect((await getLead(pool, leased.leadId))?.status).toBe('done');

    const second = await leaseOne();
    await closeAttempt(pool, { attemptId: second.leased.attemptId, outcome: 'abandoned', endedAt: at(10), abandoned: true, safeHarborPlayed: true });
    expect(await getAttempt(pool, second.leased.attemptId)).toMatchObject({ abandoned: true, safeHarborPlayed: true });
    expect((await getLead(pool, second.leased.leadId))?.nextDialAt).toEqual(new Date(at(10).getTime() + 72 * 3_600_000));
  });

  it('disables an invalid number and moves on to the next phone, then marks the lead invalid', async () => {
    const { leased, campaign } = await leaseOne({ leads: [{ phones: [phoneNumber(1), phoneNumber(2)], nextDialAt: past }] });
    expect(await closeAttempt(pool, { attemptId: leased.attemptId, outcome: 'invalid_number', endedAt: at(2), cause: 1 })).toMatchObject({ leadStatus: 'retry', nextDialAt: at(2) });
    const [next] = await leaseLeadsAndCreateAttempts(pool, { campaignId: campaign.id, count: 1, nodeId: 'node-a', now: at(3), leaseMs: 60_000 });
    expect(next?.e164).toBe(phoneNumber(2));
    expect(await closeAttempt(pool, { attemptId: next?.attemptId ?? '', outcome: 'invalid_number', endedAt: at(4) })).toMatchObject({ leadStatus: 'invalid' });
  });

  it('exhausts a lead at the campaign maxAttempts from settings.recycle', async () => {
    const { leased, campaign } = await leaseOne();
    await updateCampaignSettings(pool, campaign.id, { settings: { recycle: { maxAttempts: 2, noAnswerRetryMinutes: 0 } } });
    await closeAttempt(pool, { attemptId: leased.attemptId, outcome: 'no_answer', endedAt: at(30) });
    const [again] = await leaseLeadsAndCreateAttempts(pool, { campaignId: campaign.id, count: 1, nodeId: 'node-a', now: at(31), leaseMs: 60_000 });
    expect(await closeAttempt(pool, { attemptId: again?.attemptId ?? '', outcome: 'no_answer', endedAt: at(60) })).toMatchObject({ leadStatus: 'exhausted' });
  });

  it('exhausts a lead whose only phone reached the per-phone cap, so selection never steps over it', async () => {
    const { leased, campaign } = await leaseOne();
    await updateCampaignSettings(pool, campaign.id, { settings: { recycle: { maxAttempts: 6, maxAttemptsPerPhone: 2, noAnswerRetryMinutes: 0 } } });
    expect(await closeAttempt(pool, { attemptId: leased.attemptId, outcome: 'no_answer', endedAt: at(30) })).toMatchObject({ leadStatus: 'retry' });
    const [again] = await leaseLeadsAndCreateAttempts(pool, { campaignId: campaign.id, count: 1, nodeId: 'node-a', now: at(31), leaseMs: 60_000 });
    expect(await closeAttempt(pool, { attemptId: again?.attemptId ?? '', outcome: 'no_answer', endedAt: at(60) })).toMatchObject({ leadStatus: 'exhausted' });
  });

  it('does not revive a lead that became DNC during the call', async () => {
    const { leased } = await leaseOne();
    await pool.query(`UPDATE leads SET status = 'dnc' WHERE id = $1`, [leased.leadId]);
    expect(await closeAttempt(pool, { attemptId: leased.attemptId, outcome: 'busy', endedAt: at(5) })).toMatchObject({ leadStatus: 'dnc' });
  });
});
