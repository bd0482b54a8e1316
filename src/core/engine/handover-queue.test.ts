// Handing a customer to a group with nobody ready, through the whole engine: the customer waits on
// hold for the next agent of the group to come free and goes to them; the agent taking the
// customer off hold, or the hold's limit, ends the wait; the pacer does not dial for the agent the
// customer waits for; and a group with nobody at work is refused as before.

import { describe, expect, it } from 'vitest';
import { agentInConversation, withReadyColleagues } from '../testing/agent-in-conversation.js';
import { ofType, type EngineDriver } from '../testing/engine-driver.js';
import { defaultCampaignSettings } from '../campaign-settings.js';
import { snapshotOf } from './tick-step.js';

const AGENT = 'ag1';
const CLOSER = 'closer1';

/** ag1 talking on a1; the closer, of group closers, talking on a2. */
function closerBusy(settings: Parameters<typeof agentInConversation>[1] = {}): EngineDriver {
  const d = withReadyColleagues(agentInConversation(AGENT, settings), [{ id: CLOSER, groups: ['closers'] }]);
  const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
  d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId: 'a2', leadId: 'l2', phone: '+15550100002' }] });
  d.feed({ type: 'call_ringing', attemptId: 'a2' });
  d.feed({ type: 'call_answered', attemptId: 'a2' });
  d.feed({ type: 'call_bridged', attemptId: 'a2', agentId: CLOSER });
  return d;
}

