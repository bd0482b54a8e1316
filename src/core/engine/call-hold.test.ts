// Putting a customer on hold through the whole engine: only the agent in a conversation, once
// however often asked, as it was when the PBX refuses, and the time on hold kept with the attempt.

import { describe, expect, it } from 'vitest';
import { agentInConversation } from '../testing/agent-in-conversation.js';
import { EngineDriver, ofType } from '../testing/engine-driver.js';
import { defaultCampaignSettings } from '../campaign-settings.js';

const AGENT = 'ag1';
const hold = { type: 'agent_hold', agentId: AGENT, held: true } as const;
const takeBack = { ...hold, held: false } as const;

const changes = (d: EngineDriver) => ofType(d.log, 'set_call_held').map((c) => [c.held, c.atMs, c.heldMs]);
const closed = (d: EngineDriver) => ofType(d.log, 'attempt_closed').map((c) => c.summary);

describe('holding a customer', () => {
  it('puts the customer on hold and back, once however often asked, and keeps the time on hold with the attempt', () => {
    const d = agentInConversation(AGENT);
    const start = d.nowMs;
    expect(ofType(d.feed(hold), 'set_call_held')).toEqual([
      { type: 'set_call_held', campaignId: 'c1', attemptId: 'a1', agentId: AGENT, held: true, atMs: start, heldMs: 0, reason: 'agent' },
    ]);
    expect(d.feed(hold)).toEqual([]);
    d.advance(30_000);
    d.feed(takeBack);
    d.feed(takeBack);
    d.advance(60_000);
    d.feed(hold);
    d.advance(15_000);
    // The customer hangs up on hold: the hold in progress counts too.
    d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    expect(changes(d)).toEqual([[true, start, 0], [false, start + 30_000, 30_000], [true, start + 90_000, 30_000]]);
    expect(closed(d)).toEqual([expect.objectContaining({ outcome: 'connected', heldMs: 45_000 })]);
    expect(d.state.agents.get(AGENT)?.status).toBe('wrap_up');
  });

  it('closes a call never held with no time on hold', () => {
    const d = agentInConversation(AGENT);
    d.advance(20_000);
    d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    expect(closed(d)).toEqual([expect.objectContaining({ heldMs: 0 })]);
  });

  it('refuses an agent with no customer on the line', () => {
    const d = new EngineDriver(1_000);
    d.feed({ type: 'telephony_up' });
    d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: defaultCampaignSettings });
    d.feed({ type: 'agent_login', agentId: AGENT, campaignId: 'c1', endpoint: 'Local/ag1@sim-agent' });
    d.feed({ type: 'agent_leg_up', agentId: AGENT });
    expect(ofType(d.feed(hold), 'input_rejected')).toEqual([
      expect.objectContaining({ code: 'not_in_conversation', message: 'agent ag1 has no customer to put on hold' }),
    ]);
    expect(ofType(d.log, 'set_call_held')).toEqual([]);
  });

  it('leaves the customer where they were when the PBX refuses', () => {
    const d = agentInConversation(AGENT);
    const start = d.nowMs;
    d.feed(hold);
    d.advance(1_000);
    // The agent is told: the customer still hears them.
    expect(ofType(d.feed({ type: 'hold_failed', attemptId: 'a1', held: true }), 'pbx_refused')).toEqual([{ type: 'pbx_refused', agentId: AGENT, action: 'hold' }]);
    expect(d.state.calls.get('a1')).toMatchObject({ heldAtMs: null, heldMs: 0 });
    expect(ofType(d.log, 'hold_changed')).toEqual([{ type: 'hold_changed', attemptId: 'a1', heldMs: 0, heldSinceMs: null }]);
    // Taking them off hold fails: they are on hold still, from the refusal on.
    d.feed(hold);
    d.advance(5_000);
    d.feed(takeBack);
    d.advance(2_000);
    expect(ofType(d.feed({ type: 'hold_failed', attemptId: 'a1', held: false }), 'pbx_refused').map((c) => c.action)).toEqual(['unhold']);
    expect(d.state.calls.get('a1')).toMatchObject({ heldAtMs: start + 8_000, heldMs: 5_000 });
    // Asked again, it is taken off hold.
    d.advance(1_000);
    d.feed(takeBack);
    expect(changes(d).at(-1)).toEqual([false, start + 9_000, 6_000]);
  });
});
