// The message on an answering machine waits for the greeting to end: through the whole engine,
// for AMD's verdict and for the agent who reached the machine.

import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings, type CampaignSettings } from '../campaign-settings.js';
import { agentInConversation } from '../testing/agent-in-conversation.js';
import { EngineDriver, ofType } from '../testing/engine-driver.js';

const talking = (talking: boolean) => ({ type: 'far_end_talking', attemptId: 'a1', talking }) as const;
const plays = (commands: ReturnType<EngineDriver['feed']>) => ofType(commands, 'play_media').filter((c) => c.purpose === 'machine_message');
const ended = { type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' } as const;

/** Campaign c1 leaving messages on machines after AMD; call a1 answered by a machine. */
function machineAnswered(settings: Partial<CampaignSettings> = {}): EngineDriver {
  const d = new EngineDriver(1_000_000);
  d.feed({ type: 'telephony_up' });
  d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: {
    ...defaultCampaignSettings, amdEnabled: true, machineAction: 'leave_message', machineMessageMedia: 'sound:acme/vm', ...settings,
  } });
  d.feed({ type: 'campaign_started', campaignId: 'c1' });
  d.feed({ type: 'agent_login', agentId: 'ag1', campaignId: 'c1', endpoint: 'Local/ag1@sim-agent' });
  d.feed({ type: 'agent_leg_up', agentId: 'ag1' });
  d.feed({ type: 'agent_ready', agentId: 'ag1' });
  const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
  d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId: 'a1', leadId: 'l1', phone: '+15550100001', prerecordedConsent: true }] });
  d.feed({ type: 'call_ringing', attemptId: 'a1' });
  d.feed({ type: 'call_answered', attemptId: 'a1' });
  d.nowMs += 2_000;
  return d;
}

