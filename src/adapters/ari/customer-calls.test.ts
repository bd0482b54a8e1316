// Event sequences as Asterisk 22 sends them for Local channels (order, halves, causes and
// dialstatus as observed), fed to the customer-call mapping.

import { describe, expect, it } from 'vitest';
import type { Input } from '../../core/inputs.js';
import type { AriEvent } from './ari-events.js';
import { parseAriEvent } from './ari-events.js';
import { CustomerCalls, type PlaybackFailure } from './customer-calls.js';

const id = 'att-1';
const peer = `${id};2`;

function channel(channelId: string, state = 'Ring') {
  return { id: channelId, name: `Local/15550100005@sim-pstn-0000001${channelId.endsWith(';2') ? ';2' : ';1'}`, state };
}

/** Null for event types the adapter ignores (they still arrive in the sequences below). */
function parse(raw: Record<string, unknown>): AriEvent | null {
  const parsed = parseAriEvent({ timestamp: '2026-11-23T11:47:53.205+0000', application: 'dialer', ...raw });
  if (parsed.ok) return parsed.event;
  if (parsed.reason === 'ignored') return null;
  throw new Error(`fixture does not parse: ${JSON.stringify(parsed)}`);
}

function must(event: AriEvent | null): AriEvent {
  if (event === null) throw new Error('fixture is an ignored event');
  return event;
}

const ev = {
  dial: (status: string) => parse({ type: 'Dial', dialstatus: status, dialstring: '15550100005@sim-pstn', forward: '', peer: channel(id, 'Down') }),
  state: (channelId: string, state: string) => parse({ type: 'ChannelStateChange', channel: channel(channelId, state) }),
  dialplan: (channelId: string) => parse({ type: 'ChannelDialplan', channel: channel(channelId) }),
  hangupRequest: (channelId: string, cause: number) => parse({ type: 'ChannelHangupRequest', cause, channel: channel(channelId) }),
  destroyed: (channelId: string, cause: number, text: string, state = 'Down') =>
    parse({ type: 'ChannelDestroyed', cause, cause_txt: text, channel: channel(channelId, state) }),
  stasisStart: (args: string[]) => parse({ type: 'StasisStart', args, channel: channel(id, 'Up') }),
  stasisEnd: () => parse({ type: 'StasisEnd', channel: channel(id, 'Up') }),
  dtmf: (digit: string) => parse({ type: 'ChannelDtmfReceived', digit, duration_ms: 100, channel: channel(id, 'Up') }),
  playbackStarted: (playbackId: string) =>
    parse({ type: 'PlaybackStarted', playback: { id: playbackId, media_uri: 'sound:outpace/sh', target_uri: `channel:${id}`, language: 'en', state: 'playing' } }),
  playbackFinished: (playbackId: string, state: string) =>
    parse({ type: 'PlaybackFinished', playback: { id: playbackId, media_uri: 'sound:outpace/sh', target_uri: `channel:${id}`, language: 'en', state } }),
  enteredBridge: (bridgeId: string) =>
    parse({ type: 'ChannelEnteredBridge', bridge: { id: bridgeId, channels: [id] }, channel: channel(id, 'Up') }),
};

function setup() {
  const inputs: Input[] = [];
  const timers: Array<{ run: () => void; ms: number; cancelled: boolean }> = [];
  const ended: string[] = [];
  const failures: PlaybackFailure[] = [];
  const calls = new CustomerCalls({
    emit: (input) => inputs.push(input),
    setTimer: (run, ms) => {
      const timer = { run, ms, cancelled: false };
      timers.push(timer);
      return () => { timer.cancelled = true; };
    },
    peerCauseWaitMs: 250,
    onEnded: (call) => ended.push(call.attemptId),
    onUnexpected: () => undefined,
    onPlaybackFailed: (failure) => failures.push(failure),
  });
  const fireTimers = (): void => {
    for (const timer of timers.splice(0)) if (!timer.cancelled) timer.run();
  };
  return { inputs, calls, fireTimers, ended, failures, feed: (...events: Array<AriEvent | null>) => events.forEach((event) => { if (event) calls.handle(event); }) };
}

