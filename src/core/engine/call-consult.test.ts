// A handover with a consultation first, through the whole engine: the customer on hold while the
// colleague's phone joins the agent, then a conference, the handover or a cancellation, and every
// way the consultation can end early leaving the customer with the agent and the colleague free.

import { describe, expect, it } from 'vitest';
import type { ConsultAction } from '../inputs.js';
import { consultPartnerOf } from './call-transfer.js';
import { agentInConversation, withReadyColleagues } from '../testing/agent-in-conversation.js';
import { ofType, type EngineDriver } from '../testing/engine-driver.js';

const AGENT = 'ag1';
const COLLEAGUE = 'ag2';
const ended = { type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' } as const;

/** ag1 talking on a1 and consulting ag2, who has joined. */
function consulting(recordingEnabled = false): EngineDriver {
  const d = withReadyColleagues(agentInConversation(AGENT, { recordingEnabled }), [{ id: COLLEAGUE }]);
  d.feed({ type: 'agent_consult', agentId: AGENT, to: { agentId: COLLEAGUE } });
  d.feed({ type: 'consult_joined', attemptId: 'a1', agentId: COLLEAGUE });
  return d;
}

const act = (d: EngineDriver, action: ConsultAction, agentId = AGENT) => d.feed({ type: 'agent_consult_action', agentId, action });
const status = (d: EngineDriver, agentId: string) => d.state.agents.get(agentId)?.status;
const call = (d: EngineDriver) => d.state.calls.get('a1');
const moves = (commands: ReturnType<EngineDriver['feed']>) => ofType(commands, 'agent_state_changed').map((c) => [c.agentId, c.to, c.reason]);
const refusals = (commands: ReturnType<EngineDriver['feed']>) => ofType(commands, 'input_rejected').map((r) => [r.code, r.message]);

describe('consulting a colleague before handing the customer over', () => {
  it('holds the customer and brings the colleague in, then hands the customer over, the time on hold counted', () => {
    const d = withReadyColleagues(agentInConversation(AGENT, { recordingEnabled: true }), [{ id: COLLEAGUE }]);
    const start = d.nowMs;
    expect(ofType(d.feed({ type: 'agent_consult', agentId: AGENT, to: { agentId: COLLEAGUE } }), 'start_consult')).toEqual([
      { type: 'start_consult', campaignId: 'c1', attemptId: 'a1', agentId: AGENT, colleagueId: COLLEAGUE, holdCustomer: true },
    ]);
    expect([status(d, COLLEAGUE), call(d)?.consult, call(d)?.heldAtMs]).toEqual(['reserved', 'joining', start]);
    // Nothing to do with the consultation until the colleague is there.
    expect(refusals(act(d, 'complete'))).toEqual([['transfer_refused', `agent ${AGENT} cannot complete now: the colleague is still being brought in`]]);

    expect(moves(d.feed({ type: 'consult_joined', attemptId: 'a1', agentId: COLLEAGUE }))).toEqual([[COLLEAGUE, 'talking', 'consult']]);
    // The reservation's time limit is for a colleague still being brought in, not one talking.
    d.advance(30_000);
    expect([status(d, AGENT), status(d, COLLEAGUE), call(d)?.consult]).toEqual(['talking', 'talking', 'consulting']);
    // Each desktop and the wallboard name the other agent in it.
    expect([consultPartnerOf(call(d), AGENT), consultPartnerOf(call(d), COLLEAGUE)]).toEqual([COLLEAGUE, AGENT]);
    // The colleague may not hold, pause the recording of, or hand on a call that is not theirs yet.
    expect(refusals(d.feed({ type: 'agent_recording_paused', agentId: COLLEAGUE, paused: true }))[0]?.[0]).toBe('not_recording');
    expect(refusals(d.feed({ type: 'agent_transfer', agentId: COLLEAGUE, to: { agentId: AGENT } }))[0]?.[0]).toBe('not_in_conversation');

    expect(ofType(act(d, 'complete'), 'transfer_call')).toEqual([
      { type: 'transfer_call', campaignId: 'c1', attemptId: 'a1', fromAgentId: AGENT, toAgentId: COLLEAGUE },
    ]);
    expect(ofType(act(d, 'complete'), 'transfer_call')).toEqual([]);
    const moved = d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: COLLEAGUE });
    expect(moves(moved)).toEqual([[AGENT, 'wrap_up', 'call_transferred']]);
    // The colleague's state does not change, so the handover tells their desktop the call is theirs.
    expect(ofType(moved, 'handover_changed')).toEqual([{ type: 'handover_changed', attemptId: 'a1', agentIds: [AGENT, COLLEAGUE] }]);
    expect(ofType(moved, 'start_recording')).toEqual([{ type: 'start_recording', attemptId: 'a1', agentId: COLLEAGUE, append: true }]);
    expect(call(d)).toMatchObject({ agentId: COLLEAGUE, consult: null, transferToAgentId: null, heldAtMs: null, heldMs: 30_000, handovers: [{ fromAgentId: AGENT, toAgentId: COLLEAGUE, atMs: start + 30_000 }] });
    // The hold began with the consultation and ended with the handover, each kept with the attempt.
    expect(ofType(d.log, 'hold_changed')).toEqual([
      { type: 'hold_changed', attemptId: 'a1', heldMs: 0, heldSinceMs: start },
      { type: 'hold_changed', attemptId: 'a1', heldMs: 30_000, heldSinceMs: null },
    ]);
    d.feed(ended);
    expect(d.state.agents.get(COLLEAGUE)?.owesDispositionFor).toBe('a1');
    expect(d.state.agents.get(AGENT)?.owesDispositionFor).toBeNull();
    expect(consultPartnerOf(call(d), COLLEAGUE)).toBeNull();
  });

  it('brings the customer into a conference, then hands them over from it', () => {
    const d = consulting();
    expect(ofType(act(d, 'conference'), 'set_call_held')).toEqual([expect.objectContaining({ held: false, agentId: AGENT })]);
    expect(act(d, 'conference')).toEqual([]);
    expect(call(d)).toMatchObject({ consult: 'conference', heldAtMs: null });
    act(d, 'complete');
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: COLLEAGUE });
    expect([status(d, AGENT), status(d, COLLEAGUE), call(d)?.agentId]).toEqual(['wrap_up', 'talking', COLLEAGUE]);
  });

  it('hands over a recording paused in the conference still paused: the colleague sees it so and resumes it', () => {
    const d = consulting(true);
    act(d, 'conference');
    d.feed({ type: 'agent_recording_paused', agentId: AGENT, paused: true });
    const pausedAt = d.nowMs;
    act(d, 'complete');
    d.advance(4_000);
    const moved = d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: COLLEAGUE });
    expect(ofType(moved, 'start_recording')).toEqual([{ type: 'start_recording', attemptId: 'a1', agentId: COLLEAGUE, append: true, paused: true }]);
    expect(call(d)).toMatchObject({ agentId: COLLEAGUE, recordingPausedAtMs: pausedAt });
    // The pause is the colleague's to end now, and ending it is evidence like any other.
    expect(ofType(d.feed({ type: 'agent_recording_paused', agentId: COLLEAGUE, paused: false }), 'set_recording_paused')).toEqual([
      { type: 'set_recording_paused', campaignId: 'c1', attemptId: 'a1', agentId: COLLEAGUE, paused: false, reason: 'agent', atMs: pausedAt + 4_000 },
    ]);
  });

  it('cancels: the colleague\'s phone goes home before the customer comes back, and the colleague wraps up owing nothing', () => {
    const d = consulting();
    const commands = act(d, 'cancel');
    expect(commands.filter((c) => c.type === 'return_agent_leg' || c.type === 'set_call_held').map((c) => c.type)).toEqual(['return_agent_leg', 'set_call_held']);
    expect(moves(commands)).toEqual([[COLLEAGUE, 'wrap_up', 'consult_cancelled']]);
    // Ended by the agent: nothing to tell them.
    expect(ofType(commands, 'handover_changed').map((c) => c.ended)).toEqual([undefined]);
    expect(call(d)).toMatchObject({ agentId: AGENT, consult: null, transferToAgentId: null, heldAtMs: null });
    expect(d.state.agents.get(COLLEAGUE)).toMatchObject({ callId: null, owesDispositionFor: null });
    expect(refusals(act(d, 'complete'))).toEqual([['transfer_refused', `agent ${AGENT} cannot complete now: there is no consultation`]]);
  });

  it('ends the consultation when the colleague\'s phone goes, telling both desktops, the customer staying on hold with the agent', () => {
    const d = consulting();
    const commands = d.feed({ type: 'agent_leg_down', agentId: COLLEAGUE, cause: 16 });
    expect(ofType(commands, 'hangup_call')).toEqual([]);
    // The agent consulting is told why: the colleague's phone went.
    expect(ofType(commands, 'handover_changed')).toEqual([{ type: 'handover_changed', attemptId: 'a1', agentIds: [AGENT, COLLEAGUE], ended: 'phone_lost' }]);
    expect([status(d, AGENT), status(d, COLLEAGUE), call(d)?.consult, call(d)?.heldAtMs !== null]).toEqual(['talking', 'logged_out', null, true]);
  });

  it('ends the consultation when the colleague hangs up their side, the customer staying on hold with the agent', () => {
    const d = consulting();
    const commands = d.feed({ type: 'agent_hangup', agentId: COLLEAGUE });
    expect(ofType(commands, 'hangup_call')).toEqual([]);
    expect(ofType(commands, 'return_agent_leg')).toEqual([{ type: 'return_agent_leg', attemptId: 'a1', agentId: COLLEAGUE }]);
    expect([status(d, AGENT), status(d, COLLEAGUE), call(d)?.status, call(d)?.heldAtMs !== null]).toEqual(['talking', 'wrap_up', 'connected', true]);
    expect(ofType(commands, 'handover_changed').map((c) => c.ended)).toEqual(['left']);
  });

  it('frees the colleague when the customer hangs up during it, or the PBX cannot bring the colleague in', () => {
    const d = consulting();
    d.feed(ended);
    expect([status(d, AGENT), status(d, COLLEAGUE)]).toEqual(['wrap_up', 'wrap_up']);
    expect(ofType(d.log, 'return_agent_leg')).toHaveLength(1);
    expect(d.state.agents.get(COLLEAGUE)?.owesDispositionFor).toBeNull();

    const failed = withReadyColleagues(agentInConversation(AGENT), [{ id: COLLEAGUE }]);
    failed.feed({ type: 'agent_consult', agentId: AGENT, to: { agentId: COLLEAGUE } });
    const commands = failed.feed({ type: 'consult_failed', attemptId: 'a1', agentId: COLLEAGUE, reason: 'ARI_NOT_FOUND' });
    expect(moves(commands)).toEqual([[COLLEAGUE, 'ready', 'consult_failed']]);
    expect(ofType(commands, 'handover_changed').map((c) => c.ended)).toEqual(['failed']);
    expect(failed.state.calls.get('a1')).toMatchObject({ consult: null, transferToAgentId: null, agentId: AGENT });
  });

  it('gives up a handover the PBX neither confirms nor refuses in time: the customer stays with the agent, who may act again', () => {
    const d = consulting();
    act(d, 'complete');
    d.advance(4_000);
    expect(call(d)?.consult).toBe('completing');
    const given = d.advance(1_200);
    expect(moves(given)).toEqual([[COLLEAGUE, 'wrap_up', 'transfer_failed']]);
    expect(ofType(given, 'handover_changed').map((c) => c.ended)).toEqual(['failed']);
    expect(ofType(given, 'return_agent_leg')).toEqual([{ type: 'return_agent_leg', attemptId: 'a1', agentId: COLLEAGUE }]);
    expect(call(d)).toMatchObject({ agentId: AGENT, consult: null, transferToAgentId: null });
    expect(refusals(d.feed({ type: 'agent_hold', agentId: AGENT, held: false }))).toEqual([]);
  });

  it('leaves a customer already on hold there, and refuses a blind handover or a second consultation meanwhile', () => {
    const d = withReadyColleagues(agentInConversation(AGENT), [{ id: COLLEAGUE }, { id: 'ag3' }]);
    d.feed({ type: 'agent_hold', agentId: AGENT, held: true });
    const heldAt = call(d)?.heldAtMs;
    d.advance(5_000);
    expect(ofType(d.feed({ type: 'agent_consult', agentId: AGENT, to: { agentId: COLLEAGUE } }), 'start_consult')[0]?.holdCustomer).toBe(false);
    expect(call(d)?.heldAtMs).toBe(heldAt);
    expect(refusals(d.feed({ type: 'agent_transfer', agentId: AGENT, to: { agentId: 'ag3' } }))).toEqual([['transfer_refused', `the customer is already being handed over to ${COLLEAGUE}`]]);
    expect(refusals(d.feed({ type: 'agent_consult', agentId: AGENT, to: { agentId: 'ag3' } }))).toEqual([['transfer_refused', `the customer is already being handed over to ${COLLEAGUE}`]]);
  });
});
