// The campaign's message on an answering machine is left only for a lead who consented to
// prerecorded messages, through the whole engine: for AMD's verdict, a lead without consent has
// the machine hung up on as any machine, and the call's summary says why no message was left; the
// agent who reached a machine is told to hang up instead.

import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings } from '../campaign-settings.js';
import { agentInConversation } from '../testing/agent-in-conversation.js';
import { EngineDriver, ofType } from '../testing/engine-driver.js';

const ended = { type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' } as const;

/** Campaign c1 (US rules) leaving messages on machines after AMD; call a1 answered by a machine. */
function machineVerdict(prerecordedConsent: boolean | undefined): EngineDriver {
  const d = new EngineDriver(1_000_000);
  d.feed({ type: 'telephony_up' });
  d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: {
    ...defaultCampaignSettings, regime: 'us', amdEnabled: true, machineAction: 'leave_message', machineMessageMedia: 'sound:acme/vm', machineMessageSilenceMs: 0,
  } });
  d.feed({ type: 'campaign_started', campaignId: 'c1' });
  d.feed({ type: 'agent_login', agentId: 'ag1', campaignId: 'c1', endpoint: 'Local/ag1@sim-agent' });
  d.feed({ type: 'agent_leg_up', agentId: 'ag1' });
  d.feed({ type: 'agent_ready', agentId: 'ag1' });
  const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
  const lead = { attemptId: 'a1', leadId: 'l1', phone: '+15550100001', ...(prerecordedConsent === undefined ? {} : { prerecordedConsent }) };
  d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [lead] });
  d.feed({ type: 'call_ringing', attemptId: 'a1' });
  d.feed({ type: 'call_answered', attemptId: 'a1' });
  d.nowMs += 2_000;
  d.feed({ type: 'amd_result', attemptId: 'a1', verdict: 'machine', detail: 'MAXWORDS-5-4' });
  return d;
}

describe('a message on the machine of a lead without consent to prerecorded messages', () => {
  it('is not left after AMD\'s verdict: the machine is hung up on, and the call says why', () => {
    for (const consent of [false, undefined]) {
      const d = machineVerdict(consent);
      expect(ofType(d.log, 'play_media')).toEqual([]);
      expect(ofType(d.log, 'hangup_call')).toEqual([{ type: 'hangup_call', attemptId: 'a1', reason: 'machine' }]);
      expect(ofType(d.feed(ended), 'attempt_closed')[0]?.summary).toMatchObject({
        outcome: 'machine', messagePlayed: null, messageWithheld: 'no_prerecorded_consent',
      });
    }
  });

  it('is left for a lead who consented, as before', () => {
    const d = machineVerdict(true);
    expect(ofType(d.log, 'play_media')).toEqual([{ type: 'play_media', attemptId: 'a1', media: 'sound:acme/vm', purpose: 'machine_message' }]);
    expect(ofType(d.log, 'hangup_call')).toEqual([]);
    d.feed({ type: 'playback_finished', attemptId: 'a1' });
    expect(ofType(d.feed(ended), 'attempt_closed')[0]?.summary).toMatchObject({ outcome: 'machine', messageWithheld: null });
  });

  it('is refused to the agent who reached the machine, who is to hang up instead', () => {
    const d = agentInConversation('ag1', { machineMessageMedia: 'sound:acme/vm' });
    expect(ofType(d.feed({ type: 'agent_leave_message', agentId: 'ag1' }), 'input_rejected').map((r) => [r.code, r.message])).toEqual([[
      'message_refused', 'lead l1 has not given prior express written consent (47 CFR 64.1200(a)(2), (a)(3)) to prerecorded messages: hang up instead, and give the call its disposition',
    ]]);
    expect(ofType(d.log, 'drop_message')).toEqual([]);
    expect(d.state.calls.get('a1')?.status).toBe('connected');
  });
});
