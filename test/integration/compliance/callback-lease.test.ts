// Leasing a personal callback's lead for its agent: only its agent, only when due, only inside
// the calling window in the lead's zone; the attempt row is written for the agent before any dial,
// the pre-dial check accepts it and closes the callback, and a refused dial gives the lead back.
// The lead comes with what its list sets in place of the campaign's caller ID and message.

import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { leaseCallbackLead, listDuePersonalCallbacks, releaseCallbackLease } from '../../../src/adapters/pg/callback-lease.js';
import { scheduleCallback } from '../../../src/adapters/pg/callback-follow-up.js';
import { ensureList } from '../../../src/adapters/pg/lead-import-repository.js';
import { insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { updateList } from '../../../src/adapters/pg/list-management.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import { preDialCheck } from '../../../src/adapters/pg/pre-dial-check.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';

const pool = createTestPool();
afterAll(async () => pool.end());
beforeEach(async () => truncateTables(pool, ['campaigns', 'dnc_entries', 'attempts', 'evidence_log']));

// 12:00 in New York on a Monday; 21:00 the same day is outside the US window.
const noon = new Date('2030-01-07T17:00:00Z');
const ninePm = new Date('2030-01-08T02:00:00Z');
const lease = { nodeId: 'n1', leaseMs: 60_000 };

async function world() {
  const campaign = await createCampaign(pool, { name: `cb-${Math.random()}`, regime: 'us', timezone: 'America/New_York', seedDispositions: false });
  const list = await ensureList(pool, { campaignId: campaign.id, name: 'main', defaultRegion: 'US' });
  const [leadId] = await insertLeads(pool, list.id, [{ phones: ['+12125550170'], timezone: 'America/New_York', nextDialAt: new Date(noon.getTime() - 3_600_000) }]);
  await upsertAgent(pool, { id: 'cb-a', name: 'A' });
  await upsertAgent(pool, { id: 'cb-b', name: 'B' });
  const callback = await scheduleCallback(pool, { leadId: leadId as string, agentId: 'cb-a', dueAt: new Date(noon.getTime() - 60_000) });
  return { campaignId: campaign.id, listId: list.id, leadId: leadId as string, callbackId: callback.id };
}

const leadRow = async (leadId: string) =>
  (await pool.query<{ status: string; leased_by: string | null }>('SELECT status, leased_by FROM leads WHERE id = $1', [leadId])).rows[0];

describe('leasing a personal callback', () => {
  it('is not selected for anyone, and is listed as due for its agent only', async () => {
    const { campaignId, callbackId } = await world();
    expect(await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 5, now: noon })).toEqual([]);
    expect((await listDuePersonalCallbacks(pool, { agentIds: ['cb-a', 'cb-b'], now: noon })).map((c) => [c.id, c.agentId])).toEqual([[callbackId, 'cb-a']]);
    expect(await listDuePersonalCallbacks(pool, { agentIds: ['cb-a'], now: new Date(noon.getTime() - 120_000) })).toEqual([]);
    expect((await listDuePersonalCallbacks(pool, { agentIds: ['cb-a'], now: noon }))[0]?.windowOpensAt).toBeNull();
  });

  it("says when the window in the lead's zone opens for a callback due while it is closed", async () => {
    await world();
    const [due] = await listDuePersonalCallbacks(pool, { agentIds: ['cb-a'], now: ninePm });
    // 21:00 in New York on Monday; the US window opens at 08:00 on Tuesday (13:00 UTC).
    expect(due?.windowOpensAt?.toISOString()).toBe('2030-01-08T13:00:00.000Z');
  });

  it('leases the lead for its agent with an attempt row, and the pre-dial check passes it and closes the callback', async () => {
    const { campaignId, listId, leadId, callbackId } = await world();
    await updateList(pool, listId, { callerId: '"Brand B" <+14155550199>' }, { by: 'test' });
    expect(await leaseCallbackLead(pool, { ...lease, callbackId, agentId: 'cb-b', now: noon })).toBeNull();
    const dial = await leaseCallbackLead(pool, { ...lease, callbackId, agentId: 'cb-a', now: noon });
    expect(dial).toMatchObject({ leadId, phone: '+12125550170', listOverrides: { callerId: '"Brand B" <+14155550199>', machineMessageMedia: null } });
    if (!dial) return;
    const attempt = await pool.query('SELECT agent_id, status, node_id FROM attempts WHERE id = $1', [dial.attemptId]);
    expect(attempt.rows[0]).toEqual({ agent_id: 'cb-a', status: 'created', node_id: 'n1' });
    expect(await leadRow(leadId)).toEqual({ status: 'callback', leased_by: 'n1' });
    // Leased: neither selection nor a second callback lease takes it.
    expect(await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 5, now: noon })).toEqual([]);
    expect(await leaseCallbackLead(pool, { ...lease, callbackId, agentId: 'cb-a', now: noon })).toBeNull();
    expect(await preDialCheck(pool, { attemptId: dial.attemptId, campaignId, leadId, phone: dial.phone, callerId: '+16505550100', nowMs: noon.getTime() })).toEqual({ allowed: true });
    const callback = await pool.query('SELECT status FROM callbacks WHERE id = $1', [callbackId]);
    expect(callback.rows[0]).toEqual({ status: 'done' });
  });

  it('waits for the calling window in the lead zone', async () => {
    const { callbackId } = await world();
    expect(await leaseCallbackLead(pool, { ...lease, callbackId, agentId: 'cb-a', now: ninePm })).toBeNull();
  });

  it('gives the lead back to its agent when the dial is refused before it is placed', async () => {
    const { leadId, callbackId } = await world();
    const dial = await leaseCallbackLead(pool, { ...lease, callbackId, agentId: 'cb-a', now: noon });
    if (!dial) throw new Error('nothing leased');
    await releaseCallbackLease(pool, { attemptId: dial.attemptId, leadId, now: noon });
    expect(await leadRow(leadId)).toEqual({ status: 'scheduled', leased_by: null });
    const attempt = await pool.query('SELECT outcome, ended_at IS NOT NULL AS ended FROM attempts WHERE id = $1', [dial.attemptId]);
    expect(attempt.rows[0]).toEqual({ outcome: 'cancelled', ended: true });
    expect(await leaseCallbackLead(pool, { ...lease, callbackId, agentId: 'cb-a', now: noon })).toMatchObject({ leadId });
  });

  it("gives a lead that also waits for a callback for anyone back to selection, when its agent's dial is refused", async () => {
    const { campaignId, leadId, callbackId } = await world();
    const inAnHour = new Date(noon.getTime() + 3_600_000);
    await scheduleCallback(pool, { leadId, agentId: null, dueAt: inAnHour });
    const dial = await leaseCallbackLead(pool, { ...lease, callbackId, agentId: 'cb-a', now: noon });
    if (!dial) throw new Error('nothing leased');
    await releaseCallbackLease(pool, { attemptId: dial.attemptId, leadId, now: noon });
    expect(await leadRow(leadId)).toEqual({ status: 'callback', leased_by: null });
    const later = new Date(inAnHour.getTime() + 5 * 60_000);
    expect((await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 5, now: later })).map((l) => l.leadId)).toEqual([leadId]);
  });

  it('keeps the lead waiting for its first callback when a later one is scheduled', async () => {
    const { campaignId, listId, leadId, callbackId } = await world();
    const dayAfter = new Date(noon.getTime() + 2 * 86_400_000);
    await scheduleCallback(pool, { leadId, agentId: 'cb-a', dueAt: dayAfter });
    const lead = await pool.query<{ status: string; next_dial_at: Date }>('SELECT status, next_dial_at FROM leads WHERE id = $1', [leadId]);
    expect(lead.rows[0]).toEqual({ status: 'scheduled', next_dial_at: new Date(noon.getTime() - 60_000) });
    expect(await leaseCallbackLead(pool, { ...lease, callbackId, agentId: 'cb-a', now: noon })).toMatchObject({ leadId });

    // One for anyone, then a later one of the agent's: selection dials the lead when the first is due.
    const [otherLead] = await insertLeads(pool, listId, [{ phones: ['+12125550171'], timezone: 'America/New_York', nextDialAt: noon }]);
    await scheduleCallback(pool, { leadId: otherLead as string, agentId: null, dueAt: new Date(noon.getTime() - 30_000) });
    await scheduleCallback(pool, { leadId: otherLead as string, agentId: 'cb-a', dueAt: dayAfter });
    const dialled = await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 5, now: noon });
    expect(dialled.map((d) => d.leadId)).toEqual([otherLead]);

    // A personal one first, then one for anyone: selection dials the lead when the one for anyone
    // is due, whether or not the agent took theirs; the agent's is theirs to dial before.
    const [third] = await insertLeads(pool, listId, [{ phones: ['+12125550172'], timezone: 'America/New_York', nextDialAt: noon }]);
    const personal = await scheduleCallback(pool, { leadId: third as string, agentId: 'cb-a', dueAt: new Date(noon.getTime() - 60_000) });
    await scheduleCallback(pool, { leadId: third as string, agentId: null, dueAt: new Date(noon.getTime() + 3_600_000) });
    const waiting = await pool.query<{ status: string; next_dial_at: Date }>('SELECT status, next_dial_at FROM leads WHERE id = $1', [third]);
    expect(waiting.rows[0]).toEqual({ status: 'callback', next_dial_at: new Date(noon.getTime() + 3_600_000) });
    expect(await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 5, now: noon })).toEqual([]);
    expect((await listDuePersonalCallbacks(pool, { agentIds: ['cb-a'], now: noon })).map((c) => c.id)).toContain(personal.id);
    expect((await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId, count: 5, now: new Date(noon.getTime() + 3_600_000) })).map((d) => d.leadId)).toContain(third);
  });
});
