// Personal callbacks in the engine: a ready agent with a due callback is held (no other call is
// routed to them, pacing does not count them free) until the shell dials the callback as a call
// pre-assigned to them, says there is nothing to dial, or lets the hold time out.

import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings } from '../campaign-settings.js';
import type { Input } from '../inputs.js';
import { callbackHoldTimeoutMs } from '../limits.js';
import { EngineDriver, ofType } from '../testing/engine-driver.js';

function twoAgentsPaused(): EngineDriver {
  const d = new EngineDriver(1_000_000);
  d.feed({ type: 'telephony_up' });
  d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: { ...defaultCampaignSettings, mode: 'progressive', amdEnabled: true } });
  d.feed({ type: 'campaign_started', campaignId: 'c1' });
  for (const agentId of ['A', 'B']) {
    d.feed({ type: 'agent_login', agentId, campaignId: 'c1', endpoint: `Local/${agentId}@sim-agent` });
    d.feed({ type: 'agent_leg_up', agentId });
  }
  return d;
}

const callbackDial = (attemptId = 'cb1'): Input => ({
  type: 'preview_dial', agentId: 'A', campaignId: 'c1', callback: true, lead: { attemptId, leadId: 'lcb', phone: '+15550100000' },
});

/** A live answered call waiting for an agent (B is paused, A is held or busy). */
function waitingCall(d: EngineDriver): void {
  d.feed({ type: 'leads_leased', campaignId: 'c1', requested: 0, leads: [{ attemptId: 'x1', leadId: 'lx', phone: '+15550100001' }] });
  d.feed({ type: 'call_answered', attemptId: 'x1' });
  d.feed({ type: 'amd_result', attemptId: 'x1', verdict: 'human', detail: '' });
}

describe('personal callbacks', () => {
  it('holds an agent who goes ready with a callback due and asks the shell to dial it', () => {
    const d = twoAgentsPaused();
    expect(ofType(d.feed({ type: 'callback_due', agentId: 'A', due: true }), 'dial_callback')).toEqual([]);
    const out = d.feed({ type: 'agent_ready', agentId: 'A' });
    expect(ofType(out, 'dial_callback')).toEqual([{ type: 'dial_callback', agentId: 'A', campaignId: 'c1' }]);
    expect(d.state.agents.get('A')?.callbackHoldSinceMs).toBe(d.nowMs);
    // Pacing does not dial for a held agent.
    expect(ofType(d.advance(200), 'request_leads')).toEqual([]);
  });

  it('holds an agent already ready when the callback becomes due', () => {
    const d = twoAgentsPaused();
    d.feed({ type: 'agent_ready', agentId: 'A' });
    expect(ofType(d.feed({ type: 'callback_due', agentId: 'A', due: true }), 'dial_callback')).toHaveLength(1);
  });

  it('routes no answered call to a held agent, and the callback is bridged to them with no AMD', () => {
    const d = twoAgentsPaused();
    d.feed({ type: 'callback_due', agentId: 'A', due: true });
    d.feed({ type: 'agent_ready', agentId: 'A' });
    waitingCall(d);
    expect(d.state.calls.get('x1')?.status).toBe('waiting_agent');
    const out = d.feed(callbackDial());
    expect(ofType(out, 'originate')[0]).toMatchObject({ attemptId: 'cb1', amd: false });
    const agent = d.state.agents.get('A');
    expect(agent).toMatchObject({ status: 'reserved', callId: 'cb1', callbackDue: false, callbackHoldSinceMs: null });
    d.feed({ type: 'call_answered', attemptId: 'cb1' });
    expect(ofType(d.feed({ type: 'call_bridged', attemptId: 'cb1', agentId: 'A' }), 'attempt_progress')[0]).toMatchObject({ stage: 'connected', agentId: 'A' });
  });

  it('gives the waiting call to the agent when the shell has nothing to dial', () => {
    const d = twoAgentsPaused();
    d.feed({ type: 'callback_due', agentId: 'A', due: true });
    d.feed({ type: 'agent_ready', agentId: 'A' });
    waitingCall(d);
    const out = d.feed({ type: 'callback_due', agentId: 'A', due: false });
    expect(ofType(out, 'bridge_call')).toEqual([{ type: 'bridge_call', campaignId: 'c1', attemptId: 'x1', agentId: 'A', match: 'any' }]);
    // The hold is over: the callback dial that arrives late is refused.
    expect(ofType(d.feed(callbackDial()), 'input_rejected')[0]).toMatchObject({ code: 'agent_busy' });
  });

  it('refuses a callback dial for an agent who paused meanwhile', () => {
    const d = twoAgentsPaused();
    d.feed({ type: 'callback_due', agentId: 'A', due: true });
    d.feed({ type: 'agent_ready', agentId: 'A' });
    d.feed({ type: 'agent_pause', agentId: 'A', reason: 'break' });
    expect(ofType(d.feed(callbackDial()), 'input_rejected')[0]).toMatchObject({ code: 'agent_busy' });
    expect(ofType(d.feed(callbackDial()), 'originate')).toEqual([]);
  });

  it('releases a hold the shell never answers', () => {
    const d = twoAgentsPaused();
    d.feed({ type: 'callback_due', agentId: 'A', due: true });
    d.feed({ type: 'agent_ready', agentId: 'A' });
    d.advance(callbackHoldTimeoutMs + 100);
    expect(d.state.agents.get('A')).toMatchObject({ status: 'ready', callbackDue: false, callbackHoldSinceMs: null });
  });

  it('holds the agent again when they are ready after the callback call', () => {
    const d = twoAgentsPaused();
    d.feed({ type: 'callback_due', agentId: 'A', due: true });
    d.feed({ type: 'agent_ready', agentId: 'A' });
    d.feed(callbackDial());
    d.feed({ type: 'callback_due', agentId: 'A', due: true });
    d.feed({ type: 'call_ended', attemptId: 'cb1', cause: 17, causeText: 'User busy', dialStatus: 'BUSY' });
    // Whichever way wrap-up ends (the disposition or the agent), the agent is held on ready.
    const out = [...d.feed({ type: 'agent_dispositioned', agentId: 'A', attemptId: 'cb1' }), ...d.feed({ type: 'agent_ready', agentId: 'A' })];
    expect(ofType(out, 'dial_callback')).toHaveLength(1);
    expect(d.state.agents.get('A')).toMatchObject({ status: 'ready', callbackDue: true });
  });
});
