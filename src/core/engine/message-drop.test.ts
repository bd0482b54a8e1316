// Leaving the campaign's message on an answering machine an agent reached, through the whole
// engine: the agent is free at once owing no disposition, the message plays and the call closes
// as a machine with the message left, and it no longer counts as an answer by a person.

import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings } from '../campaign-settings.js';
import { abandonFigures, ledgerBucketMs } from '../compliance/abandon-ledger.js';
import { agentInConversation } from '../testing/agent-in-conversation.js';
import { EngineDriver, ofType, readyAgent } from '../testing/engine-driver.js';

const AGENT = 'ag1';
const leave = { type: 'agent_leave_message', agentId: AGENT } as const;
const liveAnswers = (d: EngineDriver) => {
  const campaign = d.state.campaigns.get('c1');
  if (!campaign) throw new Error('no campaign');
  return abandonFigures(campaign.ledger, d.nowMs, 0).liveAnswers;
};

describe('leaving a message on an answering machine', () => {
  it('frees the agent, plays the message, and closes the call as a machine with the message left', () => {
    const d = agentInConversation(AGENT, { machineMessageMedia: 'sound:acme/vm' }, { prerecordedConsent: true });
    d.advance(4_000);
    const leftAt = d.nowMs;
    expect(liveAnswers(d)).toBe(1);
    const commands = d.feed(leave);
    expect(ofType(commands, 'drop_message')).toEqual([{ type: 'drop_message', campaignId: 'c1', attemptId: 'a1', agentId: AGENT, media: 'sound:acme/vm', listenForMs: 1_500 }]);
    expect(ofType(commands, 'agent_state_changed').map((c) => [c.to, c.reason])).toEqual([['wrap_up', 'message_left']]);
    expect(d.state.agents.get(AGENT)).toMatchObject({ status: 'wrap_up', callId: null, owesDispositionFor: null });
    expect(liveAnswers(d)).toBe(0);
    // Nothing is owed, so the agent goes ready when they like, while the message plays.
    d.feed({ type: 'agent_ready', agentId: AGENT });
    expect(d.state.agents.get(AGENT)?.status).toBe('ready');

    // No greeting heard after it: the message starts once the silence has passed.
    expect(ofType(d.advance(20_000), 'play_media')).toEqual([{ type: 'play_media', attemptId: 'a1', media: 'sound:acme/vm', purpose: 'machine_message' }]);
    expect(ofType(d.feed({ type: 'playback_finished', attemptId: 'a1' }), 'hangup_call')).toEqual([{ type: 'hangup_call', attemptId: 'a1', reason: 'machine' }]);
    const closed = ofType(d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' }), 'attempt_closed');
    expect(closed.map((c) => c.summary)).toEqual([expect.objectContaining({
      outcome: 'machine', agentId: AGENT, messageLeftAtMs: leftAt, messagePlayed: { atMs: leftAt + 20_000, start: 'no_greeting', media: 'sound:acme/vm' }, connectedAtMs: expect.any(Number), abandoned: false,
    })]);
  });

  it("takes back the live answer AMD counted, from the stretch of the greeting's end, across a stretch boundary", () => {
    const d = new EngineDriver(1_000_000);
    d.feed({ type: 'telephony_up' });
    d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: { ...defaultCampaignSettings, regime: 'uk', amdEnabled: true, wrapUpMode: 'manual' } });
    d.feed({ type: 'campaign_started', campaignId: 'c1' });
    readyAgent(d, AGENT);
    const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
    d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId: 'a1', leadId: 'l1', phone: '+15550100001', prerecordedConsent: true }] });
    // Answered 1 s before a stretch of the ledger ends; AMD says human 200 ms into the next, the
    // greeting having ended 800 ms before that, in the first.
    const bucket = ledgerBucketMs('uk');
    const boundary = (Math.floor(d.nowMs / bucket) + 2) * bucket;
    d.nowMs = boundary - 1_000;
    d.feed({ type: 'call_answered', attemptId: 'a1' });
    d.nowMs = boundary + 200;
    d.feed({ type: 'amd_result', attemptId: 'a1', verdict: 'human', detail: 'HUMAN' });
    d.feed({ type: 'call_bridged', attemptId: 'a1', agentId: AGENT });
    expect(liveAnswers(d)).toBe(1);
    d.feed(leave);
    expect(liveAnswers(d)).toBe(0);
  });

  it('refuses while the customer is on hold, and an agent with no call', () => {
    const d = agentInConversation(AGENT, {}, { prerecordedConsent: true });
    d.feed({ type: 'agent_hold', agentId: AGENT, held: true });
    expect(ofType(d.feed(leave), 'input_rejected').map((r) => [r.code, r.message])).toEqual([
      ['message_refused', 'agent ag1 cannot leave a message now: the customer is on hold'],
    ]);
    d.feed({ type: 'agent_hold', agentId: AGENT, held: false });
    d.feed({ type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    expect(ofType(d.feed(leave), 'input_rejected').map((r) => r.code)).toEqual(['not_in_conversation']);
    expect(ofType(d.log, 'drop_message')).toEqual([]);
  });
});
