// Counters and histograms from real engine commands, produced by the core's test driver.

import { describe, expect, it } from 'vitest';
import { holdLimitMs, recordingPauseLimitMs } from '../../core/limits.js';
import { agentInConversation, withReadyColleagues } from '../../core/testing/agent-in-conversation.js';
import { createMetrics } from './metrics.js';
import { observeCommands } from './observe-commands.js';
import { observeState } from './observe-state.js';
import { rollingFigures } from './rolling-window.js';
import { dialOne, inSafeHarbor, readyAgent, runningDriver, valueOf } from './metrics-test-helpers.js';

const normalClearing = { cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' } as const;

describe('observeCommands', () => {
  it('counts a dial that reaches an agent, with its latency, ring and talk time', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver();
    readyAgent(d, 'ag1');
    dialOne(d, 'a1', 'l1');
    d.nowMs += 8_000;
    d.feed({ type: 'call_answered', attemptId: 'a1' });
    d.nowMs += 300;
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag1' });
    d.nowMs += 60_000;
    d.feed({ type: 'call_ended', attemptId: 'a1', ...normalClearing });
    observeState(metrics, d.state, d.nowMs);
    observeCommands(metrics, d.log, d.nowMs);

    expect(await valueOf(metrics, 'outpace_dials_total', { campaign: 'c1' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_live_answers_total', { campaign: 'c1' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_connects_total', { campaign: 'c1' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_call_outcomes_total', { campaign: 'c1', outcome: 'connected', cause: '16' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_abandons_total', { campaign: 'c1', regime: 'us' })).toBe(0);
    expect(await valueOf(metrics, 'outpace_answer_to_agent_seconds_sum', { campaign: 'c1' })).toBeCloseTo(0.3);
    expect(await valueOf(metrics, 'outpace_talk_seconds_sum', { campaign: 'c1' })).toBeCloseTo(60);
    expect(await valueOf(metrics, 'outpace_ring_seconds_sum', { campaign: 'c1', result: 'answered' })).toBeCloseTo(8);
    expect(await valueOf(metrics, 'outpace_agent_wait_seconds_count', { campaign: 'c1' })).toBe(1);
    // No distribution: the call went to any agent; the other matches are at zero from the first dial.
    expect(await valueOf(metrics, 'outpace_routed_calls_total', { campaign: 'c1', match: 'any' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_routed_calls_total', { campaign: 'c1', match: 'group' })).toBe(0);
    expect(await valueOf(metrics, 'outpace_recording_changes_total', { campaign: 'c1', change: 'resumed', by: 'time_limit' })).toBe(0);
  });

  it("leaves an agent's own dial out of the answer-to-agent times: the agent is on the line already", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver();
    readyAgent(d, 'ag1');
    d.feed({ type: 'preview_dial', agentId: 'ag1', campaignId: 'c1', lead: { attemptId: 'p1', leadId: 'l1', phone: '+12125550101' } });
    d.nowMs += 6_000;
    d.feed({ type: 'call_answered', attemptId: 'p1' });
    d.nowMs += 200;
    d.feed({ type: 'call_bridged', attemptId: 'p1', agentId: 'ag1' });
    d.nowMs += 30_000;
    d.feed({ type: 'call_ended', attemptId: 'p1', ...normalClearing });
    observeCommands(metrics, d.log, d.nowMs);
    expect(await valueOf(metrics, 'outpace_connects_total', { campaign: 'c1' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_answer_to_agent_seconds_count', { campaign: 'c1' })).toBe(0);
  });

  it('counts an abandon under the campaign regime, the safe-harbor play and the opt-out', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver({ regime: 'uk' });
    readyAgent(d, 'ag1');
    inSafeHarbor(d, 'ag1', 'a1', 'l1');
    d.feed({ type: 'dtmf_received', attemptId: 'a1', digit: '1' });
    d.feed({ type: 'call_ended', attemptId: 'a1', ...normalClearing });
    observeCommands(metrics, d.log, d.nowMs, () => 'uk');

    expect(await valueOf(metrics, 'outpace_abandons_total', { campaign: 'c1', regime: 'uk' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_safe_harbor_plays_total', { campaign: 'c1' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_dnc_additions_total', { campaign: 'c1', source: 'safe_harbor_opt_out' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_call_outcomes_total', { campaign: 'c1', outcome: 'abandoned', cause: '16' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_answer_to_agent_seconds_count', { campaign: 'c1' })).toBe(0);
  });

  it('counts a customer put back with their agent, or back on hold, after a handover given up as the same routing and the same hold', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = withReadyColleagues(agentInConversation('ag1'), [{ id: 'ag2' }, { id: 'ag3' }]);
    // The colleague's phone goes during the handover; the PBX moves the customer all the same.
    d.feed({ type: 'agent_transfer', agentId: 'ag1', to: { agentId: 'ag2' } });
    d.feed({ type: 'agent_leg_down', agentId: 'ag2', cause: 16 });
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag2' });
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag1' });
    // On hold, handed over, given up, confirmed late: back on the same hold.
    d.feed({ type: 'agent_hold', agentId: 'ag1', held: true });
    d.feed({ type: 'agent_transfer', agentId: 'ag1', to: { agentId: 'ag3' } });
    d.advance(10_000);
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag3' });
    observeCommands(metrics, d.log, d.nowMs);

    expect(await valueOf(metrics, 'outpace_routed_calls_total', { campaign: 'c1', match: 'any' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_call_holds_total', { campaign: 'c1' })).toBe(1);
  });

  it('counts no safe-harbor play for a message the PBX could not play', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver();
    readyAgent(d, 'ag1');
    inSafeHarbor(d, 'ag1', 'a1', 'l1');
    d.feed({ type: 'playback_finished', attemptId: 'a1', failed: true });
    d.feed({ type: 'call_ended', attemptId: 'a1', ...normalClearing });
    observeCommands(metrics, d.log, d.nowMs, () => 'us');

    expect(await valueOf(metrics, 'outpace_abandons_total', { campaign: 'c1', regime: 'us' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_safe_harbor_plays_total', { campaign: 'c1' })).toBe(0);
  });

  it('counts machine answers and unanswered ring time', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver({ amdEnabled: true });
    readyAgent(d, 'ag1');
    readyAgent(d, 'ag2');
    dialOne(d, 'a1', 'l1');
    d.feed({ type: 'call_answered', attemptId: 'a1' });
    d.feed({ type: 'amd_result', attemptId: 'a1', verdict: 'machine', detail: 'MAXWORDS-5-4' });
    d.feed({ type: 'call_ended', attemptId: 'a1', ...normalClearing });
    dialOne(d, 'a2', 'l2');
    d.nowMs += 3_000;
    d.feed({ type: 'call_ended', attemptId: 'a2', cause: 0, causeText: 'Unknown', dialStatus: 'BUSY' });
    observeCommands(metrics, d.log, d.nowMs);

    expect(await valueOf(metrics, 'outpace_machine_answers_total', { campaign: 'c1' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_call_outcomes_total', { campaign: 'c1', outcome: 'machine', cause: '16' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_call_outcomes_total', { campaign: 'c1', outcome: 'busy', cause: '0' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_ring_seconds_count', { campaign: 'c1', result: 'unanswered' })).toBe(1);
    // Nobody knew the regime yet: the abandon series waits for observeState to name it.
    expect(await valueOf(metrics, 'outpace_abandons_total', { campaign: 'c1', regime: 'us' })).toBeUndefined();
  });

  it('counts a dial once it went out: not at the originate, and once however far it got', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver();
    readyAgent(d, 'ag1');
    dialOne(d, 'a1', 'l1');
    observeCommands(metrics, d.log, d.nowMs);
    // The last check before the dial may still block it.
    expect(await valueOf(metrics, 'outpace_dials_total', { campaign: 'c1' })).toBe(0);
    for (const input of [{ type: 'call_ringing', attemptId: 'a1' }, { type: 'call_answered', attemptId: 'a1' }] as const) {
      const before = d.log.length;
      d.feed(input);
      observeCommands(metrics, d.log.slice(before), d.nowMs);
      expect(await valueOf(metrics, 'outpace_dials_total', { campaign: 'c1' })).toBe(1);
    }
    const before = d.log.length;
    d.feed({ type: 'call_ended', attemptId: 'a1', ...normalClearing });
    observeCommands(metrics, d.log.slice(before), d.nowMs);
    expect(await valueOf(metrics, 'outpace_dials_total', { campaign: 'c1' })).toBe(1);
  });

  it('counts no dial, connect rate or ring time for an attempt blocked or not dialled (its originate never sent); a refused originate is a dial that never rang', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver();
    readyAgent(d, 'ag1');
    dialOne(d, 'blocked', 'l1');
    d.feed({ type: 'dial_blocked', attemptId: 'blocked', rule: 'dnc', reason: 'on the DNC list' });
    dialOne(d, 'refused', 'l2');
    d.nowMs += 50;
    d.feed({ type: 'originate_failed', attemptId: 'refused', reason: 'Allocation failed' });
    // One telephony was down for never reached the PBX: a failed attempt, no dial.
    dialOne(d, 'unsent', 'l5');
    d.feed({ type: 'originate_failed', attemptId: 'unsent', reason: 'ARI_DISCONNECTED: telephony is down', notSent: true });
    dialOne(d, 'busy', 'l3');
    d.nowMs += 3_000;
    d.feed({ type: 'call_ended', attemptId: 'busy', cause: 17, causeText: 'User busy', dialStatus: 'BUSY' });
    // A lease that arrives once the campaign has stopped closes undialled, as cancelled.
    d.feed({ type: 'campaign_stopped', campaignId: 'c1' });
    d.feed({ type: 'leads_leased', campaignId: 'c1', requested: 1, leads: [{ attemptId: 'late', leadId: 'l4', phone: '+15550100004' }] });
    observeCommands(metrics, d.log, d.nowMs);

    expect(await valueOf(metrics, 'outpace_call_outcomes_total', { campaign: 'c1', outcome: 'blocked', cause: '0' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_call_outcomes_total', { campaign: 'c1', outcome: 'cancelled', cause: '0' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_call_outcomes_total', { campaign: 'c1', outcome: 'failed', cause: '0' })).toBe(2);
    expect(await valueOf(metrics, 'outpace_dials_total', { campaign: 'c1' })).toBe(2);
    expect(rollingFigures(metrics.rolling, 'c1', d.nowMs)).toMatchObject({ finished: 2, connected: 0 });
    expect(await valueOf(metrics, 'outpace_ring_seconds_count', { campaign: 'c1', result: 'unanswered' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_ring_seconds_sum', { campaign: 'c1', result: 'unanswered' })).toBeCloseTo(3);
  });

  it("counts a call's recording paused by the agent and resumed by the time limit", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = agentInConversation('ag1', { recordingEnabled: true });
    d.feed({ type: 'agent_recording_paused', agentId: 'ag1', paused: true });
    d.advance(recordingPauseLimitMs);
    observeCommands(metrics, d.log, d.nowMs);

    expect(await valueOf(metrics, 'outpace_recording_changes_total', { campaign: 'c1', change: 'paused', by: 'agent' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_recording_changes_total', { campaign: 'c1', change: 'resumed', by: 'time_limit' })).toBe(1);
  });

  it('counts holds when they start and the time on hold when the call ends', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = agentInConversation('ag1');
    d.feed({ type: 'agent_hold', agentId: 'ag1', held: true });
    d.advance(20_000);
    d.feed({ type: 'agent_hold', agentId: 'ag1', held: false });
    d.feed({ type: 'agent_hold', agentId: 'ag1', held: true });
    d.advance(5_000);
    observeCommands(metrics, d.log, d.nowMs);
    expect(await valueOf(metrics, 'outpace_call_holds_total', { campaign: 'c1' })).toBe(2);
    expect(await valueOf(metrics, 'outpace_call_hold_seconds_total', { campaign: 'c1' })).toBe(0);

    // The second hold is forgotten: its limit brings the customer back.
    let before = d.log.length;
    d.advance(holdLimitMs - 5_000);
    observeCommands(metrics, d.log.slice(before), d.nowMs);
    expect(await valueOf(metrics, 'outpace_call_hold_time_limits_total', { campaign: 'c1' })).toBe(1);

    before = d.log.length;
    d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    observeCommands(metrics, d.log.slice(before), d.nowMs);
    expect(await valueOf(metrics, 'outpace_call_hold_seconds_total', { campaign: 'c1' })).toBe(20 + holdLimitMs / 1000);
  });

  it('counts the answering machines agents left the message on', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = agentInConversation('ag1', {}, { prerecordedConsent: true });
    observeCommands(metrics, d.log, d.nowMs);
    expect(await valueOf(metrics, 'outpace_messages_left_total', { campaign: 'c1' })).toBe(0);
    observeCommands(metrics, d.feed({ type: 'agent_leave_message', agentId: 'ag1' }), d.nowMs);
    expect(await valueOf(metrics, 'outpace_messages_left_total', { campaign: 'c1' })).toBe(1);
    // Counted by what started it once the call ends: here the machine went quiet after its greeting.
    const started = async () => Promise.all(['after_greeting', 'no_greeting'].map((start) => valueOf(metrics, 'outpace_machine_messages_total', { campaign: 'c1', start })));
    for (const input of [
      { type: 'far_end_talking', attemptId: 'a1', talking: true }, { type: 'far_end_talking', attemptId: 'a1', talking: false },
      { type: 'playback_finished', attemptId: 'a1' },
    ] as const) observeCommands(metrics, d.feed(input), d.nowMs);
    expect(await started()).toEqual([0, 0]);
    observeCommands(metrics, d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' }), d.nowMs);
    expect(await started()).toEqual([1, 0]);
  });

  it('counts the calls to third parties placed, answered and left with the customer', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = agentInConversation('ag1', { thirdParties: [{ name: 'Desk', number: '+442079460123' }] });
    observeCommands(metrics, d.log, d.nowMs);
    const counted = async () => Promise.all(['placed', 'answered', 'left_with_customer'].map((stage) => valueOf(metrics, 'outpace_third_party_calls_total', { campaign: 'c1', stage })));
    expect(await counted()).toEqual([0, 0, 0]);
    for (const input of [
      { type: 'agent_call_third_party', agentId: 'ag1', name: 'Desk' }, { type: 'third_party_answered', attemptId: 'a1' },
      { type: 'agent_consult_action', agentId: 'ag1', action: 'complete' }, { type: 'third_party_handed_off', attemptId: 'a1' },
    ] as const) observeCommands(metrics, d.feed(input), d.nowMs);
    expect(await counted()).toEqual([1, 1, 1]);
  });

  it('counts a consultation when it starts and a call handed over to a colleague once it is theirs', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = withReadyColleagues(agentInConversation('ag1'), [{ id: 'ag2' }]);
    d.feed({ type: 'agent_consult', agentId: 'ag1', to: { agentId: 'ag2' } });
    d.feed({ type: 'consult_joined', attemptId: 'a1', agentId: 'ag2' });
    d.feed({ type: 'agent_consult_action', agentId: 'ag1', action: 'complete' });
    observeCommands(metrics, d.log, d.nowMs);
    expect(await valueOf(metrics, 'outpace_call_transfers_total', { campaign: 'c1' })).toBe(0);
    expect(await valueOf(metrics, 'outpace_call_consultations_total', { campaign: 'c1' })).toBe(1);
    const before = d.log.length;
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: 'ag2' });
    observeCommands(metrics, d.log.slice(before), d.nowMs);
    expect(await valueOf(metrics, 'outpace_call_transfers_total', { campaign: 'c1' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_connects_total', { campaign: 'c1' })).toBe(1);
  });

  it('counts pacing decisions by binding limit and refused inputs by code', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver();
    readyAgent(d, 'ag1');
    d.advance(200);
    d.feed({ type: 'telephony_down' });
    d.advance(200);
    d.feed({ type: 'agent_ready', agentId: 'nobody' });
    observeCommands(metrics, d.log, d.nowMs);

    expect(await valueOf(metrics, 'outpace_pacing_decisions_total', { campaign: 'c1', binding: 'telephony_down' })).toBe(1);
    expect(await valueOf(metrics, 'outpace_pacing_launched_total', { campaign: 'c1' })).toBeGreaterThanOrEqual(1);
    expect(await valueOf(metrics, 'outpace_inputs_rejected_total', { code: 'unknown_agent' })).toBe(1);
  });

  it('never labels a series with a lead, a phone number or an attempt', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const d = runningDriver();
    readyAgent(d, 'ag1');
    dialOne(d, 'attempt-xyz', 'lead-xyz');
    d.feed({ type: 'call_answered', attemptId: 'attempt-xyz' });
    d.feed({ type: 'call_ended', attemptId: 'attempt-xyz', ...normalClearing });
    observeState(metrics, d.state, d.nowMs);
    observeCommands(metrics, d.log, d.nowMs);
    const text = await metrics.registry.metrics();
    expect(text).not.toMatch(/xyz|5550100001|ag1/);
  });
});
