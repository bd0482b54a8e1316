// A person calling back is put on hold (their holding bridge made, then the channel moved into it)
// while an agent may take them at any moment: the move to the agent's bridge must come after the
// move into the holding bridge, or the late hold would pull the caller out of their agent's bridge.

import { describe, expect, it } from 'vitest';
import type { Input } from '../../core/inputs.js';
import { createLogger } from '../log/logger.js';
import type { AriEvent } from './ari-events.js';
import { CustomerCalls } from './customer-calls.js';
import { fakeAriRest } from './fake-ari-rest.js';
import { inboundChannelsOf } from './inbound-channels.js';
import { ReturnCalls, type ReturnCallPlan } from './return-calls.js';
import { testExecutor } from './test-executor.js';

const channelId = '1795435734.40';
const attemptId = 'att-hold';
const start: AriEvent = { type: 'StasisStart', args: ['return', '+12125550199'], channel: { id: channelId, name: 'PJSIP/carrier-00000040', state: 'Ring', caller: { number: '+12125550104' } } };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('a return call taken by an agent while it is being put on hold', () => {
  it('is moved to the agent only once it is in its holding bridge, and the holding bridge goes after', async () => {
    const requests: string[] = [];
    let bridgeMade = (): void => undefined;
    const rest = fakeAriRest({
      answer: async () => undefined,
      // The holding bridge takes its time: the agent comes free meanwhile.
      createBridge: (bridgeId) => new Promise<void>((resolve) => { bridgeMade = () => { requests.push(`create ${bridgeId}`); resolve(); }; }),
      startBridgeMoh: async () => undefined,
      addToBridge: async (bridgeId) => { requests.push(`add to ${bridgeId}`); },
      destroyBridge: async (bridgeId) => { requests.push(`destroy ${bridgeId}`); },
    });
    const inputs: Input[] = [];
    const calls = new CustomerCalls({
      emit: (input) => void inputs.push(input), setTimer: () => () => undefined, peerCauseWaitMs: 250, onEnded: () => undefined, onUnexpected: () => undefined, onPlaybackFailed: () => undefined,
    });
    const executor = testExecutor(rest, calls, (input) => void inputs.push(input));
    const plan: ReturnCallPlan = {
      media: 'sound:outpace/return-call', optOutDigit: '1', optOut: async () => undefined, ended: () => undefined,
      toAgent: { attemptId, campaignId: 'c1', reserve: () => ({ kind: 'waiting' }), release: () => undefined, putThrough: () => undefined },
    };
    const lines = new ReturnCalls({
      handler: async () => plan, rest: () => rest, setTimer: () => () => undefined, keyWaitMs: 5_000, holdMusicClass: 'default',
      logger: createLogger({ level: 'silent' }),
      inbound: inboundChannelsOf(calls),
    });
    lines.handle(start);
    await settle();
    // The engine gives the waiting caller to an agent before the holding bridge is made.
    const bridging = executor.execute({ type: 'bridge_call', campaignId: 'c1', attemptId, agentId: 'ag1', match: 'any' });
    await settle();
    bridgeMade();
    await bridging;
    await settle();
    expect(requests).toEqual([`create hold-${attemptId}`, `add to hold-${attemptId}`, 'add to agent-bridge-ag1', `destroy hold-${attemptId}`]);
    expect(inputs.filter((input) => input.type === 'bridge_failed')).toEqual([]);
  });
});
