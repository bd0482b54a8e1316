// Handing a customer over to a colleague through the whole engine: to a named agent or to the
// longest-waiting agent of a group, the call staying with its agent until the PBX has moved the
// customer, and every way the handover can fail leaving the customer where they were.

import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings, type CampaignSettings } from '../campaign-settings.js';
import { transferredFromOf } from '../call.js';
import type { TransferTarget } from '../inputs.js';
import { agentInConversation, withReadyColleagues } from '../testing/agent-in-conversation.js';
import { ofType, type EngineDriver } from '../testing/engine-driver.js';

const FRONTER = 'ag1';
const ended = { type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' } as const;

/** ag1 talking on a1; colleagues logged in and ready, in this order (the first has waited longest). */
function withColleagues(colleagues: { id: string; groups?: string[] }[], settings: Partial<CampaignSettings> = {}): EngineDriver {
  return withReadyColleagues(agentInConversation(FRONTER, settings), colleagues);
}

const transfer = (d: EngineDriver, to: TransferTarget) => d.feed({ type: 'agent_transfer', agentId: FRONTER, to });
const status = (d: EngineDriver, agentId: string) => d.state.agents.get(agentId)?.status;
const refusals = (commands: ReturnType<EngineDriver['feed']>) => ofType(commands, 'input_rejected').map((r) => [r.code, r.message]);
const closed = (d: EngineDriver) => ofType(d.log, 'attempt_closed').map((c) => c.summary);

describe('transferring a call to a colleague', () => {
  it('reserves the colleague, hands the call over once the PBX has moved the customer, and keeps both agents on the attempt', () => {
    const d = withColleagues([{ id: 'ag2' }], { recordingEnabled: true });
    // One the fronter still owed from before (an automatic wrap-up moved on without it) is not this
    // wrap-up's to ask for: it is on their list of calls left without one.
    const fronter = d.state.agents.get(FRONTER);
    if (fronter) fronter.owesDispositionFor = 'a0';
    expect(ofType(transfer(d, { agentId: 'ag2' }), 'transfer_call')).toEqual([
      { type: 'transfer_call', campaignId: 'c1', attemptId: 'a1', fromAgentId: FRONTER, toAgentId: 'ag2' },
    ]);
    // Until the customer is moved, the call is still the fronter's.
    expect([status(d, FRONTER), status(d, 'ag2'), d.state.calls.get('a1')?.agentId]).toEqual(['talking', 'reserved', FRONTER]);

    const movedAtMs = d.nowMs;
    const moved = d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag2' });
    expect(ofType(moved, 'agent_state_changed').map((c) => [c.agentId, c.to, c.reason])).toEqual([
      [FRONTER, 'wrap_up', 'call_transferred'], ['ag2', 'talking', 'call_transferred'],
    ]);
    expect(ofType(moved, 'attempt_progress')).toEqual([expect.objectContaining({ stage: 'transferred', agentId: 'ag2', detail: `from ${FRONTER}`, handover: { seq: 1, fromAgentId: FRONTER } })]);
    expect(ofType(moved, 'start_recording')).toEqual([{ type: 'start_recording', attemptId: 'a1', agentId: 'ag2', append: true }]);
    // The fronter owes no disposition (the colleague gives it) and goes on to the next call.
    expect(d.state.agents.get(FRONTER)?.owesDispositionFor).toBeNull();
    expect(ofType(d.feed({ type: 'agent_ready', agentId: FRONTER }), 'input_rejected')).toEqual([]);

    d.advance(40_000);
    d.feed(ended);
    expect(closed(d)).toEqual([expect.objectContaining({ agentId: 'ag2', handovers: [{ fromAgentId: FRONTER, toAgentId: 'ag2', atMs: movedAtMs }], outcome: 'connected' })]);
    expect(d.state.agents.get('ag2')?.owesDispositionFor).toBe('a1');
  });

  it('gives the call to the agent of the group who has waited longest', () => {
    const d = withColleagues([{ id: 'ag2', groups: ['sales'] }, { id: 'ag3', groups: ['Closers'] }, { id: 'ag4', groups: ['closers', 'sales'] }]);
    expect(ofType(transfer(d, { group: ' CLOSERS ' }), 'transfer_call')[0]?.toAgentId).toBe('ag3');
  });

  it("hands the customer to another campaign's team it lists: its agent who has waited longest gives the first campaign's disposition", () => {
    const d = withColleagues([{ id: 'ag2' }], { handoverCampaigns: ['closing'] });
    d.feed({ type: 'campaign_configured', campaignId: 'closing', settings: { ...defaultCampaignSettings, wrapUpMode: 'manual' } });
    d.feed({ type: 'campaign_configured', campaignId: 'other', settings: defaultCampaignSettings });
    expect(refusals(transfer(d, { campaignId: 'closing' }))).toEqual([['transfer_refused', 'no agent of campaign closing is ready for a call']]);
    for (const [id, campaignId] of [['cl1', 'closing'], ['cl2', 'closing'], ['ot1', 'other']] as const) {
      d.feed({ type: 'agent_login', agentId: id, campaignId, endpoint: `Local/${id}@sim-agent` });
      d.feed({ type: 'agent_leg_up', agentId: id });
      d.advance(1_000);
      d.feed({ type: 'agent_ready', agentId: id });
    }
    expect(refusals(transfer(d, { campaignId: 'other' }))).toEqual([['transfer_refused', 'campaign c1 does not hand customers to campaign other']]);
    expect(refusals(transfer(d, { agentId: 'ot1' }))).toEqual([['transfer_refused', 'ot1 is not another agent logged in to this campaign or one it hands customers to']]);
    expect(refusals(transfer(d, { campaignId: 'c1' }))).toEqual([['transfer_refused', 'campaign c1 does not hand customers to campaign c1']]);
    // A consultation first brings in the team's longest-waiting agent the same way; cancelled, they
    // wrap up owing nothing, and the next handover goes to the one who has waited longest since.
    expect(ofType(d.feed({ type: 'agent_consult', agentId: FRONTER, to: { campaignId: 'closing' } }), 'start_consult').map((c) => c.colleagueId)).toEqual(['cl1']);
    d.feed({ type: 'consult_joined', attemptId: 'a1', agentId: 'cl1' });
    d.feed({ type: 'agent_consult_action', agentId: FRONTER, action: 'cancel' });
    expect(d.state.agents.get('cl1')).toMatchObject({ status: 'wrap_up', owesDispositionFor: null });
    d.feed({ type: 'agent_ready', agentId: 'cl1' });

    expect(ofType(transfer(d, { campaignId: 'closing' }), 'transfer_call')).toEqual([
      { type: 'transfer_call', campaignId: 'c1', attemptId: 'a1', fromAgentId: FRONTER, toAgentId: 'cl2' },
    ]);
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'cl2' });
    expect([status(d, FRONTER), status(d, 'cl2'), d.state.calls.get('a1')?.campaignId]).toEqual(['wrap_up', 'talking', 'c1']);
    d.feed(ended);
    expect(closed(d)).toEqual([expect.objectContaining({ campaignId: 'c1', agentId: 'cl2', outcome: 'connected' })]);
    // The closer wraps up by their own campaign's rules, owing the call's disposition.
    expect(d.state.agents.get('cl2')).toMatchObject({ status: 'wrap_up', owesDispositionFor: 'a1' });
  });

  it('refuses, saying why, when there is no one to take the call or it cannot be handed over now', () => {
    const d = withColleagues([{ id: 'ag2', groups: ['closers'] }, { id: 'ag3' }], { recordingEnabled: true });
    d.feed({ type: 'agent_pause', agentId: 'ag3', reason: 'break' });
    expect(refusals(transfer(d, { agentId: 'ag3' }))).toEqual([['transfer_refused', 'ag3 is paused, not ready for a call']]);
    expect(refusals(transfer(d, { agentId: FRONTER }))).toEqual([['transfer_refused', `${FRONTER} is not another agent logged in to this campaign or one it hands customers to`]]);
    expect(refusals(transfer(d, { agentId: 'nobody' }))).toEqual([['transfer_refused', 'nobody is not another agent logged in to this campaign or one it hands customers to']]);
    expect(refusals(transfer(d, { group: 'spanish' }))).toEqual([['transfer_refused', 'no agent of spanish is ready for a call']]);
    // The only one of a group at work being the agent handing over, the customer is not held for them.
    d.feed({ type: 'agent_groups_changed', agentId: FRONTER, groups: ['spanish'] });
    expect(refusals(transfer(d, { group: 'spanish' }))).toEqual([['transfer_refused', 'no agent of spanish is ready for a call']]);
    expect(d.state.calls.get('a1')?.heldAtMs).toBeNull();

    d.feed({ type: 'agent_recording_paused', agentId: FRONTER, paused: true });
    expect(refusals(transfer(d, { agentId: 'ag2' }))).toEqual([['transfer_refused', 'let the recording go on before transferring the call']]);
    d.feed({ type: 'agent_recording_paused', agentId: FRONTER, paused: false });

    transfer(d, { group: 'closers' });
    expect(refusals(transfer(d, { agentId: 'ag2' }))).toEqual([['transfer_refused', 'the customer is already being handed over to ag2']]);
    expect(refusals(d.feed({ type: 'agent_hold', agentId: FRONTER, held: true }))).toEqual([['transfer_refused', 'the customer is being handed over to ag2']]);
    expect(refusals(d.feed({ type: 'agent_transfer', agentId: 'ag3', to: { agentId: 'ag2' } }))).toEqual([['not_in_conversation', 'agent ag3 has no customer to transfer']]);
  });

  it('leaves the customer with their agent and frees the colleague when the PBX refuses the move or it takes too long', () => {
    const d = withColleagues([{ id: 'ag2' }]);
    transfer(d, { agentId: 'ag2' });
    d.feed({ type: 'bridge_failed', attemptId: 'a1', agentId: 'ag2', reason: 'ARI_NOT_FOUND: bridge gone' });
    expect([status(d, FRONTER), status(d, 'ag2'), d.state.calls.get('a1')?.status, d.state.calls.get('a1')?.agentId]).toEqual(['talking', 'ready', 'connected', FRONTER]);

    transfer(d, { agentId: 'ag2' });
    d.advance(5_000);
    expect([status(d, FRONTER), status(d, 'ag2'), d.state.calls.get('a1')?.transferToAgentId]).toEqual(['talking', 'ready', null]);
    // A late confirmation of the abandoned move changes nothing.
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag2' });
    expect([status(d, FRONTER), status(d, 'ag2')]).toEqual(['talking', 'ready']);
  });

  it('frees the colleague when the customer hangs up during the handover, the call closing as the first agent\'s', () => {
    const d = withColleagues([{ id: 'ag2' }]);
    transfer(d, { agentId: 'ag2' });
    d.feed({ type: 'agent_pause', agentId: 'ag2', reason: 'break' });
    d.feed(ended);
    expect([status(d, FRONTER), status(d, 'ag2')]).toEqual(['wrap_up', 'paused']);
    expect(closed(d)).toEqual([expect.objectContaining({ agentId: FRONTER, handovers: [] })]);
  });

  it('keeps the customer with their agent when the colleague\'s phone goes during the handover', () => {
    const d = withColleagues([{ id: 'ag2' }]);
    transfer(d, { agentId: 'ag2' });
    const commands = d.feed({ type: 'agent_leg_down', agentId: 'ag2', cause: 16 });
    expect(ofType(commands, 'hangup_call')).toEqual([]);
    expect([status(d, FRONTER), status(d, 'ag2'), d.state.calls.get('a1')?.status]).toEqual(['talking', 'logged_out', 'connected']);
    // The PBX moved the customer into the colleague's bridge all the same: back to their agent.
    const late = d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag2' });
    expect(ofType(late, 'bridge_call')).toEqual([{ type: 'bridge_call', campaignId: 'c1', attemptId: 'a1', agentId: FRONTER, match: 'any' }]);
    expect(ofType(late, 'unbridge_call')).toEqual([]);
    expect(ofType(d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: FRONTER }), 'bridge_call')).toEqual([]);
    expect([status(d, FRONTER), d.state.calls.get('a1')?.agentId]).toEqual(['talking', FRONTER]);
  });

  it('puts a customer on hold back on hold when the colleague\'s bridge is confirmed after the handover was given up', () => {
    const d = withColleagues([{ id: 'ag2' }]);
    d.feed({ type: 'agent_hold', agentId: FRONTER, held: true });
    const heldAtMs = d.nowMs;
    transfer(d, { agentId: 'ag2' });
    d.advance(10_000);
    expect(d.state.calls.get('a1')).toMatchObject({ agentId: FRONTER, transferToAgentId: null, heldAtMs });
    const late = d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag2' });
    expect(ofType(late, 'unbridge_call')).toEqual([]);
    expect(ofType(late, 'set_call_held')).toEqual([
      { type: 'set_call_held', campaignId: 'c1', attemptId: 'a1', agentId: FRONTER, held: true, atMs: heldAtMs, heldMs: 0, reason: 'agent' },
    ]);
  });

  it('takes the customer off hold by the handover, the time on hold counted up to it', () => {
    const d = withColleagues([{ id: 'ag2' }, { id: 'ag3' }]);
    d.feed({ type: 'agent_hold', agentId: FRONTER, held: true });
    d.advance(20_000);
    transfer(d, { agentId: 'ag2' });
    d.advance(1_000);
    const first = d.nowMs;
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag2' });
    expect(d.state.calls.get('a1')).toMatchObject({ heldAtMs: null, heldMs: 21_000 });
    // Handed on again: the first agent is still the one it came from.
    d.advance(5_000);
    d.feed({ type: 'agent_transfer', agentId: 'ag2', to: { agentId: 'ag3' } });
    const again = d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag3' });
    expect(ofType(again, 'attempt_progress').map((p) => p.handover)).toEqual([{ seq: 2, fromAgentId: 'ag2' }]);
    expect(transferredFromOf(d.state.calls.get('a1')!)).toBe(FRONTER);
    d.advance(10_000);
    d.feed(ended);
    expect(closed(d)).toEqual([expect.objectContaining({ agentId: 'ag3', heldMs: 21_000, handovers: [
      { fromAgentId: FRONTER, toAgentId: 'ag2', atMs: first }, { fromAgentId: 'ag2', toAgentId: 'ag3', atMs: first + 5_000 },
    ] })]);
  });
});
