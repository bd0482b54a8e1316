// The personal-callback dialer of one node against the real database, the engine stood in for:
// its ready agents, its clock, and the inputs it is given collected (a callback_due marks the
// agent as the engine does).

import pino from 'pino';
import type { Pool } from '../../../src/adapters/pg/pool.js';
import { createAgent } from '../../../src/core/agent.js';
import { createEngineState } from '../../../src/core/engine-state.js';
import type { Input } from '../../../src/core/inputs.js';
import { PersonalCallbackDialer } from '../../../src/runtime/personal-callback-dialer.js';

/** The dialer of node `nodeId` with `agents` ready at `clock.nowMs`, read on each call to the engine's clock. */
export function dialerFor(pool: Pool, nodeId: string, agents: { id: string; campaignId: string }[], clock: { nowMs: number }) {
  const state = createEngineState();
  for (const a of agents) state.agents.set(a.id, { ...createAgent(a.id, a.campaignId, `PJSIP/${a.id}`, clock.nowMs), status: 'ready' });
  const submitted: Input[] = [];
  const dialer = new PersonalCallbackDialer({
    pool, nodeId, leaseMs: 60_000, logger: pino({ level: 'silent' }),
    engine: {
      submit: (input) => {
        submitted.push(input);
        if (input.type === 'callback_due') {
          const agent = state.agents.get(input.agentId);
          if (agent) agent.callbackDue = input.due;
        }
        return [];
      },
      state: () => state,
      nowMs: () => clock.nowMs,
    },
  });
  return { dialer, submitted };
}
