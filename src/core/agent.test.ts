// Every agent state transition, legal and illegal, against the transition table.

import { describe, expect, it } from 'vitest';
import { agentStatuses, canMoveAgent, createAgent, moveAgent, type AgentStatus } from './agent.js';

const legal: Record<AgentStatus, AgentStatus[]> = {
  logged_out: ['connecting'],
  connecting: ['paused', 'logged_out'],
  paused: ['ready', 'reserved', 'logged_out'],
  ready: ['reserved', 'paused', 'logged_out'],
  reserved: ['talking', 'ready', 'paused', 'wrap_up', 'logged_out'],
  talking: ['wrap_up', 'logged_out'],
  wrap_up: ['ready', 'paused', 'logged_out'],
};

describe('agent state machine', () => {
  for (const from of agentStatuses) {
    for (const to of agentStatuses) {
      const allowed = legal[from].includes(to);
      it(`${from} -> ${to} is ${allowed ? 'legal' : 'illegal'}`, () => {
        expect(canMoveAgent(from, to)).toBe(allowed);
        const agent = createAgent('a', 'c', 'Local/a@sim-agent', 0);
        agent.status = from;
        if (allowed) expect(moveAgent(agent, to, 10).to).toBe(to);
        else expect(() => moveAgent(agent, to, 10)).toThrow(/illegal move/);
      });
    }
  }

  it('accumulates time spent in each state', () => {
    const agent = createAgent('a', 'c', 'x', 0);
    moveAgent(agent, 'connecting', 100);
    moveAgent(agent, 'paused', 400);
    moveAgent(agent, 'ready', 1_400);
    expect(agent.durationsMs).toMatchObject({ logged_out: 100, connecting: 300, paused: 1_000 });
    expect(agent.readySinceMs).toBe(1_400);
  });
});
