// play_media whose request the PBX refuses or does not answer: what counts as a message not heard
// (outpace_playback_failures_total), and what the engine is told.

import { describe, expect, it } from 'vitest';
import type { Input } from '../../core/inputs.js';
import { AriError } from './ari-errors.js';
import type { AriRest, OriginateRequest } from './ari-port.js';
import { CustomerCalls, type PlaybackFailure } from './customer-calls.js';
import { fakeAriRest } from './fake-ari-rest.js';
import { testExecutor } from './test-executor.js';

const attemptId = 'att-1';

/** A failed ARI request as the client rejects it: the body Asterisk sent, and a status if kept. */
function refused(message: string, status?: number): Error {
  return Object.assign(new Error(JSON.stringify({ message })), status === undefined ? {} : { status });
}

function setup(play: (calls: CustomerCalls, playbackId: string) => Promise<void>) {
  const inputs: Input[] = [];
  const failures: PlaybackFailure[] = [];
  const timers: Array<() => void> = [];
  const emit = (input: Input): void => void inputs.push(input);
  const calls = new CustomerCalls({
    emit, setTimer: (run) => { timers.push(run); return () => undefined; }, peerCauseWaitMs: 250, onEnded: () => undefined, onUnexpected: () => undefined,
    onPlaybackFailed: (failure) => failures.push(failure),
  });
  const rest: AriRest = fakeAriRest({ play: (_channelId, playbackId) => play(calls, playbackId) });
  const executor = testExecutor(rest, calls, emit);
  const call = calls.register(attemptId, 'camp-1');
  call.originate = 'done';
  call.answered = true;
  const playSafeHarbor = (): Promise<void> => executor.execute({ type: 'play_media', attemptId, media: 'sound:outpace/sh', purpose: 'safe_harbor' });
  /** Lets the timers set so far run, as time passing would. */
  const runTimers = (): void => { for (const run of timers.splice(0)) run(); };
  return { inputs, failures, playSafeHarbor, calls, runTimers };
}

function started(calls: CustomerCalls, playbackId: string): void {
  calls.handle({ type: 'PlaybackStarted', playback: { id: playbackId, state: 'playing', media_uri: 'sound:outpace/sh', target_uri: `channel:${attemptId}` } });
}

describe('CommandExecutor: play_media refused', () => {
  it.each([
    ['gone (404)', refused('Channel not found')],
    ['out of Stasis, hung up meanwhile (422)', refused('Channel not in Stasis application')],
    ['out of Stasis, with the status kept (409)', refused('Channel not in a Stasis application', 409)],
    ['in a state that cannot play, being hung up (412)', refused('Channel in invalid state')],
  ])('a channel %s missed nothing: not failed, and the engine does not wait', async (_case, error) => {
    const { inputs, failures, playSafeHarbor, calls, runTimers } = setup(() => Promise.reject(error));
    await playSafeHarbor();
    expect(inputs).toEqual([{ type: 'playback_finished', attemptId, failed: true }]);
    // The hang-up that crossed the request shows within the moment given.
    calls.endLost(attemptId, 'hung up');
    runTimers();
    expect(failures).toEqual([]);
  });

  it('a refusal that sounds like a channel leaving, of one still on the line a moment later, is a message not heard', async () => {
    const { failures, playSafeHarbor, runTimers } = setup(() => Promise.reject(refused('Channel in invalid state')));
    await playSafeHarbor();
    expect(failures).toEqual([]);
    runTimers();
    expect(failures).toEqual([{ campaignId: 'camp-1', attemptId, purpose: 'safe_harbor' }]);
  });

  it('any other refusal of a call still on the line is a message not heard', async () => {
    const { inputs, failures, playSafeHarbor } = setup(() => Promise.reject(refused('Failed to queue media for playback')));
    await playSafeHarbor();
    expect(failures).toEqual([{ campaignId: 'camp-1', attemptId, purpose: 'safe_harbor' }]);
    expect(inputs).toEqual([{ type: 'playback_finished', attemptId, failed: true }]);
  });

  it('a request timing out after the PBX said the playback started: left to play to its end, and not counted as failed', async () => {
    const timeout = new AriError('ARI_TIMEOUT', 'play', 'no answer within 10000 ms');
    const { inputs, failures, playSafeHarbor } = setup((calls, playbackId) => {
      started(calls, playbackId);
      return Promise.reject(timeout);
    });
    await playSafeHarbor();
    expect(inputs).toEqual([]);
    expect(failures).toEqual([]);
  });

  it('a request timing out with no sign of the playback: not played, and counted', async () => {
    const { inputs, failures, playSafeHarbor } = setup(() => Promise.reject(new AriError('ARI_TIMEOUT', 'play', 'no answer within 10000 ms')));
    await playSafeHarbor();
    expect(inputs).toEqual([{ type: 'playback_finished', attemptId, failed: true }]);
    expect(failures).toEqual([{ campaignId: 'camp-1', attemptId, purpose: 'safe_harbor' }]);
  });
});

describe('CommandExecutor: dial_agent', () => {
  it("rings the agent's phone for the configured time, not the PBX's own 30 s", async () => {
    const requests: OriginateRequest[] = [];
    const emit = (): void => undefined;
    const calls = new CustomerCalls({
      emit, setTimer: () => () => undefined, peerCauseWaitMs: 250, onEnded: () => undefined, onUnexpected: () => undefined, onPlaybackFailed: () => undefined,
    });
    const rest = fakeAriRest({
      createBridge: async () => undefined,
      originate: async (request) => {
        requests.push(request);
        return { id: request.channelId, name: 'PJSIP/ann', state: 'Down' };
      },
    });
    await testExecutor(rest, calls, emit, undefined, { agentRingSeconds: 12 }).execute({ type: 'dial_agent', agentId: 'ann', endpoint: 'PJSIP/ann' });
    expect(requests.map((request) => request.timeoutSec)).toEqual([12]);
  });

  it("says the phone could not be reached only when the PBX refused to call it, not when the request or the bridge failed", async () => {
    const downs = async (failing: Partial<AriRest>): Promise<Input[]> => {
      const inputs: Input[] = [];
      const emit = (input: Input): void => void inputs.push(input);
      const calls = new CustomerCalls({
        emit, setTimer: () => () => undefined, peerCauseWaitMs: 250, onEnded: () => undefined, onUnexpected: () => undefined, onPlaybackFailed: () => undefined,
      });
      const rest = fakeAriRest({ createBridge: async () => undefined, ...failing });
      await testExecutor(rest, calls, emit).execute({ type: 'dial_agent', agentId: 'ann', endpoint: 'PJSIP/ann' });
      return inputs.filter((input) => input.type === 'agent_leg_down');
    };
    // No contact registered for the endpoint: the PBX's own refusal.
    expect(await downs({ originate: () => Promise.reject(refused('Allocation failed')) }))
      .toEqual([{ type: 'agent_leg_down', agentId: 'ann', cause: 0, dialStatus: 'CHANUNAVAIL' }]);
    // The request never reached the PBX, or the agent's bridge could not be made: nothing said of the phone.
    const unreachablePbx = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8088'), { code: 'ECONNREFUSED' });
    expect(await downs({ originate: () => Promise.reject(unreachablePbx) })).toEqual([{ type: 'agent_leg_down', agentId: 'ann', cause: 0 }]);
    expect(await downs({ createBridge: () => Promise.reject(refused('Allocation failed')) })).toEqual([{ type: 'agent_leg_down', agentId: 'ann', cause: 0 }]);
  });
});
