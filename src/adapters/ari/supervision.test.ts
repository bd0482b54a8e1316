// A listen or whisper session ends when its snoop leaves the app: Asterisk ends a snoop's
// subscription at its StasisEnd and sends no ChannelDestroyed for it (a snoop hung up, or gone
// with the agent's leg), so waiting for one left the supervisor listening to nothing.

import { describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { AgentLegs } from './agent-legs.js';
import { fakeAriRest } from './fake-ari-rest.js';
import { Supervision } from './supervision.js';

describe('a supervision session', () => {
  it('ends when its snoop leaves the app with no ChannelDestroyed, its phone hung up and its bridge gone', async () => {
    const legs = new AgentLegs({ emit: () => undefined, onAnswered: () => undefined });
    legs.markUp(legs.register('ann', 'agent-ann-1'));
    const done: string[] = [];
    const rest = fakeAriRest({
      createBridge: async () => undefined, snoop: async (_channel, request) => ({ id: request.snoopId, name: 'Snoop/agent-ann-1', state: 'Up' }),
      originate: async (request) => ({ id: request.channelId, name: 'PJSIP/sup', state: 'Down' }),
      hangup: async (id) => { done.push(`hangup ${id}`); }, destroyBridge: async (id) => { done.push(`destroy ${id}`); },
    });
    const supervision = new Supervision({ app: 'dialer', rest: () => rest, linkUp: () => true, legs, logger: createLogger({ level: 'silent' }) });
    const { sessionId, ended } = await supervision.supervise({ agentId: 'ann', supervisorEndpoint: 'PJSIP/sup', mode: 'listen' });
    let over = false;
    void ended.then(() => { over = true; });
    expect(supervision.handle({ type: 'StasisEnd', channel: { id: `${sessionId}-snoop`, name: 'Snoop/agent-ann-1', state: 'Up' } })).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(over).toBe(true);
    expect(done).toEqual([`hangup ${sessionId}-phone`, `hangup ${sessionId}-snoop`, `destroy ${sessionId}-bridge`]);
    expect(supervision.channels()).toEqual([]);
  });
});
