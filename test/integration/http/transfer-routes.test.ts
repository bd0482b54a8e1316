// Handing a customer to a colleague through the API of a whole node (engine, simulated PBX,
// Postgres): whom the agent may hand them to, the refusals (colleagues and campaigns named by name), the customer moved into the
// colleague's bridge with the recording going on, the disposition given by the colleague, the
// attempt keeping who first had the call, and a consultation first (cancelled, turned conference,
// completed), and a consultation going on to the colleague when the agent's phone goes.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAttempt } from '../../../src/adapters/pg/attempt-repository.js';
import { callWebhookPayload } from '../../../src/adapters/pg/call-webhook.js';
import { simAuth } from '../../helpers/crash-mid-call.js';
import { startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { apiAnswer, apiCall, createScenario, waitUntil, type Scenario } from '../../browser/browser-helpers.js';

let test: TestNode;
let alice: Scenario;
const aliceCampaign = `Transfers ${Date.now()}`;
let carolToken: string;
let bobToken: string;

interface AgentState {
  status: string; callId: string | null; owesDispositionFor: string | null; transferringTo: string | null; transferredFrom: string | null;
  consultWith: string | null; consultStage: string | null; heldSinceMs: number | null; revision: number;
}

const as = <T>(token: string, method: string, path: string, body?: unknown) => apiAnswer<T>(test, token, method, path, body);

const stateOf = (agentId: string) => apiCall<AgentState>(test, 'GET', `/api/agents/${agentId}`);
const holdKept = async (attemptId: string | null) => (await test.node.pool.query<{ held_ms: number; held_since: Date | null }>(
  'SELECT held_ms, held_since FROM attempts WHERE id = $1', [attemptId])).rows[0];
const membersOf = (bridgeId: string) => test.pbx.bridges().find((b) => b.id === bridgeId)?.channels ?? [];

async function logInReady(agentId: string, token: string, campaignId = alice.campaignId): Promise<void> {
  await as(token, 'POST', `/api/agents/${agentId}/login`, { campaignId });
  await waitUntil(`${agentId} paused`, async () => (await stateOf(agentId)).status === 'paused');
  await as(token, 'POST', `/api/agents/${agentId}/ready`);
}

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'transfer-routes:');
  alice = await createScenario(test, {
    name: aliceCampaign, agentId: 'alice', agentName: 'Alice Fronter',
    leads: [{ firstName: 'Ana', lastName: 'Ruiz', phones: ['+15550100070'] }],
  });
  await apiCall(test, 'PUT', '/api/agents/carol', { name: 'Carol Closer', groups: ['Closers'] });
  carolToken = (await apiCall<{ token: string }>(test, 'POST', '/api/agents/carol/tokens')).token;
  await apiCall(test, 'PUT', '/api/agents/bob', { name: 'Bob Agent' });
  bobToken = (await apiCall<{ token: string }>(test, 'POST', '/api/agents/bob/tokens')).token;
  await logInReady('alice', alice.agentToken);
  await waitUntil('alice talking', async () => (await stateOf('alice')).status === 'talking');
  await logInReady('carol', carolToken);
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('transfer routes', () => {
  it('lists the ready colleagues and their groups, to the agent and to nobody else', async () => {
    expect((await as(bobToken, 'GET', '/api/agents/alice/transfer-targets')).status).toBe(403);
    expect((await as(bobToken, 'POST', '/api/agents/alice/transfer', { toAgentId: 'carol' })).status).toBe(403);
    const targets = await as<{ agents: Array<{ id: string; name: string; groups: string[] }>; groups: unknown[] }>(alice.agentToken, 'GET', '/api/agents/alice/transfer-targets');
    expect(targets.status).toBe(200);
    expect(targets.body.agents).toEqual([expect.objectContaining({ id: 'carol', name: 'Carol Closer', groups: ['closers'] })]);
    expect(targets.body.groups).toEqual([{ group: 'closers', ready: 1 }]);
  });

  it('refuses a body naming both or neither, and a group with no one ready, saying why', async () => {
    expect((await as(alice.agentToken, 'POST', '/api/agents/alice/transfer', { toAgentId: 'carol', group: 'closers' })).status).toBe(400);
    expect((await as(alice.agentToken, 'POST', '/api/agents/alice/transfer', {})).status).toBe(400);
    const none = await as<{ message: string; details: { engineCode: string } }>(alice.agentToken, 'POST', '/api/agents/alice/transfer', { group: 'spanish' });
    expect(none.status).toBe(409);
    expect(none.body).toMatchObject({ message: 'no agent of spanish is ready for a call', details: { engineCode: 'transfer_refused' } });
    // A colleague is named as the agent knows them, not by their id.
    const away = await as<{ message: string }>(alice.agentToken, 'POST', '/api/agents/alice/transfer', { toAgentId: 'bob' });
    expect([away.status, away.body.message]).toEqual([409, 'Bob Agent is not another agent logged in to this campaign or one it hands customers to']);
    // So are campaigns: one Alice's does not hand customers to, then one it does with nobody at work.
    const closers = await apiCall<{ id: string; name: string }>(test, 'POST', '/api/campaigns', { name: `Closers ${Date.now()}` });
    const unlisted = await as<{ message: string }>(alice.agentToken, 'POST', '/api/agents/alice/transfer', { campaignId: closers.id });
    expect([unlisted.status, unlisted.body.message]).toEqual([409, `campaign "${aliceCampaign}" does not hand customers to campaign "${closers.name}"`]);
    await apiCall(test, 'PATCH', `/api/campaigns/${alice.campaignId}`, { settings: { handoverCampaigns: [closers.id] } });
    const nobody = await as<{ message: string }>(alice.agentToken, 'POST', '/api/agents/alice/transfer', { campaignId: closers.id });
    expect([nobody.status, nobody.body.message]).toEqual([409, `no agent of campaign "${closers.name}" is ready for a call`]);
    await apiCall(test, 'PATCH', `/api/campaigns/${alice.campaignId}`, { settings: { handoverCampaigns: null } });
    // Carol has no customer to hand over.
    expect((await as(carolToken, 'POST', '/api/agents/carol/transfer', { toAgentId: 'alice' })).status).toBe(409);
  });

  it('moves the customer to the colleague, who pops the call and gives its disposition; the fronter goes on owing nothing', async () => {
    const { callId } = await stateOf('alice');
    const handing = await as<AgentState>(alice.agentToken, 'POST', '/api/agents/alice/transfer', { group: 'CLOSERS' });
    expect(handing.status).toBe(200);
    await waitUntil('carol talking', async () => (await stateOf('carol')).status === 'talking');
    await waitUntil('the customer in carol\'s bridge', async () => membersOf('agent-bridge-carol').includes(callId ?? ''));
    expect(membersOf('agent-bridge-alice')).not.toContain(callId);
    expect(await stateOf('carol')).toMatchObject({ callId, transferredFrom: 'alice' });
    expect(await stateOf('alice')).toMatchObject({ status: 'wrap_up', owesDispositionFor: null, transferringTo: null });

    const pop = await as<{ attempt: { id: string }; lead: { firstName: string } }>(carolToken, 'GET', '/api/agents/carol/call');
    expect(pop.body).toMatchObject({ attempt: { id: callId, handedOverBy: { id: 'alice', name: 'Alice Fronter' } }, lead: { firstName: 'Ana' } });
    // The recording goes on in carol's bridge, under the call's own name.
    const recordingName = await waitUntil('the recording in carol\'s bridge', async () => test.pbx.bridgeRecording('agent-bridge-carol'));
    expect(test.pbx.bridgeRecording('agent-bridge-alice')).toBeNull();
    // Kept while the call goes on, for a node taking it up after a crash.
    await waitUntil('the handover kept', async () =>
      (await test.node.pool.query('SELECT 1 FROM attempt_handovers WHERE attempt_id = $1', [callId])).rowCount === 1);

    expect((await as<AgentState>(alice.agentToken, 'POST', '/api/agents/alice/ready')).body.status).toBe('ready');
    await as(carolToken, 'POST', '/api/agents/carol/hangup');
    await waitUntil('carol wrapping up', async () => (await stateOf('carol')).status === 'wrap_up');
    const closed = await waitUntil('the attempt closed', async () => {
      const row = await getAttempt(test.node.pool, callId ?? '');
      return row?.endedAt ? row : null;
    });
    expect(closed.agentId).toBe('carol');
    // Were the database still to name alice (its writes behind), the engine knows carol owes it.
    await test.node.pool.query("UPDATE attempts SET agent_id = 'alice' WHERE id = $1", [callId]);
    expect((await as(alice.agentToken, 'POST', `/api/attempts/${callId}/disposition`, { code: 'SALE' })).status).toBe(403);
    expect((await as(carolToken, 'POST', `/api/attempts/${callId}/disposition`, { code: 'SALE' })).status).toBe(201);
    expect(await getAttempt(test.node.pool, callId ?? '')).toMatchObject({ transfers: 1, transferredFrom: 'alice', outcome: 'connected', recordingName });
    // When the customer changed hands, for the report to share the talk time out.
    const handovers = await test.node.pool.query<{ seq: number; from_agent: string; to_agent: string; at: Date }>(
      'SELECT seq, from_agent, to_agent, at FROM attempt_handovers WHERE attempt_id = $1', [callId]);
    expect(handovers.rows).toEqual([{ seq: 1, from_agent: 'alice', to_agent: 'carol', at: expect.any(Date) }]);
    expect(handovers.rows[0]!.at.getTime()).toBeGreaterThan(closed.connectedAt!.getTime());
    // The CRM is told each handover too.
    expect((await callWebhookPayload(test.node.pool, callId ?? '')).call).toMatchObject({
      transferredFrom: 'alice', handovers: [{ fromAgentId: 'alice', toAgentId: 'carol', at: handovers.rows[0]!.at.toISOString() }],
    });
    const disposition = await test.node.pool.query<{ agent_id: string }>('SELECT agent_id FROM dispositions WHERE attempt_id = $1', [callId]);
    expect(disposition.rows).toEqual([{ agent_id: 'carol' }]);
  });

  it('consults a colleague with the customer on hold, cancels, consults again, brings the customer in and hands them over', async () => {
    const dave = await createScenario(test, {
      name: `Consults ${Date.now()}`, agentId: 'dave', agentName: 'Dave Fronter', leads: [{ firstName: 'Eva', lastName: 'Lind', phones: ['+15550100072'] }],
    });
    await apiCall(test, 'PUT', '/api/agents/erin', { name: 'Erin Closer' });
    const erinToken = (await apiCall<{ token: string }>(test, 'POST', '/api/agents/erin/tokens')).token;
    await logInReady('dave', dave.agentToken, dave.campaignId);
    await waitUntil('dave talking', async () => (await stateOf('dave')).status === 'talking');
    await logInReady('erin', erinToken, dave.campaignId);
    const { callId } = await stateOf('dave');
    const erinLeg = membersOf('agent-bridge-erin')[0];
    const consult = (path: string, body?: unknown) => as<AgentState & { details?: { engineCode: string } }>(dave.agentToken, 'POST', `/api/agents/dave/consult${path}`, body);

    const asked = await consult('', { toAgentId: 'erin' });
    expect(asked.body).toMatchObject({ consultStage: 'joining', consultWith: 'erin' });
    await waitUntil('erin in the consultation', async () => (await stateOf('erin')).status === 'talking');
    // A view made later is numbered higher: a desktop keeps the newer when an answer comes late.
    expect((await stateOf('dave')).revision).toBeGreaterThan(asked.body.revision);
    expect(await stateOf('dave')).toMatchObject({ status: 'talking', consultWith: 'erin', consultStage: 'consulting', heldSinceMs: expect.any(Number) });
    // The consultation's hold is kept with the attempt, for a node taking the call up after a crash.
    const heldSinceMs = (await stateOf('dave')).heldSinceMs;
    await waitUntil('the hold kept', async () => (await holdKept(callId))?.held_since?.getTime() === heldSinceMs);
    expect(await stateOf('erin')).toMatchObject({ consultWith: 'dave', consultStage: 'consulting', callId });
    expect(membersOf(`hold-${callId}`)).toEqual([callId]);
    expect(membersOf('agent-bridge-dave')).toContain(erinLeg);
    // Supervisors see who is in the consultation.
    const wallboard = await apiCall<{ agents: Array<{ id: string; consultWith: string | null }> }>(test, 'GET', '/api/wallboard');
    expect(wallboard.agents.filter((a) => a.consultWith !== null).map((a) => [a.id, a.consultWith]).sort()).toEqual([['dave', 'erin'], ['erin', 'dave']]);
    // Erin cannot end the customer's call, only leave; nor hand it on.
    expect((await as(erinToken, 'POST', '/api/agents/erin/consult/complete')).status).toBe(409);
    // Dave is told who the customer is being handed to by name.
    const again = await as<{ message: string }>(dave.agentToken, 'POST', '/api/agents/dave/transfer', { toAgentId: 'erin' });
    expect([again.status, again.body.message]).toEqual([409, 'the customer is already being handed over to Erin Closer']);
    const held = await as<{ message: string }>(dave.agentToken, 'POST', '/api/agents/dave/unhold');
    expect([held.status, held.body.message]).toEqual([409, 'the customer is being handed over to Erin Closer']);

    expect((await consult('/cancel')).body).toMatchObject({ consultStage: null, consultWith: null, heldSinceMs: null });
    await waitUntil('the customer back with dave', async () => membersOf('agent-bridge-dave').includes(callId ?? '') && membersOf('agent-bridge-erin').includes(erinLeg ?? ''));
    expect(await stateOf('erin')).toMatchObject({ status: 'wrap_up', owesDispositionFor: null });
    await waitUntil('the hold\'s end kept', async () => (await holdKept(callId))?.held_since === null);
    expect((await holdKept(callId))?.held_ms).toBeGreaterThan(0);
    await as(erinToken, 'POST', '/api/agents/erin/ready');

    expect((await consult('', { group: 'nobody-here' })).status).toBe(409);
    await consult('', { toAgentId: 'erin' });
    await waitUntil('erin back in a consultation', async () => (await stateOf('erin')).consultStage === 'consulting');
    expect((await consult('/conference')).body).toMatchObject({ consultStage: 'conference', heldSinceMs: null });
    await waitUntil('all three in dave\'s bridge', async () => membersOf('agent-bridge-dave').length === 3);
    await consult('/complete');
    await waitUntil('erin has the customer', async () => (await stateOf('erin')).consultStage === null && (await stateOf('dave')).status === 'wrap_up');
    await waitUntil('the customer in erin\'s bridge', async () => membersOf('agent-bridge-erin').includes(callId ?? ''));
    expect(membersOf('agent-bridge-erin')).toContain(erinLeg);
    expect(membersOf('agent-bridge-dave')).toHaveLength(1);
    expect(await stateOf('erin')).toMatchObject({ status: 'talking', callId, transferredFrom: 'dave' });
    expect((await consult('/complete')).status).toBe(409);
  });

  it('hands the customer to the colleague of a consultation when the agent\'s phone goes, the colleague owing the disposition', async () => {
    const frank = await createScenario(test, {
      name: `Phone lost ${Date.now()}`, agentId: 'frank', agentName: 'Frank Fronter', leads: [{ firstName: 'Ida', lastName: 'Berg', phones: ['+15550100074'] }],
    });
    await apiCall(test, 'PUT', '/api/agents/gina', { name: 'Gina Closer' });
    const ginaToken = (await apiCall<{ token: string }>(test, 'POST', '/api/agents/gina/tokens')).token;
    await logInReady('frank', frank.agentToken, frank.campaignId);
    await waitUntil('frank talking', async () => (await stateOf('frank')).status === 'talking');
    await logInReady('gina', ginaToken, frank.campaignId);
    const { callId } = await stateOf('frank');
    const frankLeg = membersOf('agent-bridge-frank').find((channel) => channel !== callId);
    await as(frank.agentToken, 'POST', '/api/agents/frank/consult', { toAgentId: 'gina' });
    await waitUntil('gina in the consultation', async () => (await stateOf('gina')).consultStage === 'consulting');

    expect((await fetch(`${test.pbx.url}/ari/channels/${frankLeg}`, { method: 'DELETE', headers: simAuth })).status).toBe(204);
    await waitUntil('the customer in gina\'s bridge', async () => membersOf('agent-bridge-gina').includes(callId ?? ''));
    await waitUntil('gina has the customer', async () => (await stateOf('gina')).consultStage === null);
    expect(await stateOf('gina')).toMatchObject({ status: 'talking', callId, transferredFrom: 'frank' });
    expect(await stateOf('frank')).toMatchObject({ status: 'logged_out', owesDispositionFor: null });
    expect(test.pbx.channels().some((channel) => channel.id === callId)).toBe(true);
  });
});
