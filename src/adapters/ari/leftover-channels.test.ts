import { describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { LeftoverChannels, planLeftovers } from './leftover-channels.js';

describe('planLeftovers', () => {
  it('hangs up untracked channels no conversation holds and keeps the ones talking, with their untracked peers', () => {
    const plan = planLeftovers(['cust-1', 'agent-a', 'cust-2', 'agent-b', 'cust-3'], [
      { id: 'agent-bridge-a', channels: ['agent-a', 'cust-1'] }, // a conversation left by a crash
      { id: 'agent-bridge-b', channels: ['agent-b'] }, // an agent leg held open for nobody
      { id: 'agent-bridge-c', channels: ['agent-c-7', 'cust-3'] }, // a tracked agent talking to a forgotten call
    ]);
    expect(plan.hangUp).toEqual(['cust-2', 'agent-b']);
    expect(plan.talking).toEqual(new Map([['agent-a', ['cust-1']], ['cust-1', ['agent-a']], ['cust-3', []]]));
    expect(plan.held.size).toBe(0);
  });

  it('pairs a customer on hold in their holding bridge with the leg alone in the agent bridge it names', () => {
    const plan = planLeftovers(['agent-a-1', 'cust-1', 'cust-2', 'agent-b-2', 'cust-3', 'cust-4'], [
      { id: 'agent-bridge-a', channels: ['agent-a-1'], name: 'agent-bridge-a' },
      { id: 'hold-cust-1', channels: ['cust-1'], name: 'agent-bridge-a' }, // Ann's customer, on hold
      { id: 'hold-cust-2', channels: ['cust-2'], name: 'agent-bridge-x' }, // names no agent bridge here
      { id: 'agent-bridge-b', channels: ['agent-b-2', 'cust-3'], name: 'agent-bridge-b' }, // Bob talks to another
      { id: 'hold-cust-4', channels: ['cust-4'], name: 'agent-bridge-b' },
    ]);
    expect(plan.talking).toEqual(new Map([
      ['agent-b-2', ['cust-3']], ['cust-3', ['agent-b-2']], ['agent-a-1', ['cust-1']], ['cust-1', ['agent-a-1']],
    ]));
    expect(plan.held).toEqual(new Set(['cust-1']));
    expect(plan.hangUp).toEqual(['cust-2', 'cust-4']);
  });

  it('pairs a person who called back, on hold on the channel they came in on, with the agent leg; not another attempt\'s channel', () => {
    const attempt = '0b7c5a52-3f0e-4e0a-9d59-1f0f5b7f1a01';
    const other = '0b7c5a52-3f0e-4e0a-9d59-1f0f5b7f1a02';
    const plan = planLeftovers(['agent-a-1', '1733500000.42', 'agent-b-2', other], [
      { id: 'agent-bridge-a', channels: ['agent-a-1'], name: 'agent-bridge-a' },
      { id: `hold-${attempt}`, channels: ['1733500000.42'], name: 'agent-bridge-a' },
      { id: 'agent-bridge-b', channels: ['agent-b-2'], name: 'agent-bridge-b' },
      { id: 'hold-0b7c5a52-3f0e-4e0a-9d59-1f0f5b7f1a03', channels: [other], name: 'agent-bridge-b' },
    ]);
    expect(plan.talking).toEqual(new Map([['agent-a-1', ['1733500000.42']], ['1733500000.42', ['agent-a-1']]]));
    expect(plan.held).toEqual(new Set(['1733500000.42']));
    expect(plan.hangUp).toEqual(['agent-b-2', other]);
  });

  it('pairs a person who called back on a PBX whose system name, a UUID, starts its channel ids', () => {
    // Asterisk with `systemname` set names channels `<systemname>-<uniqueid>`: a caller's, not an attempt's.
    const attempt = '0b7c5a52-3f0e-4e0a-9d59-1f0f5b7f1a01';
    const caller = '6f1d2c3b-4a59-4e6f-8a7b-9c0d1e2f3a4b-1733500000.42';
    const plan = planLeftovers(['agent-a-1', caller], [
      { id: 'agent-bridge-a', channels: ['agent-a-1'], name: 'agent-bridge-a' },
      { id: `hold-${attempt}`, channels: [caller], name: 'agent-bridge-a' },
    ]);
    expect(plan.talking).toEqual(new Map([['agent-a-1', [caller]], [caller, ['agent-a-1']]]));
    expect(plan.held).toEqual(new Set([caller]));
    expect(plan.hangUp).toEqual([]);
  });

  it('hangs up a colleague\'s leg away in another agent\'s bridge, leaving that agent with their customer', () => {
    // Ann consults Bob, her customer on hold; Cy has Dee and Di in a conference.
    const plan = planLeftovers(['agent-ann-1', 'agent-bob-2', 'cust-1', 'agent-cy-3', 'agent-dee-4', 'agent-di-5', 'cust-2'], [
      { id: 'agent-bridge-ann', channels: ['agent-ann-1', 'agent-bob-2'], name: 'agent-bridge-ann' },
      { id: 'hold-cust-1', channels: ['cust-1'], name: 'agent-bridge-ann' },
      { id: 'agent-bridge-bob', channels: [], name: 'agent-bridge-bob' },
      { id: 'agent-bridge-cy', channels: ['agent-cy-3', 'agent-dee-4', 'cust-2', 'agent-di-5'], name: 'agent-bridge-cy' },
    ]);
    expect(plan.hangUp).toEqual(['agent-bob-2', 'agent-dee-4', 'agent-di-5']);
    expect(plan.talking).toEqual(new Map([
      ['agent-cy-3', ['cust-2']], ['cust-2', ['agent-cy-3']], ['agent-ann-1', ['cust-1']], ['cust-1', ['agent-ann-1']],
    ]));
    expect(plan.held).toEqual(new Set(['cust-1']));
  });

  it('hangs up a third party ringing into an agent\'s bridge, and leaves one talking to the customer it was left with', () => {
    // Ann talks to the desk, her customer on hold; Bob's customer was left with the desk.
    const plan = planLeftovers(['agent-ann-1', 'third-party-7-cust-1', 'cust-1', 'agent-bob-2', 'third-party-8-cust-2', 'cust-2'], [
      { id: 'agent-bridge-ann', channels: ['agent-ann-1', 'third-party-7-cust-1'], name: 'agent-bridge-ann' },
      { id: 'hold-cust-1', channels: ['cust-1'], name: 'agent-bridge-ann' },
      { id: 'agent-bridge-bob', channels: ['agent-bob-2'], name: 'agent-bridge-bob' },
      { id: 'third-party-cust-2', channels: ['cust-2', 'third-party-8-cust-2'], name: 'third-party-cust-2' },
    ]);
    expect(plan.hangUp).toEqual(['third-party-7-cust-1', 'agent-bob-2']);
    expect(plan.talking).toEqual(new Map([
      ['cust-2', ['third-party-8-cust-2']], ['third-party-8-cust-2', ['cust-2']], ['agent-ann-1', ['cust-1']], ['cust-1', ['agent-ann-1']],
    ]));
    expect(plan.held).toEqual(new Set(['cust-1']));
  });
});

describe('LeftoverChannels', () => {
  it('holds an agent whose leg is in a conversation left to finish, until one side of it leaves', async () => {
    const hungUp: string[] = [];
    const leftovers = new LeftoverChannels({ hangup: async (id) => { hungUp.push(id); }, logger: createLogger({ level: 'silent' }), clock: () => 1_700 });
    await leftovers.settle(['agent-ann-17', 'cust-1', 'agent-bob-18'], [
      { id: 'agent-bridge-ann', channels: ['agent-ann-17', 'cust-1'] },
      { id: 'agent-bridge-bob', channels: ['agent-bob-18'] },
    ]);
    expect(hungUp).toEqual(['agent-bob-18']);
    expect(leftovers.heldAgents()).toEqual(new Map([['ann', 1_700]]));
    const ended = { type: 'ChannelDestroyed' as const, channel: { id: 'cust-1', name: 'PJSIP/trunk-0001', state: 'Up' }, cause: 16, cause_txt: 'Normal Clearing' };
    expect(leftovers.handle(ended)).toBe(true);
    expect(leftovers.heldAgents().size).toBe(0);
    expect(hungUp).toEqual(['agent-bob-18', 'agent-ann-17']);
  });

  it('offers an agent\'s conversation with one customer for taking up, and stops watching it once taken', async () => {
    const hungUp: string[] = [];
    const leftovers = new LeftoverChannels({ hangup: async (id) => { hungUp.push(id); }, logger: createLogger({ level: 'silent' }) });
    await leftovers.settle(['agent-ann-17', 'cust-1', 'cust-2', 'cust-3'], [
      { id: 'agent-bridge-ann', channels: ['agent-ann-17', 'cust-1'] },
      { id: 'conference', channels: ['cust-2', 'cust-3'] }, // no agent leg: nothing to take up
    ]);
    expect(leftovers.agentConversations()).toEqual([{ agentId: 'ann', legChannelId: 'agent-ann-17', customerChannelId: 'cust-1', held: false }]);
    expect(leftovers.release(['agent-ann-17', 'cust-1'])).toBe(true);
    expect(leftovers.agentConversations()).toEqual([]);
    expect(leftovers.heldAgents().size).toBe(0);
    // Its events are the engine's now: the customer leaving hangs up nothing here.
    expect(leftovers.handle({ type: 'ChannelDestroyed', channel: { id: 'cust-1', name: 'PJSIP/trunk-0001', state: 'Up' }, cause: 16, cause_txt: 'Normal Clearing' })).toBe(false);
    expect(hungUp).toEqual([]);
    // One that ended meanwhile cannot be taken.
    expect(leftovers.release(['cust-2', 'gone'])).toBe(false);
  });
});
