// The desktop API and its live stream against a whole node: the screen pop (script filled in,
// phones masked, history), hold, mute, pause reason codes, preview next/dial/skip, the state durations
// report, and that an agent token never reaches another agent's call, events or supervisor routes.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { insertLeads, createList } from '../../../src/adapters/pg/lead-repository.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { apiAnswer, apiCall, createScenario, waitUntil, type Scenario } from '../../browser/browser-helpers.js';

let test: TestNode;
let alice: Scenario;
const aliceCampaign = `Desktop routes ${Date.now()}`;
let bobToken: string;
/** Alice's phone leg, muted when her call ends. */
let aliceLeg = '';

interface AgentState { status: string; callId: string | null; owesDispositionFor: string | null; pauseReason: string | null; muted: boolean }

const as = <T>(token: string, method: string, path: string, body?: unknown) => apiAnswer<T>(test, token, method, path, body);

async function stateOf(agentId: string): Promise<AgentState> {
  return apiCall<AgentState>(test, 'GET', `/api/agents/${agentId}`);
}

/** Opens a live stream and collects its messages; resolves with the close code if it is refused. */
function stream(path: string) {
  const socket = new WebSocket(`${test.node.url.replace('http', 'ws')}${path}`);
  const messages: Array<Record<string, unknown>> = [];
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
  return { socket, messages, closed };
}

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'desktop-routes:');
  alice = await createScenario(test, {
    name: aliceCampaign, agentId: 'alice', agentName: 'Alice Agent',
    campaign: { script: 'Hi {first_name}, {agent_name} here about {company} ({missing}, {constructor}, {__proto__}, {toString}).', settings: { pauseReasons: ['lunch', 'coaching'] } },
    leads: [{ firstName: 'Lin', lastName: 'Wei', timezone: 'Asia/Shanghai', phones: ['+15550100030', '+15550100031'],
      fields: { company: 'Wei Trading', alt_phone: '5550101234' } }],
  });
  await apiCall(test, 'PUT', '/api/agents/bob', { name: 'Bob Agent' });
  bobToken = (await apiCall<{ token: string }>(test, 'POST', '/api/agents/bob/tokens')).token;
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('desktop routes', () => {
  it("refuses an agent token on another agent's desktop, call and preview, and on supervisor routes", async () => {
    for (const path of ['/api/agents/alice/call', '/api/agents/alice/desktop', '/api/agents/alice/state-durations', '/api/agents/alice/undispositioned',
      '/api/agents/alice/calls/00000000-0000-4000-8000-000000000000']) {
      expect((await as(bobToken, 'GET', path)).status, path).toBe(403);
    }
    for (const path of ['/api/agents/alice/preview/next', '/api/agents/alice/pause']) {
      expect((await as(bobToken, 'POST', path, { reason: 'lunch' })).status, path).toBe(403);
    }
    for (const [method, path] of [['GET', '/api/wallboard'], ['GET', '/api/recordings'], ['GET', '/api/reports/agent-states'],
      ['POST', '/api/supervision/sessions'], ['DELETE', '/api/supervision/sessions/sup-x-1']] as const) {
      const body = method === 'POST' ? { agentId: 'alice', mode: 'listen', endpoint: 'Local/bob@sim-agent' } : undefined;
      expect((await as(bobToken, method, path, body)).status, `${method} ${path}`).toBe(403);
    }
    expect((await as<{ agentId: string; role: string }>(bobToken, 'GET', '/api/session')).body).toEqual({ role: 'agent', name: 'Bob Agent', agentId: 'bob' });
  });

  it('refuses live streams to the wrong token and sends an agent only their own events', async () => {
    expect(await stream('/ws/agent?token=nope').closed).toBe(4401);
    expect(await stream(`/ws/agent?token=${bobToken}&agentId=alice`).closed).toBe(4403);
    expect(await stream(`/ws/supervisor?token=${bobToken}`).closed).toBe(4403);

    const bob = stream(`/ws/agent?token=${bobToken}`);
    const aliceStream = stream(`/ws/agent?token=${alice.agentToken}`);
    const supervisor = stream(`/ws/supervisor?token=${roleTokens.supervisor}`);
    await waitUntil('the hello messages', async () => bob.messages.length > 0 && aliceStream.messages.length > 0);
    expect(bob.messages[0]).toMatchObject({ type: 'hello', role: 'agent', agentId: 'bob' });

    await as(alice.agentToken, 'POST', '/api/agents/alice/login', { campaignId: alice.campaignId });
    await waitUntil('alice paused', async () => (await stateOf('alice')).status === 'paused');
    expect((await as(alice.agentToken, 'POST', '/api/agents/alice/ready')).status).toBe(200);
    const call = await waitUntil('a call message for alice', async () => aliceStream.messages.find((m) => m.type === 'call'));
    expect(call).toMatchObject({ type: 'call', status: 'reserved' });
    await waitUntil('alice talking', async () => (await stateOf('alice')).status === 'talking');
    await waitUntil('a wallboard snapshot', async () => supervisor.messages.some((m) => m.type === 'wallboard'));
    expect(supervisor.messages.some((m) => m.type === 'agent' && (m.agent as { id: string }).id === 'alice')).toBe(true);

    const aboutOthers = bob.messages.filter((m) => m.type !== 'hello' && (m.agent as { id?: string } | undefined)?.id !== 'bob');
    expect(aboutOthers).toEqual([]);
    for (const s of [bob, aliceStream, supervisor]) s.socket.close();
  });

  it('pops the call: script filled in, phones masked, and another agent cannot read it', async () => {
    const pop = await apiCall<{
      attempt: { id: string; phone: string }; lead: { firstName: string; fields: Record<string, string> }; script: string;
      phones: Array<{ phone: string; current: boolean }>; dispositions: Array<{ code: string; hotkey: string }>; timezone: string;
    }>(test, 'GET', '/api/agents/alice/call', undefined, alice.agentToken);
    expect(pop.lead.firstName).toBe('Lin');
    // Names of JavaScript's object internals are unknown placeholders like any other.
    expect(pop.script).toBe('Hi Lin, Alice Agent here about Wei Trading ({missing}, {constructor}, {__proto__}, {toString}).');
    expect(pop.attempt.phone).toBe('+*******0030');
    expect(pop.phones).toEqual([{ phone: '+*******0030', current: true, disabled: false, attempts: 0 }, { phone: '+*******0031', current: false, disabled: false, attempts: 0 }]);
    expect(pop.lead.fields.alt_phone).toBe('******1234');
    expect(JSON.stringify(pop)).not.toContain('5550100030');
    expect(pop.timezone).toBe('Asia/Shanghai');
    expect(pop.dispositions.find((d) => d.code === 'SALE')?.hotkey).toBe('1');
    expect((await as(bobToken, 'GET', '/api/agents/alice/call')).status).toBe(403);
    expect((await as(bobToken, 'GET', '/api/agents/bob/call')).status).toBe(404);
    expect((await as(bobToken, 'POST', `/api/attempts/${pop.attempt.id}/disposition`, { code: 'SALE' })).status).toBe(403);
    // Through their own path, another agent's call is not theirs to open late.
    const notBobs = await as<{ details?: unknown }>(bobToken, 'GET', `/api/agents/bob/calls/${pop.attempt.id}`);
    expect([notBobs.status, notBobs.body.details]).toEqual([404, undefined]);
    // A call that does not exist is told apart (its disposition route tells as much): a desktop drops what it held for it.
    const none = await as<{ details?: unknown }>(bobToken, 'GET', '/api/agents/bob/calls/0b7e3a51-9c2d-4f68-8a14-5d6e7f809a1b');
    expect([none.status, none.body.details]).toEqual([404, { reason: 'no_such_attempt' }]);
    // The call in hand is not on the list of calls left without a disposition.
    const late = await as<{ calls: Array<{ attemptId: string }> }>(alice.agentToken, 'GET', '/api/agents/alice/undispositioned');
    expect(late.status).toBe(200);
    expect(late.body.calls.map((c) => c.attemptId)).not.toContain(pop.attempt.id);
  });

  it('puts the customer on hold and back for the agent on the call, and for nobody else', async () => {
    expect((await as(bobToken, 'POST', '/api/agents/alice/hold')).status).toBe(403);
    const held = await as<{ status: string; heldSinceMs: number | null }>(alice.agentToken, 'POST', '/api/agents/alice/hold');
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({ status: 'talking', heldSinceMs: expect.any(Number) });
    const { callId } = await stateOf('alice');
    const membersOf = (bridgeId: string) => test.pbx.bridges().find((b) => b.id === bridgeId)?.channels ?? [];
    // The engine answers at once; the PBX follows.
    await waitUntil('the customer in the holding bridge', async () => membersOf(`hold-${callId}`).includes(callId ?? ''));
    // Asked twice, the same hold.
    expect((await as<{ heldSinceMs: number }>(alice.agentToken, 'POST', '/api/agents/alice/hold')).body.heldSinceMs).toBe(held.body.heldSinceMs);
    const back = await as<{ heldSinceMs: number | null }>(alice.agentToken, 'POST', '/api/agents/alice/unhold');
    expect(back.body.heldSinceMs).toBeNull();
    await waitUntil('the customer back with alice', async () => membersOf('agent-bridge-alice').includes(callId ?? ''));
  });

  it("mutes the agent's phone for the agent on the call, and for nobody else", async () => {
    expect((await as(bobToken, 'POST', '/api/agents/alice/mute')).status).toBe(403);
    const { callId } = await stateOf('alice');
    const leg = test.pbx.bridges().find((b) => b.id === 'agent-bridge-alice')?.channels.find((id) => id !== callId) ?? '';
    const muted = await as<{ status: string; muted: boolean }>(alice.agentToken, 'POST', '/api/agents/alice/mute');
    expect([muted.status, muted.body.muted]).toEqual([200, true]);
    // What alice says no longer goes in; she still hears the customer.
    await waitUntil("alice's phone muted", async () => test.pbx.channelMuted(leg).join() === 'in');
    expect((await as<{ muted: boolean }>(alice.agentToken, 'POST', '/api/agents/alice/unmute')).body.muted).toBe(false);
    await waitUntil("alice's phone heard again", async () => test.pbx.channelMuted(leg).length === 0);
    // Left muted: the end of the call turns the microphone on again (next test).
    await as(alice.agentToken, 'POST', '/api/agents/alice/mute');
    await waitUntil("alice's phone muted again", async () => test.pbx.channelMuted(leg).join() === 'in');
    aliceLeg = leg;
    // Her campaign records every call: the refusal names it as she knows it, not by its id.
    const kept = await as<{ message: string }>(alice.agentToken, 'POST', '/api/agents/alice/record-stop');
    expect([kept.status, kept.body.message]).toEqual([409, `campaign "${aliceCampaign}" records every call: its recordings cannot be stopped`]);
  });

  it("accepts only the campaign's pause reason codes, and pauses after the call when asked during it", async () => {
    const refused = await as<{ error: string; details: { allowed: string[] } }>(alice.agentToken, 'POST', '/api/agents/alice/pause', { reason: 'break' });
    expect(refused.status).toBe(400);
    expect(refused.body.details.allowed).toEqual(['lunch', 'coaching']);
    const accepted = await as<{ status: string; pendingPause: string }>(alice.agentToken, 'POST', '/api/agents/alice/pause', { reason: 'coaching' });
    expect(accepted.body).toMatchObject({ status: 'talking', pendingPause: 'coaching' });

    const { callId } = await stateOf('alice');
    await as(alice.agentToken, 'POST', '/api/agents/alice/hangup');
    await waitUntil('alice wrapping up', async () => (await stateOf('alice')).status === 'wrap_up');
    expect((await stateOf('alice')).muted).toBe(false);
    await waitUntil("alice's phone heard again after the call", async () => test.pbx.channelMuted(aliceLeg).length === 0);
    const sent = await as(alice.agentToken, 'POST', `/api/attempts/${callId}/disposition`, { code: 'NOT_INTERESTED', notes: 'prefers email', stage: 'valid_contact' });
    expect(sent.status).toBe(201);
    expect((await as(alice.agentToken, 'POST', `/api/attempts/${callId}/disposition`, { code: 'NOT_INTERESTED' })).status).toBe(200);
    await as(alice.agentToken, 'POST', '/api/agents/alice/ready');
    await waitUntil('alice paused for coaching', async () => (await stateOf('alice')).pauseReason === 'coaching');

    // No customer on the line: nobody to hold.
    const noCall = await as<{ message: string; details: { engineCode: string } }>(alice.agentToken, 'POST', '/api/agents/alice/hold');
    expect(noCall.status).toBe(409);
    expect(noCall.body).toMatchObject({ message: 'agent alice has no customer to put on hold', details: { engineCode: 'not_in_conversation' } });
    expect((await as(alice.agentToken, 'POST', '/api/agents/alice/mute')).status).toBe(409);
    // Her campaign, named as she knows it, has no previews.
    const noPreview = await as<{ message: string }>(alice.agentToken, 'POST', '/api/agents/alice/preview/next');
    expect([noPreview.status, noPreview.body.message]).toEqual([409, `campaign "${aliceCampaign}" is not in preview mode`]);
  });

  it("previews a lead, skips it without counting a dial, then dials the next one showing its list's caller ID", async () => {
    const campaign = await apiCall<{ id: string; name: string }>(test, 'POST', '/api/campaigns', {
      name: `Preview ${Date.now()}`, mode: 'preview', wrapUpMode: 'manual',
      settings: { callingWindow: { regime: 'custom', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]])) } },
    });
    const list = await createList(test.node.pool, { campaignId: campaign.id, name: 'preview list' });
    // The list shows its own caller ID.
    await apiCall(test, 'PATCH', `/api/lists/${list.id}`, { callerId: '+14155550199' });
    const [first, second] = await insertLeads(test.node.pool, list.id, [
      { firstName: 'First', priority: 5, phones: ['+15550100040'] }, { firstName: 'Second', phones: ['+15550100050'] },
    ]);
    await apiCall(test, 'POST', `/api/campaigns/${campaign.id}/start`);
    await as(bobToken, 'POST', '/api/agents/bob/login', { campaignId: campaign.id });
    await waitUntil('bob paused', async () => (await stateOf('bob')).status === 'paused');

    const offered = await as<{ attempt: { id: string; preview: boolean }; lead: { id: string } }>(bobToken, 'POST', '/api/agents/bob/preview/next');
    expect(offered.status).toBe(201);
    expect(offered.body.lead.id).toBe(first);
    expect(offered.body.attempt.preview).toBe(true);
    expect((await as<{ attempt: { id: string } }>(bobToken, 'GET', '/api/agents/bob/call')).body.attempt.id).toBe(offered.body.attempt.id);
    expect((await as(bobToken, 'POST', '/api/agents/bob/preview/skip', { attemptId: offered.body.attempt.id })).status).toBe(200);
    expect((await as(bobToken, 'POST', '/api/agents/bob/preview/skip', { attemptId: offered.body.attempt.id })).status).toBe(409);
    const skipped = await test.node.pool.query<{ attempts: number; leased_by: string | null; status: string }>('SELECT attempts, leased_by, status FROM leads WHERE id = $1', [first]);
    expect(skipped.rows[0]).toEqual({ attempts: 0, leased_by: null, status: 'new' });
    // In the skip log of the campaign's results.
    const results = await apiCall<{ agents: { agentId: string; previewsSkipped: number }[] }>(test, 'GET', `/api/reports/campaigns/${campaign.id}`);
    expect(results.agents.find((a) => a.agentId === 'bob')?.previewsSkipped).toBe(1);

    const next = await as<{ attempt: { id: string }; lead: { id: string } }>(bobToken, 'POST', '/api/agents/bob/preview/next');
    expect(next.body.lead.id).toBe(second);
    // Through her own path Alice finds no such preview: another agent's lead is not even confirmed to exist.
    expect((await as(alice.agentToken, 'POST', '/api/agents/alice/preview/dial', { attemptId: next.body.attempt.id })).status).toBe(404);
    expect((await as(alice.agentToken, 'POST', '/api/agents/bob/preview/dial', { attemptId: next.body.attempt.id })).status).toBe(403);
    // A preview left open is not rung into the campaign Bob works since: he and both campaigns named as people know them.
    await as(bobToken, 'POST', '/api/agents/bob/logout');
    await waitUntil('bob logged out', async () => (await stateOf('bob')).status === 'logged_out');
    await as(bobToken, 'POST', '/api/agents/bob/login', { campaignId: alice.campaignId });
    await waitUntil('bob paused in alice\'s campaign', async () => (await stateOf('bob')).status === 'paused');
    const elsewhere = await as<{ message: string }>(bobToken, 'POST', '/api/agents/bob/preview/dial', { attemptId: next.body.attempt.id });
    expect([elsewhere.status, elsewhere.body.message]).toEqual([409, `agent Bob Agent works campaign "${aliceCampaign}" now, not campaign "${campaign.name}"`]);
    await as(bobToken, 'POST', '/api/agents/bob/logout');
    await waitUntil('bob logged out again', async () => (await stateOf('bob')).status === 'logged_out');
    await as(bobToken, 'POST', '/api/agents/bob/login', { campaignId: campaign.id });
    await waitUntil('bob paused in the preview campaign', async () => (await stateOf('bob')).status === 'paused');
    expect((await as(bobToken, 'POST', '/api/agents/bob/preview/dial', { attemptId: next.body.attempt.id })).status).toBe(200);
    await waitUntil('bob talking on the preview call', async () => {
      const state = await stateOf('bob');
      return state.status === 'talking' && state.callId === next.body.attempt.id;
    });
    // The preview campaign records no calls: the refusal names it as Bob knows it.
    const unrecorded = await as<{ message: string }>(bobToken, 'POST', '/api/agents/bob/recording-pause');
    expect([unrecorded.status, unrecorded.body.message]).toEqual([409, `campaign "${campaign.name}" does not record its calls`]);
    const shown = await test.node.pool.query<{ caller_id: string }>('SELECT caller_id FROM attempts WHERE id = $1', [next.body.attempt.id]);
    expect(shown.rows).toEqual([{ caller_id: '+14155550199' }]);
    await as(bobToken, 'POST', '/api/agents/bob/hangup');
    await waitUntil('bob owes the disposition', async () => (await stateOf('bob')).owesDispositionFor === next.body.attempt.id);
  });

  it('reports seconds per state and per pause reason', async () => {
    const report = await apiCall<{ agents: Array<{ agentId: string; name: string; states: Record<string, number>; pauseReasons: Record<string, number> }> }>(
      test, 'GET', '/api/reports/agent-states', undefined, roleTokens.supervisor);
    const aliceRow = report.agents.find((a) => a.agentId === 'alice');
    expect(aliceRow?.name).toBe('Alice Agent');
    expect(Object.keys(aliceRow?.states ?? {})).toEqual(expect.arrayContaining(['paused', 'ready', 'reserved', 'talking', 'wrap_up']));
    expect(Object.keys(aliceRow?.pauseReasons ?? {})).toEqual(expect.arrayContaining(['login', 'coaching']));
    const own = await as<{ agent: { agentId: string } }>(alice.agentToken, 'GET', '/api/agents/alice/state-durations');
    expect(own.body.agent.agentId).toBe('alice');
    expect((await as(alice.agentToken, 'GET', '/api/reports/agent-states')).status).toBe(403);
    expect((await as(alice.agentToken, 'GET', '/api/agents/alice/state-durations?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z')).status).toBe(400);
  });
});
