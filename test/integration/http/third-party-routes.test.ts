// Calling one of the campaign's third parties through the API of a whole node (engine, simulated
// PBX, Postgres): the settings refused when they name a bad number, the third parties listed to
// the agent, a name the campaign does not list refused, a busy line ending with the customer back,
// then a call put through (shown the caller ID the customer's list presents), turned conference, and the customer left with the third party: the
// agent wraps up owing the disposition while the line stays up, and the attempt (and the CRM's
// post of it) keeps whom the customer was left with, and when.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callWebhookPayload } from '../../../src/adapters/pg/call-webhook.js';
import { startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { apiAnswer, apiCall, createScenario, waitUntil, type Scenario } from '../../browser/browser-helpers.js';

let test: TestNode;
let ann: Scenario;

// Digit outcomes: a number ending in 0 answers and stays, one ending in 5 is busy.
const desk = { name: 'Verification desk', number: '+442079460120' };
const supplier = { name: 'Supplier', number: '+442079460125' };
/** The caller ID the customer's list presents in place of the campaign's. */
const LIST_NUMBER = '+14155550188';

interface AgentState {
  status: string; callId: string | null; owesDispositionFor: string | null; heldSinceMs: number | null;
  thirdParty: { name: string; stage: string; sinceMs: number } | null;
}

const stateOf = () => apiCall<AgentState>(test, 'GET', '/api/agents/ann');
const asAnn = <T>(method: string, path: string, body?: unknown) => apiAnswer<T>(test, ann.agentToken, method, path, body);
const membersOf = (bridgeId: string) => test.pbx.bridges().find((b) => b.id === bridgeId)?.channels ?? [];
/** The caller ID a channel on the PBX presents. */
const callerOf = async (channelId: string) => ((await (await fetch(`${test.pbx.url}/ari/channels/${channelId}`, {
  headers: { authorization: `Basic ${Buffer.from('dialer:dialer').toString('base64')}` },
})).json()) as { caller: { name: string; number: string } }).caller;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'third-party-routes:');
  ann = await createScenario(test, {
    name: `Third parties ${Date.now()}`, agentId: 'ann', agentName: 'Ann Agent',
    campaign: { settings: { thirdParties: [desk, supplier] } },
    leads: [{ firstName: 'Ana', lastName: 'Ruiz', phones: ['+15550100080'] }],
  });
  await test.node.pool.query('UPDATE lists SET caller_id = $2 WHERE campaign_id = $1', [ann.campaignId, `"Brand B" <${LIST_NUMBER}>`]);
  await asAnn('POST', '/api/agents/ann/login', { campaignId: ann.campaignId });
  await waitUntil('ann paused', async () => (await stateOf()).status === 'paused');
  await asAnn('POST', '/api/agents/ann/ready');
  await waitUntil('ann talking', async () => (await stateOf()).status === 'talking');
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('third-party routes', () => {
  it('refuses settings naming a bad number or a name twice, saying which', async () => {
    const bad = await apiAnswer<{ message: string }>(test, 'test-manager-token', 'PATCH', `/api/campaigns/${ann.campaignId}`, {
      settings: { thirdParties: [desk, { name: 'Billing', number: '020 7946 0000' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('settings.thirdParties[1].number: "020 7946 0000" is not a valid number in E.164 form (+, country code, number)');
    const twice = await apiAnswer<{ message: string }>(test, 'test-manager-token', 'PATCH', `/api/campaigns/${ann.campaignId}`, {
      settings: { thirdParties: [desk, { ...supplier, name: 'verification DESK' }] },
    });
    expect(twice.body.message).toBe('settings.thirdParties[1].name: "verification DESK" is named twice');
  });

  it('lists the campaign\'s third parties to the agent, their numbers masked, and calls no other', async () => {
    const targets = await asAnn<{ thirdParties: unknown[] }>('GET', '/api/agents/ann/transfer-targets');
    expect(targets.body.thirdParties).toEqual([{ ...desk, number: '+********0120' }, { ...supplier, number: '+********0125' }]);
    const other = await asAnn<{ message: string; details: { engineCode: string } }>('POST', '/api/agents/ann/third-party', { name: 'Mum' });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ message: "Mum is not one of the campaign's third parties", details: { engineCode: 'transfer_refused' } });
    expect((await apiAnswer(test, 'test-agent-token', 'POST', '/api/agents/ann/third-party', { name: desk.name })).status).toBe(403);
  });

  it('has the customer back when the third party is busy', async () => {
    const { callId } = await stateOf();
    const calling = await asAnn<AgentState>('POST', '/api/agents/ann/third-party', { name: supplier.name });
    expect(calling.body.thirdParty).toMatchObject({ name: supplier.name, stage: 'dialing' });
    await waitUntil('the supplier gone', async () => (await stateOf()).thirdParty === null);
    await waitUntil('the customer back with ann', async () => membersOf('agent-bridge-ann').includes(callId ?? ''));
    expect((await stateOf()).heldSinceMs).toBeNull();
  });

  it('puts the third party through, then leaves the customer with it: ann owes the disposition while the line stays up', async () => {
    const { callId } = await stateOf();
    await asAnn('POST', '/api/agents/ann/third-party', { name: 'verification desk' });
    await waitUntil('the desk talking to ann', async () => (await stateOf()).thirdParty?.stage === 'talking');
    expect((await stateOf()).heldSinceMs).not.toBeNull();
    expect(membersOf('agent-bridge-ann')).toHaveLength(2);
    expect(membersOf(`hold-${callId}`)).toEqual([callId]);
    // The desk is shown the number the customer was: their list's.
    const deskLine = membersOf('agent-bridge-ann').find((id) => id.startsWith('third-party-')) ?? '';
    expect(await callerOf(deskLine)).toEqual({ name: 'Brand B', number: LIST_NUMBER });
    expect(await callerOf(callId ?? '')).toEqual({ name: 'Brand B', number: LIST_NUMBER });

    expect((await asAnn<AgentState>('POST', '/api/agents/ann/consult/conference')).body.thirdParty?.stage).toBe('conference');
    await waitUntil('all three in ann\'s bridge', async () => membersOf('agent-bridge-ann').length === 3);

    await asAnn('POST', '/api/agents/ann/consult/complete');
    await waitUntil('ann wrapping up', async () => (await stateOf()).status === 'wrap_up');
    expect(await stateOf()).toMatchObject({ owesDispositionFor: callId, thirdParty: null });
    expect(membersOf(`third-party-${callId}`)).toHaveLength(2);
    expect(membersOf('agent-bridge-ann')).toHaveLength(1);
    const open = await test.node.pool.query<{ ended_at: Date | null }>('SELECT ended_at FROM attempts WHERE id = $1', [callId]);
    expect(open.rows[0]?.ended_at).toBeNull();

    // The third party hangs up: the customer is not left alone on the line.
    const line = membersOf(`third-party-${callId}`).find((id) => id !== callId) ?? '';
    await fetch(`${test.pbx.url}/ari/channels/${line}`, { method: 'DELETE', headers: { authorization: `Basic ${Buffer.from('dialer:dialer').toString('base64')}` } });
    const closed = await waitUntil('the attempt closed', async () => (await test.node.pool.query<{ outcome: string; third_party: string; third_party_handed_off_at: Date | null }>(
      'SELECT outcome, third_party, third_party_handed_off_at FROM attempts WHERE id = $1 AND ended_at IS NOT NULL', [callId])).rows[0]);
    expect(closed).toMatchObject({ outcome: 'connected', third_party: desk.name });
    expect(closed.third_party_handed_off_at).toBeInstanceOf(Date);
    expect(membersOf(`third-party-${callId}`)).toEqual([]);
    // The CRM hears whom the customer was left with; the agent's talk ends there.
    const { call } = await callWebhookPayload(test.node.pool, callId ?? '') as { call: { thirdParty: unknown; talkSeconds: number; connectedAt: string } };
    expect(call.thirdParty).toEqual({ name: desk.name, leftWithCustomerAt: closed.third_party_handed_off_at?.toISOString() });
    expect(call.talkSeconds).toBe(Math.round(((closed.third_party_handed_off_at?.getTime() ?? 0) - Date.parse(call.connectedAt)) / 1000));
  });
});
