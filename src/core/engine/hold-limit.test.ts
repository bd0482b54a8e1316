// A hold ends by itself at the campaign's limit, through the whole engine: the customer is back
// with their agent, or joins a consultation; the agent taking them off hold first, or a handover
// under way, leaves nothing for the limit to do.

import { describe, expect, it } from 'vitest';
import { holdLimitMs } from '../limits.js';
import { agentInConversation, withReadyColleagues } from '../testing/agent-in-conversation.js';
import { ofType, type EngineDriver } from '../testing/engine-driver.js';

const AGENT = 'ag1';
const COLLEAGUE = 'ag2';
const hold = { type: 'agent_hold', agentId: AGENT, held: true } as const;

const holdChanges = (d: EngineDriver) => ofType(d.log, 'set_call_held').map((c) => [c.held, c.atMs, c.reason]);

describe('the hold limit', () => {
  it('brings the customer back to the agent once the campaign default has passed, the time on hold counted', () => {
    const d = agentInConversation(AGENT);
    const start = d.nowMs;
    d.feed(hold);
    d.advance(holdLimitMs - 1);
    expect(d.state.calls.get('a1')?.heldAtMs).toBe(start);
    d.advance(1);
    expect(holdChanges(d)).toEqual([[true, start, 'agent'], [false, start + holdLimitMs, 'time_limit']]);
    expect(d.state.calls.get('a1')).toMatchObject({ heldAtMs: null, heldMs: holdLimitMs });
    // Once only: the customer is with the agent, who may hold them again (for a limit anew).
    d.advance(holdLimitMs);
    expect(holdChanges(d)).toHaveLength(2);
  });

  it('keeps to the campaign own limit, timed from each hold', () => {
    const d = agentInConversation(AGENT, { holdLimitMs: 45_000 });
    const start = d.nowMs;
    d.feed(hold);
    d.advance(20_000);
    d.feed({ ...hold, held: false });
    d.advance(10_000);
    d.feed(hold);
    d.advance(44_000);
    expect(holdChanges(d).at(-1)).toEqual([true, start + 30_000, 'agent']);
    d.advance(1_000);
    expect(holdChanges(d).at(-1)).toEqual([false, start + 75_000, 'time_limit']);
  });

  it('tries again after the PBX refuses to take the customer off hold', () => {
    const d = agentInConversation(AGENT, { holdLimitMs: 30_000 });
    const start = d.nowMs;
    d.feed(hold);
    d.advance(30_000);
    d.feed({ type: 'hold_failed', attemptId: 'a1', held: false });
    d.advance(29_000);
    expect(holdChanges(d)).toHaveLength(2);
    d.advance(1_000);
    expect(holdChanges(d).at(-1)).toEqual([false, start + 60_000, 'time_limit']);
  });

  it('brings the customer into a consultation that has gone on past the limit: all three talk', () => {
    const d = withReadyColleagues(agentInConversation(AGENT, { holdLimitMs: 60_000 }), [{ id: COLLEAGUE }]);
    d.feed({ type: 'agent_consult', agentId: AGENT, to: { agentId: COLLEAGUE } });
    const held = d.nowMs;
    d.feed({ type: 'consult_joined', attemptId: 'a1', agentId: COLLEAGUE });
    const commands = d.advance(60_000);
    expect(ofType(commands, 'set_call_held').map((c) => [c.held, c.atMs, c.reason])).toEqual([[false, held + 60_000, 'time_limit']]);
    // Both desktops show the conference.
    expect(ofType(commands, 'handover_changed')).toEqual([{ type: 'handover_changed', attemptId: 'a1', agentIds: [AGENT, COLLEAGUE] }]);
    expect(d.state.calls.get('a1')).toMatchObject({ consult: 'conference', heldAtMs: null, agentId: AGENT, transferToAgentId: COLLEAGUE });
    expect(ofType(d.feed({ type: 'agent_consult_action', agentId: AGENT, action: 'complete' }), 'transfer_call')).toHaveLength(1);
  });

  it('leaves a customer being handed over to the handover', () => {
    const d = withReadyColleagues(agentInConversation(AGENT, { holdLimitMs: 30_000 }), [{ id: COLLEAGUE }]);
    d.feed(hold);
    d.advance(27_000);
    d.feed({ type: 'agent_transfer', agentId: AGENT, to: { agentId: COLLEAGUE } });
    d.advance(3_000);
    d.advance(1_000);
    expect(holdChanges(d).map(([held]) => held)).toEqual([true]);
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: COLLEAGUE });
    expect(d.state.calls.get('a1')).toMatchObject({ agentId: COLLEAGUE, heldAtMs: null, heldMs: 31_000 });
  });
});
