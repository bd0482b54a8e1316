// Agent legs: answer hand-off, leg up once, leg down with the cause, and a replaced leg ending quietly.

import { describe, expect, it } from 'vitest';
import type { Input } from '../../core/inputs.js';
import { AgentLegs, type AgentLeg } from './agent-legs.js';
import type { AriEvent } from './ari-events.js';

const channel = (id: string) => ({ id, name: `Local/1001@sim-agent-00000001${id.endsWith(';2') ? ';2' : ';1'}`, state: 'Up' });
const start = (id: string): AriEvent => ({ type: 'StasisStart', args: ['agent', 'ag1'], channel: { ...channel(id), caller: { number: '' } } });
const destroyed = (id: string, cause: number): AriEvent => ({ type: 'ChannelDestroyed', cause, cause_txt: '', channel: channel(id) });

function setup() {
  const inputs: Input[] = [];
  const answered: AgentLeg[] = [];
  const legs = new AgentLegs({ emit: (input) => inputs.push(input), onAnswered: (leg) => answered.push(leg) });
  return { inputs, answered, legs };
}

describe('AgentLegs', () => {
  it('hands the answered leg over once, reports it up once, and down with its cause', () => {
    const { inputs, answered, legs } = setup();
    const leg = legs.register('ag1', 'agent-ag1-1');
    expect(leg.bridgeId).toBe('agent-bridge-ag1');
    legs.handle(start('agent-ag1-1'));
    legs.handle(start('agent-ag1-1'));
    expect(answered).toEqual([leg]);
    legs.markUp(leg);
    legs.markUp(leg);
    expect(legs.handle(destroyed('agent-ag1-1;2', 16))).toBe(true);
    legs.handle(destroyed('agent-ag1-1', 16));
    expect(inputs).toEqual([{ type: 'agent_leg_up', agentId: 'ag1' }, { type: 'agent_leg_down', agentId: 'ag1', cause: 16 }]);
    expect(legs.forAgent('ag1')).toBeUndefined();
  });

  it("reports the Dial status of a leg that never answered (a Local channel's own end says cause 0)", () => {
    const { inputs, legs } = setup();
    legs.register('ag1', 'agent-ag1-1');
    const dial = (status: string): AriEvent => ({ type: 'Dial', dialstatus: status, peer: channel('agent-ag1-1') });
    expect(legs.handle(dial(''))).toBe(true);
    legs.handle(dial('BUSY'));
    legs.handle(destroyed('agent-ag1-1', 0));
    expect(inputs).toEqual([{ type: 'agent_leg_down', agentId: 'ag1', cause: 0, dialStatus: 'BUSY' }]);
  });

  it('a leg replaced by a newer dial ends without agent_leg_down', () => {
    const { inputs, legs } = setup();
    legs.register('ag1', 'agent-ag1-1');
    legs.register('ag1', 'agent-ag1-2');
    legs.handle(destroyed('agent-ag1-1', 16));
    expect(inputs).toEqual([]);
    expect(legs.forAgent('ag1')?.channelId).toBe('agent-ag1-2');
  });
});
