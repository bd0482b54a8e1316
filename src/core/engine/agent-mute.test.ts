// An agent muting their own microphone through the whole engine: only in a conversation, once
// however often asked, as it was when the PBX refuses, and on again whenever the agent leaves the
// conversation, so no call starts with the agent unheard.

import { describe, expect, it } from 'vitest';
import { agentInConversation, withReadyColleagues } from '../testing/agent-in-conversation.js';
import { ofType, type EngineDriver } from '../testing/engine-driver.js';

const AGENT = 'ag1';
const mute = { type: 'agent_mute', agentId: AGENT, muted: true } as const;
const unmute = { ...mute, muted: false } as const;
const ended = { type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' } as const;

const mutes = (d: EngineDriver) => ofType(d.log, 'set_agent_muted').map((c) => [c.agentId, c.muted]);
const muted = (d: EngineDriver, agentId = AGENT) => d.state.agents.get(agentId)?.muted;

describe('muting the agent', () => {
  it('mutes and unmutes the agent in a conversation, once however often asked', () => {
    const d = agentInConversation(AGENT);
    expect(ofType(d.feed(mute), 'set_agent_muted')).toEqual([
      { type: 'set_agent_muted', agentId: AGENT, attemptId: 'a1', muted: true, atMs: d.nowMs },
    ]);
    expect(d.feed(mute)).toEqual([]);
    d.feed(unmute);
    d.feed(unmute);
    expect(mutes(d)).toEqual([[AGENT, true], [AGENT, false]]);
    expect(muted(d)).toBe(false);
  });

  it("leaves an agent whose phone went unmuted when the unmute sent as the call ended comes back refused", () => {
    const d = agentInConversation(AGENT);
    d.feed(mute);
    d.feed(ended);
    d.feed({ type: 'agent_leg_down', agentId: AGENT, cause: 16 });
    const refused = d.feed({ type: 'mute_failed', agentId: AGENT, muted: false });
    expect([muted(d), d.state.agents.get(AGENT)?.status, ofType(refused, 'pbx_refused')]).toEqual([false, 'logged_out', []]);
  });

  it('turns the microphone on again when the call ends, so the next call starts with the agent heard', () => {
    const d = agentInConversation(AGENT);
    d.feed(mute);
    const commands = d.feed(ended);
    expect(ofType(commands, 'set_agent_muted')).toEqual([expect.objectContaining({ agentId: AGENT, muted: false })]);
    expect([muted(d), d.state.agents.get(AGENT)?.status]).toEqual([false, 'wrap_up']);
    // Out of a conversation there is nothing to mute.
    expect(ofType(d.feed(mute), 'input_rejected').map((r) => [r.code, r.message])).toEqual([
      ['not_in_conversation', `agent ${AGENT} is not in a conversation to mute`],
    ]);
  });

  it('turns the microphone on again for an agent who hands the customer over', () => {
    const d = withReadyColleagues(agentInConversation(AGENT), [{ id: 'ag2' }]);
    d.feed(mute);
    d.feed({ type: 'agent_transfer', agentId: AGENT, to: { agentId: 'ag2' } });
    // Still muted while the customer is being moved: the agent is still in the conversation.
    expect(muted(d)).toBe(true);
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag2' });
    expect(mutes(d)).toEqual([[AGENT, true], [AGENT, false]]);
    expect([muted(d), muted(d, 'ag2')]).toEqual([false, false]);
  });

  it('keeps the microphone as it was when the PBX refuses, and tells no PBX when the phone has gone', () => {
    const d = agentInConversation(AGENT);
    d.feed(mute);
    expect(ofType(d.feed({ type: 'mute_failed', agentId: AGENT, muted: true }), 'pbx_refused')).toEqual([{ type: 'pbx_refused', agentId: AGENT, action: 'mute' }]);
    expect(muted(d)).toBe(false);
    d.feed(mute);
    const commands = d.feed({ type: 'agent_leg_down', agentId: AGENT, cause: 16 });
    expect(ofType(commands, 'set_agent_muted')).toEqual([]);
    expect([muted(d), d.state.agents.get(AGENT)?.status]).toEqual([false, 'logged_out']);
  });
});