describe('CustomerCalls', () => {
  it('answered call: ringing once (state change and Dial RINGING), answered on StasisStart', () => {
    const { inputs, calls, feed } = setup();
    calls.register(id, 'camp-1');
    feed(ev.dial(''), ev.dialplan(peer), ev.state(id, 'Ringing'), ev.dial('RINGING'), ev.state(peer, 'Up'), ev.state(id, 'Up'),
      ev.dial('ANSWER'), ev.stasisStart(['customer', 'camp-1', id]));
    expect(inputs).toEqual([{ type: 'call_ringing', attemptId: id }, { type: 'call_answered', attemptId: id }]);
  });

  it('busy: the `;2` half dies first with 17, `;1` with 0; reports 17 and BUSY', () => {
    const { inputs, calls, feed } = setup();
    calls.register(id, 'camp-1');
    feed(ev.dial(''), ev.dialplan(peer), ev.state(peer, 'Busy'), ev.dial('BUSY'), ev.hangupRequest(peer, 0), ev.hangupRequest(peer, 16),
      ev.destroyed(peer, 17, 'User busy', 'Busy'), ev.destroyed(id, 0, 'Unknown'));
    expect(inputs).toEqual([{ type: 'call_ended', attemptId: id, cause: 17, causeText: 'Unknown (peer: User busy)', dialStatus: 'BUSY' }]);
  });

  it('congestion: `;1` dies first with 0, the end waits for the `;2` cause 34', () => {
    const { inputs, calls, feed } = setup();
    calls.register(id, 'camp-1');
    feed(ev.dial(''), ev.dialplan(peer), ev.dial('CONGESTION'), ev.state(peer, 'Busy'), ev.hangupRequest(peer, 0), ev.destroyed(id, 0, 'Unknown'));
    expect(inputs).toEqual([]);
    feed(ev.hangupRequest(peer, 16), ev.destroyed(peer, 34, 'Circuit/channel congestion', 'Busy'));
    expect(inputs).toEqual([{ type: 'call_ended', attemptId: id, cause: 34, causeText: 'Unknown (peer: Circuit/channel congestion)', dialStatus: 'CONGESTION' }]);
  });

  it('busy with `;1` destroyed before `;2` has said anything but its hang-up request: waits for the 17', () => {
    const { inputs, calls, feed } = setup();
    calls.register(id, 'camp-1');
    feed(ev.dial(''), ev.dial('BUSY'), ev.hangupRequest(peer, 0), ev.destroyed(id, 0, 'Unknown'));
    expect(inputs).toEqual([]);
    feed(ev.state(peer, 'Busy'), ev.destroyed(peer, 17, 'User busy', 'Busy'));
    expect(inputs).toEqual([{ type: 'call_ended', attemptId: id, cause: 17, causeText: 'Unknown (peer: User busy)', dialStatus: 'BUSY' }]);
  });

  it('cause 0 without a far cause in time: ends with 0 and the dialstatus', () => {
    const { inputs, calls, feed, fireTimers } = setup();
    calls.register(id, 'camp-1');
    feed(ev.dial(''), ev.dialplan(peer), ev.dial('CONGESTION'), ev.destroyed(id, 0, 'Unknown'));
    expect(inputs).toEqual([]);
    fireTimers();
    expect(inputs).toEqual([{ type: 'call_ended', attemptId: id, cause: 0, causeText: 'Unknown', dialStatus: 'CONGESTION' }]);
  });

  it('ring timeout: cause 19 and no final Dial', () => {
    const { inputs, calls, feed } = setup();
    calls.register(id, 'camp-1');
    feed(ev.dial(''), ev.dialplan(peer), ev.state(id, 'Ringing'), ev.dial('RINGING'), ev.hangupRequest(peer, 19),
      ev.destroyed(id, 19, 'User alerting, no answer', 'Ringing'), ev.destroyed(peer, 19, 'User alerting, no answer'));
    expect(inputs).toEqual([
      { type: 'call_ringing', attemptId: id },
      { type: 'call_ended', attemptId: id, cause: 19, causeText: 'User alerting, no answer', dialStatus: 'RINGING' },
    ]);
  });

  it('withdrawn while ringing: NOANSWER with cause 16', () => {
    const { inputs, calls, feed } = setup();
    calls.register(id, 'camp-1');
    feed(ev.dial(''), ev.state(id, 'Ringing'), ev.dial('RINGING'), ev.hangupRequest(id, 32), ev.dial('NOANSWER'),
      ev.destroyed(id, 16, 'Normal Clearing', 'Ringing'), ev.destroyed(peer, 16, 'Normal Clearing'));
    expect(inputs.at(-1)).toEqual({ type: 'call_ended', attemptId: id, cause: 16, causeText: 'Normal Clearing', dialStatus: 'NOANSWER' });
  });

  it('AMD via continue: StasisEnd is no hang-up; the return StasisStart gives the verdict', () => {
    const { inputs, calls, feed } = setup();
    calls.register(id, 'camp-1');
    feed(ev.dial(''), ev.state(id, 'Ringing'), ev.dial('RINGING'), ev.state(id, 'Up'), ev.dial('ANSWER'),
      ev.stasisStart(['customer', 'camp-1', id]), ev.stasisEnd(), ev.stasisStart(['amd', 'MACHINE', 'MAXWORDS-5-4']));
    expect(inputs).toEqual([
      { type: 'call_ringing', attemptId: id },
      { type: 'call_answered', attemptId: id },
      { type: 'amd_result', attemptId: id, verdict: 'machine', detail: 'MAXWORDS-5-4' },
    ]);
    expect(calls.get(id)).toBeDefined();
  });

  it('AMD verdicts: HUMAN is human, NOTSURE and anything else not sure', () => {
    const { inputs, calls, feed } = setup();
    for (const [n, status] of ['HUMAN', 'NOTSURE', 'HANGUP'].entries()) {
      const attemptId = `a${n}`;
      calls.register(attemptId, 'c');
      feed(parse({ type: 'StasisStart', args: ['amd', status, 'X'], channel: channel(attemptId, 'Up') }));
    }
    expect(inputs.filter((i) => i.type === 'amd_result').map((i) => i.type === 'amd_result' && i.verdict)).toEqual(['human', 'notsure', 'notsure']);
  });

  it('safe harbor with opt-out: DTMF, then the failed playback finishes, then the end', () => {
    const { inputs, calls, feed, failures } = setup();
    const call = calls.register(id, 'camp-1');
    feed(ev.stasisStart(['customer', 'camp-1', id]));
    calls.addPlayback(call, `pb-${id}-1`, 'safe_harbor');
    feed(ev.dtmf('1'), ev.hangupRequest(id, 32), ev.playbackFinished(`pb-${id}-1`, 'failed'), ev.stasisEnd(),
      ev.destroyed(id, 16, 'Normal Clearing', 'Up'), ev.destroyed(peer, 16, 'Normal Clearing', 'Up'));
    expect(inputs.map((i) => i.type)).toEqual(['call_answered', 'dtmf_received', 'playback_finished', 'call_ended']);
    expect(inputs[1]).toEqual({ type: 'dtmf_received', attemptId: id, digit: '1' });
    // Cut off by the hang-up the opt-out asked for: the message did play.
    expect(inputs[2]).toEqual({ type: 'playback_finished', attemptId: id, failed: false });
    expect(failures).toEqual([]);
  });

  it('a playback failing with the line up could not be played: failed, and reported with its purpose and media', () => {
    const unexpected: Array<Record<string, unknown>> = [];
    const failures: PlaybackFailure[] = [];
    const inputs: Input[] = [];
    const calls = new CustomerCalls({
      emit: (input) => inputs.push(input), setTimer: () => () => undefined, peerCauseWaitMs: 250, onEnded: () => undefined,
      onUnexpected: (_message, fields) => unexpected.push(fields), onPlaybackFailed: (failure) => failures.push(failure),
    });
    const call = calls.register(id, 'camp-1');
    calls.addPlayback(call, `pb-${id}-1`, 'machine_message');
    for (const event of [ev.playbackStarted(`pb-${id}-1`), ev.playbackFinished(`pb-${id}-1`, 'failed')]) calls.handle(must(event));
    expect(inputs).toEqual([{ type: 'playback_finished', attemptId: id, failed: true }]);
    expect(unexpected).toEqual([{ attemptId: id, purpose: 'machine_message', playbackId: `pb-${id}-1`, media: 'sound:outpace/sh' }]);
    expect(failures).toEqual([{ campaignId: 'camp-1', attemptId: id, purpose: 'machine_message' }]);
  });

  it('a play request refused is a failure, unless the channel was gone or being hung up', () => {
    const { inputs, calls, feed, failures } = setup();
    const call = calls.register(id, 'camp-1');
    for (const n of [1, 2, 3]) calls.addPlayback(call, `pb-${id}-${n}`, 'safe_harbor');
    calls.refusePlayback(`pb-${id}-1`, 'up');
    calls.refusePlayback(`pb-${id}-2`, 'gone');
    feed(ev.hangupRequest(id, 16));
    calls.refusePlayback(`pb-${id}-3`, 'up');
    expect(failures).toEqual([{ campaignId: 'camp-1', attemptId: id, purpose: 'safe_harbor' }]);
    // Not played, all the same: the engine must not wait for them.
    expect(inputs.filter((i) => i.type === 'playback_finished')).toHaveLength(3);
  });

  it('a play request that failed after the PBX said the playback started (it timed out) plays to its end, and is not a failure', () => {
    const { inputs, calls, feed, failures } = setup();
    const call = calls.register(id, 'camp-1');
    calls.addPlayback(call, `pb-${id}-1`, 'safe_harbor');
    feed(ev.playbackStarted(`pb-${id}-1`));
    calls.refusePlayback(`pb-${id}-1`, 'up');
    // Still playing: the engine, which hangs up when it has played, is not told yet.
    expect(inputs).toEqual([]);
    feed(ev.playbackFinished(`pb-${id}-1`, 'done'));
    expect(inputs).toEqual([{ type: 'playback_finished', attemptId: id, failed: false }]);
    expect(failures).toEqual([]);
  });

  it('a playback that played to its end is not failed', () => {
    const { inputs, calls, feed } = setup();
    const call = calls.register(id, 'camp-1');
    calls.addPlayback(call, `pb-${id}-1`, 'safe_harbor');
    feed(ev.playbackStarted(`pb-${id}-1`), ev.playbackFinished(`pb-${id}-1`, 'done'));
    expect(inputs).toEqual([{ type: 'playback_finished', attemptId: id, failed: false }]);
  });

  it('ended without its event: failed unless the PBX was seen to start it', () => {
    const { inputs, calls, feed } = setup();
    const call = calls.register(id, 'camp-1');
    calls.addPlayback(call, `pb-${id}-1`, 'safe_harbor');
    calls.finishPlayback(`pb-${id}-1`);
    calls.addPlayback(call, `pb-${id}-2`, 'safe_harbor');
    feed(ev.playbackStarted(`pb-${id}-2`));
    calls.finishPlayback(`pb-${id}-2`);
    expect(inputs).toEqual([{ type: 'playback_finished', attemptId: id, failed: true }, { type: 'playback_finished', attemptId: id, failed: false }]);
  });

  it('bridged once: ChannelEnteredBridge into the agent bridge, and the REST success is then a no-op', () => {
    const { inputs, calls, feed } = setup();
    const call = calls.register(id, 'camp-1');
    call.bridgingTo = 'ag1';
    feed(ev.enteredBridge('some-other-bridge'), ev.enteredBridge('agent-bridge-ag1'));
    calls.markBridged(call, 'ag1');
    expect(inputs).toEqual([{ type: 'call_bridged', attemptId: id, agentId: 'ag1' }]);
  });

  it('events of unknown channels are not ours; an ended call forgets its events', () => {
    const { inputs, calls, feed, ended } = setup();
    expect(calls.handle(must(ev.dial('RINGING')))).toBe(false);
    calls.register(id, 'camp-1');
    feed(ev.destroyed(id, 16, 'Normal Clearing'), ev.destroyed(id, 16, 'Normal Clearing'), ev.dtmf('1'));
    expect(inputs).toHaveLength(1);
    expect(ended).toEqual([id]);
    expect(calls.handle(must(ev.dtmf('1')))).toBe(false);
  });

  it('a call lost while disconnected ends with cause 0 and what was known', () => {
    const { inputs, calls, feed } = setup();
    calls.register(id, 'camp-1');
    feed(ev.dial('RINGING'));
    calls.endLost(id, 'lost while disconnected', true);
    expect(inputs.at(-1)).toEqual({ type: 'call_ended', attemptId: id, cause: 0, causeText: 'lost while disconnected', dialStatus: 'RINGING', unseen: true });
  });

  it('a call whose far half was seen to end before the gap is not unseen: its cause says how it ended', () => {
    const { inputs, calls, feed } = setup();
    calls.register(id, 'camp-1');
    feed(ev.dial('RINGING'), ev.destroyed(`${id};2`, 17, 'User busy'));
    calls.endLost(id, 'lost while disconnected', true);
    expect(inputs.at(-1)).toMatchObject({ type: 'call_ended', cause: 17 });
    expect(inputs.at(-1)).not.toHaveProperty('unseen');
  });

  it("a caller put through from the return-call line: events on the PBX's channel id are the attempt's, and its StasisEnd ends it", () => {
    const { inputs, calls, feed, ended } = setup();
    const inbound = '1796589476.1';
    calls.takeInbound(id, 'camp-1', inbound);
    expect(calls.get(id)).toMatchObject({ channelId: inbound, answered: true, originate: 'done' });
    expect(calls.dialled()).toEqual([{ attemptId: id, channelId: inbound }]);
    feed(parse({ type: 'ChannelEnteredBridge', bridge: { id: 'agent-bridge-ag1', channels: [inbound] }, channel: channel(inbound, 'Up') }));
    feed(ev.hangupRequest(inbound, 17), parse({ type: 'StasisEnd', channel: channel(inbound, 'Up') }));
    expect(inputs).toEqual([{ type: 'call_ended', attemptId: id, cause: 17, causeText: 'cause 17', dialStatus: '' }]);
    expect([ended, calls.get(id), calls.channelIds()]).toEqual([[id], undefined, []]);
    // An originated call's StasisEnd (it went to the AMD dialplan) does not end it.
    calls.register('att-2', 'camp-1');
    expect(calls.handle(must(parse({ type: 'StasisEnd', channel: channel('att-2', 'Up') })))).toBe(false);
    expect(calls.get('att-2')).toBeDefined();
  });

});
