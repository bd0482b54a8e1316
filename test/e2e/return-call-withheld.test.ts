// A person calling back with their number withheld: the real node on the simulated PBX. They are
// a caller as any other: put through to a ready agent, or waiting on hold for one when the campaign
// lets callers wait, on a lead of no number made for their call (the screen pop says the number
// is withheld). One whose wait runs out hears the message and is kept as a missed call whose wait
// is their time on hold for an agent, not the message after it; nothing else is left of their call
// (no attempt, no lead: there is no one to call back).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allDayWindow, apiCall, waitUntil } from '../browser/browser-helpers.js';
import { roleTokens, startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { runDigits } from '../helpers/run-digits.js';
import { callBack } from './return-call-helpers.js';

// Six digits of the run's own: they begin the exchange of the numbers below (see runDigits).
const run = runDigits();
const HOLDS = `+1415${run}8`;
const SHORT_WAIT = `+1415${run}9`;

let test: TestNode;

/** A preview campaign (it dials nobody by itself) presenting `number`, callers waiting `holdSeconds` for an agent. */
async function campaignPresenting(number: string, holdSeconds: number, settings: Record<string, unknown> = {}): Promise<string> {
  const { id } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
    name: `Withheld return calls ${number}`, mode: 'preview', callerId: `"Acme" <${number}>`, wrapUpMode: 'manual',
    settings: { callingWindow: allDayWindow, returnCallHoldSeconds: holdSeconds, ...settings },
  });
  await apiCall(test, 'POST', `/api/campaigns/${id}/start`);
  return id;
}

const statusOf = async (agentId: string): Promise<string> => (await apiCall<{ status: string }>(test, 'GET', `/api/agents/${agentId}`)).status;

const withheldAttempts = async (campaignId: string) => (await test.node.pool.query<{ id: string; lead_id: string; agent_id: string | null }>(
  "SELECT id::text, lead_id::text, agent_id FROM attempts WHERE campaign_id = $1 AND direction = 'inbound' AND e164 = ''", [campaignId])).rows;
const leadCount = async (campaignId: string): Promise<number> =>
  Number((await test.node.pool.query<{ n: string }>('SELECT count(*) AS n FROM leads WHERE campaign_id = $1', [campaignId])).rows[0]?.n);