const handToClosers = { type: 'agent_transfer', agentId: AGENT, to: { group: 'Closers' } } as const;
const closerFree = (d: EngineDriver) => {
  d.feed({ type: 'call_ended', attemptId: 'a2', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
  d.feed({ type: 'agent_dispositioned', agentId: CLOSER, attemptId: 'a2' });
  d.feed({ type: 'agent_ready', agentId: CLOSER });
};
const status = (d: EngineDriver, agentId: string) => d.state.agents.get(agentId)?.status;

describe('a handover waiting for a group with nobody ready', () => {
  it('holds the customer and hands them to the next agent of the group to come free', () => {
    const d = closerBusy();
    expect(status(d, CLOSER)).toBe('talking');
    const asked = d.feed(handToClosers);
    const waitFrom = d.nowMs;
    expect(ofType(asked, 'input_rejected')).toEqual([]);
    expect(ofType(asked, 'set_call_held').map((c) => [c.held, c.agentId])).toEqual([[true, AGENT]]);
    expect(ofType(asked, 'handover_changed')).toEqual([{ type: 'handover_changed', attemptId: 'a1', agentIds: [AGENT] }]);
    // Kept with the attempt, for a node taking the call up after a crash.
    expect(ofType(asked, 'handover_wait_changed')).toEqual([{ type: 'handover_wait_changed', attemptId: 'a1', wait: { campaignId: 'c1', group: 'closers', sinceMs: waitFrom } }]);
    expect(d.state.calls.get('a1')).toMatchObject({ handoverWait: { campaignId: 'c1', group: 'closers', sinceMs: waitFrom }, agentId: AGENT, transferToAgentId: null });
    // Asked again, or a consultation meanwhile: the customer waits already.
    expect(ofType(d.feed(handToClosers), 'input_rejected').map((r) => r.message)).toEqual(['the customer is already waiting for an agent of closers']);
    expect(ofType(d.feed({ type: 'agent_consult', agentId: AGENT, to: { group: 'closers' } }), 'input_rejected')).toHaveLength(1);

    d.advance(20_000);
    expect(status(d, AGENT)).toBe('talking');
    closerFree(d);
    const placed = d.advance(100);
    expect(ofType(placed, 'transfer_call')).toEqual([{ type: 'transfer_call', campaignId: 'c1', attemptId: 'a1', fromAgentId: AGENT, toAgentId: CLOSER }]);
    // The wait is kept until the customer is moved: a move that fails leaves them waiting.
    expect(ofType(placed, 'handover_wait_changed')).toEqual([]);
    expect(status(d, CLOSER)).toBe('reserved');
    const moved = d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: CLOSER });
    expect(ofType(moved, 'handover_wait_changed')).toEqual([{ type: 'handover_wait_changed', attemptId: 'a1', wait: null }]);
    expect([status(d, AGENT), status(d, CLOSER)]).toEqual(['wrap_up', 'talking']);
    expect(d.state.calls.get('a1')).toMatchObject({ agentId: CLOSER, handoverWait: null, heldAtMs: null, heldMs: 20_100 });
  });

  it('keeps the customer waiting, on hold, when the move to the agent who came free fails', () => {
    const d = closerBusy();
    d.feed(handToClosers);
    closerFree(d);
    expect(ofType(d.advance(100), 'transfer_call')).toHaveLength(1);
    // The closer's phone is lost before the customer is moved.
    d.feed({ type: 'agent_leg_down', agentId: CLOSER, cause: 16 });
    expect(d.state.calls.get('a1')).toMatchObject({ agentId: AGENT, transferToAgentId: null, handoverWait: { group: 'closers' } });
    expect(d.state.calls.get('a1')?.heldAtMs).not.toBeNull();
    // Back at work, the closer is the next of the group to come free: the customer goes to them.
    d.feed({ type: 'agent_login', agentId: CLOSER, campaignId: 'c1', endpoint: `Local/${CLOSER}@sim-agent`, groups: ['closers'] });
    d.feed({ type: 'agent_leg_up', agentId: CLOSER });
    d.feed({ type: 'agent_ready', agentId: CLOSER });
    expect(ofType(d.advance(100), 'transfer_call').map((c) => c.toAgentId)).toEqual([CLOSER]);
  });

  it('does not dial for the agent a customer waits for', () => {
    const d = closerBusy();
    const campaign = d.state.campaigns.get('c1');
    if (!campaign) throw new Error('no campaign');
    const leaving = () => snapshotOf({ state: d.state, nowMs: d.nowMs, out: [] }, campaign).busyAgents.map((a) => a.leaving);
    expect(leaving()).toEqual([false, false]);
    d.feed(handToClosers);
    // ag1 is busy with the waiting customer; the closer, once free, is theirs.
    expect(leaving()).toEqual([false, true]);
  });

  it('ends the wait when the agent takes the customer off hold, or at the hold limit', () => {
    const d = closerBusy({ holdLimitMs: 60_000 });
    d.feed(handToClosers);
    expect(ofType(d.feed({ type: 'agent_hold', agentId: AGENT, held: false }), 'handover_wait_changed').map((c) => c.wait)).toEqual([null]);
    expect(d.state.calls.get('a1')).toMatchObject({ handoverWait: null, heldAtMs: null });

    d.feed(handToClosers);
    d.advance(60_000);
    expect(d.state.calls.get('a1')).toMatchObject({ handoverWait: null, heldAtMs: null });
    expect(ofType(d.log, 'set_call_held').at(-1)).toMatchObject({ held: false, reason: 'time_limit' });
    closerFree(d);
    expect(ofType(d.advance(100), 'transfer_call')).toEqual([]);
    expect(status(d, CLOSER)).toBe('ready');
  });

  it('hands a customer over still paused when the agent paused the recording while they waited', () => {
    const d = closerBusy({ recordingEnabled: true });
    d.feed(handToClosers);
    d.feed({ type: 'agent_recording_paused', agentId: AGENT, paused: true });
    const pausedAt = d.nowMs;
    d.advance(10_000);
    closerFree(d);
    d.advance(100);
    const moved = d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: CLOSER });
    expect(ofType(moved, 'start_recording')).toEqual([{ type: 'start_recording', attemptId: 'a1', agentId: CLOSER, append: true, paused: true }]);
    expect(d.state.calls.get('a1')).toMatchObject({ agentId: CLOSER, recordingPausedAtMs: pausedAt });
  });

  it('refuses a group with nobody at work, as a handover that cannot wait', () => {
    const d = agentInConversation(AGENT);
    expect(ofType(d.feed(handToClosers), 'input_rejected').map((r) => r.message)).toEqual(['no agent of closers is ready for a call']);
    expect(d.state.calls.get('a1')).toMatchObject({ handoverWait: null, heldAtMs: null });
  });
});

/** ag1 of c1 talking on a1, c1 handing customers to campaign `closing`, whose two closers (cl1,
 * and cl2 of group spanish) are talking on a2 and a3. */
function closingTeamBusy(): EngineDriver {
  const d = agentInConversation(AGENT, { handoverCampaigns: ['closing'] });
  d.feed({ type: 'campaign_configured', campaignId: 'closing', settings: { ...defaultCampaignSettings, wrapUpMode: 'manual' } });
  d.feed({ type: 'campaign_started', campaignId: 'closing' });
  for (const [id, groups] of [['cl1', []], ['cl2', ['spanish']]] as const) {
    d.feed({ type: 'agent_login', agentId: id, campaignId: 'closing', endpoint: `Local/${id}@sim-agent`, groups });
    d.feed({ type: 'agent_leg_up', agentId: id });
    d.advance(1_000);
    d.feed({ type: 'agent_ready', agentId: id });
  }
  const requested = ofType(d.advance(200), 'request_leads').find((r) => r.campaignId === 'closing')?.count ?? 0;
  d.feed({ type: 'leads_leased', campaignId: 'closing', requested, leads: [{ attemptId: 'a2', leadId: 'l2', phone: '+15550100002' }, { attemptId: 'a3', leadId: 'l3', phone: '+15550100003' }] });
  for (const [attemptId, agentId] of [['a2', 'cl1'], ['a3', 'cl2']] as const) {
    d.feed({ type: 'call_ringing', attemptId });
    d.feed({ type: 'call_answered', attemptId });
    d.feed({ type: 'call_bridged', attemptId, agentId });
  }
  return d;
}

