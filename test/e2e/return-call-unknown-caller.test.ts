// A person the campaign never called rings its number back (they were given it, or saw it on
// someone else's phone) while its agent is ready: the real node on the simulated PBX. They are put
// through to the agent as a caller the campaign called would be, on a lead of their own in the
// campaign's list of manual dials (a record the disposition lands on, never dialled by the pacer),
// found again when they call a second time. A withheld number is put through too, on a lead of no
// number made for that call (the screen pop says the number is withheld). A caller the engine
// refuses after all (the agent taken meanwhile) hears the message, the lead made for them removed
// with the attempt of their call.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../src/adapters/pg/agent-repository.js';
import { createCampaign } from '../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { ApiClient } from '../../src/demo/api-client.js';
import { roundTheClockWindow } from '../../src/demo/round-the-clock.js';
import { roleTokens, startTestNode, tokenAgentId, type TestNode } from '../helpers/outpace-node.js';
import { callBack, calledAnHourAgo } from './return-call-helpers.js';
import { runDigits } from '../helpers/run-digits.js';

// Six digits of the run's own: they begin the exchange of the numbers below (see runDigits).
const run = runDigits();
const PRESENTED = `+1415${run}6`;
const LEAD = `+1646${run}8`;
const CALLED_WRONG = `+1332${run}6`;
const STRANGER = `+1917${run}4`;
const REFUSED = `+1917${run}5`;

interface LeadRow {
  id: string;
  list_name: string;
  mix_weight: number;
  first_name: string | null;
}

