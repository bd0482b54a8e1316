// A person calling back whose agent's bridge was made after their reservation ran out goes back on
// hold: the return-call line makes their holding bridge again. The late bridge's own reply, which
// a PBX sends after the channel entered the agent's bridge, must not take that bridge down.

import { describe, expect, it } from 'vitest';
import type { Input } from '../../core/inputs.js';
import { createLogger } from '../log/logger.js';
import { AriError } from './ari-errors.js';
import type { AriEvent } from './ari-events.js';
import { CustomerCalls } from './customer-calls.js';
import { fakeAriRest } from './fake-ari-rest.js';
import { inboundChannelsOf } from './inbound-channels.js';
import { ReturnCalls, type ReturnCallPlan, type ReturnCallWait } from './return-calls.js';
import { testExecutor } from './test-executor.js';

const channelId = '1795435734.41';
const attemptId = 'att-late';
const holdBridge = `hold-${attemptId}`;
const start: AriEvent = { type: 'StasisStart', args: ['return', '+12125550199'], channel: { id: channelId, name: 'PJSIP/carrier-00000041', state: 'Ring', caller: { number: '+12125550105' } } };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A request the test answers when it likes. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const wait = new Promise<void>((resolve) => { open = resolve; });
  return { wait, open };
}

/** A caller on hold whose bridge to agent ag1 is asked for and hangs, and who is then put back on
 * hold (the engine's return_call_held on the late bridge), the hold's bridge creation held too.
 * Their first holding bridge is still there (nothing took it down yet). */
async function lateBridgeBackOnHold() {
  const requests: string[] = [];
  const bridges = new Set(['agent-bridge-ag1']);
  const agentAdd = gate();
  let holdCreate: ReturnType<typeof gate> | null = null;
  const rest = fakeAriRest({
    answer: async () => undefined,
    // As Asterisk: a bridge is not created again under an id in use when a type is given.
    createBridge: async (bridgeId) => {
      await holdCreate?.wait;
      if (bridges.has(bridgeId)) throw new AriError('ARI_REQUEST_FAILED', 'createBridge', 'Supplying a bridge type when updating a bridge is not allowed.');
      bridges.add(bridgeId);
      requests.push(`create ${bridgeId}`);
    },
    getBridge: async (bridgeId) => {
      if (!bridges.has(bridgeId)) throw new AriError('ARI_NOT_FOUND', 'getBridge', 'Bridge not found');
      return { id: bridgeId, channels: [] };
    },
    startBridgeMoh: async () => undefined,
    addToBridge: async (bridgeId) => {
      if (bridgeId === 'agent-bridge-ag1') await agentAdd.wait;
      requests.push(`add to ${bridgeId}`);
    },
    destroyBridge: async (bridgeId) => { bridges.delete(bridgeId); requests.push(`destroy ${bridgeId}`); },
  });
  const inputs: Input[] = [];
  const calls = new CustomerCalls({
    emit: (input) => void inputs.push(input), setTimer: () => () => undefined, peerCauseWaitMs: 250, onEnded: () => undefined, onUnexpected: () => undefined, onPlaybackFailed: () => undefined,
  });
  const executor = testExecutor(rest, calls, (input) => void inputs.push(input));
  let wait: ReturnCallWait | null = null;
  const plan: ReturnCallPlan = {
    media: 'sound:outpace/return-call', optOutDigit: '1', optOut: async () => undefined, ended: () => undefined,
    toAgent: { attemptId, campaignId: 'c1', reserve: (given) => { wait = given; return { kind: 'waiting' }; }, release: () => undefined, putThrough: () => undefined },
  };
  const lines = new ReturnCalls({
    handler: async () => plan, rest: () => rest, setTimer: () => () => undefined, keyWaitMs: 5_000, holdMusicClass: 'default',
    logger: createLogger({ level: 'silent' }), inbound: inboundChannelsOf(calls),
  });
  lines.handle(start);
  await settle();
  expect(requests).toEqual([`create ${holdBridge}`, `add to ${holdBridge}`]);
  const bridging = executor.execute({ type: 'bridge_call', campaignId: 'c1', attemptId, agentId: 'ag1', match: 'any' });
  await settle();
  requests.length = 0;
  holdCreate = gate();
  const backOnHold = (): void => { expect(wait).not.toBeNull(); wait?.held(); };
  return { requests, agentAdd, holdCreate, bridging, backOnHold, inputs };
}

describe('a return call whose agent bridge is made after its reservation ran out', () => {
  it('keeps the holding bridge being made again when the bridge is answered before the hold is made', async () => {
    const race = await lateBridgeBackOnHold();
    race.backOnHold();
    await settle();
    // The late bridge's reply comes while the holding bridge is being made again.
    race.agentAdd.open();
    await race.bridging;
    race.holdCreate.open();
    await settle();
    await settle();
    expect(race.requests).toEqual(['add to agent-bridge-ag1', `add to ${holdBridge}`]);
  });

  it('keeps the holding bridge made again when the bridge is answered after the caller is back in it', async () => {
    const race = await lateBridgeBackOnHold();
    race.backOnHold();
    race.holdCreate.open();
    await settle();
    await settle();
    race.agentAdd.open();
    await race.bridging;
    await settle();
    expect(race.requests).toEqual([`add to ${holdBridge}`, 'add to agent-bridge-ag1']);
  });
});
