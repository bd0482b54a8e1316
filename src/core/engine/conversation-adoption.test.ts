// Taking up, after a restart, a conversation the crashed run had put through: the agent is back,
// talking, and the call ends, is wrapped up and dispositioned as any other; what is not this
// engine's to take up is refused and changes nothing.

import { describe, expect, it } from 'vitest';
import { transferredFromOf } from '../call.js';
import { defaultCampaignSettings } from '../campaign-settings.js';
import type { Input } from '../inputs.js';
import { recordingPauseLimitMs } from '../limits.js';
import { EngineDriver, ofType } from '../testing/engine-driver.js';

const START = 5_000_000;
const AGENT = 'ann';

type Adoption = Extract<Input, { type: 'conversation_adopted' }>;

function adoption(overrides: Partial<Adoption['conversation']> = {}): Adoption {
  return {
    type: 'conversation_adopted', agentId: AGENT, campaignId: 'c1', endpoint: 'PJSIP/ann', groups: ['North'],
    conversation: {
      attemptId: 'a7', leadId: 'l7', phone: '+15550100007', group: ' Retail ', originatedAtMs: START - 90_000,
      ringingAtMs: START - 88_000, answeredAtMs: START - 80_000, liveAtMs: START - 80_000, connectedAtMs: START - 79_500,
      amdVerdict: null, recordingPaused: false, ...overrides,
    },
  };
}

function engine(recordingEnabled = false): EngineDriver {
  const d = new EngineDriver(START);
  d.feed({ type: 'telephony_up' });
  d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: { ...defaultCampaignSettings, wrapUpMode: 'manual', recordingEnabled } });
  d.feed({ type: 'campaign_started', campaignId: 'c1' });
  return d;
}