describe('a call back from a number the campaign never called', () => {
  let test: TestNode;
  let campaignId: string;
  const agent = (): ApiClient => new ApiClient(test.node.url, roleTokens.agent);
  const supervisor = (): ApiClient => new ApiClient(test.node.url, roleTokens.supervisor);
  const status = async (): Promise<string> => (await supervisor().get<{ status: string }>(`/api/agents/${tokenAgentId}`)).status;
  const leadsAt = async (e164: string): Promise<LeadRow[]> => (await test.node.pool.query<LeadRow>(
    `SELECT l.id::text, li.name AS list_name, li.mix_weight, l.first_name FROM leads l JOIN lists li ON li.id = l.list_id JOIN lead_phones ph ON ph.lead_id = l.id
     WHERE l.campaign_id = $1 AND ph.e164 = $2 ORDER BY l.id`, [campaignId, e164])).rows;
  const evidence = async (e164: string) => (await test.node.pool.query<{ payload: Record<string, unknown> }>(
    "SELECT payload FROM evidence_log WHERE kind = 'return_call' AND payload->>'e164' = $1 ORDER BY id", [e164])).rows.map((row) => row.payload);
  const leadCount = async (): Promise<number> => Number((await test.node.pool.query<{ n: string }>('SELECT count(*) AS n FROM leads WHERE campaign_id = $1', [campaignId])).rows[0]?.n);

  beforeAll(async () => {
    test = await startTestNode({ outcomes: 'digit', timeScale: 0.25 }, 'return-call-unknown:');
    const { pool } = test.node;
    // Preview: the engine dials nobody by itself, so the only call the agent gets is the caller's.
    const campaign = await createCampaign(pool, {
      name: `Return calls from strangers ${run}`, mode: 'preview', callerId: `"Acme" <${PRESENTED}>`,
      settings: { callingWindow: roundTheClockWindow },
    });
    campaignId = campaign.id;
    const list = await createList(pool, { campaignId, name: 'prospects' });
    const [, calledId] = await insertLeads(pool, list.id, [{ firstName: 'Known', phones: [LEAD] }, { firstName: 'Called', phones: [CALLED_WRONG] }]);
    await calledAnHourAgo(pool, campaignId, String(calledId), CALLED_WRONG);
    await upsertAgent(pool, { id: tokenAgentId, name: 'Agent under test' });
    await new ApiClient(test.node.url, roleTokens.manager).post(`/api/campaigns/${campaignId}/start`);
  }, 60_000);

  afterAll(async () => {
    await test.close();
  });

  it('plays the message and makes no lead while no agent is ready', async () => {
    const call = callBack(test.pbx, STRANGER, PRESENTED);
    await expect.poll(() => call.events().map((e) => e.type), { timeout: 20_000 }).toContain('StasisEnd');
    call.stop();
    expect(call.events().map((e) => e.type)).toContain('PlaybackFinished');
    await expect.poll(() => evidence(STRANGER)).toEqual([expect.objectContaining({ answeredBy: 'message', leadIds: [] })]);
    expect(await leadsAt(STRANGER)).toEqual([]);
  }, 40_000);

  it('puts the caller through to the ready agent on a lead of their own, with no share of the dials, that the disposition lands on', async () => {
    await supervisor().post(`/api/agents/${tokenAgentId}/login`, { campaignId });
    await expect.poll(status, { timeout: 20_000 }).toBe('paused');
    await supervisor().post(`/api/agents/${tokenAgentId}/ready`);
    await expect.poll(status).toBe('ready');

    const call = callBack(test.pbx, STRANGER, PRESENTED);
    await expect.poll(status, { timeout: 20_000 }).toBe('talking');
    await expect.poll(() => call.events().find((e) => e.type === 'ChannelEnteredBridge')?.bridge?.id).toBe(`agent-bridge-${tokenAgentId}`);
    expect(call.events().map((e) => e.type)).not.toContain('PlaybackStarted');
    const [lead, ...others] = await leadsAt(STRANGER);
    // In the campaign's list of manual dials: no share of the pacer's dials, no name yet.
    expect(lead).toMatchObject({ list_name: 'Manual dials', mix_weight: 0, first_name: null });
    expect(others).toEqual([]);
    const pop = await agent().get<{ attempt: { id: string; inbound: boolean; unknownCaller: boolean; phone: string; shownAs: string | null }; lead: { id: string; firstName: string | null } }>(`/api/agents/${tokenAgentId}/call`);
    expect(pop.lead).toMatchObject({ id: lead?.id, firstName: null });
    // The desktop greets them as an unknown caller: the campaign never called them.
    expect(pop.attempt).toMatchObject({ inbound: true, unknownCaller: true, shownAs: PRESENTED, phone: expect.stringMatching(/4$/) });
    await expect.poll(() => evidence(STRANGER)).toEqual([
      expect.objectContaining({ answeredBy: 'message' }),
      expect.objectContaining({ answeredBy: 'agent', agentId: tokenAgentId, leadIds: [lead?.id], leadCreated: true })]);

    test.pbx.callerHangsUp(call.channelId);
    call.stop();
    await expect.poll(status).toBe('wrap_up');
    await expect.poll(async () => (await test.node.pool.query<{ outcome: string | null }>('SELECT outcome FROM attempts WHERE id = $1', [pop.attempt.id])).rows[0]?.outcome ?? null).toBe('connected');
    await agent().post(`/api/attempts/${pop.attempt.id}/disposition`, { code: 'SALE' });
    const disposition = await test.node.pool.query<{ lead_id: string; code: string }>('SELECT lead_id::text, code FROM dispositions WHERE attempt_id = $1', [pop.attempt.id]);
    expect(disposition.rows).toEqual([{ lead_id: lead?.id, code: 'SALE' }]);
    // No dial of the campaign's: the one attempt of the lead is the inbound call.
    const attempts = await test.node.pool.query<{ direction: string }>('SELECT direction FROM attempts WHERE lead_id = $1', [lead?.id]);
    expect(attempts.rows).toEqual([{ direction: 'inbound' }]);
    // Nor will the pacer dial it: only an agent, by hand or for a callback they promise.
    const why = await supervisor().get<{ checks: { rule: string; blocks: boolean }[] }>(`/api/leads/${lead?.id}/why-not-dialled`);
    expect(why.checks.find((check) => check.rule === 'manual_dials')).toMatchObject({ blocks: true });
  }, 60_000);

  it('finds the same lead when the caller rings again', async () => {
    await supervisor().post(`/api/agents/${tokenAgentId}/ready`);
    await expect.poll(status, { timeout: 20_000 }).toBe('ready');
    const leadId = (await leadsAt(STRANGER))[0]?.id;
    const call = callBack(test.pbx, STRANGER, PRESENTED);
    await expect.poll(status, { timeout: 20_000 }).toBe('talking');
    const pop = await agent().get<{ lead: { id: string } }>(`/api/agents/${tokenAgentId}/call`);
    expect(pop.lead.id).toBe(leadId);
    expect(await leadsAt(STRANGER)).toHaveLength(1);
    await expect.poll(async () => (await evidence(STRANGER)).at(-1)).toEqual(expect.objectContaining({ answeredBy: 'agent', leadIds: [leadId] }));
    expect((await evidence(STRANGER)).at(-1)).not.toHaveProperty('leadCreated');
    test.pbx.callerHangsUp(call.channelId);
    call.stop();
    await expect.poll(status).toBe('wrap_up');
  }, 60_000);

  it("treats a caller from a number disabled on its lead (a wrong number) as a stranger: a lead of their own, not that lead's screen", async () => {
    await test.node.pool.query('UPDATE lead_phones SET disabled = true WHERE e164 = $1', [LEAD]);
    const known = (await leadsAt(LEAD))[0]?.id;
    // The stranger's second call is disposed of first.
    const last = await test.node.pool.query<{ id: string }>(
      `SELECT a.id::text FROM attempts a JOIN lead_phones ph ON ph.lead_id = a.lead_id WHERE ph.e164 = $1 ORDER BY a.created_at DESC LIMIT 1`, [STRANGER]);
    await agent().post(`/api/attempts/${last.rows[0]?.id}/disposition`, { code: 'SALE' });
    await supervisor().post(`/api/agents/${tokenAgentId}/ready`);
    await expect.poll(status, { timeout: 20_000 }).toBe('ready');
    const call = callBack(test.pbx, LEAD, PRESENTED);
    await expect.poll(status, { timeout: 20_000 }).toBe('talking');
    const pop = await agent().get<{ lead: { id: string; firstName: string | null } }>(`/api/agents/${tokenAgentId}/call`);
    expect(pop.lead.id).not.toBe(known);
    expect(pop.lead.firstName).toBeNull();
    expect((await leadsAt(LEAD)).map((lead) => [lead.id === known, lead.list_name])).toEqual([[true, 'prospects'], [false, 'Manual dials']]);
    test.pbx.callerHangsUp(call.channelId);
    call.stop();
    await expect.poll(status).toBe('wrap_up');
  }, 60_000);

  it('treats a caller the campaign called at a number disabled on that lead since as a stranger: the earlier call does not name the lead', async () => {
    // The lead was called at the number an hour ago (no answer), then the number was found wrong.
    await test.node.pool.query('UPDATE lead_phones SET disabled = true WHERE e164 = $1', [CALLED_WRONG]);
    const called = (await leadsAt(CALLED_WRONG))[0]?.id;
    const open = await test.node.pool.query<{ id: string }>("SELECT id::text FROM attempts WHERE campaign_id = $1 AND direction = 'inbound' ORDER BY created_at DESC LIMIT 1", [campaignId]);
    await expect.poll(async () => (await test.node.pool.query('SELECT 1 FROM attempts WHERE id = $1 AND ended_at IS NOT NULL', [open.rows[0]?.id])).rowCount).toBe(1);
    await agent().post(`/api/attempts/${open.rows[0]?.id}/disposition`, { code: 'SALE' });
    await supervisor().post(`/api/agents/${tokenAgentId}/ready`);
    await expect.poll(status, { timeout: 20_000 }).toBe('ready');
    const call = callBack(test.pbx, CALLED_WRONG, PRESENTED);
    await expect.poll(status, { timeout: 20_000 }).toBe('talking');
    const pop = await agent().get<{ attempt: { unknownCaller: boolean }; lead: { id: string; firstName: string | null } }>(`/api/agents/${tokenAgentId}/call`);
    expect(pop.lead.id).not.toBe(called);
    expect(pop).toMatchObject({ attempt: { unknownCaller: true }, lead: { firstName: null } });
    expect((await leadsAt(CALLED_WRONG)).map((lead) => [lead.id === called, lead.list_name])).toEqual([[true, 'prospects'], [false, 'Manual dials']]);
    await expect.poll(() => evidence(CALLED_WRONG)).toEqual([expect.objectContaining({ answeredBy: 'agent', leadIds: [pop.lead.id], leadCreated: true })]);
    test.pbx.callerHangsUp(call.channelId);
    call.stop();
    await expect.poll(status).toBe('wrap_up');
  }, 60_000);

  it('puts a withheld number through to the ready agent on a lead of no number made for the call, the screen pop saying the number is withheld', async () => {
    const open = await test.node.pool.query<{ id: string }>("SELECT id::text FROM attempts WHERE campaign_id = $1 AND direction = 'inbound' ORDER BY created_at DESC LIMIT 1", [campaignId]);
    await expect.poll(async () => (await test.node.pool.query('SELECT 1 FROM attempts WHERE id = $1 AND ended_at IS NOT NULL', [open.rows[0]?.id])).rowCount).toBe(1);
    await agent().post(`/api/attempts/${open.rows[0]?.id}/disposition`, { code: 'SALE' });
    await supervisor().post(`/api/agents/${tokenAgentId}/ready`);
    await expect.poll(status, { timeout: 20_000 }).toBe('ready');
    const before = await leadCount();
    const call = callBack(test.pbx, '', PRESENTED);
    await expect.poll(() => call.events().find((e) => e.type === 'ChannelEnteredBridge')?.bridge?.id, { timeout: 20_000 }).toBe(`agent-bridge-${tokenAgentId}`);
    await expect.poll(status).toBe('talking');
    const pop = await agent().get<{ attempt: { id: string }; lead: { id: string } }>(`/api/agents/${tokenAgentId}/call`);
    expect(pop).toMatchObject({ attempt: { inbound: true, withheld: true, phone: null, unknownCaller: true }, lead: { firstName: null }, phones: [] });
    // A lead of its own in the manual dials, with no number: nothing dials it, the disposition lands on it.
    expect(await leadCount()).toBe(before + 1);
    const made = await test.node.pool.query<{ list_name: string; phones: string }>(
      `SELECT li.name AS list_name, (SELECT count(*) FROM lead_phones ph WHERE ph.lead_id = l.id)::text AS phones FROM leads l JOIN lists li ON li.id = l.list_id WHERE l.id = $1`, [pop.lead.id]);
    expect(made.rows).toEqual([{ list_name: 'Manual dials', phones: '0' }]);
    await expect.poll(async () => (await test.node.pool.query<{ payload: Record<string, unknown> }>(
      "SELECT payload FROM evidence_log WHERE kind = 'return_call' AND campaign_id = $1 AND payload->>'e164' IS NULL ORDER BY id", [campaignId])).rows.map((row) => row.payload))
      .toEqual([expect.objectContaining({ answeredBy: 'agent', agentId: tokenAgentId, leadIds: [pop.lead.id], leadCreated: true })]);
    test.pbx.callerHangsUp(call.channelId);
    call.stop();
    await expect.poll(status).toBe('wrap_up');
    // A do-not-call disposition has no number to put on the list: the lead takes it, the list gains nothing.
    await agent().post(`/api/attempts/${pop.attempt.id}/disposition`, { code: 'DNC' });
    expect((await test.node.pool.query("SELECT status FROM leads WHERE id = $1", [pop.lead.id])).rows).toEqual([{ status: 'dnc' }]);
    expect((await test.node.pool.query("SELECT 1 FROM dnc_entries WHERE e164 = ''")).rowCount).toBe(0);
    await supervisor().post(`/api/agents/${tokenAgentId}/ready`);
    await expect.poll(status, { timeout: 20_000 }).toBe('ready');
  }, 60_000);

  it('removes the lead made for a caller the engine refuses after all, the agent taken meanwhile, with the attempt of the call', async () => {
    expect(await status()).toBe('ready');
    // The line finds the agent ready, then waits on the number's lock to make the caller's lead:
    // meanwhile the agent goes on a break.
    const holder = await test.node.pool.connect();
    const key = `return-caller:${campaignId}:${REFUSED}`;
    await holder.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    let call: ReturnType<typeof callBack>;
    try {
      call = callBack(test.pbx, REFUSED, PRESENTED);
      await expect.poll(async () => (await test.node.pool.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).rowCount, { timeout: 20_000 }).toBeGreaterThan(0);
      await supervisor().post(`/api/agents/${tokenAgentId}/pause`, { reason: 'break' });
      await expect.poll(status).toBe('paused');
    } finally {
      await holder.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
      holder.release();
    }
    await expect.poll(() => call.events().map((e) => e.type), { timeout: 20_000 }).toContain('StasisEnd');
    call.stop();
    expect(call.events().map((e) => e.type)).toContain('PlaybackFinished');
    expect(call.events().map((e) => e.type)).not.toContain('ChannelEnteredBridge');
    // As for any caller no agent took: the message, no lead named, none left behind, nor an attempt.
    await expect.poll(() => evidence(REFUSED)).toEqual([expect.objectContaining({ answeredBy: 'message', leadIds: [] })]);
    expect(await evidence(REFUSED)).toEqual([expect.not.objectContaining({ leadCreated: true })]);
    expect(await leadsAt(REFUSED)).toEqual([]);
    expect((await test.node.pool.query('SELECT 1 FROM attempts WHERE campaign_id = $1 AND e164 = $2', [campaignId, REFUSED])).rowCount).toBe(0);
  }, 60_000);
});
