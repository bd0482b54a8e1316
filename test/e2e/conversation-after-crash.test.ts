// `outpace serve` is killed (SIGKILL: no drain, nothing hung up) while an agent talks to a customer,
// and the node is started again under its id on the same PBX. It takes the conversation up: the
// agent is back, talking, on her desktop's API, her microphone still off as she had turned it; the
// customer was never cut off; her hang-up, a supervisor listening in, the recording, wrap-up and
// disposition work as for any call, and her phone leg takes the next call without a new login, her
// microphone on again. The other agent's session ends when the engine was last seen. A customer on hold stays on hold until the agent takes them off it, the
// time on hold before the crash counted. A colleague in a consultation or conference the crash cut
// short has their leg hung up; the customer stays with the agent. A customer handed to a closer of
// another campaign's team is taken up as the first campaign's call, the closer back on their own
// team; one waiting on hold for the next of a group goes on waiting, and goes to them. When the PBX answers only after the restart, the conversation waits open
// and is taken up then. A person who called back the campaign's number is taken up as that return call, on the
// channel they came in on, on hold or not. A child process for the run that crashes; the restarted node in the test.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../src/demo/api-client.js';
import { startSimPbx, type SimPbx } from '../../src/sim/pbx/sim-pbx.js';
import { createTestPool, truncateTables } from '../helpers/db.js';
import { agentLeg, crashMidCall, pbxChannels, simAuth, waitFor, type CrashedRun } from '../helpers/crash-mid-call.js';
import { roleTokens, startTestNode, testNodeApp, type TestNode } from '../helpers/outpace-node.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { freePort } from '../helpers/free-port.js';

