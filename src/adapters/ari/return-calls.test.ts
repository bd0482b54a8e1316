// The return-call line's choreography on ARI events, as the PBX may order them: a caller gone
// while the line looks the number up, the key pressed after the message or twice, other keys.

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { AriEvent } from './ari-events.js';
import { fakeAriRest } from './fake-ari-rest.js';
import { ReturnCalls, type ReturnCallAgentRoute, type ReturnCallPlan, type ReturnCallWait } from './return-calls.js';

const channelId = '1795435734.12';
const channel = { id: channelId, name: 'PJSIP/carrier-00000001', state: 'Ring' };
const start: AriEvent = { type: 'StasisStart', args: ['return', '+12125550199'], channel: { ...channel, caller: { number: '+12125550104' } } };
const key = (digit: string): AriEvent => ({ type: 'ChannelDtmfReceived', digit, channel: { ...channel, state: 'Up' } });
const messageOver: AriEvent = { type: 'PlaybackFinished', playback: { id: `pb-return-${channelId}`, state: 'done', media_uri: 'sound:outpace/return-call', target_uri: `channel:${channelId}` } };
const stasisEnd: AriEvent = { type: 'StasisEnd', channel };

/** A line whose lookup answers when the test calls `give`. */
function setup() {
  let give: (plan: ReturnCallPlan | null) => void = () => undefined;
  const plan = new Promise<ReturnCallPlan | null>((resolve) => { give = resolve; });
  const requests: string[] = [];
  const timers: Array<() => void> = [];
  const ended: boolean[] = [];
  const optOuts: string[] = [];
  const lines = new ReturnCalls({
    handler: () => plan,
    rest: () => fakeAriRest({
      answer: async () => { requests.push('answer'); },
      play: async (_id, _playbackId, media) => { requests.push(`play ${media.join(',')}`); },
      hangup: async () => { requests.push('hangup'); },
      createBridge: async (bridgeId) => { requests.push(`create ${bridgeId}`); },
      startBridgeMoh: async (bridgeId) => { requests.push(`music in ${bridgeId}`); },
      addToBridge: async (bridgeId) => { requests.push(`add to ${bridgeId}`); },
    }),
    setTimer: (run) => { timers.push(run); return () => { timers.splice(timers.indexOf(run), 1); }; },
    keyWaitMs: 5_000,
    holdMusicClass: 'default',
    inbound: { take: (attemptId) => { requests.push(`take ${attemptId}`); }, forget: (attemptId) => { requests.push(`forget ${attemptId}`); }, holding: () => undefined, onHold: (attemptId) => { requests.push(`on hold ${attemptId}`); } },
    logger: pino({ level: 'silent' }),
  });
  const of = (media = 'sound:acme/return'): ReturnCallPlan => ({
    media, optOutDigit: '9', optOut: async () => { optOuts.push('opt-out'); }, ended: (optedOut) => { ended.push(optedOut); },
  });
  return { lines, requests, timers, ended, optOuts, of, give };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A way to an agent whose engine answers `agentId` (null: none ready); what it was told, in order,
 * and how it is to tell the line the caller's time with it ends (`waits`). */
function agentRoute(agentId: string | null, told: string[], waits: ReturnCallWait[] = []): ReturnCallAgentRoute {
  return {
    attemptId: 'att-1', campaignId: 'c1',
    reserve: (wait) => { told.push('reserve'); waits.push(wait); return agentId === null ? { kind: 'none' } : { kind: 'agent', agentId }; },
    release: () => { told.push('release'); },
    putThrough: (to) => { told.push(`put through to ${to}`); },
  };
}

describe('return calls on ARI', () => {
  it('answers a caller an agent takes, hands the channel to the customer calls and plays nothing; its end is no longer the line\'s', async () => {
    const { lines, requests, ended, of, give } = setup();
    const told: string[] = [];
    lines.handle(start);
    give({ ...of(), toAgent: agentRoute('ag1', told) });
    await settle();
    expect(requests).toEqual(['answer', 'take att-1']);
    expect(told).toEqual(['reserve', 'put through to ag1']);
    expect(lines.channelIds()).toEqual([]);
    expect(lines.handle(stasisEnd)).toBe(false);
    expect(ended).toEqual([]);
  });

  it("puts a caller taken at once on hold, music and all, when the engine keeps them waiting after their agent's bridge failed", async () => {
    const { lines, requests, ended, of, give } = setup();
    const told: string[] = [];
    const waits: ReturnCallWait[] = [];
    lines.handle(start);
    give({ ...of(), toAgent: agentRoute('ag1', told, waits) });
    await settle();
    waits[0]?.held();
    await settle();
    expect(requests).toEqual(['answer', 'take att-1', 'create hold-att-1', 'music in hold-att-1', 'on hold att-1', 'add to hold-att-1']);
    // Still the engine's call: nothing played, not let go.
    expect([told, ended, lines.channelIds()]).toEqual([['reserve', 'put through to ag1'], [], []]);
    // An agent has them before a late word to hold them: they are not pulled back.
    const late: ReturnCallWait[] = [];
    const second = setup();
    second.lines.handle(start);
    second.give({ ...second.of(), toAgent: agentRoute('ag1', [], late) });
    await settle();
    late[0]?.over();
    late[0]?.held();
    await settle();
    expect(second.requests).toEqual(['answer', 'take att-1']);
  });

  it('plays the message to a caller no agent takes, the channel given back and the attempt let go', async () => {
    const { lines, requests, ended, of, give } = setup();
    const told: string[] = [];
    lines.handle(start);
    give({ ...of(), toAgent: agentRoute(null, told) });
    await settle();
    expect(requests).toEqual(['answer', 'take att-1', 'forget att-1', 'play sound:acme/return']);
    expect(told).toEqual(['reserve', 'release']);
    lines.handle(stasisEnd);
    expect(ended).toEqual([false]);
  });

  it('lets the attempt go when the caller left before an agent was asked', async () => {
    const { lines, requests, ended, of, give } = setup();
    const told: string[] = [];
    lines.handle(start);
    lines.handle(stasisEnd);
    give({ ...of(), toAgent: agentRoute('ag1', told) });
    await settle();
    expect([requests, told, ended]).toEqual([[], ['release'], [false]]);
  });

  it('answers and plays the message, takes the key a moment after it, records the opt-out once and hangs up', async () => {
    const { lines, requests, timers, ended, optOuts, of, give } = setup();
    expect(lines.handle(start)).toBe(true);
    give(of());
    await settle();
    expect(requests).toEqual(['answer', 'play sound:acme/return']);
    expect(lines.handle(messageOver)).toBe(true);
    expect(timers).toHaveLength(1);
    lines.handle(key('1'));
    lines.handle(key('9'));
    lines.handle(key('9'));
    await settle();
    expect([optOuts, requests.slice(2), timers]).toEqual([['opt-out'], ['hangup'], []]);
    lines.handle(stasisEnd);
    expect([ended, lines.channelIds(), lines.handle(key('9'))]).toEqual([[true], [], false]);
  });

  it('hangs up once the moment after the message is over without the key', async () => {
    const { lines, requests, timers, ended, of, give } = setup();
    lines.handle(start);
    give(of());
    await settle();
    lines.handle(messageOver);
    timers[0]?.();
    await settle();
    expect(requests).toEqual(['answer', 'play sound:acme/return', 'hangup']);
    lines.handle(stasisEnd);
    expect(ended).toEqual([false]);
  });

  it('neither answers nor plays to a caller gone while the number was looked up, and still ends their call once', async () => {
    const { lines, requests, ended, of, give } = setup();
    lines.handle(start);
    lines.handle(stasisEnd);
    give(of());
    await settle();
    expect([requests, ended]).toEqual([[], [false]]);
  });

  it('hangs up unanswered a number no campaign presents, and is no concern of other Stasis entries', async () => {
    const { lines, requests, give } = setup();
    expect(lines.handle({ ...start, args: ['customer', 'c1', 'a1'] })).toBe(false);
    lines.handle(start);
    give(null);
    await settle();
    expect(requests).toEqual(['hangup']);
  });
});
