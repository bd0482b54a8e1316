// A person calls back the caller ID of a campaign with an agent ready: the real node on the
// simulated PBX. The call comes in through the return-call dialplan, is answered and bridged to the
// agent at once (no message), and the agent's desktop pops the lead the campaign last called at the
// caller's number. The call is an attempt of its own, inbound: the agent dispositions it as any call
// and the disposition lands on the lead, but it is no dial (the day's caps still let the lead's
// number be dialled) and no live answer (nothing of it in the abandonment figures). With no agent
// ready the caller hears the message, as before, and no attempt is left of the call.

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
const PRESENTED = `+1415${run}9`;
const CALLER_ID = `"Acme" <${PRESENTED}>`;
const FIRST = `+1646${run}1`;
const KNOWN = `+1646${run}2`;
const UNWRITTEN = `+1646${run}3`;


interface AttemptRow {
  id: string;
  lead_id: string;
  direction: string;
  agent_id: string | null;
  outcome: string | null;
  abandoned: boolean;
  live_at: Date | null;
  connected_at: Date | null;
}

describe('a call back to the campaign with an agent ready', () => {
  let test: TestNode;
  let campaignId: string;
  const leadOf = new Map<string, string>();
  const agent = (): ApiClient => new ApiClient(test.node.url, roleTokens.agent);
  const supervisor = (): ApiClient => new ApiClient(test.node.url, roleTokens.supervisor);

  beforeAll(async () => {
    test = await startTestNode({ outcomes: 'digit', timeScale: 0.25 }, 'return-call-agent:');
    const { pool } = test.node;
    // Preview: the engine dials nobody by itself. Two dials a day per lead and per number: the
    // campaign called each lead once, and a return call counted as a dial would use up the day.
    const campaign = await createCampaign(pool, {
      name: `Return calls to agents ${run}`, mode: 'preview', callerId: CALLER_ID,
      settings: { callingWindow: roundTheClockWindow, recycle: { maxAttemptsPerDay: 2, maxDialsPerNumberPerDay: 2 } },
    });
    campaignId = campaign.id;
    const list = await createList(pool, { campaignId, name: 'called earlier' });
    const leadIds = await insertLeads(pool, list.id, [
      { firstName: 'First', phones: [FIRST] }, { firstName: 'Known', lastName: 'Caller', phones: [KNOWN] }, { firstName: 'Third', phones: [UNWRITTEN] }]);
    // The campaign's call to each an hour ago, unanswered: the number they call back from.
    for (const [i, e164] of [FIRST, KNOWN, UNWRITTEN].entries()) {
      const leadId = String(leadIds[i]);
      leadOf.set(e164, leadId);
      await calledAnHourAgo(pool, campaignId, leadId, e164);
    }
    await upsertAgent(pool, { id: tokenAgentId, name: 'Agent under test' });
    await new ApiClient(test.node.url, roleTokens.manager).post(`/api/campaigns/${campaignId}/start`);
  }, 60_000);

  afterAll(async () => {
    await test.close();
  });


  const attemptsOf = async (leadId: string): Promise<AttemptRow[]> => (await test.node.pool.query<AttemptRow>(
    `SELECT id, lead_id::text, direction, agent_id, outcome, abandoned, live_at, connected_at FROM attempts WHERE lead_id = $1 ORDER BY created_at`, [leadId])).rows;
  const evidence = async (e164: string) => (await test.node.pool.query<{ payload: Record<string, unknown> }>(
    "SELECT payload FROM evidence_log WHERE kind = 'return_call' AND payload->>'e164' = $1 ORDER BY id", [e164])).rows.map((row) => row.payload);
  const status = async (): Promise<string> => (await supervisor().get<{ status: string }>(`/api/agents/${tokenAgentId}`)).status;

  it('plays the message, as before, while no agent is ready, and leaves no attempt of the call', async () => {
    const call = callBack(test.pbx, FIRST, PRESENTED);
    await expect.poll(() => call.events().map((e) => e.type), { timeout: 20_000 }).toContain('StasisEnd');
    call.stop();
    expect(call.events().map((e) => e.type)).toEqual(['StasisStart', 'ChannelStateChange', 'PlaybackStarted', 'PlaybackFinished', 'ChannelHangupRequest', 'StasisEnd']);
    await expect.poll(() => evidence(FIRST)).toEqual([expect.objectContaining({ answeredBy: 'message', optedOut: false })]);
    expect((await attemptsOf(leadOf.get(FIRST)!)).map((a) => a.direction)).toEqual(['outbound']);
  }, 40_000);

  it("bridges the caller to the ready agent at once, pops the lead on the agent's desktop, and the disposition lands on the lead", async () => {
    const leadId = leadOf.get(KNOWN)!;
    await supervisor().post(`/api/agents/${tokenAgentId}/login`, { campaignId });
    await expect.poll(status, { timeout: 20_000 }).toBe('paused');
    await supervisor().post(`/api/agents/${tokenAgentId}/ready`);
    await expect.poll(status).toBe('ready');

    const call = callBack(test.pbx, KNOWN, PRESENTED);
    await expect.poll(status, { timeout: 20_000 }).toBe('talking');
    // Answered and put in the agent's bridge; nothing played.
    await expect.poll(() => call.events().find((e) => e.type === 'ChannelEnteredBridge')?.bridge?.id).toBe(`agent-bridge-${tokenAgentId}`);
    expect(call.events().find((e) => e.type === 'ChannelStateChange')?.channel?.state).toBe('Up');
    expect(call.events().map((e) => e.type)).not.toContain('PlaybackStarted');
    const pop = await agent().get<{ attempt: { id: string; inbound: boolean; unknownCaller: boolean; shownAs: string | null }; lead: { id: string; firstName: string; lastName: string } }>(`/api/agents/${tokenAgentId}/call`);
    expect(pop.lead).toMatchObject({ id: leadId, firstName: 'Known', lastName: 'Caller' });
    // The campaign called them: whatever the lead holds of their name, they are no unknown caller.
    expect([pop.attempt.inbound, pop.attempt.unknownCaller]).toEqual([true, false]);
    // The number they called back on, as the campaign presents it: the agent knows which line they rang.
    expect(pop.attempt.shownAs).toBe(PRESENTED);
    const attempts = await attemptsOf(leadId);
    expect(attempts.map((a) => [a.direction, a.agent_id])).toEqual([['outbound', null], ['inbound', tokenAgentId]]);
    expect(pop.attempt.id).toBe(attempts[1]?.id);
    await expect.poll(() => evidence(KNOWN)).toEqual([expect.objectContaining({ answeredBy: 'agent', agentId: tokenAgentId, leadIds: [leadId], optedOut: false })]);

    // The caller hangs up; the agent owes the disposition, and gives it.
    test.pbx.callerHangsUp(call.channelId);
    call.stop();
    await expect.poll(status).toBe('wrap_up');
    // Its close written (the agent's wrap-up shows first): while open, the call holds its number.
    await expect.poll(async () => (await attemptsOf(leadId))[1]?.outcome ?? null).toBe('connected');
    // No dial: the lead and its number have had one of their two dials of the day.
    const why = await supervisor().get<{ checks: { rule: string; blocks: boolean; detail: string }[] }>(`/api/leads/${leadId}/why-not-dialled`);
    expect(why.checks.find((check) => check.rule === 'max_attempts_day')).toMatchObject({ blocks: false, detail: '1 of 2 dials in the last 24 h' });
    expect(why.checks.find((check) => check.rule === 'dialable_phone')).toMatchObject({ blocks: false, detail: '1 of 1 phones dialable' });
    await agent().post(`/api/attempts/${pop.attempt.id}/disposition`, { code: 'SALE' });
    const disposition = await test.node.pool.query<{ lead_id: string; code: string }>('SELECT lead_id::text, code FROM dispositions WHERE attempt_id = $1', [pop.attempt.id]);
    expect(disposition.rows).toEqual([{ lead_id: leadId, code: 'SALE' }]);

    // A call with an agent, no abandon and no live answer of the dialler's.
    const closed = (await attemptsOf(leadId))[1];
    expect(closed).toMatchObject({ direction: 'inbound', outcome: 'connected', abandoned: false, live_at: null });
    expect(closed?.connected_at).not.toBeNull();
    const figures = await test.node.pool.query<{ live: string; abandoned: string }>(
      "SELECT count(*) FILTER (WHERE live_at IS NOT NULL) AS live, count(*) FILTER (WHERE abandoned) AS abandoned FROM attempts WHERE campaign_id = $1", [campaignId]);
    expect(figures.rows).toEqual([{ live: '0', abandoned: '0' }]);
  }, 60_000);

  it('counts the return calls by what answered them', async () => {
    const metrics = await (await fetch(`${test.node.url}/metrics`)).text();
    expect(metrics).toContain(`outpace_return_calls_total{campaign="${campaignId}",outcome="agent"} 1\n`);
    expect(metrics).toContain(`outpace_return_calls_total{campaign="${campaignId}",outcome="heard"} 1\n`);
  });
  it('plays the message when the attempt of the call cannot be written, the agent left ready', async () => {
    await supervisor().post(`/api/agents/${tokenAgentId}/ready`);
    await expect.poll(status, { timeout: 20_000 }).toBe('ready');
    // The database refuses an inbound attempt (as it would one it cannot take): no attempt, no agent.
    await test.node.pool.query("ALTER TABLE attempts ADD CONSTRAINT return_call_test_refusal CHECK (direction <> 'inbound') NOT VALID");
    try {
      const call = callBack(test.pbx, UNWRITTEN, PRESENTED);
      await expect.poll(() => call.events().map((e) => e.type), { timeout: 20_000 }).toContain('StasisEnd');
      call.stop();
      expect(call.events().map((e) => e.type)).toContain('PlaybackFinished');
      expect(call.events().map((e) => e.type)).not.toContain('ChannelEnteredBridge');
      await expect.poll(() => evidence(UNWRITTEN)).toEqual([expect.objectContaining({ answeredBy: 'message' })]);
      expect(await status()).toBe('ready');
    } finally {
      await test.node.pool.query('ALTER TABLE attempts DROP CONSTRAINT return_call_test_refusal');
    }
  }, 40_000);
});
