// Dispositions: idempotent on the attempt, effects applied with the insert.

import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeAttempt } from '../../../src/adapters/pg/attempt-repository.js';
import { listCallbacks } from '../../../src/adapters/pg/callback-repository.js';
import { listDispositionCatalog, upsertDispositionCatalogEntry } from '../../../src/adapters/pg/disposition-catalog-repository.js';
import { getDisposition, submitDisposition } from '../../../src/adapters/pg/disposition-repository.js';
import { checkDnc } from '../../../src/adapters/pg/dnc-repository.js';
import { listEvidence } from '../../../src/adapters/pg/evidence-log-repository.js';
import { getLead, listLeadPhones } from '../../../src/adapters/pg/lead-repository.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
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

  async function connectedCall(phones = [phoneNumber(1)]) {
    const seeded = await seedCampaign(pool, { leads: [{ phones, nextDialAt: past }] });
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

  it('schedules a callback: anyone-callbacks are dialable when due, personal ones are not', async () => {
    const { leased, campaign } = await connectedCall();
    const due = new Date('2030-01-02T15:00:00Z');
    await expect(submitDisposition(pool, { attemptId: leased.attemptId, agentId: 'a1', code: 'CALLBACK', now: t0 })).rejects.toMatchObject({ code: 'CALLBACK_TIME_REQUIRED' });
    await submitDisposition(pool, { attemptId: leased.attemptId, agentId: 'a1', code: 'CALLBACK', callbackAt: due, callbackTimezone: 'America/Chicago', now: t0 });
    expect(await getLead(pool, leased.leadId)).toMatchObject({ status: 'callback', nextDialAt: due, stage: 'valid_contact' });
    const [callback] = await listCallbacks(pool, { campaignId: campaign.id });
    expect(callback).toMatchObject({ agentId: null, dueAt: due, status: 'pending', timezone: 'America/Chicago' });
    const [redial] = await leaseLeadsAndCreateAttempts(pool, { campaignId: campaign.id, count: 1, nodeId: 'node-a', now: due, leaseMs: 60_000 });
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
    await submitDisposition(pool, { attemptId: leased?.attemptId ?? '', agentId: 'a1', code: 'NO_ANSWER_AGENT', now: t0 });
    await closeAttempt(pool, { attemptId: leased?.attemptId ?? '', outcome: 'connected', endedAt: t0 });
    expect(await getLead(pool, leased?.leadId ?? '')).toMatchObject({ status: 'retry', leasedBy: null, attempts: 1 });
  });
});
