// A listen or whisper session ends when its snoop leaves the app: Asterisk ends a snoop's
// subscription at its StasisEnd and sends no ChannelDestroyed for it (a snoop hung up, or gone
// with the agent's leg), so waiting for one left the supervisor listening to nothing.

import { describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { AgentLegs } from './agent-legs.js';
import { fakeAriRest } from './fake-ari-rest.js';
import type { AriRest } from './ari-port.js';
import { Supervision } from './supervision.js';

/** A PBX that takes every bridge, snoop and call asked of it. */
const pbxAnswering: Partial<AriRest> = {
  createBridge: async () => undefined, snoop: async (_channel, request) => ({ id: request.snoopId, name: 'Snoop/agent-ann-1', state: 'Up' }),
  originate: async (request) => ({ id: request.channelId, name: 'PJSIP/sup', state: 'Down' }),
};

/** Supervision of Ann, whose phone leg is up, on `rest`. */
function supervisionOfAnn(rest: AriRest): Supervision {
  const legs = new AgentLegs({ emit: () => undefined, onAnswered: () => undefined });
  legs.markUp(legs.register('ann', 'agent-ann-1'));
  return new Supervision({ app: 'dialer', rest: () => rest, linkUp: () => true, legs, logger: createLogger({ level: 'silent' }) });
}

describe('a supervision session', () => {
  it('ends when its snoop leaves the app with no ChannelDestroyed, its phone hung up and its bridge gone', async () => {
    const done: string[] = [];
    const rest = fakeAriRest({
      ...pbxAnswering,
      hangup: async (id) => { done.push(`hangup ${id}`); }, destroyBridge: async (id) => { done.push(`destroy ${id}`); },
    });
    const supervision = supervisionOfAnn(rest);
    const { sessionId, ended } = await supervision.supervise({ agentId: 'ann', supervisorEndpoint: 'PJSIP/sup', mode: 'listen' });
    let over = false;
    void ended.then(() => { over = true; });
    expect(supervision.handle({ type: 'StasisEnd', channel: { id: `${sessionId}-snoop`, name: 'Snoop/agent-ann-1', state: 'Up' } })).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(over).toBe(true);
    expect(done).toEqual([`hangup ${sessionId}-phone`, `hangup ${sessionId}-snoop`, `destroy ${sessionId}-bridge`]);
    expect(supervision.channels()).toEqual([]);
  });

  it('takes over the phone of the session it replaces, and leaves that session as it was when the PBX refuses the new one', async () => {
    const done: string[] = [];
    let snoopRefused = false;
    const rest = fakeAriRest({
      createBridge: async (id) => { done.push(`create ${id}`); },
      snoop: async (_channel, request) => {
        if (snoopRefused) throw Object.assign(new Error('Channel with given unique ID already exists'), { status: 409 });
        return { id: request.snoopId, name: 'Snoop/agent-ann-1', state: 'Up' };
      },
      originate: async (request) => { done.push(`originate ${request.channelId}`); return { id: request.channelId, name: 'PJSIP/sup', state: 'Down' }; },
      addToBridge: async (bridge, ids) => { done.push(`add ${ids.join(',')} to ${bridge}`); },
      hangup: async (id) => { done.push(`hangup ${id}`); }, destroyBridge: async (id) => { done.push(`destroy ${id}`); },
    });
    const supervision = supervisionOfAnn(rest);
    const listen = await supervision.supervise({ agentId: 'ann', supervisorEndpoint: 'PJSIP/sup', mode: 'listen' });
    supervision.handle({ type: 'StasisStart', channel: { id: `${listen.sessionId}-phone`, name: 'PJSIP/sup', state: 'Up' }, args: [`supervisor`, listen.sessionId] } as never);
    await new Promise((resolve) => setTimeout(resolve, 0));
    done.length = 0;
    snoopRefused = true;
    await expect(supervision.supervise({ agentId: 'ann', supervisorEndpoint: 'PJSIP/sup', mode: 'whisper', replaces: listen.sessionId })).rejects.toThrow();
    // Only what was made for the refused whisper went: the listen, its phone and its snoop are as they were.
    expect(done.filter((step) => step.includes(listen.sessionId))).toEqual([]);
    expect(supervision.channels().map((c) => c.channelId)).toEqual([`${listen.sessionId}-phone`, `${listen.sessionId}-snoop`]);
    snoopRefused = false;
    done.length = 0;
    const whisper = await supervision.supervise({ agentId: 'ann', supervisorEndpoint: 'PJSIP/sup', mode: 'whisper', replaces: listen.sessionId });
    let listenOver = false;
    void listen.ended.then(() => { listenOver = true; });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(listenOver).toBe(true);
    // The phone is moved, not rung again, and stays up; the listen's snoop and bridge go.
    expect(done.filter((step) => !step.includes(whisper.sessionId) || step.startsWith('add'))).toEqual([
      `add ${listen.sessionId}-phone to ${whisper.sessionId}-bridge`, `hangup ${listen.sessionId}-snoop`, `destroy ${listen.sessionId}-bridge`]);
    expect(supervision.channels().map((c) => [c.channelId, c.sessionId])).toEqual([[`${listen.sessionId}-phone`, whisper.sessionId], [`${whisper.sessionId}-snoop`, whisper.sessionId]]);
  });

  it('mutes what the phone hears before bridging it when the recording is paused already, and after as it is paused and resumed', async () => {
    const done: string[] = [];
    const rest = fakeAriRest({
      ...pbxAnswering,
      muteOutgoing: async (id, muted) => { done.push(`${muted ? 'mute' : 'unmute'} ${id}`); },
      addToBridge: async (bridge, ids) => { done.push(`bridge ${ids.join()}`); },
    });
    const supervision = supervisionOfAnn(rest);
    const { sessionId } = await supervision.supervise({ agentId: 'ann', supervisorEndpoint: 'PJSIP/sup', mode: 'whisper', listeningPaused: true });
    // Not in the app yet: nothing the PBX could mute; it is muted as it joins.
    await supervision.setListeningPaused(sessionId, true);
    expect(done).toEqual([]);
    supervision.handle({ type: 'StasisStart', channel: { id: `${sessionId}-phone`, name: 'PJSIP/sup', state: 'Up', caller: { number: '' } }, args: ['supervisor', sessionId] });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(done).toEqual([`mute ${sessionId}-phone`, `bridge ${sessionId}-phone`]);
    await supervision.setListeningPaused(sessionId, false);
    expect(done.at(-1)).toBe(`unmute ${sessionId}-phone`);
    await expect(supervision.setListeningPaused('sup-none', true)).rejects.toMatchObject({ code: 'ARI_UNKNOWN_SESSION' });
  });

  it('keeps a taken-over phone silent when the recording is paused: muted before it moves, let through only after', async () => {
    const done: string[] = [];
    const rest = fakeAriRest({
      ...pbxAnswering,
      muteOutgoing: async (id, muted) => { done.push(`${muted ? 'mute' : 'unmute'} ${id}`); },
      addToBridge: async (bridge, ids) => { done.push(`add ${ids.join()} to ${bridge}`); },
    });
    const supervision = supervisionOfAnn(rest);
    const listen = await supervision.supervise({ agentId: 'ann', supervisorEndpoint: 'PJSIP/sup', mode: 'listen' });
    const phone = `${listen.sessionId}-phone`;
    supervision.handle({ type: 'StasisStart', channel: { id: phone, name: 'PJSIP/sup', state: 'Up', caller: { number: '' } }, args: ['supervisor', listen.sessionId] });
    await new Promise((resolve) => setTimeout(resolve, 0));
    done.length = 0;
    // The recording was paused as the supervisor switched: the phone goes silent before it joins the whisper.
    const whisper = await supervision.supervise({ agentId: 'ann', supervisorEndpoint: 'PJSIP/sup', mode: 'whisper', listeningPaused: true, replaces: listen.sessionId });
    expect(done.filter((step) => step.includes(phone))).toEqual([`mute ${phone}`, `add ${phone} to ${whisper.sessionId}-bridge`]);
    done.length = 0;
    // Resumed as they switched back: heard again only once in the listen's bridge.
    const back = await supervision.supervise({ agentId: 'ann', supervisorEndpoint: 'PJSIP/sup', mode: 'listen', listeningPaused: false, replaces: whisper.sessionId });
    expect(done.filter((step) => step.includes(phone))).toEqual([`add ${phone} to ${back.sessionId}-bridge`, `unmute ${phone}`]);
  });
});
