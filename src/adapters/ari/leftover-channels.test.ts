import { describe, expect, it } from 'vitest';
import { planLeftovers } from './leftover-channels.js';

describe('planLeftovers', () => {
  it('hangs up untracked channels no conversation holds and keeps the ones talking, with their untracked peers', () => {
    const plan = planLeftovers(['cust-1', 'agent-a', 'cust-2', 'agent-b', 'cust-3'], [
      { id: 'agent-bridge-a', channels: ['agent-a', 'cust-1'] }, // a conversation left by a crash
      { id: 'agent-bridge-b', channels: ['agent-b'] }, // an agent leg held open for nobody
      { id: 'agent-bridge-c', channels: ['agent-c-7', 'cust-3'] }, // a tracked agent talking to a forgotten call
    ]);
    expect(plan.hangUp).toEqual(['cust-2', 'agent-b']);
    expect(plan.talking).toEqual(new Map([['agent-a', ['cust-1']], ['cust-1', ['agent-a']], ['cust-3', []]]));
  });
});
