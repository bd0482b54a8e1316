// Agent legs against the simulated PBX: the nailed-up leg in its own bridge, connecting a
// customer with one request, recording (paused and resumed), the customer on hold and back, handed
// over to a colleague (after a consultation too), the agent holding after the customer leaves, and supervisor sessions on the agent's leg.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerWith, dial, startHarnessWithAgent, type Harness, ariAuth as auth, until } from './telephony-harness.js';

describe('ARI telephony: agent legs and bridging', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarnessWithAgent('ag1', 'Local/1001@sim-agent');
  });

  afterAll(async () => {
    await h.close();
  });

  it('the agent leg sits alone in the agent bridge', () => {
    const bridge = h.pbx.bridges().find((b) => b.id === 'agent-bridge-ag1');
    expect(bridge?.bridge_type).toBe('mixing');
    expect(bridge?.channels).toHaveLength(1);
    expect(bridge?.channels[0]).toMatch(/^agent-ag1-\d+$/);
  });

  it('bridge_call connects the customer, recording runs, and the agent holds after the customer leaves', async () => {
    const command = dial(0);
    await h.telephony.execute(command);
    await h.waitFor('call_answered', (i) => i.attemptId === command.attemptId);
    await h.telephony.execute({ type: 'bridge_call', campaignId: '1', attemptId: command.attemptId, agentId: 'ag1', match: 'any' });
    const bridged = await h.waitFor('call_bridged', (i) => i.attemptId === command.attemptId);
    expect(bridged.agentId).toBe('ag1');
    expect(h.pbx.bridges().find((b) => b.id === 'agent-bridge-ag1')?.channels).toContain(command.attemptId);

    await h.telephony.execute({ type: 'start_recording', attemptId: command.attemptId, agentId: 'ag1' });
    const name = h.telephony.recordingName(command.attemptId);
    const live = await fetch(`${h.pbx.url}/ari/recordings/live/${name}`, { headers: auth });
    expect(live.status).toBe(200);

    // Paused for card details and back: the PBX's recording says so each time; asked twice, the same.
    const liveState = async () => ((await (await fetch(`${h.pbx.url}/ari/recordings/live/${name}`, { headers: auth })).json()) as { state: string }).state;
    await until(async () => (await liveState()) === 'recording');
    const pause = (paused: boolean) => ({ type: 'set_recording_paused' as const, campaignId: '1', attemptId: command.attemptId, agentId: 'ag1', paused, reason: 'agent' as const, atMs: Date.now() });
    await h.telephony.execute(pause(true));
    expect(await liveState()).toBe('paused');
    await h.telephony.execute(pause(true));
    expect(await liveState()).toBe('paused');
    await h.telephony.execute(pause(false));
    expect(await liveState()).toBe('recording');
    // A recording the PBX does not have is refused, for the core to be told.
    await expect(h.telephony.execute({ ...pause(true), attemptId: 'no-such-call' })).rejects.toMatchObject({ code: 'ARI_NOT_FOUND' });

    await h.telephony.execute({ type: 'hangup_call', attemptId: command.attemptId, reason: 'agent_hangup' });
    await h.waitFor('call_ended', (i) => i.attemptId === command.attemptId);
    await until(async () => (await fetch(`${h.pbx.url}/ari/recordings/stored/${name}`, { headers: auth })).status === 200);
    const bridge = h.pbx.bridges().find((b) => b.id === 'agent-bridge-ag1');
    expect(bridge?.channels).toHaveLength(1);
    expect(h.inputs.some((i) => i.type === 'agent_leg_down')).toBe(false);
  });

  /** A customer answered and put through to ag1: the call's attempt id. */
  const customerWithAg1 = (): Promise<string> => customerWith(h, 'ag1');

  it('set_call_held moves the customer to a holding bridge with music and back; a hold left on ends with the call', async () => {
    const attemptId = await customerWithAg1();
    const hold = (held: boolean) => ({ type: 'set_call_held' as const, campaignId: '1', attemptId, agentId: 'ag1', held, atMs: Date.now(), heldMs: 0, reason: 'agent' as const });
    const members = (bridgeId: string) => h.pbx.bridges().find((b) => b.id === bridgeId)?.channels;

    await h.telephony.execute(hold(true));
    expect(members(`hold-${attemptId}`)).toEqual([attemptId]);
    expect(h.pbx.bridges().find((b) => b.id === `hold-${attemptId}`)?.bridge_type).toBe('holding');
    expect(h.pbx.bridgeMusic(`hold-${attemptId}`)).toBe('default');
    expect(members('agent-bridge-ag1')).toHaveLength(1);
    // Asked twice, the same.
    await h.telephony.execute(hold(true));
    expect(members(`hold-${attemptId}`)).toEqual([attemptId]);

    await h.telephony.execute(hold(false));
    expect(members('agent-bridge-ag1')).toContain(attemptId);
    expect(members(`hold-${attemptId}`)).toBeUndefined();

    // On hold when the customer hangs up: the call ends and its holding bridge goes with it.
    await h.telephony.execute(hold(true));
    await fetch(`${h.pbx.url}/ari/channels/${attemptId}`, { method: 'DELETE', headers: auth });
    await h.waitFor('call_ended', (i) => i.attemptId === attemptId);
    await until(async () => members(`hold-${attemptId}`) === undefined);
    expect(members('agent-bridge-ag1')).toHaveLength(1);
    // A customer the PBX does not have is refused, for the core to be told, and leaves no bridge.
    await expect(h.telephony.execute(hold(true))).rejects.toMatchObject({ code: 'ARI_NOT_FOUND' });
    expect(members(`hold-${attemptId}`)).toBeUndefined();
  });

  it('transfer_call moves the customer to the colleague\'s bridge, from hold too, and the recording goes on there in the same file', async () => {
    await h.telephony.execute({ type: 'dial_agent', agentId: 'ag3', endpoint: 'Local/1003@sim-agent' });
    await h.waitFor('agent_leg_up', (i) => i.agentId === 'ag3');
    const attemptId = await customerWithAg1();
    await h.telephony.execute({ type: 'start_recording', attemptId, agentId: 'ag1' });
    const name = h.telephony.recordingName(attemptId);
    const members = (bridgeId: string) => h.pbx.bridges().find((b) => b.id === bridgeId)?.channels;
    const transfer = (toAgentId: string) => ({ type: 'transfer_call' as const, campaignId: '1', attemptId, fromAgentId: 'ag1', toAgentId });

    // A colleague without a bridge: refused, and the customer stays, recorded, with the agent.
    await h.telephony.execute(transfer('nobody'));
    expect((await h.waitFor('bridge_failed', (i) => i.attemptId === attemptId)).agentId).toBe('nobody');
    expect(members('agent-bridge-ag1')).toContain(attemptId);
    expect((await fetch(`${h.pbx.url}/ari/recordings/live/${name}`, { headers: auth })).status).toBe(200);

    // A colleague whose phone has just gone (their bridge still there): refused, not left alone there.
    await h.telephony.execute({ type: 'dial_agent', agentId: 'ag5', endpoint: 'Local/1005@sim-agent' });
    await h.waitFor('agent_leg_up', (i) => i.agentId === 'ag5');
    const [ag5Leg] = members('agent-bridge-ag5') ?? [];
    expect((await fetch(`${h.pbx.url}/ari/channels/${ag5Leg}`, { method: 'DELETE', headers: auth })).status).toBe(204);
    await h.waitFor('agent_leg_down', (i) => i.agentId === 'ag5');
    await h.telephony.execute(transfer('ag5'));
    expect(await h.waitFor('bridge_failed', (i) => i.attemptId === attemptId && i.agentId === 'ag5')).toMatchObject({ reason: expect.stringContaining('no phone leg up') });
    expect(members('agent-bridge-ag1')).toContain(attemptId);

    await h.telephony.execute({ type: 'set_call_held', campaignId: '1', attemptId, agentId: 'ag1', held: true, atMs: Date.now(), heldMs: 0, reason: 'agent' });
    await h.telephony.execute(transfer('ag3'));
    expect((await h.waitFor('call_bridged', (i) => i.attemptId === attemptId && i.agentId === 'ag3')).agentId).toBe('ag3');
    expect(members('agent-bridge-ag3')).toContain(attemptId);
    expect(members('agent-bridge-ag1')).toHaveLength(1);
    expect(members(`hold-${attemptId}`)).toBeUndefined();
    // The first agent's part is in the file; the colleague's goes on in it.
    expect((await fetch(`${h.pbx.url}/ari/recordings/live/${name}`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${h.pbx.url}/ari/recordings/stored/${name}`, { headers: auth })).status).toBe(200);
    await h.telephony.execute({ type: 'start_recording', attemptId, agentId: 'ag3', append: true });
    const live = (await (await fetch(`${h.pbx.url}/ari/recordings/live/${name}`, { headers: auth })).json()) as { target_uri: string };
    expect(live.target_uri).toBe('bridge:agent-bridge-ag3');

    await h.telephony.execute({ type: 'hangup_call', attemptId, reason: 'agent_hangup' });
    await h.waitFor('call_ended', (i) => i.attemptId === attemptId);
    await until(async () => (await fetch(`${h.pbx.url}/ari/recordings/live/${name}`, { headers: auth })).status === 404);
    expect(members('agent-bridge-ag3')).toHaveLength(1);
  });

  it('start_consult holds the customer and brings the colleague\'s phone to the agent; it goes home before a handover and after a cancellation', async () => {
    await h.telephony.execute({ type: 'dial_agent', agentId: 'ag4', endpoint: 'Local/1004@sim-agent' });
    await h.waitFor('agent_leg_up', (i) => i.agentId === 'ag4');
    const members = (bridgeId: string) => h.pbx.bridges().find((b) => b.id === bridgeId)?.channels;
    const [colleagueLeg] = members('agent-bridge-ag4') ?? [];
    const attemptId = await customerWithAg1();
    const consult = { type: 'start_consult' as const, campaignId: '1', attemptId, agentId: 'ag1', colleagueId: 'ag4', holdCustomer: true };
    const joined = () => h.inputsFor(attemptId).filter((i) => i.type === 'consult_joined').length;

    await h.telephony.execute(consult);
    expect(joined()).toBe(1);
    expect(members(`hold-${attemptId}`)).toEqual([attemptId]);
    expect(h.pbx.bridgeMusic(`hold-${attemptId}`)).toBe('default');
    expect(members('agent-bridge-ag1')).toHaveLength(2);
    expect(members('agent-bridge-ag1')).toContain(colleagueLeg);
    expect(members('agent-bridge-ag4')).toEqual([]);

    // Cancelled: the colleague's phone goes home (asked twice, the same).
    await h.telephony.execute({ type: 'return_agent_leg', attemptId, agentId: 'ag4' });
    await h.telephony.execute({ type: 'return_agent_leg', attemptId, agentId: 'ag4' });
    expect(members('agent-bridge-ag4')).toEqual([colleagueLeg]);
    expect(members('agent-bridge-ag1')).toHaveLength(1);

    // Consulted again (the customer still on hold), then handed over.
    await h.telephony.execute({ ...consult, holdCustomer: false });
    expect(joined()).toBe(2);
    await h.telephony.execute({ type: 'transfer_call', campaignId: '1', attemptId, fromAgentId: 'ag1', toAgentId: 'ag4' });
    await h.waitFor('call_bridged', (i) => i.attemptId === attemptId && i.agentId === 'ag4');
    expect([...(members('agent-bridge-ag4') ?? [])].sort()).toEqual([attemptId, colleagueLeg].sort());
    expect(members('agent-bridge-ag1')).toHaveLength(1);
    expect(members(`hold-${attemptId}`)).toBeUndefined();

    // A colleague without a phone cannot be consulted.
    await h.telephony.execute({ ...consult, agentId: 'ag4', colleagueId: 'nobody', holdCustomer: false });
    expect(h.inputsFor(attemptId).filter((i) => i.type === 'consult_failed')).toEqual([
      { type: 'consult_failed', attemptId, agentId: 'nobody', reason: 'agent nobody has no phone leg up' },
    ]);
    await h.telephony.execute({ type: 'hangup_call', attemptId, reason: 'test' });
    await h.waitFor('call_ended', (i) => i.attemptId === attemptId);
  });

  it('bridge_call to an agent without a bridge gives bridge_failed', async () => {
    const command = dial(0);
    await h.telephony.execute(command);
    await h.waitFor('call_answered', (i) => i.attemptId === command.attemptId);
    await h.telephony.execute({ type: 'bridge_call', campaignId: '1', attemptId: command.attemptId, agentId: 'nobody', match: 'any' });
    const failed = await h.waitFor('bridge_failed', (i) => i.attemptId === command.attemptId);
    expect(failed.reason).toMatch(/^ARI_NOT_FOUND/);
    await h.telephony.execute({ type: 'hangup_call', attemptId: command.attemptId, reason: 'test' });
    await h.waitFor('call_ended', (i) => i.attemptId === command.attemptId);
  });

  it('supervise listen: a snoop on the agent leg and the supervisor phone share a bridge; ending removes both', async () => {
    const { sessionId } = await h.telephony.supervise({ agentId: 'ag1', supervisorEndpoint: 'Local/1900@sim-agent', mode: 'listen' });
    await until(async () => {
      const bridge = h.pbx.bridges().find((b) => b.id === `${sessionId}-bridge`);
      return bridge !== undefined && bridge.channels.length === 2;
    });
    const snoop = h.pbx.channels().find((c) => c.id === `${sessionId}-snoop`);
    expect(snoop?.name).toMatch(/^Snoop\//);
    await h.telephony.endSupervision(sessionId);
    await until(async () => !h.pbx.channels().some((c) => c.id.startsWith(sessionId)) && !h.pbx.bridges().some((b) => b.id.startsWith(sessionId)));
    await expect(h.telephony.endSupervision(sessionId)).rejects.toMatchObject({ code: 'ARI_UNKNOWN_SESSION' });
  });

  it('supervise barge: the supervisor joins the agent bridge', async () => {
    const { sessionId, ended } = await h.telephony.supervise({ agentId: 'ag1', supervisorEndpoint: 'Local/1901@sim-agent', mode: 'barge' });
    await until(async () => (h.pbx.bridges().find((b) => b.id === 'agent-bridge-ag1')?.channels.length ?? 0) === 2);
    await h.telephony.endSupervision(sessionId);
    await until(async () => h.pbx.bridges().find((b) => b.id === 'agent-bridge-ag1')?.channels.length === 1);
    await expect(ended).resolves.toBeUndefined();
  });

  it('tells the caller when a session ends by itself: the supervisor hung up', async () => {
    const { sessionId, ended } = await h.telephony.supervise({ agentId: 'ag1', supervisorEndpoint: 'Local/1902@sim-agent', mode: 'listen' });
    await until(async () => h.pbx.bridges().find((b) => b.id === `${sessionId}-bridge`)?.channels.length === 2);
    expect((await fetch(`${h.pbx.url}/ari/channels/${sessionId}-phone`, { method: 'DELETE', headers: auth })).status).toBe(204);
    await expect(ended).resolves.toBeUndefined();
    await until(async () => !h.pbx.channels().some((c) => c.id.startsWith(sessionId)));
    await expect(h.telephony.endSupervision(sessionId)).rejects.toMatchObject({ code: 'ARI_UNKNOWN_SESSION' });
  });

  it('supervising an agent without a leg is refused', async () => {
    await expect(h.telephony.supervise({ agentId: 'nobody', supervisorEndpoint: 'Local/1900@sim-agent', mode: 'whisper' }))
      .rejects.toMatchObject({ code: 'ARI_NO_AGENT_LEG' });
  });

  it('hangup_agent ends the leg: agent_leg_down', async () => {
    await h.telephony.execute({ type: 'hangup_agent', agentId: 'ag1' });
    const down = await h.waitFor('agent_leg_down', (i) => i.agentId === 'ag1');
    expect(down.cause).toBe(16);
  });

  it('an agent endpoint that cannot be dialled gives agent_leg_down', async () => {
    await h.telephony.execute({ type: 'dial_agent', agentId: 'ag2', endpoint: 'Nope/1002' });
    const down = await h.waitFor('agent_leg_down', (i) => i.agentId === 'ag2');
    expect(down.cause).toBe(0);
  });
});
