// The reconcile at a reconnect against a PBX whose answers the test paces: a channel of ours that
// appears while the channel list is being fetched is neither lost nor a previous run's leftover,
// and a leftover conversation that ended in the gap is let go.

import { describe, expect, it, vi } from 'vitest';
import type { Input } from '../../core/inputs.js';
import { createLogger } from '../log/logger.js';
import type { AriBridgeSnapshot, AriConnection, AriConnector, AriLinkChange } from './ari-port.js';
import { createAriTelephony } from './ari-telephony.js';
import { fakeAriRest } from './fake-ari-rest.js';

/** The list request of the next reconcile: `asked` once it is sent, answered on `release`. */
interface HeldList {
  asked: Promise<void>;
  release: () => void;
}

/** A PBX with fixed channels and bridges in our app, whose events socket the test drops. */
function fakePbx(channelIds: readonly string[], givenBridges: readonly AriBridgeSnapshot[]) {
  const bridges = [...givenBridges];
  const hungUp: string[] = [];
  // Channels the test originates, and each channel's state as the list shows it (Up unless said).
  const ids = [...channelIds];
  const states = new Map<string, string>();
  const linkListeners: Array<(change: AriLinkChange) => void> = [];
  let held: { asked: () => void; answer: Promise<void> } | null = null;
  // An originate the test holds: answered (and its channel listed) on release.
  let heldOriginate: Promise<void> | null = null;
  const rest = fakeAriRest({
    listChannels: async () => {
      const hold = held;
      held = null;
      hold?.asked();
      await hold?.answer;
      return ids.map((id) => ({ id, name: `PJSIP/${id}`, state: states.get(id) ?? 'Up' }));
    },
    getApplication: async (app) => ({ name: app, channelIds: [...ids], bridgeIds: bridges.map((bridge) => bridge.id) }),
    getBridge: async (id) => bridges.find((bridge) => bridge.id === id) ?? { id, channels: [] },
    originate: async (request) => {
      const hold = heldOriginate;
      heldOriginate = null;
      await hold;
      ids.push(request.channelId);
      states.set(request.channelId, 'Ringing');
      return { id: request.channelId, name: `PJSIP/${request.channelId}`, state: 'Down' };
    },
    createBridge: async () => undefined,
    addToBridge: async () => undefined,
    hangup: async (id) => { hungUp.push(id); },
    muteIncoming: async () => undefined, muteOutgoing: async () => undefined,
  });
  const notify = (change: AriLinkChange): void => linkListeners.forEach((listener) => listener(change));
  const connection: AriConnection = {
    rest, onEvent: () => undefined, onBadEvent: () => undefined, onLink: (listener) => void linkListeners.push(listener),
    open: () => notify({ kind: 'open' }), close: () => undefined, ping: async () => true,
  };
  const connect: AriConnector = () => Promise.resolve(connection);
  const holdNextList = (): HeldList => {
    let release = (): void => undefined;
    const answer = new Promise<void>((resolve) => { release = resolve; });
    const asked = new Promise<void>((resolve) => { held = { asked: resolve, answer }; });
    return { asked, release };
  };
  const holdNextOriginate = (): (() => void) => {
    let release = (): void => undefined;
    heldOriginate = new Promise<void>((resolve) => { release = resolve; });
    return release;
  };
  /** The socket drops, then opens again (`between` runs in the gap). */
  const reconnect = (between?: () => void): void => {
    notify({ kind: 'dropped', error: 'socket closed' });
    between?.();
    notify({ kind: 'open' });
  };
  /** Channels (and their bridges) that end while nobody listens. */
  const vanish = (...gone: string[]): void => {
    for (const id of gone) ids.splice(ids.indexOf(id), 1);
    bridges.length = 0;
  };
  return { connect, hungUp, holdNextList, holdNextOriginate, reconnect, states, vanish };
}

/** The telephony on the fake PBX, started, and the inputs it gave the engine. */
async function startedOn(pbx: ReturnType<typeof fakePbx>, nowMs?: () => number) {
  const telephony = createAriTelephony({
    url: 'http://pbx.test', user: 'dialer', password: 'dialer', app: 'dialer', customerEndpointTemplate: 'Local/{number}@sim-pstn', connect: pbx.connect,
    ...(nowMs ? { nowMs } : {}),
  }, createLogger({ level: 'silent' }));
  const inputs: Input[] = [];
  await telephony.start((input) => inputs.push(input));
  return { telephony, inputs };
}

