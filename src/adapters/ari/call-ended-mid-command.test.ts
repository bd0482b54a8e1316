// A customer who hangs up while a command is being carried out for their call: their end (and
// its clean-up, callEnded) can come before the PBX answers a request, so what the command goes on
// to make for them must go again, or it is left on the PBX (a bridge) or in the executor.

import { describe, expect, it } from 'vitest';
import type { Input } from '../../core/inputs.js';
import type { AriRest } from './ari-port.js';
import { holdBridgeId, thirdPartyBridgeId } from './channel-ids.js';
import type { CommandExecutor } from './command-executor.js';
import { CustomerCalls } from './customer-calls.js';
import { fakeAriRest } from './fake-ari-rest.js';
import { testExecutor } from './test-executor.js';
import { ThirdPartyLines } from './third-party-lines.js';

const attemptId = 'att-1';
const base = { campaignId: 'camp-1', attemptId, agentId: 'ann' };

/** An answered call with Ann; `hangsUpDuring` names the request the customer's end beats. */
function setup(hangsUpDuring: keyof AriRest) {
  const inputs: Input[] = [];
  const destroyed: string[] = [];
  const recorded: string[] = [];
  const emit = (input: Input): void => void inputs.push(input);
  let executor: CommandExecutor | null = null;
  const cleanUps: Array<Promise<void>> = [];
  const calls = new CustomerCalls({
    emit, setTimer: () => () => undefined, peerCauseWaitMs: 250, onUnexpected: () => undefined, onPlaybackFailed: () => undefined,
    onEnded: (call) => { if (executor) cleanUps.push(executor.callEnded(call)); },
  });
  const hangUp = (): void => void calls.handle({ type: 'ChannelDestroyed', channel: { id: attemptId, name: '', state: 'Up' }, cause: 16, cause_txt: 'Normal Clearing' });
  const answer = (operation: keyof AriRest) => async (): Promise<void> => { if (operation === hangsUpDuring) hangUp(); };
  const rest: AriRest = fakeAriRest({
    createBridge: answer('createBridge'), startBridgeMoh: answer('startBridgeMoh'), addToBridge: answer('addToBridge'),
    stopRecording: answer('stopRecording'),
    destroyBridge: async (id) => { destroyed.push(id); },
    recordBridge: async (bridgeId) => { recorded.push(bridgeId); },
  });
  const thirdParties = new ThirdPartyLines({ emit, onAnswered: () => undefined });
  executor = testExecutor(rest, calls, emit, thirdParties);
  const call = calls.register(attemptId, 'camp-1');
  call.originate = 'done';
  call.answered = true;
  const settled = async (): Promise<void> => { await Promise.all(cleanUps); };
  return { executor, calls, call, thirdParties, inputs, destroyed, recorded, settled };
}

describe('CommandExecutor: the customer gone while a command for their call is carried out', () => {
  it('a hold whose bridge move is answered after the customer\'s end: refused, and its holding bridge goes', async () => {
    const { executor, destroyed, settled } = setup('addToBridge');
    await expect(executor.execute({ ...base, type: 'set_call_held', held: true, atMs: 0, heldMs: 0, reason: 'agent' })).rejects.toThrow();
    await settled();
    expect(destroyed).toEqual([holdBridgeId(attemptId)]);
  });

  it('a consultation\'s hold beaten by the customer\'s end leaves no holding bridge and brings in no colleague', async () => {
    const { executor, destroyed, inputs, settled } = setup('addToBridge');
    await executor.execute({ ...base, type: 'start_consult', colleagueId: 'bob', holdCustomer: true });
    await settled();
    expect(destroyed).toEqual([holdBridgeId(attemptId)]);
    expect(inputs).toContainEqual(expect.objectContaining({ type: 'consult_failed', attemptId }));
  });

  it('a hand-off to the third party answered after the customer\'s end: the bridge of the two goes', async () => {
    const { executor, thirdParties, destroyed, inputs, settled } = setup('addToBridge');
    thirdParties.register(attemptId, 'ann').answered = true;
    await executor.execute({ ...base, type: 'hand_off_third_party', record: false });
    await settled();
    expect(destroyed).toEqual([thirdPartyBridgeId(attemptId)]);
    expect(inputs.map((input) => input.type)).not.toContain('third_party_handed_off');
  });

  it('a recording that was to go on paused with the third party, the customer gone meanwhile: nothing waits to start', async () => {
    const { executor, call, thirdParties, recorded, settled } = setup('stopRecording');
    thirdParties.register(attemptId, 'ann').answered = true;
    call.recordingName = `outpace-${attemptId}`;
    await executor.execute({ ...base, type: 'hand_off_third_party', record: true, recordPaused: true });
    await settled();
    // A resume (as a late time limit would ask) finds no recording waiting in the gone bridge.
    await executor.execute({ ...base, type: 'set_recording_paused', paused: false, reason: 'time_limit', atMs: 0 }).catch(() => undefined);
    expect(recorded).toEqual([]);
  });

  it('a recording to go on with the third party, the customer gone meanwhile: none is started', async () => {
    const { executor, call, thirdParties, recorded, settled } = setup('stopRecording');
    thirdParties.register(attemptId, 'ann').answered = true;
    call.recordingName = `outpace-${attemptId}`;
    await executor.execute({ ...base, type: 'hand_off_third_party', record: true });
    await settled();
    expect(recorded).toEqual([]);
  });
});
