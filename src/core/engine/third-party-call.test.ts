// An agent calls one of the campaign's third parties about their customer, through the whole
// engine: the customer on hold while it rings and the two speak, then a conference, leaving the
// customer with the third party, or ending it; and each way the third party's line can end.

import { describe, expect, it } from 'vitest';
import type { ConsultAction } from '../inputs.js';
import { recordingPauseLimitMs } from '../limits.js';
import { agentInConversation } from '../testing/agent-in-conversation.js';
import { ofType, readyAgent, runningCampaign, type EngineDriver } from '../testing/engine-driver.js';
import { snapshotOf } from './tick-step.js';

const AGENT = 'ag1';
const desk = { name: 'Verification desk', number: '+442079460123' };
const settings = { thirdParties: [desk], callerId: '+442079460999', recordingEnabled: true };

function withAgentOnACall(): EngineDriver {
  return agentInConversation(AGENT, settings);
}

/** ag1 talking to the desk, the customer on hold. */
function talkingToDesk(): EngineDriver {
  const d = withAgentOnACall();
  d.feed({ type: 'agent_call_third_party', agentId: AGENT, name: desk.name });
  d.feed({ type: 'third_party_answered', attemptId: 'a1' });
  return d;
}

const act = (d: EngineDriver, action: ConsultAction) => d.feed({ type: 'agent_consult_action', agentId: AGENT, action });
const call = (d: EngineDriver) => d.state.calls.get('a1');
const agent = (d: EngineDriver) => d.state.agents.get(AGENT);
const refusals = (commands: ReturnType<EngineDriver['feed']>) => ofType(commands, 'input_rejected').map((r) => [r.code, r.message]);
const stages = (commands: ReturnType<EngineDriver['feed']>) => ofType(commands, 'third_party_changed').map((c) => [c.stage, c.detail]);

