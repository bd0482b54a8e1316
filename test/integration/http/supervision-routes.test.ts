// Supervision and recordings through the API against the simulated PBX: listen, whisper and
// barge put the supervisor's phone on the agent's call (snoop or the agent's own bridge) and end
// cleanly; a recorded call is listed and downloaded through the engine by supervisor roles only.
// Listen follows the agent from call to call with an evidence entry for each call heard, and ends
// at logout; barge is taken only on a call and ends with it. However a session ends, the
// supervisor's wallboard is told over its live stream, and End on a session already over says so.
// A supervisor hanging up, pausing or logging out an agent is named in the call's end and the
// agent's state log (a hang-up of the agent's own dial still ringing too), and their pause in a
// wrap-up waits for the disposition the agent owes (and for nothing when the call leaves them owing none).

import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { markNodePresent, nodeLastSeenKey, nodePresenceKey } from '../../../src/adapters/redis/node-presence.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { agentTalking, apiCall, createScenario, waitUntil, type Scenario } from '../../browser/browser-helpers.js';

let test: TestNode;
let scenario: Scenario;
let attemptId: string;

async function request(token: string | null, method: string, path: string, body?: unknown) {
  return fetch(`${test.node.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A wallboard's live stream as `token` opens it, collecting what it is sent; resolves once it is open. */
async function wallboardStream(token: string) {
  const socket = new WebSocket(`${test.node.url.replace('http', 'ws')}/ws/supervisor?token=${token}`);
  const messages: Array<Record<string, unknown>> = [];
  socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
  await waitUntil('the wallboard stream open', async () => messages.some((m) => m.type === 'hello'));
  const endedNews = () => messages.filter((m) => m.type === 'supervision_ended');
  return { socket, messages, endedNews };
}

async function agentStatus(): Promise<{ status: string; callId: string | null }> {
  return apiCall(test, 'GET', `/api/agents/${scenario.agentId}`);
}

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'supervision-routes:', { closeDrainMs: 0 });
  // Nodes earlier test files stopped without a word are still at work by their heartbeats: not this file's.
  await test.node.pool.query('DELETE FROM engine_node_heartbeats WHERE node_id <> $1', [test.node.nodeId]);
  scenario = await createScenario(test, {
    name: `Supervision ${Date.now()}`, agentId: 'sup-target', agentName: 'Target Agent',
    leads: [{ firstName: 'Rec', lastName: 'Orded', phones: ['+15550100060'] }],
  });
  attemptId = await agentTalking(test, scenario);
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('supervision routes', () => {
  it('listens, whispers and barges from the supervisor phone and ends each session', async () => {
    const wallboard = await wallboardStream(roleTokens.supervisor);
    for (const mode of ['listen', 'whisper', 'barge'] as const) {
      const started = await request(roleTokens.supervisor, 'POST', '/api/supervision/sessions', { agentId: scenario.agentId, mode, endpoint: 'Local/sup9@sim-agent' });
      expect(started.status, mode).toBe(201);
      const { sessionId } = (await started.json()) as { sessionId: string };
      await waitUntil(`${mode}: the supervisor phone in a bridge`, async () =>
        test.pbx.bridges().some((b) => b.channels.includes(`${sessionId}-phone`)));
      const snoops = test.pbx.channels().filter((c) => c.name.startsWith('Snoop/'));
      expect(snoops.length, mode).toBe(mode === 'barge' ? 0 : 1);
      if (mode === 'barge') {
        const agentBridge = test.pbx.bridges().find((b) => b.channels.includes(`${sessionId}-phone`));
        expect(agentBridge?.channels).toContain(attemptId);
      }
      // Listed while open (a supervisor who closed their wallboard finds it), with who started it and since when.
      const open = await apiCall<{ sessions: Array<Record<string, unknown>>; nodesNotAnswering: string[] }>(test, 'GET', '/api/supervision/sessions', undefined, roleTokens.supervisor);
      expect(open).toEqual({ sessions: [{
        sessionId, agentId: scenario.agentId, mode, by: { name: 'test supervisor', role: 'supervisor' }, mine: true, since: expect.any(String), nodeId: expect.any(String), listeningPaused: false,
      }], nodesNotAnswering: [] });
      expect((await request(roleTokens.supervisor, 'DELETE', `/api/supervision/sessions/${sessionId}`)).status).toBe(204);
      expect((await apiCall<{ sessions: unknown[] }>(test, 'GET', '/api/supervision/sessions', undefined, roleTokens.manager)).sessions).toEqual([]);
      await waitUntil(`${mode}: session channels gone`, async () => !test.pbx.channels().some((c) => c.id.startsWith(sessionId)));
      // The supervisor's other wallboards learn it is over too.
      await waitUntil(`${mode}: the wallboard told`, async () => wallboard.endedNews().some((m) => m.sessionId === sessionId));
      expect(wallboard.endedNews().filter((m) => m.sessionId === sessionId)).toEqual([
        { type: 'supervision_ended', sessionId, agentId: scenario.agentId, mode, reason: 'hung_up' }]);
      const again = await request(roleTokens.supervisor, 'DELETE', `/api/supervision/sessions/${sessionId}`);
      expect(again.status).toBe(404);
      expect(((await again.json()) as { message: string }).message).toBe(`supervision session ${sessionId} has already ended`);
    }
    wallboard.socket.close();
    const unknown = await request(roleTokens.supervisor, 'DELETE', '/api/supervision/sessions/sup-nobody-1');
    expect([unknown.status, ((await unknown.json()) as { message: string }).message]).toEqual([404, 'no such supervision session']);
    expect((await agentStatus()).status).toBe('talking');
    // Each session is on the record: who, in which mode, on which agent and call, and its end: who ended it and why.
    const evidence = await waitUntil('every start and end on the record', async () => {
      const found = await test.node.pool.query<{ campaign_id: string; attempt_id: string; payload: Record<string, unknown> }>(
        "SELECT campaign_id::text, attempt_id::text, payload FROM evidence_log WHERE kind = 'supervision' AND attempt_id = $1 ORDER BY id", [attemptId]);
      return found.rows.length >= 6 ? found : null;
    });
    expect(evidence.rows.map((r) => r.payload)).toEqual(['listen', 'whisper', 'barge'].flatMap((mode) => [
      expect.objectContaining({ by: 'test supervisor', role: 'supervisor', agentId: scenario.agentId, mode, sessionId: expect.stringMatching(/^sup-/), entry: 'started' }),
      expect.objectContaining({
        by: 'test supervisor', agentId: scenario.agentId, mode, entry: 'ended', reason: 'ended_by_staff', endedBy: 'test supervisor', endedByRole: 'supervisor',
      }),
    ]));
    expect(new Set(evidence.rows.map((r) => r.campaign_id))).toEqual(new Set([scenario.campaignId]));
    // A supervisor, who sees numbers masked, reads the session ids in the evidence as they were given (to end one with).
    const started = evidence.rows.map((r) => r.payload.sessionId);
    const page = await apiCall<{ entries: Array<{ payload: { sessionId: string; entry: string } }> }>(
      test, 'GET', `/api/campaigns/${scenario.campaignId}/evidence?kinds=supervision`, undefined, roleTokens.supervisor);
    expect(page.entries.map((e) => e.payload.sessionId).reverse()).toEqual(started);
    for (const role of ['viewer', 'agent'] as const) expect((await request(roleTokens[role], 'GET', '/api/supervision/sessions')).status, role).toBe(403);
  });

  it('lets one supervisor speak on a call at a time, naming who has it, while any number listen', async () => {
    const start = (token: string, mode: string, endpoint: string) => request(token, 'POST', '/api/supervision/sessions', { agentId: scenario.agentId, mode, endpoint });
    const barge = await start(roleTokens.supervisor, 'barge', 'Local/sup9@sim-agent');
    expect(barge.status).toBe(201);
    const { sessionId } = (await barge.json()) as { sessionId: string };
    for (const mode of ['barge', 'whisper']) {
      const second = await start(roleTokens.manager, mode, 'Local/sup8@sim-agent');
      expect(second.status, mode).toBe(409);
      expect(((await second.json()) as { message: string }).message, mode).toMatch(/test supervisor \(supervisor\) is already barging in on Target Agent:/);
    }
    const listen = await start(roleTokens.manager, 'listen', 'Local/sup8@sim-agent');
    expect(listen.status).toBe(201);
    const listening = ((await listen.json()) as { sessionId: string }).sessionId;
    expect((await apiCall<{ sessions: Array<{ mode: string }> }>(test, 'GET', '/api/supervision/sessions', undefined, roleTokens.supervisor)).sessions.map((s) => s.mode)).toEqual(['barge', 'listen']);
    for (const id of [sessionId, listening]) expect((await request(roleTokens.supervisor, 'DELETE', `/api/supervision/sessions/${id}`)).status).toBe(204);
    // Once the barge is over, another supervisor may whisper.
    const whisper = await start(roleTokens.manager, 'whisper', 'Local/sup8@sim-agent');
    expect(whisper.status).toBe(201);
    expect((await request(roleTokens.manager, 'DELETE', `/api/supervision/sessions/${((await whisper.json()) as { sessionId: string }).sessionId}`)).status).toBe(204);
  });

  it("swaps a supervisor's own session for another mode on the same agent: refused, the old one goes on; started, it is over", async () => {
    const start = async (token: string, mode: string, endpoint: string, replaces?: string) => {
      const answer = await request(token, 'POST', '/api/supervision/sessions', { agentId: scenario.agentId, mode, endpoint, ...(replaces ? { replaces } : {}) });
      return { status: answer.status, body: (await answer.json()) as { sessionId: string; message: string } };
    };
    const openIds = async () => (await apiCall<{ sessions: Array<{ sessionId: string }> }>(test, 'GET', '/api/supervision/sessions', undefined, roleTokens.supervisor))
      .sessions.map((s) => s.sessionId);
    const listen = (await start(roleTokens.supervisor, 'listen', 'Local/sup9@sim-agent')).body.sessionId;
    const whisper = (await start(roleTokens.manager, 'whisper', 'Local/sup8@sim-agent')).body.sessionId;
    // Another supervisor speaks: the whisper asked in the listen's place is refused, and the listen goes on.
    const refused = await start(roleTokens.supervisor, 'whisper', 'Local/sup9@sim-agent', listen);
    expect([refused.status, refused.body.message]).toEqual([409, expect.stringMatching(/test manager \(manager\) is already whispering to Target Agent:/)]);
    expect(await openIds()).toEqual([listen, whisper]);
    expect(test.pbx.channels().some((c) => c.id === `${listen}-phone`)).toBe(true);
    // Only one's own session, on the same agent, is replaced.
    const notTheirs = await start(roleTokens.supervisor, 'listen', 'Local/sup9@sim-agent', whisper);
    expect([notTheirs.status, notTheirs.body.message]).toEqual([403, expect.stringMatching(/was started by test manager/)]);
    expect((await start(roleTokens.supervisor, 'listen', 'Local/sup9@sim-agent', 'sup-nobody-1')).status).toBe(404);
    expect(await openIds()).toEqual([listen, whisper]);
    expect((await request(roleTokens.manager, 'DELETE', `/api/supervision/sessions/${whisper}`)).status).toBe(204);

    // Started, it takes the old one's place; the supervisor's own whisper does not stand in the way of their barge.
    // The supervisor stays on the line: their phone, not rung again, is moved into the whisper.
    await waitUntil('the listen phone answered', async () => test.pbx.bridges().some((b) => b.channels.includes(`${listen}-phone`)));
    const whispering = await start(roleTokens.supervisor, 'whisper', 'Local/sup9@sim-agent', listen);
    expect(whispering.status).toBe(201);
    expect(await openIds()).toEqual([whispering.body.sessionId]);
    await waitUntil('the listen snoop gone', async () => !test.pbx.channels().some((c) => c.id === `${listen}-snoop`));
    const phoneIn = () => test.pbx.bridges().find((b) => b.channels.includes(`${listen}-phone`))?.id;
    await waitUntil('the phone and the whisper snoop in one bridge', async () =>
      test.pbx.bridges().some((b) => b.channels.includes(`${listen}-phone`) && b.channels.includes(`${whispering.body.sessionId}-snoop`)));
    expect(test.pbx.channels().filter((c) => c.id.endsWith('-phone')).map((c) => c.id)).toEqual([`${listen}-phone`]);
    const barging = await start(roleTokens.supervisor, 'barge', 'Local/sup9@sim-agent', whispering.body.sessionId);
    expect(barging.status).toBe(201);
    expect(await openIds()).toEqual([barging.body.sessionId]);
    await waitUntil('the phone in the call', async () => test.pbx.bridges().find((b) => b.id === phoneIn())?.channels.includes(attemptId) === true);
    expect(test.pbx.channels().some((c) => c.id.startsWith(whispering.body.sessionId))).toBe(false);
    const ended = await waitUntil('both ends on the record', async () => {
      const found = await test.node.pool.query<{ payload: Record<string, unknown> }>(
        "SELECT payload FROM evidence_log WHERE kind = 'supervision' AND payload->>'entry' = 'ended' AND payload->>'sessionId' = ANY($1) ORDER BY id",
        [[listen, whispering.body.sessionId]]);
      return found.rows.length === 2 ? found.rows.map((r) => r.payload) : null;
    });
    expect(ended).toEqual([listen, whispering.body.sessionId].map((sessionId) => expect.objectContaining({ sessionId, reason: 'ended_by_staff', endedBy: 'test supervisor' })));
    expect((await request(roleTokens.supervisor, 'DELETE', `/api/supervision/sessions/${barging.body.sessionId}`)).status).toBe(204);
    await waitUntil('the phone hung up with the last session', async () => !test.pbx.channels().some((c) => c.id === `${listen}-phone`));
  });

  it('starts a session once for a switch pressed twice, and leaves the old one on when the PBX refuses the new one', async () => {
    const start = async (mode: string, endpoint: string, replaces?: string) => {
      const answer = await request(roleTokens.supervisor, 'POST', '/api/supervision/sessions', { agentId: scenario.agentId, mode, endpoint, ...(replaces ? { replaces } : {}) });
      return { status: answer.status, body: (await answer.json()) as { sessionId: string; message: string } };
    };
    const openIds = async () => (await apiCall<{ sessions: Array<{ sessionId: string }> }>(test, 'GET', '/api/supervision/sessions', undefined, roleTokens.supervisor))
      .sessions.map((s) => s.sessionId);
    const listen = (await start('listen', 'Local/sup9@sim-agent')).body.sessionId;
    await waitUntil('the listen phone answered', async () => test.pbx.bridges().some((b) => b.channels.includes(`${listen}-phone`)));
    // Whisper, then at once listen again, both in place of the listen: one of them starts, the other is refused.
    const [first, second] = await Promise.all([start('whisper', 'Local/sup9@sim-agent', listen), start('listen', 'Local/sup9@sim-agent', listen)]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    const refused = first.status === 409 ? first : second;
    expect(refused.body.message).toBe(`supervision session ${listen} is already being replaced by another request: a session is replaced once (replace the one that started)`);
    const started = (first.status === 201 ? first : second).body.sessionId;
    expect(await openIds()).toEqual([started]);
    // A phone that is none of the PBX's (mistyped): refused, the session in place goes on, its phone on the line.
    const bogus = await start('barge', 'Bogus/2001', started);
    expect([bogus.status, bogus.body.message]).toEqual([400, "endpoint: a phone of the PBX, as agents' are: Local/<phone>@sim-agent, e.g. Local/2001@sim-agent (endpoints.agent); calls are not streamed to a number outside"]);
    expect(await openIds()).toEqual([started]);
    expect(test.pbx.channels().some((c) => c.id === `${listen}-phone`)).toBe(true);
    expect((await request(roleTokens.supervisor, 'DELETE', `/api/supervision/sessions/${started}`)).status).toBe(204);
    await waitUntil('the phone hung up', async () => !test.pbx.channels().some((c) => c.id.endsWith('-phone')));
  });

  it("says the PBX refused the node's ARI password, naming ARI_USER and ARI_PASSWORD, not the supervisor's endpoint, when the PBX's password changed under the node", async () => {
    const refusals: number[] = [];
    const stopWatching = test.pbx.onAnswered((answered) => { if (answered.status === 401) refusals.push(answered.status); });
    test.pbx.setPassword('changed-on-the-pbx');
    try {
      const answer = await request(roleTokens.supervisor, 'POST', '/api/supervision/sessions', { agentId: scenario.agentId, mode: 'listen', endpoint: 'Local/sup9@sim-agent' });
      const body = (await answer.json()) as { message: string };
      expect(refusals.length).toBeGreaterThan(0);
      expect(answer.status).toBe(503);
      expect(body.message).toMatch(/refused the ARI user and its password \(HTTP 401 Authentication required\): check ARI_USER and ARI_PASSWORD/);
    } finally {
      test.pbx.setPassword('dialer');
      stopWatching();
    }
    expect(test.pbx.channels().some((c) => c.name.startsWith('Snoop/') || c.id.endsWith('-phone'))).toBe(false);
  });

  it('names the nodes at work that cannot be asked for their sessions, without an address or with addresses not to be read', async () => {
    const listed = () => apiCall<{ nodesNotAnswering: string[] }>(test, 'GET', '/api/supervision/sessions', undefined, roleTokens.supervisor);
    await test.node.pool.query(`INSERT INTO engine_node_heartbeats (node_id, seen_at) VALUES ('sup-ghost', now()) ON CONFLICT (node_id) DO UPDATE SET seen_at = now()`);
    try {
      // At work by its heartbeat, its presence (and address) lapsed: it cannot be asked.
      expect((await listed()).nodesNotAnswering).toEqual(['sup-ghost']);
      // With an address it answers (this node's own, as a stand-in).
      await markNodePresent(test.node.redis, 'sup-ghost', 60_000, test.node.url);
      expect((await listed()).nodesNotAnswering).toEqual([]);
      // Last seen longer ago than a node's presence lasts (under a minute, though): gone, as it is
      // to every other part of the engine, so not a node at work that failed to answer.
      await test.node.redis.del(nodePresenceKey('sup-ghost'));
      const lapsedMs = test.node.runtime.presenceTtlMs() + 5_000;
      expect(lapsedMs).toBeLessThan(60_000);
      await test.node.pool.query(`UPDATE engine_node_heartbeats SET seen_at = now() - make_interval(secs => $1::double precision / 1000) WHERE node_id = 'sup-ghost'`, [lapsedMs]);
      expect((await listed()).nodesNotAnswering).toEqual([]);
      await test.node.pool.query(`UPDATE engine_node_heartbeats SET seen_at = now() WHERE node_id = 'sup-ghost'`);
      await markNodePresent(test.node.redis, 'sup-ghost', 60_000, test.node.url);
      // Redis not to be read: the listing still answers, naming the node it could not ask.
      const nodeUrl = vi.spyOn(test.node.runtime, 'nodeUrl').mockRejectedValue(new Error('Redis connection lost'));
      try {
        expect((await listed()).nodesNotAnswering).toEqual(['sup-ghost']);
      } finally {
        nodeUrl.mockRestore();
      }
    } finally {
      await test.node.pool.query(`DELETE FROM engine_node_heartbeats WHERE node_id = 'sup-ghost'`);
      await test.node.redis.del(nodePresenceKey('sup-ghost'), nodeLastSeenKey('sup-ghost'));
    }
  });
  it('refuses an agent without a phone leg, a malformed endpoint, and roles below supervisor', async () => {
    const body = { agentId: 'nobody', mode: 'listen', endpoint: 'Local/sup9@sim-agent' };
    expect((await request(roleTokens.supervisor, 'POST', '/api/supervision/sessions', body)).status).toBe(409);
    expect((await request(roleTokens.supervisor, 'POST', '/api/supervision/sessions', { ...body, endpoint: 'not a phone' })).status).toBe(400);
    // A number outside, through the trunk or the public network: no customer's call is streamed there.
    for (const outside of ['PJSIP/+15550100199@trunk', 'Local/5550100@sim-pstn', 'PJSIP/2001']) {
      const refused = await request(roleTokens.supervisor, 'POST', '/api/supervision/sessions', { ...body, agentId: scenario.agentId, endpoint: outside });
      expect(refused.status, outside).toBe(400);
      expect(((await refused.json()) as { message: string }).message).toContain("a phone of the PBX, as agents' are: Local/<phone>@sim-agent, e.g. Local/2001@sim-agent");
    }
    for (const role of ['viewer', 'agent'] as const) {
      expect((await request(roleTokens[role], 'POST', '/api/supervision/sessions', body)).status, role).toBe(403);
    }
    expect((await request(scenario.agentToken, 'POST', '/api/supervision/sessions', { ...body, agentId: scenario.agentId })).status).toBe(403);
  });

  it("mutes what supervisors hear while the agent's call has its recording paused (from the start of a session begun then), lets it through on resume, and leaves a barge's voice on", async () => {
    const recording = (action: string) => apiCall(test, 'POST', `/api/agents/${scenario.agentId}/${action}`, undefined, scenario.agentToken);
    const start = async (token: string, mode: string, endpoint: string) => (await apiCall<{ sessionId: string }>(
      test, 'POST', '/api/supervision/sessions', { agentId: scenario.agentId, mode, endpoint }, token)).sessionId;
    const bridged = (sessionId: string) => waitUntil(`${sessionId}: the supervisor phone in a bridge`, async () =>
      test.pbx.bridges().some((b) => b.channels.includes(`${sessionId}-phone`)));
    const heard = async (sessions: string[], muted: string[]) => waitUntil(`supervisor phones muted: ${muted.join()}`, async () =>
      sessions.every((id) => JSON.stringify(test.pbx.channelMuted(`${id}-phone`)) === JSON.stringify(muted)));
    const listed = async () => (await apiCall<{ sessions: Array<{ sessionId: string; listeningPaused: boolean }> }>(
      test, 'GET', '/api/supervision/sessions', undefined, roleTokens.supervisor)).sessions.map((s) => [s.sessionId, s.listeningPaused]);

    const wallboard = await wallboardStream(roleTokens.supervisor);
    // The wallboard's tile says so at once, as the desktop does, in the view it is pushed.
    const pushed = (paused: boolean) => waitUntil(`the wallboard told the recording is ${paused ? 'paused' : 'going on'}`, async () =>
      wallboard.messages.some((m) => m.type === 'agent' && (m.reason === (paused ? 'recording_paused' : 'recording_resumed'))
        && (m.agent as { id: string; recordingPaused: boolean }).id === scenario.agentId && (m.agent as { recordingPaused: boolean }).recordingPaused === paused), 5_000);
    await recording('recording-pause');
    await pushed(true);
    // Begun while the customer reads out their card: the phone is muted before it is bridged.
    const listen = await start(roleTokens.manager, 'listen', 'Local/sup7@sim-agent');
    await bridged(listen);
    expect(test.pbx.channelMuted(`${listen}-phone`)).toEqual(['out']);
    // A barge hears nothing of the call either, and still speaks into it (only `out` is muted).
    const barge = await start(roleTokens.supervisor, 'barge', 'Local/sup9@sim-agent');
    await bridged(barge);
    expect(test.pbx.channelMuted(`${barge}-phone`)).toEqual(['out']);
    expect(await listed()).toEqual([[listen, true], [barge, true]]);

    await recording('recording-resume');
    await pushed(false);
    wallboard.socket.close();
    await heard([listen, barge], []);
    expect(await listed()).toEqual([[listen, false], [barge, false]]);
    await recording('recording-pause');
    await heard([listen, barge], ['out']);
    await recording('recording-resume');
    await heard([listen, barge], []);

    // Each pause and resumption of what a supervisor heard is on the record, on the call.
    const entries = (sessionId: string) => waitUntil(`${sessionId}: every pause on the record`, async () => {
      const found = await test.node.pool.query<{ attempt_id: string; entry: string }>(
        "SELECT attempt_id::text, payload->>'entry' AS entry FROM evidence_log WHERE kind = 'supervision' AND payload->>'sessionId' = $1 ORDER BY id", [sessionId]);
      return found.rows.length >= 5 ? found.rows : null;
    });
    for (const sessionId of [listen, barge]) {
      expect(await entries(sessionId)).toEqual(['started', 'listening_paused', 'listening_resumed', 'listening_paused', 'listening_resumed'].map((entry) => ({ attempt_id: attemptId, entry })));
    }
    for (const sessionId of [listen, barge]) expect((await request(roleTokens.manager, 'DELETE', `/api/supervision/sessions/${sessionId}`)).status).toBe(204);
  });

  it('lists the recorded call and serves its file through the engine to supervisor roles only', async () => {
    await apiCall(test, 'POST', `/api/agents/${scenario.agentId}/hangup`, undefined, scenario.agentToken);
    await apiCall(test, 'POST', `/api/attempts/${attemptId}/disposition`, { code: 'SALE' }, scenario.agentToken);
    const listed = await waitUntil('the recording in the list', async () => {
      const rows = await apiCall<Array<{ attemptId: string; leadName: string; disposition: string; downloadUrl: string }>>(
        test, 'GET', '/api/recordings', undefined, roleTokens.supervisor);
      return rows.find((r) => r.attemptId === attemptId);
    });
    expect(listed).toMatchObject({ leadName: 'Rec Orded', disposition: 'SALE', downloadUrl: `/api/recordings/${attemptId}/file` });

    for (const role of ['supervisor', 'manager', 'admin'] as const) {
      const file = await request(roleTokens[role], 'GET', listed.downloadUrl);
      expect(file.status, role).toBe(200);
      expect(file.headers.get('content-type')).toBe('audio/wav');
      expect(file.headers.get('content-disposition')).toContain('attachment');
      const bytes = Buffer.from(await file.arrayBuffer());
      expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
    }
    // The PBX's password changed under the node: the supervisor is told what the operator is to check.
    test.pbx.setPassword('changed-on-the-pbx');
    try {
      const refused = await request(roleTokens.supervisor, 'GET', listed.downloadUrl);
      expect([refused.status, ((await refused.json()) as { message: string }).message]).toEqual([503,
        "getStoredFile: the PBX refused the ARI user and its password (HTTP 401 Authentication required): check ARI_USER and ARI_PASSWORD (ari.user, ari.password) against the PBX's ari.conf"]);
    } finally {
      test.pbx.setPassword('dialer');
    }
    for (const token of [roleTokens.viewer, roleTokens.agent, scenario.agentToken]) {
      expect((await request(token, 'GET', listed.downloadUrl)).status).toBe(403);
      expect((await request(token, 'GET', '/api/recordings')).status).toBe(403);
    }
    expect((await request(null, 'GET', listed.downloadUrl)).status).toBe(401);
    // Every download is on the record, refused ones are not.
    const accessed = await test.node.pool.query<{ payload: { by: string; role: string } }>(
      "SELECT payload FROM evidence_log WHERE kind = 'recording_accessed' AND attempt_id = $1 ORDER BY id", [attemptId]);
    expect(accessed.rows.map((r) => r.payload.role)).toEqual(['supervisor', 'manager', 'admin']);
    expect((await request(roleTokens.supervisor, 'GET', '/api/recordings/00000000-0000-4000-8000-000000000000/file')).status).toBe(404);

    // Deleted past the retention: gone from the list, and the download says when and why.
    await test.node.pool.query("UPDATE attempts SET recording_purged_at = '2030-01-01T00:00:00Z' WHERE id = $1", [attemptId]);
    const gone = await request(roleTokens.supervisor, 'GET', listed.downloadUrl);
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { message: string }).message).toBe(`the recording of attempt ${attemptId} was deleted on 2030-01-01T00:00:00.000Z, past the retention`);
    const after = await apiCall<Array<{ attemptId: string }>>(test, 'GET', '/api/recordings', undefined, roleTokens.supervisor);
    expect(after.map((r) => r.attemptId)).not.toContain(attemptId);
  });

  it('serves the wallboard snapshot to staff', async () => {
    const board = await apiCall<{ agents: Array<{ id: string; name: string }>; campaigns: Array<{ id: string; abandonBudget: number }> }>(
      test, 'GET', '/api/wallboard', undefined, roleTokens.viewer);
    expect(board.agents.find((a) => a.id === scenario.agentId)?.name).toBe('Target Agent');
    expect(board.campaigns.find((c) => c.id === scenario.campaignId)?.abandonBudget).toBeGreaterThan(0);
    // What bound the pacer's last decision, as the decision log has it.
    const bindings = async () => {
      const [latest] = await apiCall<Array<{ binding: string }>>(test, 'GET', `/api/campaigns/${scenario.campaignId}/decisions?limit=1`, undefined, roleTokens.viewer);
      const snapshot = await apiCall<{ campaigns: Array<{ id: string; binding: string | null }> }>(test, 'GET', '/api/wallboard', undefined, roleTokens.viewer);
      return { logged: latest?.binding, shown: snapshot.campaigns.find((c) => c.id === scenario.campaignId)?.binding };
    };
    await expect.poll(async () => { const b = await bindings(); return b.shown !== undefined && b.shown === b.logged; }).toBe(true);
  });
});

describe('supervision across calls', () => {
  let follow: Scenario;
  let firstCall = '';

  const followStatus = (): Promise<{ status: string; callId: string | null }> => apiCall(test, 'GET', `/api/agents/${follow.agentId}`);

  /** Ends the agent's call, files it, and waits for the next one (a different call). */
  async function nextCall(current: string): Promise<string> {
    await apiCall(test, 'POST', `/api/agents/${follow.agentId}/hangup`, undefined, follow.agentToken);
    await waitUntil('the call in wrap-up', async () => (await followStatus()).status === 'wrap_up');
    await apiCall(test, 'POST', `/api/attempts/${current}/disposition`, { code: 'SALE' }, follow.agentToken);
    if ((await followStatus()).status !== 'ready') await apiCall(test, 'POST', `/api/agents/${follow.agentId}/ready`, undefined, follow.agentToken);
    return waitUntil('the next call', async () => {
      const state = await followStatus();
      return state.status === 'talking' && state.callId !== current ? state.callId : null;
    });
  }

  const sessionGone = (sessionId: string) => waitUntil(`session ${sessionId} ended`, async () => !test.pbx.channels().some((c) => c.id.startsWith(sessionId)));

  const sessionEvidence = async (sessionId: string) => (await test.node.pool.query<{ attempt_id: string | null; entry: string }>(
    "SELECT attempt_id::text, payload->>'entry' AS entry FROM evidence_log WHERE kind = 'supervision' AND payload->>'sessionId' = $1 ORDER BY id", [sessionId])).rows;

  /** The session's `ended` entry, once written: its call, campaign, why and who. */
  const endEvidence = (sessionId: string) => waitUntil(`the end of ${sessionId} on the record`, async () => (await test.node.pool.query<{
    attempt_id: string | null; campaign_id: string | null; reason: string; ended_by: string | null;
  }>(
    `SELECT attempt_id::text, campaign_id::text, payload->>'reason' AS reason, payload->>'endedBy' AS ended_by FROM evidence_log
     WHERE kind = 'supervision' AND payload->>'sessionId' = $1 AND payload->>'entry' = 'ended'`, [sessionId])).rows[0]);

  beforeAll(async () => {
    follow = await createScenario(test, {
      name: `Supervision follows ${Date.now()}`, agentId: 'sup-follow', agentName: 'Followed Agent',
      leads: ['+15550100070', '+15550100071', '+15550100072'].map((phone, i) => ({ firstName: 'Heard', lastName: `Call${i + 1}`, phones: [phone] })),
    });
    await apiCall(test, 'POST', `/api/agents/${follow.agentId}/login`, { campaignId: follow.campaignId }, follow.agentToken);
    await waitUntil('agent paused', async () => (await followStatus()).status === 'paused');
    await apiCall(test, 'POST', `/api/agents/${follow.agentId}/ready`, undefined, follow.agentToken);
    firstCall = await waitUntil('agent talking', async () => {
      const state = await followStatus();
      return state.status === 'talking' ? state.callId : null;
    });
  }, 60_000);

  it('ends a barge when the call it joined ends, tells its wallboard, and refuses one between calls', async () => {
    const wallboard = await wallboardStream(roleTokens.supervisor);
    const othersWallboard = await wallboardStream(roleTokens.manager);
    const started = await request(roleTokens.supervisor, 'POST', '/api/supervision/sessions', { agentId: follow.agentId, mode: 'barge', endpoint: 'Local/sup8@sim-agent' });
    expect(started.status).toBe(201);
    const { sessionId } = (await started.json()) as { sessionId: string };
    await waitUntil('the supervisor phone with the customer', async () =>
      test.pbx.bridges().some((b) => b.channels.includes(`${sessionId}-phone`) && b.channels.includes(firstCall)));
    await apiCall(test, 'POST', `/api/agents/${follow.agentId}/hangup`, undefined, follow.agentToken);
    // Not left in the agent's bridge to hear the next customer.
    await sessionGone(sessionId);
    expect(test.pbx.bridges().some((b) => b.channels.includes(`${sessionId}-phone`))).toBe(false);
    // The supervisor's wallboard is told the barge is over and why; another staff member's is not.
    await waitUntil('the wallboard told', async () => wallboard.endedNews().length > 0);
    expect(wallboard.endedNews()).toEqual([{ type: 'supervision_ended', sessionId, agentId: follow.agentId, mode: 'barge', reason: 'call_ended' }]);
    expect(othersWallboard.endedNews()).toEqual([]);
    // Its End, pressed late, says the session is over rather than nothing.
    const late = await request(roleTokens.supervisor, 'DELETE', `/api/supervision/sessions/${sessionId}`);
    expect(late.status).toBe(404);
    expect(((await late.json()) as { message: string }).message).toBe(`supervision session ${sessionId} has already ended`);
    wallboard.socket.close();
    othersWallboard.socket.close();
    expect(await endEvidence(sessionId)).toEqual({ attempt_id: firstCall, campaign_id: follow.campaignId, reason: 'call_ended', ended_by: null });
    expect(await sessionEvidence(sessionId)).toEqual([{ attempt_id: firstCall, entry: 'started' }, { attempt_id: firstCall, entry: 'ended' }]);

    await waitUntil('the call in wrap-up', async () => (await followStatus()).status === 'wrap_up');
    const between = await request(roleTokens.supervisor, 'POST', '/api/supervision/sessions', { agentId: follow.agentId, mode: 'barge', endpoint: 'Local/sup8@sim-agent' });
    expect(between.status).toBe(409);
    expect(((await between.json()) as { message: string }).message).toBe(
      'Followed Agent is not on a call: barge joins a call and ends with it (listen or whisper follow the agent)');
  });

  it('follows a listen into each next call, on the record for each, until the agent logs out', async () => {
    // Started between calls: the first entry names none.
    const wallboard = await wallboardStream(roleTokens.supervisor);
    const started = await request(roleTokens.supervisor, 'POST', '/api/supervision/sessions', { agentId: follow.agentId, mode: 'listen', endpoint: 'Local/sup7@sim-agent' });
    expect(started.status).toBe(201);
    const { sessionId } = (await started.json()) as { sessionId: string };
    await apiCall(test, 'POST', `/api/attempts/${firstCall}/disposition`, { code: 'SALE' }, follow.agentToken);
    if ((await followStatus()).status !== 'ready') await apiCall(test, 'POST', `/api/agents/${follow.agentId}/ready`, undefined, follow.agentToken);
    const secondCall = await waitUntil('the second call', async () => {
      const state = await followStatus();
      return state.status === 'talking' && state.callId !== firstCall ? state.callId : null;
    });
    const thirdCall = await nextCall(secondCall);
    const expected = [{ attempt_id: null, entry: 'started' }, { attempt_id: secondCall, entry: 'next_call' }, { attempt_id: thirdCall, entry: 'next_call' }];
    await waitUntil('an entry for each call heard', async () => (await sessionEvidence(sessionId)).length === expected.length);
    expect(await sessionEvidence(sessionId)).toEqual(expected);

    await apiCall(test, 'POST', `/api/agents/${follow.agentId}/hangup`, undefined, follow.agentToken);
    await waitUntil('the call in wrap-up', async () => (await followStatus()).status === 'wrap_up');
    await apiCall(test, 'POST', `/api/attempts/${thirdCall}/disposition`, { code: 'SALE' }, follow.agentToken);
    await apiCall(test, 'POST', `/api/agents/${follow.agentId}/logout`, undefined, follow.agentToken);
    await sessionGone(sessionId);
    await waitUntil('the wallboard told', async () => wallboard.endedNews().length > 0);
    expect(wallboard.endedNews()).toEqual([{ type: 'supervision_ended', sessionId, agentId: follow.agentId, mode: 'listen', reason: 'agent_logged_out' }]);
    wallboard.socket.close();
    expect(await endEvidence(sessionId)).toEqual({ attempt_id: null, campaign_id: follow.campaignId, reason: 'agent_logged_out', ended_by: null });
    expect((await request(roleTokens.supervisor, 'DELETE', `/api/supervision/sessions/${sessionId}`)).status).toBe(404);
  });
});

describe("supervision of an agent brought into a colleague's call", () => {
  const stateOf = (agentId: string): Promise<{ status: string; callId: string | null; consultStage: string | null }> =>
    apiCall(test, 'GET', `/api/agents/${agentId}`);

  async function logInReady(agentId: string, token: string, campaignId: string): Promise<void> {
    await apiCall(test, 'POST', `/api/agents/${agentId}/login`, { campaignId }, token);
    await waitUntil(`${agentId} paused`, async () => (await stateOf(agentId)).status === 'paused');
    await apiCall(test, 'POST', `/api/agents/${agentId}/ready`, undefined, token);
  }

  it("puts the call whose bridge the listened agent's phone joins for a consultation on the record, and refuses a barge on that agent meanwhile", async () => {
    const host = await createScenario(test, {
      name: `Supervision consult ${Date.now()}`, agentId: 'sup-host', agentName: 'Host Agent',
      leads: [{ firstName: 'Con', lastName: 'Sulted', phones: ['+15550100080'] }],
    });
    await apiCall(test, 'PUT', '/api/agents/sup-guest', { name: 'Guest Agent' });
    const guestToken = (await apiCall<{ token: string }>(test, 'POST', '/api/agents/sup-guest/tokens')).token;
    await logInReady('sup-host', host.agentToken, host.campaignId);
    const hostCall = await waitUntil('the host talking', async () => {
      const state = await stateOf('sup-host');
      return state.status === 'talking' ? state.callId : null;
    });
    await logInReady('sup-guest', guestToken, host.campaignId);
    const started = await request(roleTokens.supervisor, 'POST', '/api/supervision/sessions', { agentId: 'sup-guest', mode: 'listen', endpoint: 'Local/sup6@sim-agent' });
    expect(started.status).toBe(201);
    const { sessionId } = (await started.json()) as { sessionId: string };

    await apiCall(test, 'POST', '/api/agents/sup-host/consult', { toAgentId: 'sup-guest' }, host.agentToken);
    await waitUntil("the guest's phone in the host's bridge", async () => (await stateOf('sup-guest')).consultStage === 'consulting');
    const entries = async () => (await test.node.pool.query<{ attempt_id: string | null; campaign_id: string | null; lead_id: string | null; entry: string }>(
      "SELECT attempt_id::text, campaign_id::text, lead_id::text, payload->>'entry' AS entry FROM evidence_log WHERE kind = 'supervision' AND payload->>'sessionId' = $1 ORDER BY id",
      [sessionId])).rows;
    await waitUntil('an entry for the host\'s call', async () => (await entries()).length === 2);
    expect(await entries()).toEqual([
      { attempt_id: null, campaign_id: host.campaignId, lead_id: null, entry: 'started' },
      { attempt_id: hostCall, campaign_id: host.campaignId, lead_id: host.leadIds[0], entry: 'next_call' },
    ]);
    // A barge would join the guest's own bridge, empty while their phone is in the host's.
    const barge = await request(roleTokens.supervisor, 'POST', '/api/supervision/sessions', { agentId: 'sup-guest', mode: 'barge', endpoint: 'Local/sup7@sim-agent' });
    expect(barge.status).toBe(409);
    expect(await barge.json()).toMatchObject({ message: "agent sup-guest is in agent sup-host's call, consulted before a handover: barge in on sup-host, or listen to sup-guest" });
    expect((await request(roleTokens.supervisor, 'DELETE', `/api/supervision/sessions/${sessionId}`)).status).toBe(204);
  });
});

describe('a supervisor acting for an agent', () => {
  const supervisor = { name: 'test supervisor', role: 'supervisor' };

  it("hangs up the agent's call and pauses them in its wrap-up after the disposition they still owe, each on record with who; logs them out on record too", async () => {
    const forced = await createScenario(test, {
      name: `Supervisor forces ${Date.now()}`, agentId: 'sup-forced', agentName: 'Forced Agent',
      leads: [{ firstName: 'Cut', lastName: 'Short', phones: ['+15550100090'] }],
    });
    const state = () => apiCall<Record<string, unknown>>(test, 'GET', '/api/agents/sup-forced');
    const call = await agentTalking(test, forced);
    await apiCall(test, 'POST', '/api/agents/sup-forced/hangup', undefined, roleTokens.supervisor);
    await waitUntil('the call in wrap-up', async () => (await state()).status === 'wrap_up');

    // The pause waits for the disposition: the agent stays in wrap-up, told whose pause is to come.
    expect(await apiCall(test, 'POST', '/api/agents/sup-forced/pause', { reason: 'meeting' }, roleTokens.supervisor)).toMatchObject({
      status: 'wrap_up', owesDispositionFor: call, pendingPause: 'meeting', pendingPauseBy: supervisor, pausedBy: null,
    });
    await apiCall(test, 'POST', `/api/attempts/${call}/disposition`, { code: 'SALE' }, forced.agentToken);
    expect(await state()).toMatchObject({ status: 'paused', pauseReason: 'meeting', pausedBy: supervisor, owesDispositionFor: null, pendingPause: null });
    await apiCall(test, 'POST', '/api/agents/sup-forced/logout', undefined, roleTokens.supervisor);

    // The call's end and the agent's log say who.
    const calls = parse(await (await request(roleTokens.manager, 'GET', `/api/campaigns/${forced.campaignId}/calls.csv`)).text(), { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(calls).toEqual([expect.objectContaining({ attempt_id: call, ended_by: 'test supervisor', ended_by_role: 'supervisor' })]);
    const log = await waitUntil('the logout on record', async () => {
      const read = await apiCall<{ states: Array<Record<string, unknown>>; sessions: Array<Record<string, unknown>>; hangups: Array<Record<string, unknown>> }>(
        test, 'GET', '/api/agents/sup-forced/state-log', undefined, forced.agentToken);
      return read.sessions.at(-1)?.logoutAt ? read : null;
    });
    expect(log.states.map(({ state: s, reason, by }) => ({ s, reason, by })).slice(-3)).toEqual([
      { s: 'talking', reason: 'call_connected', by: null }, { s: 'wrap_up', reason: expect.any(String), by: null }, { s: 'paused', reason: 'meeting', by: supervisor },
    ]);
    expect(log.sessions).toEqual([{ campaignId: forced.campaignId, loginAt: expect.any(String), logoutAt: expect.any(String), logoutBy: supervisor }]);
    expect(log.hangups).toEqual([{ attemptId: call, leadId: expect.any(String), at: expect.any(String), by: supervisor, connected: true }]);
  });

  it('pauses the agent as the call leaves them owing nothing (handed to a colleague), not once they say Ready', async () => {
    const fronter = await createScenario(test, {
      name: `Supervisor pauses a fronter ${Date.now()}`, agentId: 'sup-fronter', agentName: 'Fronting Agent',
      leads: [{ firstName: 'Hand', lastName: 'Over', phones: ['+15550100091'] }],
    });
    const state = (agentId: string) => apiCall<Record<string, unknown>>(test, 'GET', `/api/agents/${agentId}`);
    await apiCall(test, 'PUT', '/api/agents/sup-closer', { name: 'Closing Agent' });
    const closerToken = (await apiCall<{ token: string }>(test, 'POST', '/api/agents/sup-closer/tokens')).token;
    await agentTalking(test, fronter);
    await apiCall(test, 'POST', '/api/agents/sup-closer/login', { campaignId: fronter.campaignId }, closerToken);
    await waitUntil('the closer paused', async () => (await state('sup-closer')).status === 'paused');
    await apiCall(test, 'POST', '/api/agents/sup-closer/ready', undefined, closerToken);

    expect(await apiCall(test, 'POST', '/api/agents/sup-fronter/pause', { reason: 'meeting' }, roleTokens.supervisor)).toMatchObject({
      status: 'talking', pendingPause: 'meeting', pendingPauseBy: supervisor,
    });
    await apiCall(test, 'POST', '/api/agents/sup-fronter/transfer', { toAgentId: 'sup-closer' }, fronter.agentToken);
    await waitUntil('the closer talking', async () => (await state('sup-closer')).status === 'talking');
    // The campaign's wrap-up is manual, and the fronter owes no disposition: nothing is left to wait for.
    const paused = await waitUntil('the fronter paused', async () => {
      const now = await state('sup-fronter');
      return now.status === 'paused' ? now : null;
    }, 5_000);
    expect(paused).toMatchObject({ pauseReason: 'meeting', pausedBy: supervisor, owesDispositionFor: null, pendingPause: null });
  });

  it("hangs up the agent's own dial still ringing, on the agent's state log with who", async () => {
    const own = await createScenario(test, { name: `Supervisor ends a dial ${Date.now()}`, agentId: 'sup-own-dial', agentName: 'Dialling Agent', leads: [] });
    const state = () => apiCall<{ status: string }>(test, 'GET', '/api/agents/sup-own-dial');
    await apiCall(test, 'POST', '/api/agents/sup-own-dial/login', { campaignId: own.campaignId }, own.agentToken);
    await waitUntil('the agent logged in', async () => (await state()).status === 'paused');
    // Ending in 7: rings two minutes unanswered.
    const { attemptId: dialled } = await apiCall<{ attemptId: string }>(test, 'POST', '/api/agents/sup-own-dial/manual-dial', { phone: '+12125550987' }, own.agentToken);
    await waitUntil('the dial ringing', async () => (await test.node.pool.query('SELECT 1 FROM attempts WHERE id = $1 AND ringing_at IS NOT NULL', [dialled])).rowCount === 1);
    await apiCall(test, 'POST', '/api/agents/sup-own-dial/hangup', undefined, roleTokens.supervisor);
    await waitUntil('the dial closed', async () => (await test.node.pool.query("SELECT 1 FROM attempts WHERE id = $1 AND outcome = 'cancelled'", [dialled])).rowCount === 1);

    const log = await apiCall<{ hangups: Array<Record<string, unknown>> }>(test, 'GET', '/api/agents/sup-own-dial/state-log', undefined, own.agentToken);
    expect(log.hangups).toEqual([{ attemptId: dialled, leadId: expect.any(String), at: expect.any(String), by: supervisor, connected: false }]);
  });
});