describe('a conversation going on when the engine crashed', () => {
  const pool = createTestPool(2);
  const started: TestNode[] = [];
  let pbx: SimPbx;
  let proxy: TcpProxy | null = null;

  beforeAll(async () => {
    await truncateTables(pool, ['campaigns']);
    pbx = await startSimPbx({ apps: [testNodeApp], amiPort: null, outcomes: 'digit', timeScale: 1 });
  });
  afterAll(async () => {
    for (const node of started) await node.close().catch(() => undefined);
    await proxy?.close();
    await pbx.close();
    await pool.end();
  });

  it('is taken up by the node restarted under its id, and ends, is recorded and dispositioned as any call', async () => {
    const crashed: CrashedRun = await crashMidCall(pool, pbx, 'up', { muted: true });
    const { ann, bob, attempts } = crashed;
    const [before] = await attempts();
    if (!before) throw new Error('no attempt was made');
    expect(before.ended_at).toBeNull();
    expect(await pbxChannels(pbx)).toContain(before.id);
    // The customer had been handed to Ann by a fronter, as the crashed run kept it.
    await pool.query("INSERT INTO attempt_handovers (attempt_id, seq, from_agent, to_agent, at) VALUES ($1, 1, 'fronter', $2, now())", [before.id, ann]);
    // The lead's list presents its own caller ID from now on (set during the call): the call taken up
    // keeps it, for a machine's message, but a third party is shown the number the customer saw.
    await pool.query(`UPDATE lists SET caller_id = '"Brand B" <+14155550177>' WHERE id = (SELECT l.list_id FROM leads l JOIN attempts a ON a.lead_id = l.id WHERE a.id = $1)`, [before.id]);

    const restarted = await startTestNode({}, crashed.keyPrefix, { pbx, nodeId: crashed.nodeId });
    started.push(restarted);
    const { runtime } = restarted.node;
    const api = new ApiClient(restarted.node.url, roleTokens.supervisor);
    expect(runtime.state().agents.get(ann)).toMatchObject({ status: 'talking', callId: before.id });
    expect(runtime.agentsHeldOver().has(ann)).toBe(false);
    expect(runtime.state().calls.get(before.id)?.listOverrides).toEqual({ callerId: '"Brand B" <+14155550177>', machineMessageMedia: null });
    const dialledWith = (await pool.query<{ caller_id: string | null }>('SELECT caller_id FROM attempts WHERE id = $1', [before.id])).rows[0]?.caller_id;
    expect(dialledWith).toBeTruthy();
    expect(dialledWith).not.toContain('+14155550177');
    expect(runtime.state().calls.get(before.id)?.shownCallerId).toBe(dialledWith);
    // She had muted herself before the crash: her microphone stays off, as her desktop says.
    expect(await api.get(`/api/agents/${ann}`)).toMatchObject({ status: 'talking', muted: true, transferredFrom: 'fronter' });
    expect(pbx.channelMuted(agentLeg(pbx, ann))).toEqual(['in']);
    expect((await attempts())[0]).toMatchObject({ id: before.id, ended_at: null });
    // The customer was never cut off, and nothing else was dialled meanwhile.
    expect(await pbxChannels(pbx)).toContain(before.id);
    expect(await attempts()).toHaveLength(1);
    // Ann's session goes on; Bob's ended when the engine was last seen, not at his next login.
    const sessions = await pool.query<{ agent_id: string; logout_at: Date | null }>(
      'SELECT agent_id, logout_at FROM agent_sessions WHERE agent_id = ANY($1) ORDER BY login_at', [[ann, bob]]);
    expect(sessions.rows.filter((row) => row.agent_id === ann).at(-1)?.logout_at).toBeNull();
    const bobOut = sessions.rows.find((row) => row.agent_id === bob)?.logout_at?.getTime() ?? 0;
    expect(bobOut).toBeLessThanOrEqual(crashed.killedAt);
    expect(bobOut).toBeGreaterThan(crashed.killedAt - 3_000);

    // A supervisor listens in, on her leg from before the crash.
    const { sessionId } = await api.post<{ sessionId: string }>('/api/supervision/sessions', { agentId: ann, mode: 'listen', endpoint: 'Local/sup9@sim-agent' });
    await waitFor(async () => (await pbxChannels(pbx)).some((id) => id.startsWith(`${sessionId}-phone`)), 10_000);
    const ended = await fetch(`${restarted.node.url}/api/supervision/sessions/${sessionId}`, { method: 'DELETE', headers: { authorization: `Bearer ${roleTokens.supervisor}` } });
    expect(ended.status).toBe(204);

    await api.post(`/api/agents/${ann}/hangup`);
    await waitFor(async () => (await attempts())[0]?.ended_at != null, 10_000);
    const [closed] = await attempts();
    expect(closed).toMatchObject({ outcome: 'connected', recording_name: `outpace-${before.id}` });
    const handedOver = await pool.query('SELECT transfers, transferred_from FROM attempts WHERE id = $1', [before.id]);
    expect(handedOver.rows).toEqual([{ transfers: 1, transferred_from: 'fronter' }]);
    expect(closed?.connected_at?.getTime()).toBe(before.connected_at?.getTime());
    // Stopped when the call ended, so the PBX keeps it as a finished recording.
    expect((await fetch(`${pbx.url}/ari/recordings/stored/outpace-${before.id}`, { headers: simAuth })).status).toBe(200);
    expect(runtime.state().agents.get(ann)).toMatchObject({ status: 'wrap_up', owesDispositionFor: before.id });
    // The call over, her microphone is on again for the next one.
    await waitFor(async () => pbx.channelMuted(agentLeg(pbx, ann)).length === 0, 5_000);

    await api.post(`/api/attempts/${before.id}/disposition`, { code: 'SALE' });
    await api.post(`/api/agents/${ann}/ready`);
    // Her phone leg from before the crash takes the next call: no new login.
    await waitFor(async () => runtime.state().agents.get(ann)?.status === 'talking', 15_000);
    // Kept as connected once the write behind her status is done: looked at as soon as she talks.
    await waitFor(async () => (await attempts())[1]?.connected_at != null, 5_000);
    const now = await attempts();
    expect(now).toHaveLength(2);
    expect(now[1]?.connected_at).not.toBeNull();
    expect(runtime.invariantViolationCount()).toBe(0);
    await api.post(`/api/agents/${ann}/hangup`);
    await restarted.node.close(2_000);
  }, 90_000);

  it('takes up a person who called back as the return call it is, on the channel they came in on, and closes it when they hang up', async () => {
    const crashed = await crashMidCall(pool, pbx, 'back', { returnCall: true });
    const { ann, attempts } = crashed;
    const [before] = await attempts();
    if (!before?.channel_id) throw new Error('no return call was put through');
    expect(before).toMatchObject({ direction: 'inbound', ended_at: null });
    expect(before.channel_id).not.toBe(before.id);

    const restarted = await startTestNode({}, crashed.keyPrefix, { pbx, nodeId: crashed.nodeId });
    started.push(restarted);
    const { runtime } = restarted.node;
    const api = new ApiClient(restarted.node.url, roleTokens.supervisor);
    expect(runtime.state().agents.get(ann)).toMatchObject({ status: 'talking', callId: before.id });
    expect(runtime.state().calls.get(before.id)).toMatchObject({ status: 'connected', inbound: true, agentId: ann });
    // The caller was never cut off, and the attempt stays open while they talk.
    expect(await pbxChannels(pbx)).toContain(before.channel_id);
    expect(await attempts()).toEqual([expect.objectContaining({ id: before.id, ended_at: null })]);

    // The caller hangs up: the call closes as a return call with its agent, and she wraps up.
    pbx.callerHangsUp(before.channel_id);
    await waitFor(async () => (await attempts())[0]?.ended_at != null, 10_000);
    expect((await attempts())[0]).toMatchObject({ id: before.id, direction: 'inbound', outcome: 'connected' });
    await waitFor(async () => (await api.get<{ status: string }>(`/api/agents/${ann}`)).status === 'wrap_up', 10_000);
    expect(runtime.invariantViolationCount()).toBe(0);
    await restarted.node.close(2_000);
  }, 90_000);

  it('keeps a person who called back on hold on hold, in the holding bridge of their attempt, for the agent to take off it', async () => {
    const crashed = await crashMidCall(pool, pbx, 'backheld', { returnCall: true, held: true });
    const [before] = await crashed.attempts();
    if (!before?.channel_id) throw new Error('no return call was put through');
    const members = (bridgeId: string) => pbx.bridges().find((bridge) => bridge.id === bridgeId)?.channels;
    expect(members(`hold-${before.id}`)).toEqual([before.channel_id]);

    const restarted = await startTestNode({}, crashed.keyPrefix, { pbx, nodeId: crashed.nodeId });
    started.push(restarted);
    const api = new ApiClient(restarted.node.url, roleTokens.supervisor);
    expect(await api.get(`/api/agents/${crashed.ann}`)).toMatchObject({ status: 'talking', callId: before.id, heldSinceMs: expect.any(Number) });
    expect(members(`hold-${before.id}`)).toEqual([before.channel_id]);

    await api.post(`/api/agents/${crashed.ann}/unhold`);
    await waitFor(async () => members(`agent-bridge-${crashed.ann}`)?.includes(before.channel_id ?? '') === true, 5_000);
    await api.post(`/api/agents/${crashed.ann}/hangup`);
    await waitFor(async () => (await crashed.attempts())[0]?.ended_at != null, 10_000);
    expect((await crashed.attempts())[0]).toMatchObject({ direction: 'inbound', outcome: 'connected' });
    expect(restarted.node.runtime.invariantViolationCount()).toBe(0);
    await restarted.node.close(2_000);
  }, 90_000);

  it('keeps a customer on hold on hold, for the agent to take off it and go on', async () => {
    const crashed = await crashMidCall(pool, pbx, 'held', { held: true });
    const [before] = await crashed.attempts();
    if (!before) throw new Error('no attempt was made');
    const members = (bridgeId: string) => pbx.bridges().find((bridge) => bridge.id === bridgeId)?.channels;
    expect(members(`hold-${before.id}`)).toEqual([before.id]);

    const restarted = await startTestNode({}, crashed.keyPrefix, { pbx, nodeId: crashed.nodeId });
    started.push(restarted);
    const { runtime } = restarted.node;
    const api = new ApiClient(restarted.node.url, roleTokens.supervisor);
    // Taken up, on hold still: the customer was neither cut off nor brought back unasked.
    expect(await api.get(`/api/agents/${crashed.ann}`)).toMatchObject({ status: 'talking', callId: before.id, heldSinceMs: expect.any(Number) });
    expect(members(`hold-${before.id}`)).toEqual([before.id]);

    const unheldAt = Date.now();
    await api.post(`/api/agents/${crashed.ann}/unhold`);
    await waitFor(async () => members(`agent-bridge-${crashed.ann}`)?.includes(before.id) === true, 5_000);
    expect(members(`hold-${before.id}`)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await api.post(`/api/agents/${crashed.ann}/hangup`);
    await waitFor(async () => (await crashed.attempts())[0]?.ended_at != null, 10_000);
    const held = await pool.query<{ outcome: string; held_ms: number }>('SELECT outcome, held_ms FROM attempts WHERE id = $1', [before.id]);
    expect(held.rows[0]?.outcome).toBe('connected');
    // The time on hold from before the crash counts too, as the crashed run kept it.
    expect(held.rows[0]?.held_ms).toBeGreaterThanOrEqual(unheldAt - crashed.killedAt);
    expect(runtime.invariantViolationCount()).toBe(0);
    await restarted.node.close(2_000);
  }, 90_000);

  it("takes up a customer handed to another campaign's closer as the first campaign's call, the closer back on their own team", async () => {
    const crashed = await crashMidCall(pool, pbx, 'closer', { handedOver: true });
    const { ann, bob, closingId } = crashed;
    const [before] = await crashed.attempts();
    if (!before || closingId === null) throw new Error('no attempt was made');

    const restarted = await startTestNode({}, crashed.keyPrefix, { pbx, nodeId: crashed.nodeId });
    started.push(restarted);
    const { runtime } = restarted.node;
    const api = new ApiClient(restarted.node.url, roleTokens.supervisor);
    expect(runtime.state().agents.get(bob)).toMatchObject({ status: 'talking', callId: before.id, campaignId: closingId });
    expect(runtime.state().calls.get(before.id)).toMatchObject({ campaignId: crashed.campaignId, agentId: bob });
    expect(await api.get(`/api/agents/${bob}`)).toMatchObject({ status: 'talking', campaignId: closingId, transferredFrom: ann });

    await api.post(`/api/agents/${bob}/hangup`);
    await waitFor(async () => (await crashed.attempts())[0]?.ended_at != null, 10_000);
    expect((await crashed.attempts())[0]).toMatchObject({ outcome: 'connected' });
    expect(runtime.state().agents.get(bob)).toMatchObject({ status: 'wrap_up', owesDispositionFor: before.id, campaignId: closingId });
    await api.post(`/api/attempts/${before.id}/disposition`, { code: 'SALE' });
    const given = await pool.query('SELECT agent_id, campaign_id::text FROM dispositions WHERE attempt_id = $1', [before.id]);
    expect(given.rows).toEqual([{ agent_id: bob, campaign_id: crashed.campaignId }]);
    expect(runtime.invariantViolationCount()).toBe(0);
    await restarted.node.close(2_000);
  }, 90_000);

  it('has a customer waiting on hold for the next closer go on waiting, and hands them over once one comes free', async () => {
    const crashed = await crashMidCall(pool, pbx, 'queued', { queued: true });
    const { ann, bob } = crashed;
    const [first, second] = await crashed.attempts();
    if (!first || !second) throw new Error('the two calls were not made');

    const restarted = await startTestNode({}, crashed.keyPrefix, { pbx, nodeId: crashed.nodeId });
    started.push(restarted);
    const { runtime } = restarted.node;
    const api = new ApiClient(restarted.node.url, roleTokens.supervisor);
    expect(await api.get(`/api/agents/${ann}`)).toMatchObject({ status: 'talking', callId: first.id, waitingForGroup: 'closers', heldSinceMs: expect.any(Number) });
    expect(await api.get(`/api/agents/${bob}`)).toMatchObject({ status: 'talking', callId: second.id });

    await api.post(`/api/agents/${bob}/hangup`);
    await waitFor(async () => runtime.state().agents.get(bob)?.owesDispositionFor === second.id, 10_000);
    await api.post(`/api/attempts/${second.id}/disposition`, { code: 'SALE' });
    await api.post(`/api/agents/${bob}/ready`);
    await waitFor(async () => pbx.bridges().find((bridge) => bridge.id === `agent-bridge-${bob}`)?.channels.includes(first.id) === true, 10_000);
    // The engine's own record of the handover follows the PBX's bridging it: looked at once it has.
    await waitFor(async () => runtime.state().calls.get(first.id)?.agentId === bob, 5_000);
    await waitFor(async () => (await pool.query('SELECT 1 FROM attempts WHERE id = $1 AND handover_wait IS NULL', [first.id])).rowCount === 1, 5_000);
    expect(runtime.state().calls.get(first.id)).toMatchObject({ agentId: bob, handoverWait: null });
    expect(runtime.state().agents.get(ann)?.status).toBe('wrap_up');
    const kept = await pool.query('SELECT handover_wait FROM attempts WHERE id = $1', [first.id]);
    expect(kept.rows).toEqual([{ handover_wait: null }]);
    expect(runtime.invariantViolationCount()).toBe(0);
    await api.post(`/api/agents/${bob}/hangup`);
    await restarted.node.close(2_000);
  }, 90_000);

  it.each([{ stage: 'consulting', what: 'consultation' }, { stage: 'conference', what: 'conference' }] as const)(
    'leaves the customer with the agent when a crash cuts short a $what with a colleague, whose leg goes', async ({ stage }) => {
    const crashed = await crashMidCall(pool, pbx, stage, { consult: stage });
    const { ann, bob } = crashed;
    const [before] = await crashed.attempts();
    if (!before) throw new Error('no attempt was made');
    const members = (bridgeId: string) => pbx.bridges().find((bridge) => bridge.id === bridgeId)?.channels ?? [];
    const [annLeg, bobLeg] = [agentLeg(pbx, ann), agentLeg(pbx, bob)];
    expect(members(`agent-bridge-${ann}`)).toContain(bobLeg);

    const restarted = await startTestNode({}, crashed.keyPrefix, { pbx, nodeId: crashed.nodeId });
    started.push(restarted);
    const { runtime } = restarted.node;
    const api = new ApiClient(restarted.node.url, roleTokens.supervisor);
    // Ann has her customer, on hold still if the consultation had them there; Bob's leg is gone, so
    // he does not hear her next calls, and he logs in again as anyone whose session the crash ended.
    const heldSince = (await pool.query<{ held_since: Date | null }>('SELECT held_since FROM attempts WHERE id = $1', [before.id])).rows[0]?.held_since ?? null;
    expect(heldSince === null).toBe(stage === 'conference');
    expect(await api.get(`/api/agents/${ann}`)).toMatchObject({
      status: 'talking', callId: before.id, consultWith: null, consultStage: null, heldSinceMs: heldSince?.getTime() ?? null,
    });
    await waitFor(async () => !(await pbxChannels(pbx)).includes(bobLeg), 5_000);
    expect([...members(`agent-bridge-${ann}`)].sort()).toEqual(stage === 'conference' ? [annLeg, before.id].sort() : [annLeg]);
    expect(runtime.agentsHeldOver().has(bob)).toBe(false);
    await api.post(`/api/agents/${bob}/login`, { campaignId: crashed.campaignId });
    await waitFor(async () => (await api.get<{ status: string }>(`/api/agents/${bob}`)).status === 'paused', 10_000);

    if (stage === 'consulting') {
      await api.post(`/api/agents/${ann}/unhold`);
      await waitFor(async () => members(`agent-bridge-${ann}`).includes(before.id), 5_000);
    }
    await api.post(`/api/agents/${ann}/hangup`);
    await waitFor(async () => (await crashed.attempts())[0]?.ended_at != null, 10_000);
    const closed = await pool.query<{ outcome: string; held_ms: number; transfers: number }>('SELECT outcome, held_ms, transfers FROM attempts WHERE id = $1', [before.id]);
    // The consultation's hold counts, from before the crash; the colleague never had the customer.
    expect(closed.rows[0]).toMatchObject({ outcome: 'connected', transfers: 0 });
    if (stage === 'consulting') expect(closed.rows[0]?.held_ms).toBeGreaterThanOrEqual(Date.now() - (heldSince?.getTime() ?? 0) - 10_000);
    expect(runtime.invariantViolationCount()).toBe(0);
    await restarted.node.close(2_000);
  }, 90_000);

  it("takes the customer as off hold when the PBX has them in the conference the crash kept the attempt from writing, their hold's time counted", async () => {
    const crashed = await crashMidCall(pool, pbx, 'unwritten', { consult: 'conference', unwritten: true });
    const { ann } = crashed;
    const [before] = await crashed.attempts();
    if (!before) throw new Error('no attempt was made');
    const members = (bridgeId: string) => pbx.bridges().find((bridge) => bridge.id === bridgeId)?.channels ?? [];
    expect(members(`agent-bridge-${ann}`)).toContain(before.id);
    // The database has the customer on hold still, from the consultation.
    const kept = await pool.query<{ held_since: Date | null; held_ms: number }>('SELECT held_since, held_ms FROM attempts WHERE id = $1', [before.id]);
    const heldSince = kept.rows[0]?.held_since ?? null;
    if (heldSince === null) throw new Error('the consultation\'s hold was not kept');
    expect(kept.rows[0]?.held_ms).toBe(0);
    // A wait for the next agent, its end lost the same way: the customer waits for nobody now.
    await pool.query('UPDATE attempts SET handover_wait = $2 WHERE id = $1', [before.id, { campaignId: crashed.campaignId, group: null, sinceMs: heldSince.getTime() }]);

    const restarted = await startTestNode({}, crashed.keyPrefix, { pbx, nodeId: crashed.nodeId });
    started.push(restarted);
    const { runtime } = restarted.node;
    const api = new ApiClient(restarted.node.url, roleTokens.supervisor);
    expect(await api.get(`/api/agents/${ann}`)).toMatchObject({ status: 'talking', callId: before.id, heldSinceMs: null });
    expect(runtime.state().calls.get(before.id)?.heldAtMs).toBeNull();
    // Corrected from the PBX: off hold, the time on hold so far counted as an unhold would.
    await waitFor(async () => (await pool.query('SELECT 1 FROM attempts WHERE id = $1 AND held_since IS NULL AND handover_wait IS NULL', [before.id])).rowCount === 1, 5_000);
    const corrected = await pool.query<{ held_ms: number }>('SELECT held_ms FROM attempts WHERE id = $1', [before.id]);
    expect(corrected.rows[0]?.held_ms).toBeGreaterThanOrEqual(crashed.killedAt - heldSince.getTime());
    await api.post(`/api/agents/${ann}/hangup`);
    await waitFor(async () => (await crashed.attempts())[0]?.ended_at != null, 10_000);
    const closed = await pool.query<{ held_ms: number; held_since: Date | null }>('SELECT held_ms, held_since FROM attempts WHERE id = $1', [before.id]);
    expect(closed.rows[0]?.held_since).toBeNull();
    expect(closed.rows[0]?.held_ms).toBeGreaterThanOrEqual(crashed.killedAt - heldSince.getTime());
    expect(runtime.invariantViolationCount()).toBe(0);
    await restarted.node.close(2_000);
  }, 90_000);

  it('takes the customer as on hold when the PBX has them alone in their holding bridge, a hold the crash kept the attempt from writing', async () => {
    const crashed = await crashMidCall(pool, pbx, 'unheld', { held: true, unwritten: true });
    const { ann } = crashed;
    const [before] = await crashed.attempts();
    if (!before) throw new Error('no attempt was made');
    const members = (bridgeId: string) => pbx.bridges().find((bridge) => bridge.id === bridgeId)?.channels;
    expect(members(`hold-${before.id}`)).toEqual([before.id]);
    const kept = async () => (await pool.query<{ held_since: Date | null; held_ms: number }>('SELECT held_since, held_ms FROM attempts WHERE id = $1', [before.id])).rows[0];
    expect(await kept()).toEqual({ held_since: null, held_ms: 0 });

    const restarted = await startTestNode({}, crashed.keyPrefix, { pbx, nodeId: crashed.nodeId });
    started.push(restarted);
    const { runtime } = restarted.node;
    const api = new ApiClient(restarted.node.url, roleTokens.supervisor);
    const heldAtMs = runtime.state().calls.get(before.id)?.heldAtMs ?? null;
    if (heldAtMs === null) throw new Error('the customer was taken up as off hold');
    expect(await api.get(`/api/agents/${ann}`)).toMatchObject({ status: 'talking', callId: before.id, heldSinceMs: heldAtMs });
    // Kept with the attempt now, for the agent to take them off hold and go on.
    await waitFor(async () => (await kept())?.held_since?.getTime() === heldAtMs, 5_000);
    expect(members(`hold-${before.id}`)).toEqual([before.id]);
    await api.post(`/api/agents/${ann}/unhold`);
    await waitFor(async () => members(`hold-${before.id}`) === undefined, 5_000);
    await waitFor(async () => (await kept())?.held_since === null, 5_000);
    await api.post(`/api/agents/${ann}/hangup`);
    await waitFor(async () => (await crashed.attempts())[0]?.ended_at != null, 10_000);
    expect((await kept())?.held_ms).toBeGreaterThan(0);
    expect(runtime.invariantViolationCount()).toBe(0);
    await restarted.node.close(2_000);
  }, 90_000);

  it('waits open while the PBX does not answer the restarted node, and is taken up once it does', async () => {
    const crashed = await crashMidCall(pool, pbx, 'late');
    const [before] = await crashed.attempts();
    if (!before) throw new Error('no attempt was made');
    // Nothing answers at the PBX's address when the node starts.
    const port = await freePort();
    const restarted = await startTestNode({}, crashed.keyPrefix, { pbx, nodeId: crashed.nodeId, ariUrl: `http://127.0.0.1:${port}` });
    started.push(restarted);
    const { runtime } = restarted.node;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await crashed.attempts())[0]).toMatchObject({ id: before.id, ended_at: null });
    expect(runtime.state().agents.has(crashed.ann)).toBe(false);

    proxy = await startTcpProxy(Number(new URL(pbx.url).port), '127.0.0.1', port);
    await waitFor(async () => runtime.state().agents.get(crashed.ann)?.status === 'talking', 15_000);
    expect(runtime.state().agents.get(crashed.ann)?.callId).toBe(before.id);
    // The customer hangs up: the call closes as any other, and Ann wraps it up.
    expect((await fetch(`${pbx.url}/ari/channels/${before.id}`, { method: 'DELETE', headers: simAuth })).status).toBe(204);
    await waitFor(async () => (await crashed.attempts())[0]?.ended_at != null, 10_000);
    expect((await crashed.attempts())[0]).toMatchObject({ outcome: 'connected' });
    expect(runtime.state().agents.get(crashed.ann)?.status).toBe('wrap_up');
    // And she takes the next call through the PBX that came back.
    const api = new ApiClient(restarted.node.url, roleTokens.supervisor);
    await api.post(`/api/attempts/${before.id}/disposition`, { code: 'SALE' });
    await api.post(`/api/agents/${crashed.ann}/ready`);
    await waitFor(async () => runtime.state().agents.get(crashed.ann)?.status === 'talking', 15_000);
    expect(runtime.invariantViolationCount()).toBe(0);
    await restarted.node.close(2_000);
  }, 90_000);
});
