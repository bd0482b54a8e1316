// A list's own caller ID and machine message, through the whole engine: a lead of such a list is
// dialled showing its list's number and has its list's message left on the machine it reaches;
// a lead of a list that sets neither shows and leaves the campaign's.

import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings } from './campaign-settings.js';
import type { LeadDial } from './inputs.js';
import { EngineDriver, ofType } from './testing/engine-driver.js';

const brandB = { callerId: '"Brand B" <+14155550199>', machineMessageMedia: 'sound:brand-b/vm' };

/** Campaign c1 (caller ID +16505550100, local numbers in 212, messages on machines after AMD)
 * with two agents ready, dialling the leads given. */
function dialling(leads: LeadDial[]): EngineDriver {
  const d = new EngineDriver(1_000_000);
  d.feed({ type: 'telephony_up' });
  d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: {
    ...defaultCampaignSettings, callerId: '"Acme" <+16505550100>', callerIdPool: ['+12125550100'],
    amdEnabled: true, machineAction: 'leave_message', machineMessageMedia: 'sound:acme/vm', machineMessageSilenceMs: 0,
  } });
  d.feed({ type: 'campaign_started', campaignId: 'c1' });
  for (const id of ['ag1', 'ag2']) {
    d.feed({ type: 'agent_login', agentId: id, campaignId: 'c1', endpoint: `Local/${id}@sim-agent` });
    d.feed({ type: 'agent_leg_up', agentId: id });
    d.feed({ type: 'agent_ready', agentId: id });
  }
  const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
  d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads });
  return d;
}

describe("a list's own caller ID and message", () => {
  it("are the lead's list's where it sets them, the campaign's (with local presence) where not", () => {
    const d = dialling([
      { attemptId: 'a1', leadId: 'l1', phone: '+12125550101', listOverrides: brandB, prerecordedConsent: true },
      { attemptId: 'a2', leadId: 'l2', phone: '+12125550102', listOverrides: { callerId: null, machineMessageMedia: null }, prerecordedConsent: true },
    ]);
    expect(ofType(d.log, 'originate').map((o) => [o.attemptId, o.callerId])).toEqual([['a1', '"Brand B" <+14155550199>'], ['a2', '"Acme" <+12125550100>']]);
    for (const attemptId of ['a1', 'a2']) {
      d.feed({ type: 'call_answered', attemptId });
      d.feed({ type: 'amd_result', attemptId, verdict: 'machine', detail: 'MAXWORDS-5-4' });
    }
    expect(ofType(d.log, 'play_media').filter((p) => p.purpose === 'machine_message').map((p) => [p.attemptId, p.media]))
      .toEqual([['a1', 'sound:brand-b/vm'], ['a2', 'sound:acme/vm']]);
    // Which message each machine got is kept with its attempt.
    for (const attemptId of ['a1', 'a2']) d.feed({ type: 'call_ended', attemptId, cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    expect(ofType(d.log, 'attempt_closed').map((c) => [c.summary.attemptId, c.summary.messagePlayed?.media]))
      .toEqual([['a1', 'sound:brand-b/vm'], ['a2', 'sound:acme/vm']]);
  });

  it("leaves the list's message for the agent who reached a machine", () => {
    const d = dialling([{ attemptId: 'a1', leadId: 'l1', phone: '+15550100001', listOverrides: { callerId: null, machineMessageMedia: 'sound:brand-b/vm' }, prerecordedConsent: true }]);
    d.feed({ type: 'call_answered', attemptId: 'a1' });
    d.feed({ type: 'amd_result', attemptId: 'a1', verdict: 'human', detail: 'HUMAN' });
    const agentId = d.state.calls.get('a1')?.agentId ?? '';
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId });
    expect(ofType(d.log, 'originate')[0]?.callerId).toBe('"Acme" <+16505550100>');
    expect(ofType(d.feed({ type: 'agent_leave_message', agentId }), 'drop_message').map((c) => c.media)).toEqual(['sound:brand-b/vm']);
  });
});