describe('a conversation taken up after a restart', () => {
  it('is recorded as the PBX says, so that an agent recording on demand does not start its recording again', () => {
    const recorded = engine(true);
    recorded.feed(adoption({ recorded: true }));
    expect(recorded.state.calls.get('a7')?.recorded).toBe(true);
    expect(recorded.feed({ type: 'agent_record', agentId: AGENT })).toEqual([]);
    const notYet = engine(true);
    notYet.feed(adoption({ recorded: false }));
    expect(ofType(notYet.feed({ type: 'agent_record', agentId: AGENT }), 'start_recording')).toEqual([
      { type: 'start_recording', attemptId: 'a7', agentId: AGENT, onDemand: { campaignId: 'c1', atMs: notYet.nowMs } },
    ]);
  });

  it('keeps its lead\'s consent facts: a start after the person agreed is still their disclosure, a message still needs their consent', () => {
    const d = engine(true);
    d.feed(adoption({ recorded: false, recordingConsentStates: ['US-CA'], prerecordedConsent: false }));
    expect(ofType(d.feed({ type: 'agent_record', agentId: AGENT }), 'start_recording')).toEqual([
      { type: 'start_recording', attemptId: 'a7', agentId: AGENT, onDemand: { campaignId: 'c1', atMs: d.nowMs, consentStates: ['US-CA'] } },
    ]);
    // Started by the agent after consent, it may be stopped as any recording on demand.
    expect(ofType(d.feed({ type: 'agent_stop_recording', agentId: AGENT }), 'stop_recording')).toHaveLength(1);
    expect(ofType(d.feed({ type: 'agent_leave_message', agentId: AGENT }), 'input_rejected').map((r) => r.code)).toEqual(['message_refused']);
    const consented = engine(true);
    consented.feed(adoption({ recorded: true, prerecordedConsent: true }));
    expect(ofType(consented.feed({ type: 'agent_leave_message', agentId: AGENT }), 'drop_message')).toHaveLength(1);
  });

  it("keeps what its lead's list sets: a third party called is shown the list's caller ID, a machine gets the list's message", () => {
    const d = new EngineDriver(START);
    d.feed({ type: 'telephony_up' });
    d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: {
      ...defaultCampaignSettings, wrapUpMode: 'manual', callerId: '+16505550100', thirdParties: [{ name: 'Desk', number: '+16505550123' }],
    } });
    d.feed({ type: 'campaign_started', campaignId: 'c1' });
    d.feed(adoption({ prerecordedConsent: true, listOverrides: { callerId: '"Brand B" <+14155550199>', machineMessageMedia: 'sound:brand-b/vm' } }));
    expect(ofType(d.feed({ type: 'agent_call_third_party', agentId: AGENT, name: 'Desk' }), 'dial_third_party').map((c) => c.callerId)).toEqual(['"Brand B" <+14155550199>']);
    d.feed({ type: 'agent_consult_action', agentId: AGENT, action: 'cancel' });
    expect(ofType(d.feed({ type: 'agent_leave_message', agentId: AGENT }), 'drop_message').map((c) => c.media)).toEqual(['sound:brand-b/vm']);
  });

  it('shows a third party the caller ID the customer was dialled with, though their list\'s changed during the call', () => {
    const d = new EngineDriver(START);
    d.feed({ type: 'telephony_up' });
    d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: {
      ...defaultCampaignSettings, wrapUpMode: 'manual', callerId: '+16505550100', thirdParties: [{ name: 'Desk', number: '+16505550123' }],
    } });
    d.feed({ type: 'campaign_started', campaignId: 'c1' });
    // The list now presents another number; the attempt keeps the one the customer saw.
    d.feed(adoption({ callerId: '"Brand B" <+14155550199>', listOverrides: { callerId: '"Brand C" <+14155550177>', machineMessageMedia: null } }));
    expect(ofType(d.feed({ type: 'agent_call_third_party', agentId: AGENT, name: 'Desk' }), 'dial_third_party').map((c) => c.callerId)).toEqual(['"Brand B" <+14155550199>']);
  });

  it('puts the agent back, talking, and closes the call with its whole length when it ends', () => {
    const d = engine();
    const out = d.feed(adoption());
    expect(ofType(out, 'agent_state_changed')).toEqual([{
      type: 'agent_state_changed', agentId: AGENT, campaignId: 'c1', from: 'logged_out', to: 'talking',
      reason: 'conversation_adopted', atMs: START, durationMs: 0, attemptId: 'a7', by: null,
    }]);
    expect(ofType(out, 'dial_agent')).toEqual([]);
    // Talking since the bridge, as the wallboard shows it and time in state counts it.
    expect(d.state.agents.get(AGENT)).toMatchObject({ status: 'talking', callId: 'a7', endpoint: 'PJSIP/ann', groups: ['north'], sinceMs: START - 79_500 });
    expect(d.state.calls.get('a7')).toMatchObject({ status: 'connected', agentId: AGENT, group: 'retail', connectedAtMs: START - 79_500 });
    expect(d.state.leadsInFlight.has('l7')).toBe(true);

    d.advance(30_000);
    const ended = d.feed({ type: 'call_ended', attemptId: 'a7', cause: 16, causeText: 'Normal Clearing', dialStatus: '' });
    expect(ofType(ended, 'attempt_closed')[0]?.summary).toMatchObject({
      attemptId: 'a7', leadId: 'l7', outcome: 'connected', agentId: AGENT, abandoned: false,
      originatedAtMs: START - 90_000, connectedAtMs: START - 79_500, endedAtMs: d.nowMs,
    });
    expect(d.state.agents.get(AGENT)).toMatchObject({ status: 'wrap_up', owesDispositionFor: 'a7' });
    expect(ofType(ended, 'agent_state_changed')[0]).toMatchObject({ from: 'talking', to: 'wrap_up', durationMs: 30_000 + 79_500 });
    d.feed({ type: 'agent_dispositioned', agentId: AGENT, attemptId: 'a7' });
    d.feed({ type: 'agent_ready', agentId: AGENT });
    expect(d.state.agents.get(AGENT)?.status).toBe('ready');
    expect(d.state.leadsInFlight.size).toBe(0);
  });

  it('keeps a person who called back a return call: closed as no dial of the campaign\'s', () => {
    const d = engine();
    d.feed(adoption({ originatedAtMs: START - 80_000, ringingAtMs: START - 80_000, liveAtMs: null, inbound: true }));
    expect(d.state.calls.get('a7')).toMatchObject({ status: 'connected', inbound: true });
    d.advance(10_000);
    const ended = d.feed({ type: 'call_ended', attemptId: 'a7', cause: 16, causeText: 'Normal Clearing', dialStatus: '' });
    expect(ofType(ended, 'attempt_closed')[0]?.summary).toMatchObject({ attemptId: 'a7', outcome: 'connected', inbound: true, dialSent: false, abandoned: false });
  });

  it('keeps who handed the customer on before the restart, for the attempt and the desktops', () => {
    const d = engine();
    const handovers = [{ fromAgentId: 'fronter', toAgentId: AGENT, atMs: START - 40_000 }];
    d.feed(adoption({ handovers }));
    expect(transferredFromOf(d.state.calls.get('a7')!)).toBe('fronter');
    const ended = d.feed({ type: 'call_ended', attemptId: 'a7', cause: 16, causeText: 'Normal Clearing', dialStatus: '' });
    expect(ofType(ended, 'attempt_closed')[0]?.summary.handovers).toEqual(handovers);
  });

  it('lets the agent hang up, and loses the agent when their phone goes', () => {
    const d = engine();
    d.feed(adoption());
    expect(ofType(d.feed({ type: 'agent_hangup', agentId: AGENT }), 'hangup_call')).toEqual([
      expect.objectContaining({ attemptId: 'a7' }),
    ]);
    const other = engine();
    other.feed(adoption());
    expect(ofType(other.feed({ type: 'agent_leg_down', agentId: AGENT, cause: 16 }), 'hangup_call')).toHaveLength(1);
    expect(other.state.agents.get(AGENT)?.status).toBe('logged_out');
  });

  it('keeps a microphone the agent had turned off off, with no command (the PBX kept it), and on again when the call ends', () => {
    const d = engine();
    expect(ofType(d.feed(adoption({ muted: true })), 'set_agent_muted')).toEqual([]);
    expect(d.state.agents.get(AGENT)?.muted).toBe(true);
    expect(ofType(d.feed({ type: 'agent_mute', agentId: AGENT, muted: false }), 'set_agent_muted').map((c) => c.muted)).toEqual([false]);
    d.feed({ type: 'agent_mute', agentId: AGENT, muted: true });
    expect(ofType(d.feed({ type: 'call_ended', attemptId: 'a7', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' }), 'set_agent_muted').map((c) => c.muted)).toEqual([false]);
    const heard = engine();
    heard.feed(adoption());
    expect(heard.state.agents.get(AGENT)?.muted).toBe(false);
  });

  it('times a recording pause left on from the restart', () => {
    const d = engine(true);
    d.feed(adoption({ recordingPaused: true }));
    expect(d.state.calls.get('a7')?.recordingPausedAtMs).toBe(START);
    d.advance(recordingPauseLimitMs);
    expect(ofType(d.log, 'set_recording_paused')).toEqual([expect.objectContaining({ paused: false, reason: 'time_limit', attemptId: 'a7' })]);
  });

  it('keeps a customer on hold on hold, timed from the restart, for the agent to take off it', () => {
    const d = engine();
    d.feed(adoption({ held: true }));
    expect(d.state.calls.get('a7')).toMatchObject({ heldAtMs: START, heldMs: 0 });
    d.advance(4_000);
    expect(ofType(d.feed({ type: 'agent_hold', agentId: AGENT, held: false }), 'set_call_held')).toEqual([
      { type: 'set_call_held', campaignId: 'c1', attemptId: 'a7', agentId: AGENT, held: false, atMs: START + 4_000, heldMs: 4_000, reason: 'agent' },
    ]);
    d.feed({ type: 'call_ended', attemptId: 'a7', cause: 16, causeText: 'Normal Clearing', dialStatus: '' });
    expect(ofType(d.log, 'attempt_closed')[0]?.summary.heldMs).toBe(4_000);
  });

  it('counts the time on hold the crashed run kept: earlier holds, and the one going on since before', () => {
    const d = engine();
    d.feed(adoption({ held: true, heldMs: 12_000, heldSinceMs: START - 20_000 }));
    expect(d.state.calls.get('a7')).toMatchObject({ heldAtMs: START - 20_000, heldMs: 12_000 });
    d.advance(5_000);
    d.feed({ type: 'agent_hold', agentId: AGENT, held: false });
    d.feed({ type: 'call_ended', attemptId: 'a7', cause: 16, causeText: 'Normal Clearing', dialStatus: '' });
    expect(ofType(d.log, 'attempt_closed')[0]?.summary.heldMs).toBe(12_000 + 25_000);
  });

  it('puts right a hold the attempt has wrong by what the PBX shows: one ended before the crash counted, one begun kept', () => {
    const off = engine();
    // The attempt still held since 20 s ago; the PBX has the customer with the agent (a conference).
    expect(ofType(off.feed(adoption({ held: false, heldMs: 12_000, heldSinceMs: START - 20_000 })), 'hold_changed')).toEqual([
      { type: 'hold_changed', attemptId: 'a7', heldMs: 32_000, heldSinceMs: null }]);
    expect(off.state.calls.get('a7')).toMatchObject({ heldAtMs: null, heldMs: 32_000 });
    const on = engine();
    // The PBX has the customer alone in their holding bridge; the attempt kept no hold.
    expect(ofType(on.feed(adoption({ held: true, heldMs: 3_000, heldSinceMs: null })), 'hold_changed')).toEqual([
      { type: 'hold_changed', attemptId: 'a7', heldMs: 3_000, heldSinceMs: START }]);
    // Where both agree, nothing is written.
    expect(ofType(engine().feed(adoption({ held: true, heldSinceMs: START - 20_000 })), 'hold_changed')).toEqual([]);
    expect(ofType(engine().feed(adoption({ held: false, heldMs: 5_000 })), 'hold_changed')).toEqual([]);
  });

  it('refuses what is not this engine\'s to take up, changing nothing', () => {
    const d = new EngineDriver(START);
    expect(ofType(d.feed(adoption()), 'input_rejected')[0]).toMatchObject({ code: 'unknown_campaign' });
    expect(d.state.agents.size + d.state.calls.size).toBe(0);

    const busy = engine();
    busy.feed({ type: 'agent_login', agentId: AGENT, campaignId: 'c1', endpoint: 'PJSIP/ann' });
    expect(ofType(busy.feed(adoption()), 'input_rejected')[0]).toMatchObject({ code: 'agent_busy' });
    expect(busy.state.calls.size).toBe(0);

    const twice = engine();
    twice.feed(adoption());
    const again = twice.feed({ ...adoption(), agentId: 'bob' });
    expect(ofType(again, 'input_rejected')[0]).toMatchObject({ code: 'call_in_progress' });
    expect(twice.state.agents.has('bob')).toBe(false);

    // A closer's call whose campaign is not driven here: the closer is not signed in either.
    const closer = engine();
    closer.feed({ type: 'campaign_configured', campaignId: 'closing', settings: defaultCampaignSettings });
    const stray = closer.feed({ ...adoption({ campaignId: 'gone' }), campaignId: 'closing' });
    expect(ofType(stray, 'input_rejected')[0]).toMatchObject({ code: 'unknown_campaign', message: 'campaign gone of call a7 is not loaded on this engine' });
    expect(closer.state.agents.size + closer.state.calls.size).toBe(0);
  });

  it('has a customer on hold go on waiting for the team or group they were waiting for', () => {
    const wait = { campaignId: 'c1', group: 'closers', sinceMs: START - 20_000 };
    const d = engine();
    d.feed(adoption({ held: true, heldSinceMs: START - 20_000, handoverWait: wait }));
    expect(d.state.calls.get('a7')?.handoverWait).toEqual(wait);
    d.feed({ type: 'agent_login', agentId: 'cleo', campaignId: 'c1', endpoint: 'PJSIP/cleo', groups: ['Closers'] });
    d.feed({ type: 'agent_leg_up', agentId: 'cleo' });
    d.feed({ type: 'agent_ready', agentId: 'cleo' });
    expect(ofType(d.advance(100), 'transfer_call')).toEqual([{ type: 'transfer_call', campaignId: 'c1', attemptId: 'a7', fromAgentId: AGENT, toAgentId: 'cleo' }]);
    // Off hold before the crash, the customer was with the agent again: no wait.
    const back = engine();
    const taken = back.feed(adoption({ held: false, handoverWait: wait }));
    expect(back.state.calls.get('a7')?.handoverWait).toBeNull();
    // The attempt's wait, whose end the crash kept from being written, is ended with it.
    expect(ofType(taken, 'handover_wait_changed')).toEqual([{ type: 'handover_wait_changed', attemptId: 'a7', wait: null }]);
    expect(ofType(engine().feed(adoption({ held: true, heldSinceMs: START - 20_000, handoverWait: wait })), 'handover_wait_changed')).toEqual([]);
    expect(ofType(engine().feed(adoption({ held: false })), 'handover_wait_changed')).toEqual([]);
  });

  it("takes a customer handed to another campaign's closer up as the first campaign's call, the closer on their own team", () => {
    const d = engine();
    d.feed({ type: 'campaign_configured', campaignId: 'closing', settings: { ...defaultCampaignSettings, wrapUpMode: 'manual' } });
    d.feed({ ...adoption({ campaignId: 'c1', handovers: [{ fromAgentId: 'fred', toAgentId: AGENT, atMs: START - 30_000 }] }), campaignId: 'closing' });
    expect(d.state.agents.get(AGENT)).toMatchObject({ status: 'talking', campaignId: 'closing', callId: 'a7' });
    expect(d.state.calls.get('a7')).toMatchObject({ campaignId: 'c1', agentId: AGENT });
    d.feed({ type: 'call_ended', attemptId: 'a7', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    expect(ofType(d.log, 'attempt_closed').map((c) => c.summary.campaignId)).toEqual(['c1']);
    expect(d.state.agents.get(AGENT)).toMatchObject({ status: 'wrap_up', campaignId: 'closing', owesDispositionFor: 'a7' });
  });
});