const freeCloser = (d: EngineDriver, attemptId: string, agentId: string) => {
  d.feed({ type: 'call_ended', attemptId, cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
  d.feed({ type: 'agent_dispositioned', agentId, attemptId });
  d.feed({ type: 'agent_ready', agentId });
};

describe("a handover waiting for another campaign's team", () => {
  it('holds the customer for the next of the team to come free, and the team\'s pacer does not dial for that one', () => {
    const d = closingTeamBusy();
    expect([status(d, 'cl1'), status(d, 'cl2')]).toEqual(['talking', 'talking']);
    const closing = d.state.campaigns.get('closing');
    if (!closing) throw new Error('no campaign');
    const leaving = () => snapshotOf({ state: d.state, nowMs: d.nowMs, out: [] }, closing).busyAgents.map((a) => a.leaving);
    expect(leaving()).toEqual([false, false]);

    const asked = d.feed({ type: 'agent_transfer', agentId: AGENT, to: { campaignId: 'closing' } });
    expect(ofType(asked, 'input_rejected')).toEqual([]);
    expect(ofType(asked, 'set_call_held').map((c) => c.held)).toEqual([true]);
    expect(d.state.calls.get('a1')?.handoverWait).toEqual({ campaignId: 'closing', group: null, sinceMs: d.nowMs });
    expect(leaving()).toEqual([true, false]);
    // The campaign is named by id, which the shell swaps for its name.
    expect(ofType(d.feed({ type: 'agent_transfer', agentId: AGENT, to: { campaignId: 'closing' } }), 'input_rejected').map((r) => [r.message, r.campaignIds]))
      .toEqual([['the customer is already waiting for an agent of campaign closing', ['closing']]]);

    d.advance(5_000);
    freeCloser(d, 'a3', 'cl2');
    expect(ofType(d.advance(100), 'transfer_call')).toEqual([{ type: 'transfer_call', campaignId: 'c1', attemptId: 'a1', fromAgentId: AGENT, toAgentId: 'cl2' }]);
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'cl2' });
    expect([status(d, AGENT), status(d, 'cl2'), d.state.calls.get('a1')?.campaignId]).toEqual(['wrap_up', 'talking', 'c1']);
  });

  it('waits for one of a group of that team, passing over the others who come free', () => {
    const d = closingTeamBusy();
    d.feed({ type: 'agent_transfer', agentId: AGENT, to: { campaignId: 'closing', group: ' Spanish ' } });
    expect(d.state.calls.get('a1')?.handoverWait).toMatchObject({ campaignId: 'closing', group: 'spanish' });
    expect(ofType(d.feed({ type: 'agent_consult', agentId: AGENT, to: { campaignId: 'closing' } }), 'input_rejected').map((r) => r.message))
      .toEqual(['the customer is already waiting for an agent of spanish of campaign closing']);
    freeCloser(d, 'a2', 'cl1');
    expect(ofType(d.advance(100), 'transfer_call')).toEqual([]);
    freeCloser(d, 'a3', 'cl2');
    expect(ofType(d.advance(100), 'transfer_call').map((c) => c.toAgentId)).toEqual(['cl2']);
  });

  it('refuses a team or group with nobody at work, and a campaign the agent\'s does not hand customers to', () => {
    const d = closingTeamBusy();
    const refused = (to: { campaignId: string; group?: string }) => ofType(d.feed({ type: 'agent_transfer', agentId: AGENT, to }), 'input_rejected').map((r) => r.message);
    expect(refused({ campaignId: 'closing', group: 'french' })).toEqual(['no agent of french of campaign closing is ready for a call']);
    d.feed({ type: 'campaign_configured', campaignId: 'other', settings: defaultCampaignSettings });
    expect(refused({ campaignId: 'other' })).toEqual(['campaign c1 does not hand customers to campaign other']);
    expect(d.state.calls.get('a1')).toMatchObject({ handoverWait: null, heldAtMs: null });
  });
});
