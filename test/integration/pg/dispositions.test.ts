// Dispositions: idempotent on the attempt, effects applied with the insert; stages only move
// forward unless a supervisor says otherwise; callbacks are for later; a call whose lead was erased
// since keeps its code and nothing personal.

import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeAttempt } from '../../../src/adapters/pg/attempt-repository.js';
import { cancelCallback, releaseAgentCallbacks, scheduleCallback } from '../../../src/adapters/pg/callback-follow-up.js';
import { insertCallback, listCallbacks } from '../../../src/adapters/pg/callback-repository.js';
import { listDispositionCatalog, upsertDispositionCatalogEntry } from '../../../src/adapters/pg/disposition-catalog-repository.js';
import { getDisposition, submitDisposition } from '../../../src/adapters/pg/disposition-repository.js';
import { checkDnc } from '../../../src/adapters/pg/dnc-repository.js';
import { listEvidence } from '../../../src/adapters/pg/evidence-log-repository.js';
import { eraseLead } from '../../../src/adapters/pg/lead-erasure.js';
import { getLead, listLeadPhones } from '../../../src/adapters/pg/lead-repository.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { interleave } from '../../helpers/lock-waits.js';
import { phoneNumber, seedCampaign } from '../../helpers/fixtures.js';

const past = new Date('2030-01-01T00:00:00Z');
const t0 = new Date('2030-01-01T12:00:00Z');