const evidence = async (campaignId: string) => (await test.node.pool.query<{ payload: Record<string, unknown> }>(
  "SELECT payload FROM evidence_log WHERE kind = 'return_call' AND campaign_id = $1 ORDER BY id", [campaignId])).rows.map((row) => row.payload);

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.25 }, 'return-call-withheld:');
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('a call back from a withheld number', () => {
  it('waits on hold for an agent, and the agent who goes ready takes it, told the number is withheld, as the CRM and the lead history are', async () => {
    // The CRM is told of the call and its disposition (its deliveries are read, not sent: nothing listens there).
    const campaignId = await campaignPresenting(HOLDS, 60, { webhooks: [{ url: 'http://127.0.0.1:9/crm', events: ['call', 'disposition'] }] });
    const call = callBack(test.pbx, '', HOLDS);
    await expect.poll(async () => (await withheldAttempts(campaignId)).length, { timeout: 20_000 }).toBe(1);
    const [attempt] = await withheldAttempts(campaignId);
    await expect.poll(() => call.events().find((e) => e.type === 'ChannelEnteredBridge')?.bridge?.id, { timeout: 20_000 }).toBe(`hold-${attempt!.id}`);
    expect(call.events().map((e) => e.type)).not.toContain('PlaybackStarted');
    // The staff see them waiting with no number, not an empty one masked.
    expect(await apiCall(test, 'GET', `/api/campaigns/${campaignId}/waiting-callers`, undefined, roleTokens.supervisor))
      .toEqual([expect.objectContaining({ attemptId: attempt!.id, leadId: attempt!.lead_id, phone: null, calledNumber: HOLDS })]);

    await apiCall(test, 'PUT', '/api/agents/wh-agent', { name: 'Agent wh-agent' });
    const { token } = await apiCall<{ token: string }>(test, 'POST', '/api/agents/wh-agent/tokens');
    await apiCall(test, 'POST', '/api/agents/wh-agent/login', { campaignId }, token);
    await waitUntil('wh-agent paused', async () => (await statusOf('wh-agent')) === 'paused');
    await apiCall(test, 'POST', '/api/agents/wh-agent/ready', undefined, token);
    await expect.poll(() => call.events().filter((e) => e.type === 'ChannelEnteredBridge').map((e) => e.bridge?.id), { timeout: 20_000 })
      .toEqual([`hold-${attempt!.id}`, 'agent-bridge-wh-agent']);
    await waitUntil('wh-agent talking', async () => (await statusOf('wh-agent')) === 'talking');
    const pop = await apiCall<Record<string, unknown>>(test, 'GET', '/api/agents/wh-agent/call', undefined, token);
    expect(pop).toMatchObject({ attempt: { id: attempt!.id, inbound: true, withheld: true, phone: null, unknownCaller: true }, lead: { id: attempt!.lead_id }, phones: [] });
    await expect.poll(() => evidence(campaignId)).toEqual([expect.objectContaining({ e164: null, answeredBy: 'agent', agentId: 'wh-agent', leadIds: [attempt!.lead_id] })]);
    test.pbx.callerHangsUp(call.channelId);
    call.stop();
    await waitUntil('wh-agent in wrap-up', async () => (await statusOf('wh-agent')) === 'wrap_up');
    // The call and its lead stay: the agent's disposition lands on them.
    expect(await withheldAttempts(campaignId)).toMatchObject([{ id: attempt!.id, agent_id: 'wh-agent' }]);
    expect(await leadCount(campaignId)).toBe(1);
    await apiCall(test, 'POST', `/api/attempts/${attempt!.id}/disposition`, { code: 'SALE', notes: 'rang back' }, token);
    // Said plainly, as the screen pop says it: no number, withheld; not an empty one.
    const deliveries = await apiCall<Array<{ event: string; payload: { call: Record<string, unknown> } }>>(test, 'GET', `/api/campaigns/${campaignId}/webhook-deliveries`);
    expect(deliveries.map((delivery) => [delivery.event, delivery.payload.call]).sort()).toEqual([
      ['call', expect.objectContaining({ attemptId: attempt!.id, phone: null, withheld: true })],
      ['disposition', expect.objectContaining({ attemptId: attempt!.id, phone: null, withheld: true })],
    ]);
    const history = await apiCall<{ calls: Array<Record<string, unknown>> }>(test, 'GET', `/api/leads/${attempt!.lead_id}/history`, undefined, roleTokens.supervisor);
    expect(history.calls).toEqual([expect.objectContaining({ attemptId: attempt!.id, withheld: true, code: 'SALE' })]);
    expect(await evidence(campaignId)).toEqual([expect.objectContaining({ e164: null, withheld: true })]);
    const csv = await (await fetch(`${test.node.url}/api/campaigns/${campaignId}/evidence.csv?kinds=return_call`, { headers: { authorization: `Bearer ${roleTokens.supervisor}` } })).text();
    expect(csv).toContain('""e164"":null');
    expect(csv).toContain('""withheld"":true');
  }, 90_000);

  it('hears the message when its wait runs out, kept as a missed call that waited its time on hold only, and leaves no attempt or lead', async () => {
    const campaignId = await campaignPresenting(SHORT_WAIT, 2);
    const placedAt = Date.now();
    const call = callBack(test.pbx, '', SHORT_WAIT);
    let messageAt = 0;
    await waitUntil('the message begins', async () => {
      if (call.events().some((e) => e.type === 'PlaybackStarted')) messageAt = Date.now();
      return messageAt > 0 || undefined;
    }, 30_000);
    // It waited on hold first, in a holding bridge of its own.
    expect(call.events().filter((e) => e.type === 'ChannelEnteredBridge').map((e) => e.bridge?.id)).toEqual([expect.stringMatching(/^hold-/)]);
    await expect.poll(() => call.events().map((e) => e.type), { timeout: 30_000 }).toContain('StasisEnd');
    call.stop();
    const missed = await apiCall<Array<{ phone: string | null; leadId: string | null; attemptId: string | null; reason: string; calledNumber: string; waitedMs: number }>>(
      test, 'GET', `/api/campaigns/${campaignId}/missed-calls`);
    expect(missed).toEqual([expect.objectContaining({ phone: null, leadId: null, attemptId: null, reason: 'wait_over', calledNumber: SHORT_WAIT })]);
    // Its time on hold (the two seconds the campaign allows), none of the message and the moment after it.
    expect(missed[0]!.waitedMs).toBeGreaterThanOrEqual(2_000);
    expect(missed[0]!.waitedMs).toBeLessThanOrEqual(messageAt - placedAt);
    await expect.poll(() => evidence(campaignId)).toEqual([expect.objectContaining({ e164: null, answeredBy: 'message', leadIds: [] })]);
    expect(await evidence(campaignId)).toEqual([expect.not.objectContaining({ leadCreated: true })]);
    expect(await withheldAttempts(campaignId)).toEqual([]);
    expect(await leadCount(campaignId)).toBe(0);
  }, 60_000);
});