describe('ARI telephony: reconcile racing what the engine does meanwhile', () => {
  it('an agent leg taken up while the channel list is fetched is neither lost nor hung up as a leftover', async () => {
    // A crashed run left Ann's customer on hold: the customer alone in their holding bridge, Ann's
    // leg alone in her bridge.
    const pbx = fakePbx(['att-1', 'agent-ann-5'], [
      { id: 'agent-bridge-ann', channels: ['agent-ann-5'], name: 'agent-bridge-ann' },
      { id: 'hold-att-1', channels: ['att-1'], name: 'agent-bridge-ann' },
    ]);
    const { telephony, inputs } = await startedOn(pbx);
    expect(telephony.leftoverConversations()).toEqual([{ agentId: 'ann', legChannelId: 'agent-ann-5', customerChannelId: 'att-1', held: true }]);

    // The socket drops and comes back; the engine takes the conversation up while the list is out.
    const list = pbx.holdNextList();
    pbx.reconnect();
    await list.asked;
    expect(telephony.adoptConversation({ attemptId: 'att-1', customerChannelId: 'att-1', inbound: false, campaignId: 'camp-1', agentId: 'ann', recorded: false, muted: false })).toBe(true);
    list.release();
    await vi.waitFor(() => expect(inputs.filter((input) => input.type === 'telephony_up')).toHaveLength(2));

    expect(pbx.hungUp).toEqual([]);
    expect(telephony.agentsHeldOver().size).toBe(0);
    expect(inputs).toEqual([{ type: 'telephony_up' }, { type: 'telephony_down' }, { type: 'telephony_up' }]);
    await telephony.stop();
  });

  it('a leftover conversation that ended entirely while the socket was down no longer holds its agent', async () => {
    const pbx = fakePbx(['att-1', 'agent-ann-5'], [{ id: 'agent-bridge-ann', channels: ['agent-ann-5', 'att-1'], name: 'agent-bridge-ann' }]);
    const { telephony, inputs } = await startedOn(pbx);
    expect([...telephony.agentsHeldOver().keys()]).toEqual(['ann']);

    // Both sides hang up in the gap: their events are lost with it.
    pbx.vanish('att-1', 'agent-ann-5');
    pbx.reconnect();
    await vi.waitFor(() => expect(inputs.filter((input) => input.type === 'telephony_up')).toHaveLength(2));

    expect(telephony.agentsHeldOver().size).toBe(0);
    expect(telephony.leftoverConversations()).toEqual([]);
    await telephony.stop();
  });

  it("does not take an agent's phone whose originate crosses a reconnect for lost", async () => {
    const pbx = fakePbx([], []);
    const { telephony, inputs } = await startedOn(pbx);
    const release = pbx.holdNextOriginate();
    const dialled = telephony.execute({ type: 'dial_agent', agentId: 'ann', endpoint: 'PJSIP/ann' });
    pbx.reconnect();
    await vi.waitFor(() => expect(inputs.filter((input) => input.type === 'telephony_up')).toHaveLength(2));
    release();
    await dialled;
    expect(inputs.filter((input) => input.type === 'agent_leg_down')).toEqual([]);
    await telephony.stop();
  });

  it('takes a call and an agent leg answered while the events socket was down as answered, no earlier than the gap began', async () => {
    const pbx = fakePbx([], []);
    let clock = 1_000;
    const { telephony, inputs } = await startedOn(pbx, () => clock);
    await telephony.execute({
      type: 'originate', campaignId: 'camp-1', attemptId: 'att-1', leadId: 'lead-1', phone: '+12125550100', ringTimeoutMs: 25_000, amd: false, amdAfterGreetingMs: 800,
      callerId: null, endpointTemplate: null,
    });
    await telephony.execute({ type: 'dial_agent', agentId: 'ann', endpoint: 'PJSIP/ann' });
    // Both answered in the gap: their StasisStart events are gone with it. The PBX was last heard
    // from at 1 s; the socket is found dropped at 6 s and the calls at 9 s.
    for (const id of pbx.states.keys()) pbx.states.set(id, 'Up');
    clock = 6_000;
    pbx.reconnect(() => { clock = 9_000; });
    await vi.waitFor(() => expect(inputs.filter((input) => input.type === 'telephony_up')).toHaveLength(2));
    await vi.waitFor(() => expect(inputs).toContainEqual({ type: 'agent_leg_up', agentId: 'ann' }));
    expect(inputs).toContainEqual({ type: 'call_answered', attemptId: 'att-1', answeredAtMs: 1_000 });
    expect(pbx.hungUp).toEqual([]);
    await telephony.stop();
  });
});
