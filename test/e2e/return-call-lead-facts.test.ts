// A person calling back is their lead's call as a dial of it would be: the real node on the
// simulated PBX, in a campaign that records every call. A caller whose lead may be in an all-party
// consent state (its state field names California) is put through to the agent unrecorded, and
// recorded only once the agent starts it (the person having agreed), the start kept as the
// disclosure; one in a one-party state is recorded from the bridge, as before. A caller calling
// back the caller ID their lead's list presents in place of the campaign's reaches the campaign's
// agent, the engine's call with that list's overrides.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../src/adapters/pg/agent-repository.js';
import { createCampaign } from '../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { ApiClient } from '../../src/demo/api-client.js';
import { roundTheClockWindow } from '../../src/demo/round-the-clock.js';
import { roleTokens, startTestNode, tokenAgentId, type TestNode } from '../helpers/outpace-node.js';
import { callBack, calledAnHourAgo, type ReturnCallUnderTest } from './return-call-helpers.js';
import { runDigits } from '../helpers/run-digits.js';

// Six digits of the run's own: they begin the exchange of the numbers below (see runDigits).
const run = runDigits();
const PRESENTED = `+1415${run}8`;
const LIST_NUMBER = `+1415${run}7`;
const LIST_PRESENTS = `"Own brand" <${LIST_NUMBER}>`;
const ONE_PARTY = `+1212${run}1`;
const ALL_PARTY = `+1212${run}2`;
const OWN_LIST = `+1212${run}3`;
const bridge = `agent-bridge-${tokenAgentId}`;

describe("a call back carries its lead's facts, as a dial of the lead would", () => {
  let test: TestNode;
  let campaignId: string;
  const leadOf = new Map<string, string>();
  const agent = (): ApiClient => new ApiClient(test.node.url, roleTokens.agent);
  const supervisor = (): ApiClient => new ApiClient(test.node.url, roleTokens.supervisor);
  const status = async (): Promise<string> => (await supervisor().get<{ status: string }>(`/api/agents/${tokenAgentId}`)).status;

  beforeAll(async () => {
    test = await startTestNode({ outcomes: 'digit', timeScale: 0.25 }, 'return-call-facts:');
    const { pool } = test.node;
    // Preview: the engine dials nobody by itself; every call is recorded from its connection.
    const campaign = await createCampaign(pool, {
      name: `Return calls with lead facts ${run}`, mode: 'preview', callerId: PRESENTED, recordingEnabled: true,
      settings: { callingWindow: roundTheClockWindow },
    });
    campaignId = campaign.id;
    const list = await createList(pool, { campaignId, name: 'by state' });
    const own = await createList(pool, { campaignId, name: 'own number' });
    await pool.query('UPDATE lists SET caller_id = $2 WHERE id = $1', [own.id, LIST_PRESENTS]);
    const [oneParty, allParty] = await insertLeads(pool, list.id, [
      { firstName: 'Nora', fields: { state: 'NY' }, phones: [ONE_PARTY] },
      { firstName: 'Cal', fields: { state: 'CA' }, phones: [ALL_PARTY] },
    ]);
    const [ownList] = await insertLeads(pool, own.id, [{ firstName: 'Olive', fields: { state: 'NY' }, phones: [OWN_LIST] }]);
    for (const [e164, leadId] of [[ONE_PARTY, oneParty], [ALL_PARTY, allParty], [OWN_LIST, ownList]] as const) {
      leadOf.set(e164, String(leadId));
      await calledAnHourAgo(pool, campaignId, String(leadId), e164);
    }
    await upsertAgent(pool, { id: tokenAgentId, name: 'Agent under test' });
    await new ApiClient(test.node.url, roleTokens.manager).post(`/api/campaigns/${campaignId}/start`);
    await supervisor().post(`/api/agents/${tokenAgentId}/login`, { campaignId });
  }, 60_000);

  afterAll(async () => {
    await test.close();
  });

  /** The agent ready, the caller at `from` calling back `to` put through to them: the call and its attempt's id. */
  const putThrough = async (from: string, to = PRESENTED): Promise<{ call: ReturnCallUnderTest; attemptId: string }> => {
    await expect.poll(status, { timeout: 20_000 }).toMatch(/^(paused|ready)$/);
    await supervisor().post(`/api/agents/${tokenAgentId}/ready`);
    await expect.poll(status, { timeout: 20_000 }).toBe('ready');
    const call = callBack(test.pbx, from, to);
    await expect.poll(() => call.events().find((e) => e.type === 'ChannelEnteredBridge')?.bridge?.id, { timeout: 20_000 }).toBe(bridge);
    const pop = await agent().get<{ attempt: { id: string; inbound: boolean } }>(`/api/agents/${tokenAgentId}/call`);
    expect(pop.attempt.inbound).toBe(true);
    await expect.poll(() => test.node.runtime.state().calls.get(pop.attempt.id)?.status).toBe('connected');
    return { call, attemptId: pop.attempt.id };
  };

  /** The caller hangs up and the agent gives the disposition. */
  const finish = async (call: ReturnCallUnderTest, attemptId: string): Promise<void> => {
    test.pbx.callerHangsUp(call.channelId);
    call.stop();
    await expect.poll(status).toBe('wrap_up');
    await expect.poll(async () => (await test.node.pool.query('SELECT 1 FROM attempts WHERE id = $1 AND ended_at IS NOT NULL', [attemptId])).rowCount).toBe(1);
    await agent().post(`/api/attempts/${attemptId}/disposition`, { code: 'SALE' });
  };

  it('records a caller in a one-party state from the bridge, as before', async () => {
    const { call, attemptId } = await putThrough(ONE_PARTY);
    await expect.poll(() => test.pbx.bridgeRecording(bridge)).toBe(`outpace-${attemptId}`);
    await finish(call, attemptId);
  }, 60_000);

  it('puts a caller whose lead may be in an all-party consent state through unrecorded, recorded once the agent starts it', async () => {
    const { call, attemptId } = await putThrough(ALL_PARTY);
    // The one-party call above was recording by now: this one is not.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(test.pbx.bridgeRecording(bridge)).toBeNull();
    expect(test.node.runtime.state().calls.get(attemptId)).toMatchObject({ recorded: false, recordingConsentStates: ['US-CA'] });

    // The person agreed: the agent starts it, and the start is kept as the disclosure.
    await agent().post(`/api/agents/${tokenAgentId}/record`);
    await expect.poll(() => test.pbx.bridgeRecording(bridge)).toBe(`outpace-${attemptId}`);
    const evidence = async () => (await test.node.pool.query<{ kind: string; payload: Record<string, unknown> }>(
      "SELECT kind, payload FROM evidence_log WHERE attempt_id = $1 AND kind LIKE 'recording_%' ORDER BY id", [attemptId])).rows;
    await expect.poll(evidence).toEqual([{ kind: 'recording_disclosed', payload: { agentId: tokenAgentId, by: 'agent', consentStates: ['US-CA'] } }]);
    await finish(call, attemptId);
  }, 60_000);

  it("puts a caller back on the number their list presents through to the campaign's agent, carrying the list's overrides", async () => {
    // The number they were shown is the list's, not the campaign's: it is the campaign's line all the same.
    const { call, attemptId } = await putThrough(OWN_LIST, LIST_NUMBER);
    expect(test.node.runtime.state().calls.get(attemptId)).toMatchObject({
      leadId: leadOf.get(OWN_LIST), listOverrides: { callerId: LIST_PRESENTS, machineMessageMedia: null },
    });
    await finish(call, attemptId);
  }, 60_000);
});
