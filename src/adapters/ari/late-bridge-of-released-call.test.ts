// A return caller's bridge to their agent answered by the PBX only after the engine gave up on it
// (the agent's reservation ran out) and let the caller go back to the return-call line, which
// plays them the campaign's message: the caller is taken back out of the agent's bridge, so they
// are not with an agent the engine has freed for its next call while the line plays to them.

import { describe, expect, it } from 'vitest';
import type { Input } from '../../core/inputs.js';
import { agentBridgeId } from './channel-ids.js';
import { CustomerCalls } from './customer-calls.js';
import { fakeAriRest } from './fake-ari-rest.js';
import { testExecutor } from './test-executor.js';

const attemptId = 'att-in-1';
const channelId = 'pbx-chan-7';

function setup() {
  const inputs: Input[] = [];
  const emit = (input: Input): void => void inputs.push(input);
  const calls = new CustomerCalls({
    emit, setTimer: () => () => undefined, peerCauseWaitMs: 250, onUnexpected: () => undefined, onPlaybackFailed: () => undefined, onEnded: () => undefined,
  });
  let answerBridge: () => void = () => undefined;
  const removed: Array<{ bridgeId: string; channels: string[] }> = [];
  const added: string[] = [];
  const rest = fakeAriRest({
    addToBridge: (bridgeId) => new Promise<void>((resolve) => { added.push(bridgeId); answerBridge = resolve; }),
    removeFromBridge: async (bridgeId, channels) => { removed.push({ bridgeId, channels: [...channels] }); },
  });
  const executor = testExecutor(rest, calls, emit);
  const call = calls.takeInbound(attemptId, 'camp-1', channelId);
  return { executor, calls, call, inputs, added, removed, answerBridge: () => answerBridge() };
}

describe('CommandExecutor: a bridge made after the engine let the call go', () => {
  it('takes the released caller back out of the agent bridge, and tells the engine nothing of it', async () => {
    const { executor, calls, inputs, removed, answerBridge } = setup();
    const bridging = executor.execute({ type: 'bridge_call', campaignId: 'camp-1', attemptId, agentId: 'ann', match: 'any' });
    await Promise.resolve();
    // The reservation ran out: the engine let the caller go, and the line took the channel back.
    calls.forget(attemptId);
    answerBridge();
    await bridging;
    expect(removed).toEqual([{ bridgeId: agentBridgeId('ann'), channels: [channelId] }]);
    expect(inputs.map((input) => input.type)).not.toContain('call_bridged');
  });

  it('leaves a caller still the engine\'s in the agent bridge', async () => {
    const { executor, inputs, removed, answerBridge } = setup();
    const bridging = executor.execute({ type: 'bridge_call', campaignId: 'camp-1', attemptId, agentId: 'ann', match: 'any' });
    await Promise.resolve();
    answerBridge();
    await bridging;
    expect(removed).toEqual([]);
    expect(inputs).toContainEqual({ type: 'call_bridged', attemptId, agentId: 'ann' });
  });

  it('does not move a caller let go while their hold was being set up to the agent at all', async () => {
    const { executor, calls, call, inputs, added, removed, answerBridge } = setup();
    let holdDone: () => void = () => undefined;
    call.inbound = { hangupCause: null, holdSettled: new Promise<void>((resolve) => { holdDone = resolve; }) };
    const bridging = executor.execute({ type: 'bridge_call', campaignId: 'camp-1', attemptId, agentId: 'ann', match: 'any' });
    calls.forget(attemptId);
    holdDone();
    // Should a move be asked for, the PBX makes it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    answerBridge();
    await bridging;
    expect(added).toEqual([]);
    expect(removed).toEqual([]);
    expect(inputs.map((input) => input.type)).not.toContain('call_bridged');
  });
});