describe('dispositions', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = createTestPool();
  });
  beforeEach(async () => truncateTables(pool));
  afterAll(async () => pool.end());

  async function connectedCall(phones = [phoneNumber(1)], settings: Record<string, unknown> = {}) {
    const seeded = await seedCampaign(pool, { leads: [{ phones, nextDialAt: past }], campaign: { settings } });
    const [leased] = await leaseLeadsAndCreateAttempts(pool, { campaignId: seeded.campaign.id, count: 1, nodeId: 'node-a', now: t0, leaseMs: 60_000 });
    if (!leased) throw new Error('nothing leased');
    await closeAttempt(pool, { attemptId: leased.attemptId, outcome: 'connected', endedAt: t0 });
    return { ...seeded, leased };
  }

  it('seeds the default catalogue with each new campaign', async () => {
    const { campaign } = await seedCampaign(pool);
    const codes = (await listDispositionCatalog(pool, campaign.id)).map((e) => e.code);
    expect(codes).toEqual(expect.arrayContaining(['SALE', 'NOT_INTERESTED', 'CALLBACK', 'DNC', 'WRONG_NUMBER', 'NO_ANSWER_AGENT']));
  });

  it('is idempotent: a repeated or concurrent submission returns the first and changes nothing', async () => {
    const { leased } = await connectedCall();
    const submit = (code: string) => submitDisposition(pool, { attemptId: leased.attemptId, agentId: 'a1', code, now: t0 });
    const results = await Promise.all([submit('SALE'), submit('SALE'), submit('NOT_INTERESTED')]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const winner = results.find((r) => r.created)?.disposition;
    for (const result of results) expect(result.disposition.id).toBe(winner?.id);
    const rows = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM dispositions');
    expect(rows.rows[0]?.n).toBe(1);
    expect((await getDisposition(pool, leased.attemptId))?.code).toBe(winner?.code);
  });

  it("counts the call's dial once, with no deadlock, when the disposition comes while its close is under way", async () => {
    const seeded = await seedCampaign(pool, { leads: [{ phones: [phoneNumber(1)], nextDialAt: past }], campaign: { settings: { recycle: { maxAttempts: 2 } } } });
    const [leased] = await leaseLeadsAndCreateAttempts(pool, { campaignId: seeded.campaign.id, count: 1, nodeId: 'node-a', now: t0, leaseMs: 60_000 });
    if (!leased) throw new Error('nothing leased');
    await pool.query('UPDATE attempts SET connected_at = $2 WHERE id = $1', [leased.attemptId, t0]);
    // The number's row held elsewhere stops the close after it has written the attempt, before it
    // takes the lead; the disposition (a code that reached no person, so it marks the attempt) comes then.
    const results = await interleave(pool, {
      hold: (holder) => holder.query('SELECT 1 FROM lead_phones WHERE lead_id = $1 FOR UPDATE', [leased.leadId]),
      first: () => closeAttempt(pool, { attemptId: leased.attemptId, outcome: 'connected', endedAt: t0, agentId: 'a1' }),
      second: () => submitDisposition(pool, { attemptId: leased.attemptId, agentId: 'a1', code: 'NO_ANSWER_AGENT', now: t0 }),
    });
    expect(results).toMatchObject([{ closed: true }, { created: true }]);
    // One dial of two made: another try, not an exhausted lead.
    expect(await getLead(pool, leased.leadId)).toMatchObject({ status: 'retry', attempts: 1 });
    const attempt = await pool.query<{ no_person: boolean }>('SELECT no_person FROM attempts WHERE id = $1', [leased.attemptId]);
    expect(attempt.rows[0]?.no_person).toBe(true);
  });

  it("disables a number given as wrong on an earlier call, with no deadlock, while the lead's next call on it closes", async () => {
    const { leased, campaign } = await connectedCall([phoneNumber(1)], { recycle: { maxAttempts: 5 } });
    const later = new Date(t0.getTime() + 3_600_000);
    await pool.query("UPDATE leads SET status = 'retry', next_dial_at = $2 WHERE id = $1", [leased.leadId, past]);
    const [next] = await leaseLeadsAndCreateAttempts(pool, { campaignId: campaign.id, count: 1, nodeId: 'node-a', now: later, leaseMs: 60_000 });
    if (next?.leadId !== leased.leadId) throw new Error('the lead was not leased again');
    await pool.query('UPDATE attempts SET originated_at = $2 WHERE id = $1', [next.attemptId, later]);
    // The number's row held elsewhere stops the next call's close after it has written its attempt;
    // a supervisor then marks the first call, left undispositioned, as a wrong number.
    const results = await interleave(pool, {
      hold: (holder) => holder.query('SELECT 1 FROM lead_phones WHERE lead_id = $1 FOR UPDATE', [leased.leadId]),
      first: () => closeAttempt(pool, { attemptId: next.attemptId, outcome: 'no_answer', endedAt: later }),
      second: () => submitDisposition(pool, { attemptId: leased.attemptId, agentId: null, code: 'WRONG_NUMBER', now: later }),
    });
    expect(results).toMatchObject([{ closed: true }, { created: true, leadStatus: 'invalid' }]);
    expect(await listLeadPhones(pool, leased.leadId)).toMatchObject([{ disabled: true, attempts: 2 }]);
    expect(await getLead(pool, leased.leadId)).toMatchObject({ status: 'invalid', attempts: 2 });
  });

  /** A DNC disposition of the call stopped with its lead locked (the number's entry being written
   * elsewhere), `during` started then; what each gave once the entry's writer gives way. */
  function whileDncDispositionHoldsLead(attemptId: string, during: () => Promise<unknown>): Promise<unknown[]> {
    return interleave(pool, {
      hold: (holder) => holder.query("INSERT INTO dnc_entries (campaign_id, e164, source) VALUES (NULL, $1, 'manual')", [phoneNumber(1)]),
      first: () => submitDisposition(pool, { attemptId, agentId: 'a1', code: 'DNC', now: t0 }),
      second: during,
      letGo: 'ROLLBACK',
    });
  }

  it("cancels a lead's callback, with no deadlock, while a disposition that ends the lead calls it off too", async () => {
    const { leased, campaign } = await connectedCall([phoneNumber(1)]);
    const callback = await scheduleCallback(pool, { leadId: leased.leadId, dueAt: new Date('2030-01-02T15:00:00Z'), now: t0 });
    const results = await whileDncDispositionHoldsLead(leased.attemptId, () => cancelCallback(pool, callback.id, t0));
    // The disposition, first to the lead, called the callback off; the cancel finds it closed.
    expect(results).toMatchObject([{ created: true, leadStatus: 'dnc' }, false]);
    expect(await getLead(pool, leased.leadId)).toMatchObject({ status: 'dnc' });
    expect(await listCallbacks(pool, { campaignId: campaign.id, status: ['cancelled'] })).toMatchObject([{ id: callback.id }]);
  });

  it("gives a leaving agent's callback to anyone, with no deadlock, while a disposition that ends its lead calls it off", async () => {
    const { leased, campaign } = await connectedCall([phoneNumber(1)]);
    await pool.query(`INSERT INTO agents (id, name) VALUES ('a2', 'Bo') ON CONFLICT DO NOTHING`);
    const callback = await scheduleCallback(pool, { leadId: leased.leadId, agentId: 'a2', dueAt: new Date('2030-01-02T15:00:00Z'), now: t0 });
    // The agent is made inactive while the disposition holds the lead, their callbacks given to anyone.
    const results = await whileDncDispositionHoldsLead(leased.attemptId, () => releaseAgentCallbacks(pool, 'a2', t0));
    // The disposition, first to the lead, called the callback off: there is none left to give.
    expect(results).toMatchObject([{ created: true, leadStatus: 'dnc' }, []]);
    expect(await getLead(pool, leased.leadId)).toMatchObject({ status: 'dnc' });
    expect(await listCallbacks(pool, { campaignId: campaign.id, status: ['cancelled'] })).toMatchObject([{ id: callback.id, agentId: 'a2' }]);
  });

  it("keeps a refusal's number off the campaign's list for its refusal period where it keeps one (China), and only works the lead elsewhere", async () => {
    const china = await connectedCall([phoneNumber(1)], { callingWindow: { regime: 'cn' } });
    await submitDisposition(pool, { attemptId: china.leased.attemptId, agentId: 'a1', code: 'NOT_INTERESTED', now: t0 });
    const until = new Date(t0.getTime() + 183 * 86_400_000);
    const entries = await pool.query<{ campaign_id: string; e164: string; source: string; expires_at: Date | null }>('SELECT campaign_id, e164, source, expires_at FROM dnc_entries');
    expect(entries.rows).toEqual([{ campaign_id: china.campaign.id, e164: phoneNumber(1), source: 'refusal', expires_at: until }]);
    expect(await checkDnc(pool, { e164s: [phoneNumber(1)], campaignId: china.campaign.id, now: t0 })).toEqual(new Set([phoneNumber(1)]));
    const evidence = await listEvidence(pool, { campaignId: china.campaign.id, from: past, to: new Date('2031-01-01') });
    expect(evidence.map((e) => [e.kind, e.payload])).toEqual([['dnc_added', expect.objectContaining({ scope: 'campaign', source: 'refusal', code: 'NOT_INTERESTED', expiresAt: until.toISOString() })]]);

    const us = await connectedCall([phoneNumber(2)]);
    await submitDisposition(pool, { attemptId: us.leased.attemptId, agentId: 'a1', code: 'NOT_INTERESTED', now: t0 });
    expect((await getLead(pool, us.leased.leadId))?.status).toBe('done');
    expect((await pool.query('SELECT 1 FROM dnc_entries WHERE e164 = $1', [phoneNumber(2)])).rowCount).toBe(0);
  });

  it('leaves a lead with a callback still open waiting for it when a retry code finds no dial left', async () => {
    const { leased, campaign } = await connectedCall([phoneNumber(1)], { recycle: { maxAttempts: 1 } });
    await pool.query(`INSERT INTO agents (id, name) VALUES ('a2', 'Bo') ON CONFLICT DO NOTHING`);
    const due = new Date('2030-01-03T15:00:00Z');
    await insertCallback(pool, { leadId: leased.leadId, campaignId: campaign.id, agentId: 'a2', dueAt: due });
    await submitDisposition(pool, { attemptId: leased.attemptId, agentId: 'a1', code: 'NO_ANSWER_AGENT', now: t0 });
    expect(await getLead(pool, leased.leadId)).toMatchObject({ status: 'scheduled', nextDialAt: due });
  });

  it('moves the stage and finishes the lead on SALE', async () => {
    const { leased } = await connectedCall();
    const result = await submitDisposition(pool, { attemptId: leased.attemptId, agentId: 'a1', code: 'SALE', notes: 'two units', now: t0 });
    expect(result.disposition).toMatchObject({ stageBefore: 'raw_lead', stageAfter: 'opportunity', notes: 'two units' });
    expect(await getLead(pool, leased.leadId)).toMatchObject({ stage: 'opportunity', status: 'done' });
  });

  it('adds the number to the global DNC list with evidence on DNC', async () => {
    const { leased, campaign } = await connectedCall();
    await submitDisposition(pool, { attemptId: leased.attemptId, agentId: 'a1', code: 'DNC', now: t0 });
    expect((await getLead(pool, leased.leadId))?.status).toBe('dnc');
    expect(await checkDnc(pool, { e164s: [phoneNumber(1)], campaignId: campaign.id, now: t0 })).toEqual(new Set([phoneNumber(1)]));
    const evidence = await listEvidence(pool, { campaignId: campaign.id, from: past, to: new Date('2031-01-01') });
    expect(evidence.map((e) => e.kind)).toEqual(['dnc_added']);
  });

  it('schedules a callback with its follow-up deadline: anyone-callbacks are dialable when due, personal ones are not', async () => {
    const { leased, campaign } = await connectedCall();
    const due = new Date('2030-01-02T15:00:00Z');
    await expect(submitDisposition(pool, { attemptId: leased.attemptId, agentId: 'a1', code: 'CALLBACK', now: t0 })).rejects.toMatchObject({ code: 'CALLBACK_TIME_REQUIRED' });
    await submitDisposition(pool, { attemptId: leased.attemptId, agentId: 'a1', code: 'CALLBACK', callbackAt: due, callbackTimezone: 'America/Chicago', now: t0 });
    expect(await getLead(pool, leased.leadId)).toMatchObject({ status: 'callback', nextDialAt: due, stage: 'valid_contact' });
    const [callback] = await listCallbacks(pool, { campaignId: campaign.id });
    // Its follow-up deadline stored as the callbacks route stores one: due + 48 h.
    expect(callback).toMatchObject({ agentId: null, dueAt: due, status: 'pending', timezone: 'America/Chicago', followUpDeadline: new Date('2030-01-04T15:00:00Z') });
    const [redial] = await leaseLeadsAndCreateAttempts(pool, { campaignId: campaign.id, count: 1, nodeId: 'node-a', now: due, leaseMs: 60_000 });
    expect(redial?.leadId).toBe(leased.leadId);
  });

  it('keeps the lead waiting for an earlier open callback when the call sets a later one', async () => {
    const { leased, campaign } = await connectedCall();
    const first = new Date('2030-01-02T15:00:00Z');
    await insertCallback(pool, { leadId: leased.leadId, campaignId: campaign.id, dueAt: first });
    const result = await submitDisposition(pool, { attemptId: leased.attemptId, agentId: 'a1', code: 'CALLBACK', callbackAt: new Date('2030-01-05T15:00:00Z'), now: t0 });
    expect(result.leadStatus).toBe('callback');
    expect(await getLead(pool, leased.leadId)).toMatchObject({ status: 'callback', nextDialAt: first });
    const [redial] = await leaseLeadsAndCreateAttempts(pool, { campaignId: campaign.id, count: 1, nodeId: 'node-a', now: first, leaseMs: 60_000 });
    expect(redial?.leadId).toBe(leased.leadId);
  });

  it('keeps a personal callback out of general selection', async () => {
    const { leased, campaign } = await connectedCall();
    await pool.query(`INSERT INTO agents (id, name) VALUES ('a1', 'Alice')`);
    const due = new Date('2030-01-02T15:00:00Z');
    await submitDisposition(pool, { attemptId: leased.attemptId, agentId: 'a1', code: 'CALLBACK', callbackAt: due, callbackAgentId: 'a1', now: t0 });
    expect((await getLead(pool, leased.leadId))?.status).toBe('scheduled');
    expect(await leaseLeadsAndCreateAttempts(pool, { campaignId: campaign.id, count: 1, nodeId: 'node-a', now: due, leaseMs: 60_000 })).toEqual([]);
  });

  it('disables the phone on WRONG_NUMBER and retries the lead on its next phone', async () => {
    const { leased } = await connectedCall([phoneNumber(1), phoneNumber(2)]);
    const result = await submitDisposition(pool, { attemptId: leased.attemptId, agentId: 'a1', code: 'WRONG_NUMBER', now: t0 });
    expect(result.leadStatus).toBe('retry');
    const phones = await listLeadPhones(pool, leased.leadId);
    expect(phones.map((p) => p.disabled)).toEqual([true, false]);
  });

  it("exhausts rather than retries a lead with no dial left under the caps, whether the call has closed or not", async () => {
    // On its last dial allowed (one, here), closed: an answering machine the agent marks.
    const last = await connectedCall([phoneNumber(1), phoneNumber(2)], { recycle: { maxAttempts: 1 } });
    expect(await submitDisposition(pool, { attemptId: last.leased.attemptId, agentId: 'a1', code: 'ANSWERING_MACHINE', now: t0 }))
      .toMatchObject({ leadStatus: 'exhausted' });
    // A wrong number leaving a phone at its own cap: nothing dialable is left either.
    const capped = await connectedCall([phoneNumber(3), phoneNumber(4)], { recycle: { maxAttemptsPerPhone: 1 } });
    await pool.query('UPDATE lead_phones SET attempts = 1 WHERE lead_id = $1', [capped.leased.leadId]);
    expect(await submitDisposition(pool, { attemptId: capped.leased.attemptId, agentId: 'a1', code: 'WRONG_NUMBER', now: t0 }))
      .toMatchObject({ leadStatus: 'exhausted' });
    // Given during the call, its dial not counted yet: the close counts it.
    const seeded = await seedCampaign(pool, { leads: [{ phones: [phoneNumber(5)], nextDialAt: past }], campaign: { settings: { recycle: { maxAttempts: 1 } } } });
    const [open] = await leaseLeadsAndCreateAttempts(pool, { campaignId: seeded.campaign.id, count: 1, nodeId: 'node-a', now: t0, leaseMs: 60_000 });
    if (!open) throw new Error('nothing leased');
    await pool.query(`UPDATE attempts SET status = 'connected', originated_at = $2, connected_at = $2 WHERE id = $1`, [open.attemptId, t0]);
    expect(await submitDisposition(pool, { attemptId: open.attemptId, agentId: 'a1', code: 'ANSWERING_MACHINE', now: t0 })).toMatchObject({ leadStatus: 'exhausted' });
    await closeAttempt(pool, { attemptId: open.attemptId, outcome: 'connected', endedAt: t0 });
    expect(await getLead(pool, open.leadId)).toMatchObject({ status: 'exhausted', attempts: 1 });
    // With a dial left, a retry as before.
    const spare = await connectedCall([phoneNumber(6)], { recycle: { maxAttempts: 2 } });
    expect(await submitDisposition(pool, { attemptId: spare.leased.attemptId, agentId: 'a1', code: 'ANSWERING_MACHINE', now: t0 })).toMatchObject({ leadStatus: 'retry' });
  });

  it('rejects an unknown code and applies custom retry delays', async () => {
    const { leased, campaign } = await connectedCall();
    await expect(submitDisposition(pool, { attemptId: leased.attemptId, agentId: 'a1', code: 'NOPE', now: t0 })).rejects.toMatchObject({ code: 'UNKNOWN_DISPOSITION' });
    await upsertDispositionCatalogEntry(pool, campaign.id, { code: 'BUSY_LATER', label: 'Busy, try later', retryDelayMinutes: 30 });
    await submitDisposition(pool, { attemptId: leased.attemptId, agentId: 'a1', code: 'BUSY_LATER', now: t0 });
    expect(await getLead(pool, leased.leadId)).toMatchObject({ status: 'retry', nextDialAt: new Date(t0.getTime() + 30 * 60_000) });
  });

  it('refuses a code that asks for notes without them, and saves it with them', async () => {
    const { leased, campaign } = await connectedCall();
    const entry = await upsertDispositionCatalogEntry(pool, campaign.id, { code: 'NOT_NOW', label: 'Not now', notesRequired: true });
    expect(entry.notesRequired).toBe(true);
    for (const notes of [undefined, null, '   ']) {
      await expect(submitDisposition(pool, { attemptId: leased.attemptId, agentId: 'a1', code: 'NOT_NOW', notes, now: t0 }))
        .rejects.toMatchObject({ code: 'NOTES_REQUIRED', detail: 'NOT_NOW needs notes: say why, or what was agreed' });
    }
    expect(await getDisposition(pool, leased.attemptId)).toBeNull();
    const saved = await submitDisposition(pool, { attemptId: leased.attemptId, agentId: 'a1', code: 'NOT_NOW', notes: 'Moving house in March', now: t0 });
    expect(saved).toMatchObject({ created: true, disposition: { code: 'NOT_NOW', notes: 'Moving house in March' } });
  });

  it('lets a disposition given during the call decide over the close that follows', async () => {
    const seeded = await seedCampaign(pool, { leads: [{ phones: [phoneNumber(1)], nextDialAt: past }] });
    const [leased] = await leaseLeadsAndCreateAttempts(pool, { campaignId: seeded.campaign.id, count: 1, nodeId: 'node-a', now: t0, leaseMs: 60_000 });
    await pool.query(`UPDATE attempts SET status = 'connected', originated_at = $2, connected_at = $2 WHERE id = $1`, [leased?.attemptId, t0]);
    await submitDisposition(pool, { attemptId: leased?.attemptId ?? '', agentId: 'a1', code: 'NO_ANSWER_AGENT', now: t0 });
    await closeAttempt(pool, { attemptId: leased?.attemptId ?? '', outcome: 'connected', endedAt: t0 });
    expect(await getLead(pool, leased?.leadId ?? '')).toMatchObject({ status: 'retry', leasedBy: null, attempts: 1 });
  });

  it('refuses a call never dialled or still ringing, unless the engine has an agent owing it', async () => {
    const seeded = await seedCampaign(pool, { leads: [{ phones: [phoneNumber(1)], nextDialAt: past }] });
    const [preview] = await leaseLeadsAndCreateAttempts(pool, { campaignId: seeded.campaign.id, count: 1, nodeId: 'node-a', now: t0, leaseMs: 60_000, agentId: 'a1' });
    const attemptId = preview?.attemptId ?? '';
    const submit = (owedByAgent = false) => submitDisposition(pool, { attemptId, agentId: 'a1', code: 'SALE', now: t0, owedByAgent });
    await expect(submit()).rejects.toMatchObject({ code: 'CONFLICT', detail: expect.stringMatching(/was never dialled/) });
    await pool.query(`UPDATE attempts SET status = 'ringing', originated_at = $2 WHERE id = $1`, [attemptId, t0]);
    await expect(submit()).rejects.toMatchObject({ code: 'CONFLICT', detail: expect.stringMatching(/still being dialled/) });
    expect(await getLead(pool, preview?.leadId ?? '')).toMatchObject({ status: 'new', stage: 'raw_lead' });
    // Put through: the engine knows before the database does.
    expect((await submit(true)).created).toBe(true);
  });

  it('takes a disposition for a call that ended unanswered (a supervisor marking a wrong number)', async () => {
    const seeded = await seedCampaign(pool, { leads: [{ phones: [phoneNumber(2)], nextDialAt: past }] });
    const [leased] = await leaseLeadsAndCreateAttempts(pool, { campaignId: seeded.campaign.id, count: 1, nodeId: 'node-a', now: t0, leaseMs: 60_000 });
    await pool.query('UPDATE attempts SET originated_at = $2 WHERE id = $1', [leased?.attemptId, t0]);
    await closeAttempt(pool, { attemptId: leased?.attemptId ?? '', outcome: 'no_answer', endedAt: t0 });
    expect((await submitDisposition(pool, { attemptId: leased?.attemptId ?? '', agentId: null, code: 'NOT_INTERESTED', now: t0 })).created).toBe(true);
  });

  /** Another call to the same lead, connected and ended (the first was dispositioned). */
  async function nextCall(campaignId: string, leadId: string, at: Date) {
    await pool.query("UPDATE leads SET status = 'retry', next_dial_at = $2 WHERE id = $1", [leadId, past]);
    const [leased] = await leaseLeadsAndCreateAttempts(pool, { campaignId, count: 1, nodeId: 'node-a', now: at, leaseMs: 60_000 });
    if (leased?.leadId !== leadId) throw new Error('the lead was not leased again');
    await closeAttempt(pool, { attemptId: leased.attemptId, outcome: 'connected', endedAt: at });
    return leased.attemptId;
  }

  it('moves a lead forward only with the catalogue: a later NOT_INTERESTED keeps an appointment, counted once', async () => {
    const { leased, campaign } = await connectedCall();
    await submitDisposition(pool, { attemptId: leased.attemptId, agentId: 'a1', code: 'APPOINTMENT', now: t0 });
    const later = new Date(t0.getTime() + 3_600_000);
    const second = await nextCall(campaign.id, leased.leadId, later);
    const result = await submitDisposition(pool, { attemptId: second, agentId: 'a1', code: 'NOT_INTERESTED', now: later });
    expect(result.disposition).toMatchObject({ stageBefore: 'appointment', stageAfter: 'appointment' });
    expect((await getLead(pool, leased.leadId))?.stage).toBe('appointment');
    // DNC takes any lead off the ladder: the person refused.
    const third = await nextCall(campaign.id, leased.leadId, new Date(later.getTime() + 3_600_000));
    await submitDisposition(pool, { attemptId: third, agentId: 'a1', code: 'DNC', now: later });
    expect((await getLead(pool, leased.leadId))?.stage).toBe('rejected');
  });

  it("leaves a lead as a later call's disposition left it when an earlier call is dispositioned late, but still blocks its number on DNC", async () => {
    const later = new Date(t0.getTime() + 3_600_000);
    const late = new Date(later.getTime() + 600_000);
    // The first call left on its agent's list while a colleague calls the lead again and books an appointment.
    const afterAppointment = async (phone: string) => {
      const { leased, campaign } = await connectedCall([phone]);
      await submitDisposition(pool, { attemptId: await nextCall(campaign.id, leased.leadId, later), agentId: 'a2', code: 'APPOINTMENT', now: later });
      return { attemptId: leased.attemptId, leadId: leased.leadId, campaignId: campaign.id };
    };
    const retried = await afterAppointment(phoneNumber(1));
    expect((await submitDisposition(pool, { attemptId: retried.attemptId, agentId: 'a1', code: 'NO_ANSWER_AGENT', now: late })).leadStatus).toBe('done');
    expect(await getLead(pool, retried.leadId)).toMatchObject({ stage: 'appointment', status: 'done' });

    const calledBack = await afterAppointment(phoneNumber(2));
    const callbackAt = new Date(late.getTime() + 86_400_000);
    expect((await submitDisposition(pool, { attemptId: calledBack.attemptId, agentId: 'a1', code: 'CALLBACK', callbackAt, now: late })).leadStatus).toBe('done');
    expect(await listCallbacks(pool, { campaignId: calledBack.campaignId })).toEqual([]);

    const refused = await afterAppointment(phoneNumber(3));
    expect((await submitDisposition(pool, { attemptId: refused.attemptId, agentId: 'a1', code: 'DNC', now: late })).leadStatus).toBe('dnc');
    expect(await checkDnc(pool, { e164s: [phoneNumber(3)], campaignId: refused.campaignId, now: late })).toEqual(new Set([phoneNumber(3)]));
  });

  it('refuses an agent moving a lead back or to rejected, and lets a supervisor', async () => {
    const { leased, campaign } = await connectedCall();
    await submitDisposition(pool, { attemptId: leased.attemptId, agentId: 'a1', code: 'APPOINTMENT', now: t0 });
    const second = await nextCall(campaign.id, leased.leadId, t0);
    for (const stage of ['valid_contact', 'rejected'] as const) {
      await expect(submitDisposition(pool, { attemptId: second, agentId: 'a1', code: 'NOT_INTERESTED', stage, now: t0 }))
        .rejects.toMatchObject({ code: 'INVALID_ARGUMENT', detail: expect.stringMatching(/is at stage appointment: an agent moves a lead forward only/) });
    }
    expect(await getDisposition(pool, second)).toBeNull();
    const forward = await submitDisposition(pool, { attemptId: second, agentId: 'a1', code: 'NOT_INTERESTED', stage: 'opportunity', now: t0 });
    expect(forward.disposition.stageAfter).toBe('opportunity');
    const third = await nextCall(campaign.id, leased.leadId, t0);
    const back = await submitDisposition(pool, { attemptId: third, agentId: 'a1', code: 'NOT_INTERESTED', stage: 'valid_contact', stageBackAllowed: true, now: t0 });
    expect(back.disposition).toMatchObject({ stageBefore: 'opportunity', stageAfter: 'valid_contact' });
  });

  it('lets a lead sales rejected and put back in the pool climb again', async () => {
    const { leased } = await connectedCall();
    await pool.query("UPDATE leads SET stage = 'rejected' WHERE id = $1", [leased.leadId]);
    const result = await submitDisposition(pool, { attemptId: leased.attemptId, agentId: 'a1', code: 'APPOINTMENT', now: t0 });
    expect(result.disposition).toMatchObject({ stageBefore: 'rejected', stageAfter: 'appointment' });
  });

  it('refuses a callback time that has passed or is more than a year ahead', async () => {
    const { leased } = await connectedCall();
    const submit = (callbackAt: Date) => submitDisposition(pool, { attemptId: leased.attemptId, agentId: 'a1', code: 'CALLBACK', callbackAt, now: t0 });
    await expect(submit(new Date(t0.getTime() - 60_000))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', detail: expect.stringMatching(/has passed/) });
    await expect(submit(new Date('2031-01-02T12:00:00Z'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', detail: expect.stringMatching(/more than a year ahead/) });
    expect(await getDisposition(pool, leased.attemptId)).toBeNull();
    await expect(submit(new Date('2030-12-31T12:00:00Z'))).resolves.toMatchObject({ created: true });
  });

  it('keeps only the code of a call whose lead was erased since: no notes, callback, status change or CRM post', async () => {
    const { leased, campaign } = await connectedCall([phoneNumber(1)], { webhooks: [{ url: 'https://crm.example/in' }] });
    const erased = await eraseLead(pool, { leadId: leased.leadId, by: 'Mia', now: t0 });
    expect(erased.webhookIds).toHaveLength(1);
    const before = await getLead(pool, leased.leadId);
    const result = await submitDisposition(pool, {
      attemptId: leased.attemptId, agentId: 'a1', code: 'CALLBACK', notes: 'Ann, call after 3 at home', stage: 'appointment',
      callbackAt: new Date('2030-01-02T15:00:00Z'), callbackAgentId: 'a1', now: t0,
    });
    expect(result).toMatchObject({ created: true, leadErased: true, leadStatus: 'dnc', webhookIds: [], disposition: { code: 'CALLBACK', notes: null, stageAfter: before?.stage } });
    expect(await getLead(pool, leased.leadId)).toMatchObject({ status: 'dnc', stage: before?.stage, nextDialAt: before?.nextDialAt });
    expect(await listCallbacks(pool, { campaignId: campaign.id })).toEqual([]);
    const events = await pool.query<{ event: string }>('SELECT event FROM webhook_deliveries WHERE campaign_id = $1', [campaign.id]);
    expect(events.rows.map((r) => r.event)).toEqual(['lead_erased']);
    // A code needing notes or a time is taken without them: none would be kept.
    const second = await pool.query<{ id: string }>(
      `INSERT INTO attempts (campaign_id, lead_id, e164, status, outcome, created_at, ended_at) VALUES ($1, $2, $3, 'ended', 'connected', $4, $4) RETURNING id`,
      [campaign.id, leased.leadId, phoneNumber(1), t0]);
    await expect(submitDisposition(pool, { attemptId: second.rows[0]?.id ?? '', agentId: 'a1', code: 'CALLBACK', now: t0 })).resolves.toMatchObject({ created: true, leadErased: true });
  });

  it('refuses to schedule a callback for an erased lead', async () => {
    const { leased } = await connectedCall();
    await eraseLead(pool, { leadId: leased.leadId, by: 'Mia', now: t0 });
    await expect(scheduleCallback(pool, { leadId: leased.leadId, dueAt: new Date('2030-01-02T15:00:00Z'), notes: 'ask for Ann' }))
      .rejects.toMatchObject({ code: 'CONFLICT', detail: expect.stringMatching(/erased at the person's request/) });
    expect((await pool.query('SELECT 1 FROM callbacks WHERE lead_id = $1', [leased.leadId])).rowCount).toBe(0);
  });
});