describe('calling a third party about the customer', () => {
  it('dials the named number with the campaign\'s line and caller ID, the customer on hold', () => {
    const d = withAgentOnACall();
    const start = d.nowMs;
    const out = d.feed({ type: 'agent_call_third_party', agentId: AGENT, name: 'verification DESK ' });
    expect(ofType(out, 'dial_third_party')).toEqual([{
      type: 'dial_third_party', campaignId: 'c1', attemptId: 'a1', agentId: AGENT, number: desk.number,
      callerId: settings.callerId, endpointTemplate: null, ringTimeoutMs: 25_000, holdCustomer: true,
    }]);
    expect(stages(out)).toEqual([['dialing', 'calling Verification desk']]);
    expect(call(d)).toMatchObject({ heldAtMs: start, thirdParty: { name: desk.name, stage: 'dialing', handedOffAtMs: null } });
    expect(ofType(out, 'hold_changed')).toEqual([{ type: 'hold_changed', attemptId: 'a1', heldMs: 0, heldSinceMs: start }]);
    // Nothing to bring in yet, and no second line or handover meanwhile.
    expect(refusals(act(d, 'conference'))).toEqual([['transfer_refused', `agent ${AGENT} cannot conference now: Verification desk has not answered yet`]]);
    expect(refusals(d.feed({ type: 'agent_call_third_party', agentId: AGENT, name: desk.name }))[0]?.[1]).toBe('the customer is in a call with Verification desk already');
    expect(refusals(d.feed({ type: 'agent_transfer', agentId: AGENT, to: { group: 'closers' } }))[0]?.[0]).toBe('transfer_refused');
    expect(refusals(d.feed({ type: 'agent_hold', agentId: AGENT, held: false }))[0]?.[1]).toBe('the customer is in a call with Verification desk: bring them in, or end it');
  });

  it('presents the number the customer was shown: their list\'s own caller ID, or the campaign\'s local one', () => {
    const listed = agentInConversation(AGENT, settings, { listOverrides: { callerId: '"Brand B" <+442079460777>', machineMessageMedia: null } });
    const local = agentInConversation(AGENT, { ...settings, callerId: '"Acme" <+442079460999>', callerIdPool: ['+15550100999'] });
    const presented = (d: EngineDriver) => ofType(d.feed({ type: 'agent_call_third_party', agentId: AGENT, name: desk.name }), 'dial_third_party').map((c) => c.callerId);
    expect(presented(listed)).toEqual(['"Brand B" <+442079460777>']);
    expect(ofType(listed.log, 'originate').map((o) => o.callerId)).toEqual(['"Brand B" <+442079460777>']);
    expect(presented(local)).toEqual(['"Acme" <+15550100999>']);
  });

  it('presents the number the customer was dialled with, though the campaign\'s caller ID changed during the call', () => {
    const d = withAgentOnACall();
    const campaign = d.state.campaigns.get('c1');
    if (!campaign) throw new Error('no campaign');
    d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: { ...campaign.settings, callerId: '+442079460555' } });
    expect(ofType(d.feed({ type: 'agent_call_third_party', agentId: AGENT, name: desk.name }), 'dial_third_party').map((c) => c.callerId)).toEqual([settings.callerId]);
  });

  it("presents the list's caller ID on a third party called about a person who called that number back", () => {
    const d = runningCampaign({ ...settings, mode: 'preview' });
    readyAgent(d, AGENT);
    d.feed({ type: 'inbound_call', campaignId: 'c1', attemptId: 'in1', leadId: 'l2', phone: '+15550100002', listOverrides: { callerId: '+442079460777', machineMessageMedia: null } });
    d.feed({ type: 'call_bridged', attemptId: 'in1', agentId: AGENT });
    expect(ofType(d.feed({ type: 'agent_call_third_party', agentId: AGENT, name: desk.name }), 'dial_third_party').map((c) => c.callerId)).toEqual(['+442079460777']);
  });

  it('calls no number the campaign does not name, and nobody without a customer', () => {
    const d = withAgentOnACall();
    expect(refusals(d.feed({ type: 'agent_call_third_party', agentId: AGENT, name: '+15550100002' }))).toEqual([
      ['transfer_refused', "+15550100002 is not one of the campaign's third parties"],
    ]);
    expect(call(d)?.thirdParty).toBeNull();
    d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    expect(refusals(d.feed({ type: 'agent_call_third_party', agentId: AGENT, name: desk.name }))[0]?.[0]).toBe('not_in_conversation');
  });

  it('brings the customer in, then leaves them with the third party: the agent wraps up owing the disposition', () => {
    const d = talkingToDesk();
    const start = d.nowMs;
    d.advance(20_000);
    expect(ofType(act(d, 'conference'), 'set_call_held')).toEqual([expect.objectContaining({ held: false, agentId: AGENT })]);
    expect(call(d)).toMatchObject({ heldAtMs: null, heldMs: 20_000, thirdParty: { stage: 'conference' } });
    d.advance(10_000);
    expect(ofType(act(d, 'complete'), 'hand_off_third_party')).toEqual([
      { type: 'hand_off_third_party', campaignId: 'c1', attemptId: 'a1', agentId: AGENT, record: true },
    ]);
    // Until the PBX has done it the agent is on the call, and cannot cancel it.
    expect(agent(d)?.status).toBe('talking');
    expect(refusals(act(d, 'cancel'))[0]?.[0]).toBe('transfer_refused');
    const handed = d.feed({ type: 'third_party_handed_off', attemptId: 'a1' });
    expect(ofType(handed, 'agent_state_changed').map((c) => [c.to, c.reason])).toEqual([['wrap_up', 'left_with_third_party']]);
    expect(agent(d)).toMatchObject({ callId: null, owesDispositionFor: 'a1' });
    expect(call(d)).toMatchObject({ status: 'handed_off', thirdParty: { stage: 'handed_off', handedOffAtMs: start + 30_000 } });
    // The line is the campaign's until the call ends: its agent gives the disposition meanwhile.
    d.feed({ type: 'agent_dispositioned', agentId: AGENT, attemptId: 'a1' });
    expect(agent(d)?.owesDispositionFor).toBeNull();
    d.advance(60_000);
    const closed = d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    expect(ofType(closed, 'hang_up_third_party')).toEqual([{ type: 'hang_up_third_party', attemptId: 'a1' }]);
    expect(ofType(closed, 'attempt_closed')[0]?.summary).toMatchObject({
      outcome: 'connected', agentId: AGENT, heldMs: 20_000, thirdParty: { name: desk.name, handedOffAtMs: start + 30_000 },
    });
  });

  it('counts the agent\'s talk up to the handoff only, for the pacer\'s forecast', () => {
    const d = talkingToDesk();
    const talkBefore = d.state.campaigns.get('c1')?.stats.talkMs.samples ?? 0;
    act(d, 'complete');
    d.feed({ type: 'third_party_handed_off', attemptId: 'a1' });
    expect(d.state.campaigns.get('c1')?.stats.talkMs.samples).toBe(talkBefore + 1);
    d.advance(300_000);
    d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    expect(d.state.campaigns.get('c1')?.stats.talkMs.samples).toBe(talkBefore + 1);
  });

  it('hangs up the customer the third party leaves alone', () => {
    const d = talkingToDesk();
    act(d, 'complete');
    d.feed({ type: 'third_party_handed_off', attemptId: 'a1' });
    const out = d.feed({ type: 'third_party_ended', attemptId: 'a1', reason: 'hung up' });
    expect(ofType(out, 'hangup_call')).toEqual([{ type: 'hangup_call', attemptId: 'a1', reason: 'third_party_left' }]);
    const closed = d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    expect(ofType(closed, 'attempt_closed')[0]?.summary.outcome).toBe('connected');
  });

  it('has everyone in the agent\'s bridge when the handoff fails', () => {
    const d = talkingToDesk();
    d.advance(5_000);
    act(d, 'complete');
    const out = d.feed({ type: 'third_party_handoff_failed', attemptId: 'a1', reason: 'ARI_NOT_FOUND' });
    expect(stages(out)).toEqual([['conference', '']]);
    expect(call(d)).toMatchObject({ status: 'connected', heldAtMs: null, heldMs: 5_000 });
    expect(agent(d)?.status).toBe('talking');
  });

  it('has the customer back with the agent when the third party hangs up as they are left with it', () => {
    const moved = talkingToDesk();
    act(moved, 'complete');
    expect(moved.feed({ type: 'third_party_ended', attemptId: 'a1', reason: 'hung up' })).toEqual([]);
    const back = moved.feed({ type: 'third_party_handed_off', attemptId: 'a1' });
    // Into the agent's bridge from wherever the move put them.
    expect(ofType(back, 'set_call_held')).toEqual([expect.objectContaining({ held: false, agentId: AGENT })]);
    expect(stages(back)).toEqual([['ended', 'hung up']]);
    expect(call(moved)).toMatchObject({ status: 'connected', thirdParty: null, heldAtMs: null });
    expect(agent(moved)?.status).toBe('talking');

    const refused = talkingToDesk();
    act(refused, 'complete');
    refused.feed({ type: 'third_party_ended', attemptId: 'a1', reason: 'hung up' });
    expect(stages(refused.feed({ type: 'third_party_handoff_failed', attemptId: 'a1', reason: 'ARI_NOT_FOUND' }))).toEqual([['ended', 'hung up']]);
    expect(call(refused)).toMatchObject({ status: 'connected', thirdParty: null, heldAtMs: null });
  });

  it('has the customer back when the agent ends it, when the third party does not answer, and when it hangs up', () => {
    const cancelled = talkingToDesk();
    const out = act(cancelled, 'cancel');
    expect(ofType(out, 'hang_up_third_party')).toEqual([{ type: 'hang_up_third_party', attemptId: 'a1' }]);
    expect(ofType(out, 'set_call_held')).toEqual([expect.objectContaining({ held: false })]);
    expect(stages(out)).toEqual([['ended', '']]);
    expect(call(cancelled)?.thirdParty).toBeNull();
    // Its line's end, coming after, changes nothing.
    expect(cancelled.feed({ type: 'third_party_ended', attemptId: 'a1', reason: 'hung up' })).toEqual([]);

    const unanswered = withAgentOnACall();
    unanswered.feed({ type: 'agent_call_third_party', agentId: AGENT, name: desk.name });
    const busy = unanswered.feed({ type: 'third_party_ended', attemptId: 'a1', reason: 'busy' });
    expect(stages(busy)).toEqual([['ended', 'busy']]);
    expect(call(unanswered)).toMatchObject({ heldAtMs: null, thirdParty: null, status: 'connected' });

    const inConference = talkingToDesk();
    act(inConference, 'conference');
    const left = inConference.feed({ type: 'third_party_ended', attemptId: 'a1', reason: 'hung up' });
    expect(ofType(left, 'set_call_held')).toEqual([]);
    expect(call(inConference)).toMatchObject({ thirdParty: null, status: 'connected' });
    // And the agent may call again.
    expect(ofType(inConference.feed({ type: 'agent_call_third_party', agentId: AGENT, name: desk.name }), 'dial_third_party')).toHaveLength(1);
  });

  it('brings the customer in at the hold limit while the agent talks to the third party', () => {
    const d = agentInConversation(AGENT, { ...settings, holdLimitMs: 60_000 });
    d.feed({ type: 'agent_call_third_party', agentId: AGENT, name: desk.name });
    d.advance(30_000);
    d.feed({ type: 'third_party_answered', attemptId: 'a1' });
    expect(ofType(d.advance(29_000), 'set_call_held')).toEqual([]);
    const out = d.advance(1_000);
    expect(ofType(out, 'set_call_held')).toEqual([expect.objectContaining({ held: false, reason: 'time_limit' })]);
    expect(call(d)?.thirdParty?.stage).toBe('conference');
  });

  it('gives up a third party still ringing at the hold limit: the customer is back with the agent, who is told why', () => {
    const d = agentInConversation(AGENT, { ...settings, holdLimitMs: 30_000, ringTimeoutMs: 60_000 });
    d.feed({ type: 'agent_call_third_party', agentId: AGENT, name: desk.name });
    expect(ofType(d.advance(29_000), 'hang_up_third_party')).toEqual([]);
    const out = d.advance(1_000);
    expect(ofType(out, 'hang_up_third_party')).toEqual([{ type: 'hang_up_third_party', attemptId: 'a1' }]);
    expect(ofType(out, 'set_call_held')).toEqual([expect.objectContaining({ held: false, reason: 'time_limit' })]);
    expect(ofType(out, 'third_party_changed')).toEqual([expect.objectContaining({ stage: 'ended', detail: 'no answer within the hold limit' })]);
    expect(call(d)).toMatchObject({ thirdParty: null, heldAtMs: null, status: 'connected' });
    // The line's end, when the PBX reports it, changes nothing.
    expect(d.feed({ type: 'third_party_ended', attemptId: 'a1', reason: 'hung up' })).toEqual([]);
  });

  it('counts the third party\'s line against the campaign\'s lines, and the customer\'s left with it', () => {
    const d = withAgentOnACall();
    const lines = () => {
      const snapshot = snapshotOf({ state: d.state, nowMs: d.nowMs, out: [] }, d.state.campaigns.get('c1')!);
      return [snapshot.callsConnected, snapshot.callsOther];
    };
    expect(lines()).toEqual([1, 0]);
    d.feed({ type: 'agent_call_third_party', agentId: AGENT, name: desk.name });
    expect(lines()).toEqual([1, 1]);
    d.feed({ type: 'third_party_answered', attemptId: 'a1' });
    act(d, 'complete');
    d.feed({ type: 'third_party_handed_off', attemptId: 'a1' });
    expect(lines()).toEqual([0, 2]);
    d.feed({ type: 'third_party_ended', attemptId: 'a1', reason: 'hung up' });
    d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    expect(lines()).toEqual([0, 0]);
  });

  it('keeps a recording paused with the desk paused when the customer is left with it, until its time limit resumes it', () => {
    const d = talkingToDesk();
    act(d, 'conference');
    d.feed({ type: 'agent_recording_paused', agentId: AGENT, paused: true });
    const pausedAt = d.nowMs;
    d.advance(20_000);
    // The customer reads their card number to the payment desk: the recording goes on there paused.
    expect(ofType(act(d, 'complete'), 'hand_off_third_party')).toEqual([
      { type: 'hand_off_third_party', campaignId: 'c1', attemptId: 'a1', agentId: AGENT, record: true, recordPaused: true },
    ]);
    d.feed({ type: 'third_party_handed_off', attemptId: 'a1' });
    expect(call(d)).toMatchObject({ status: 'handed_off', recorded: true, recordingPausedAtMs: pausedAt });
    // Nobody of the campaign is on the call now: the pause's time limit still ends it, as evidence says.
    expect(ofType(d.advance(recordingPauseLimitMs - 21_000), 'set_recording_paused')).toEqual([]);
    expect(ofType(d.advance(1_000), 'set_recording_paused')).toEqual([
      { type: 'set_recording_paused', campaignId: 'c1', attemptId: 'a1', agentId: AGENT, paused: false, reason: 'time_limit', atMs: pausedAt + recordingPauseLimitMs },
    ]);
    expect(call(d)?.recordingPausedAtMs).toBeNull();
  });

  it('hangs up the third party with the customer when the agent hangs up', () => {
    const d = talkingToDesk();
    act(d, 'conference');
    d.feed({ type: 'agent_hangup', agentId: AGENT });
    const closed = d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    expect(ofType(closed, 'hang_up_third_party')).toHaveLength(1);
    expect(agent(d)?.owesDispositionFor).toBe('a1');
  });
});