describe('a message on an answering machine', () => {
  it("after AMD's verdict, listens for the greeting and plays once the machine has gone quiet", () => {
    const d = machineAnswered({ machineMessageSilenceMs: 1_200 });
    const verdict = d.feed({ type: 'amd_result', attemptId: 'a1', verdict: 'machine', detail: 'MAXWORDS-5-4' });
    expect(ofType(verdict, 'listen_for_greeting_end')).toEqual([{ type: 'listen_for_greeting_end', attemptId: 'a1', silenceMs: 1_200 }]);
    expect(plays(verdict)).toEqual([]);
    d.feed(talking(true));
    // The greeting goes on past the silence: nothing plays yet.
    expect(plays(d.advance(5_000))).toEqual([]);
    const playedAt = d.nowMs + 1_000;
    d.nowMs = playedAt;
    expect(plays(d.feed(talking(false)))).toEqual([{ type: 'play_media', attemptId: 'a1', media: 'sound:acme/vm', purpose: 'machine_message' }]);
    // Said once: later talk (the machine recording the message) changes nothing.
    expect(plays(d.feed(talking(false)))).toEqual([]);
    d.feed({ type: 'playback_finished', attemptId: 'a1' });
    const closed = ofType(d.feed(ended), 'attempt_closed')[0]?.summary;
    expect(closed).toMatchObject({ outcome: 'machine', messagePlayed: { atMs: playedAt, start: 'after_greeting', media: 'sound:acme/vm' }, messageLeftAtMs: null });
  });

  it('plays once the silence has passed with no greeting heard (it was over already)', () => {
    const d = machineAnswered();
    d.feed({ type: 'amd_result', attemptId: 'a1', verdict: 'machine', detail: 'MAXWORDS-5-4' });
    expect(plays(d.advance(1_000))).toEqual([]);
    expect(plays(d.advance(500))).toHaveLength(1);
    expect(d.state.calls.get('a1')?.machineMessage?.played?.start).toBe('no_greeting');
  });

  it('plays at the longest wait when the machine never goes quiet', () => {
    const d = machineAnswered({ machineMessageMaxWaitMs: 10_000 });
    d.feed({ type: 'amd_result', attemptId: 'a1', verdict: 'machine', detail: 'MAXWORDS-5-4' });
    d.feed(talking(true));
    expect(plays(d.advance(9_999))).toEqual([]);
    expect(plays(d.advance(1))).toHaveLength(1);
    expect(d.state.calls.get('a1')?.machineMessage?.played?.start).toBe('longest_wait');
  });

  it('plays at once when the campaign waits for no silence', () => {
    const d = machineAnswered({ machineMessageSilenceMs: 0 });
    const verdict = d.feed({ type: 'amd_result', attemptId: 'a1', verdict: 'machine', detail: 'MAXWORDS-5-4' });
    expect(ofType(verdict, 'listen_for_greeting_end')).toEqual([]);
    expect(plays(verdict)).toHaveLength(1);
    expect(d.state.calls.get('a1')?.machineMessage?.played?.start).toBe('at_once');
  });

  it('a message the PBX could not play hangs the machine up and is not recorded as played', () => {
    const d = machineAnswered({ machineMessageSilenceMs: 0 });
    expect(plays(d.feed({ type: 'amd_result', attemptId: 'a1', verdict: 'machine', detail: 'MAXWORDS-5-4' }))).toHaveLength(1);
    expect(ofType(d.feed({ type: 'playback_finished', attemptId: 'a1', failed: true }), 'hangup_call'))
      .toEqual([{ type: 'hangup_call', attemptId: 'a1', reason: 'machine' }]);
    const closed = ofType(d.feed(ended), 'attempt_closed')[0]?.summary;
    expect(closed).toMatchObject({ outcome: 'machine', messagePlayed: null });
  });

  it("for the agent, a message the PBX could not play is not recorded as played; the agent's leaving it is kept", () => {
    const d = agentInConversation('ag1', { machineMessageSilenceMs: 0 }, { prerecordedConsent: true });
    const leftAt = d.nowMs;
    d.feed({ type: 'agent_leave_message', agentId: 'ag1' });
    d.feed({ type: 'playback_finished', attemptId: 'a1', failed: true });
    const closed = ofType(d.feed(ended), 'attempt_closed')[0]?.summary;
    expect(closed).toMatchObject({ outcome: 'machine', messagePlayed: null, messageLeftAtMs: leftAt });
  });

  it('a machine hanging up while its greeting plays closes the call as a machine with no message played', () => {
    const d = machineAnswered();
    d.feed({ type: 'amd_result', attemptId: 'a1', verdict: 'machine', detail: 'MAXWORDS-5-4' });
    d.feed(talking(true));
    const closed = ofType(d.feed(ended), 'attempt_closed')[0]?.summary;
    expect(closed).toMatchObject({ outcome: 'machine', messagePlayed: null });
    expect(plays(d.advance(60_000))).toEqual([]);
  });

  it('for the agent who reached it: the machine leaves their bridge, and the message waits for the greeting', () => {
    const d = agentInConversation('ag1', { machineMessageMedia: 'sound:acme/vm', machineMessageSilenceMs: 2_000 }, { prerecordedConsent: true });
    d.advance(3_000);
    const leave = d.feed({ type: 'agent_leave_message', agentId: 'ag1' });
    expect(ofType(leave, 'drop_message')).toEqual([
      { type: 'drop_message', campaignId: 'c1', attemptId: 'a1', agentId: 'ag1', media: 'sound:acme/vm', listenForMs: 2_000 },
    ]);
    expect(plays(leave)).toEqual([]);
    d.feed(talking(true));
    d.nowMs += 4_000;
    expect(plays(d.feed(talking(false)))).toHaveLength(1);
    expect(d.state.calls.get('a1')?.machineMessage?.played?.start).toBe('after_greeting');
  });

  it("for the agent, with no wait: the shell plays as it takes the machine out, and the start is kept", () => {
    const d = agentInConversation('ag1', { machineMessageSilenceMs: 0 }, { prerecordedConsent: true });
    const leave = d.feed({ type: 'agent_leave_message', agentId: 'ag1' });
    expect(ofType(leave, 'drop_message').map((c) => c.listenForMs)).toEqual([0]);
    expect(plays(leave)).toEqual([]);
    expect(d.state.calls.get('a1')?.machineMessage?.played).toEqual({ atMs: d.nowMs, start: 'at_once', media: 'sound:outpace/vm-message' });
  });
});
