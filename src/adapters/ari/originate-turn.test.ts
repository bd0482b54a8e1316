// A dial's last word (its compliance check and its write) is asked when its turn to be sent comes,
// not when it joins the queue: a burst waits for originate slots, and a calling window may close or
// a DNC entry arrive meanwhile. A dialled call whose channel is gone unheard when it is hung up
// ends all the same.

import { describe, expect, it } from 'vitest';
import type { TelephonyCommand } from '../../core/commands.js';
import type { Input } from '../../core/inputs.js';
import type { AriRest } from './ari-port.js';
import { AriError } from './ari-errors.js';
import { goneCallGraceMs } from './command-executor.js';
import { CustomerCalls } from './customer-calls.js';
import { fakeAriRest } from './fake-ari-rest.js';
import { testExecutor } from './test-executor.js';

function dial(attemptId: string): Extract<TelephonyCommand, { type: 'originate' }> {
  return {
    type: 'originate', campaignId: 'camp-1', attemptId, leadId: `lead-${attemptId}`, phone: '+12125550100', ringTimeoutMs: 25_000, amd: false, amdAfterGreetingMs: 800,
    callerId: null, endpointTemplate: null,
  };
}

/** An executor sending one originate at a time, whose PBX answers each when the test says. */
function oneLine(given: Partial<AriRest> = {}) {
  const inputs: Input[] = [];
  const sent: string[] = [];
  const answers: Array<() => void> = [];
  const emit = (input: Input): void => void inputs.push(input);
  const calls = new CustomerCalls({
    emit, setTimer: () => () => undefined, peerCauseWaitMs: 250, onEnded: () => undefined, onUnexpected: () => undefined, onPlaybackFailed: () => undefined,
  });
  const rest: AriRest = fakeAriRest({
    originate: (request) => {
      sent.push(request.channelId);
      return new Promise((resolve) => answers.push(() => resolve({ id: request.channelId, name: 'PJSIP/sim-00000001', state: 'Down' })));
    },
    ...given,
  });
  const executor = testExecutor(rest, calls, emit);
  const answerNext = async (): Promise<void> => {
    await settle();
    answers.shift()?.();
    await settle();
  };
  return { executor, calls, inputs, sent, answerNext };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('an originate waiting for its turn', () => {
  it('is checked only when its turn comes, and not sent when the check then refuses it', async () => {
    const { executor, calls, inputs, sent, answerNext } = oneLine();
    const asked: string[] = [];
    let windowOpen = true;
    const check = (attemptId: string) => async (): Promise<boolean> => {
      asked.push(attemptId);
      return windowOpen;
    };
    const first = executor.execute(dial('a1'), check('a1'));
    const second = executor.execute(dial('a2'), check('a2'));
    await settle();
    // The second waits behind the first: its check has not run yet.
    expect(asked).toEqual(['a1']);
    expect(sent).toEqual(['a1']);
    windowOpen = false;
    await answerNext();
    await Promise.all([first, second]);
    expect(asked).toEqual(['a1', 'a2']);
    expect(sent).toEqual(['a1']);
    // Refused quietly (the check reported it) and no longer tracked as a call.
    expect(inputs).toEqual([]);
    expect(calls.get('a2')).toBeUndefined();
  });

  it('hung up while its check runs: not sent, and the core told it was never dialled', async () => {
    const { executor, inputs, sent } = oneLine();
    let clear: (value: boolean) => void = () => undefined;
    const pending = executor.execute(dial('a1'), () => new Promise<boolean>((resolve) => { clear = resolve; }));
    await settle();
    await executor.execute({ type: 'hangup_call', attemptId: 'a1', reason: 'no_answer' });
    clear(true);
    await pending;
    expect(sent).toEqual([]);
    expect(inputs).toEqual([{ type: 'originate_failed', attemptId: 'a1', reason: 'not dialled: the call was hung up before its dial was sent', notSent: true }]);
  });

  it('whose check fails: not sent, and the core told why', async () => {
    const { executor, calls, inputs, sent } = oneLine();
    await executor.execute(dial('a1'), () => Promise.reject(new Error('Connection terminated unexpectedly')));
    expect(sent).toEqual([]);
    expect(calls.get('a1')).toBeUndefined();
    expect(inputs).toEqual([{ type: 'originate_failed', attemptId: 'a1', reason: 'not dialled: Connection terminated unexpectedly', notSent: true }]);
  });

  it("dialled, then hung up when its channel is already gone unheard: ends after a moment instead of waiting for ever", async () => {
    const notFound = new AriError('ARI_NOT_FOUND', 'hangup', 'Channel not found');
    const { executor, calls, inputs, answerNext } = oneLine({ hangup: () => Promise.reject(notFound) });
    const dialled = executor.execute(dial('a1'));
    await answerNext();
    await dialled;
    await executor.execute({ type: 'hangup_call', attemptId: 'a1', reason: 'no_answer' });
    expect(inputs).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, goneCallGraceMs + 100));
    expect(inputs).toEqual([expect.objectContaining({ type: 'call_ended', attemptId: 'a1' })]);
    expect(calls.get('a1')).toBeUndefined();
  });
});
