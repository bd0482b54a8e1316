// A logout asked for during a call (by the agent, a supervisor, a deactivation or a stopping node)
// ends the wrap-up that follows: a pause taken in that wrap-up does not lose it, and a manual
// wrap-up that owes no disposition (a message left) does not wait for one that will never come.

import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings } from '../campaign-settings.js';
import { agentInConversation } from '../testing/agent-in-conversation.js';

const AGENT = 'ag1';
const ended = { type: 'call_ended', attemptId: 'a1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' } as const;
const statusOf = (d: ReturnType<typeof agentInConversation>) => d.state.agents.get(AGENT)?.status;

describe('a logout asked for during a call', () => {
  it('wins over a pause taken in the wrap-up', () => {
    const d = agentInConversation(AGENT, { wrapUpMode: 'auto' }, { prerecordedConsent: true });
    d.feed({ type: 'agent_logout', agentId: AGENT });
    d.feed(ended);
    expect(statusOf(d)).toBe('wrap_up');
    d.feed({ type: 'agent_pause', agentId: AGENT, reason: 'lunch' });
    expect(d.state.agents.get(AGENT)).toMatchObject({ status: 'logged_out', pendingLogout: false });
  });

  it('counts a wrap-up the agent leaves by logging out, or by losing their phone, in the wrap-up times pacing forecasts from', () => {
    for (const leave of [{ type: 'agent_logout', agentId: AGENT }, { type: 'agent_leg_down', agentId: AGENT, cause: 16 }] as const) {
      const d = agentInConversation(AGENT, {}, { prerecordedConsent: true });
      d.feed(ended);
      const before = d.state.campaigns.get('c1')?.stats.wrapMs.samples ?? 0;
      d.advance(4_000);
      d.feed(leave);
      expect(d.state.agents.get(AGENT)?.status).toBe('logged_out');
      expect(d.state.campaigns.get('c1')?.stats.wrapMs.samples).toBe(before + 1);
    }
  });

  it('that waits for the disposition keeps the wrap-up through a pause until it is given, then logs out', () => {
    const d = agentInConversation(AGENT, {}, { prerecordedConsent: true });
    d.feed({ type: 'agent_logout', agentId: AGENT, afterDisposition: true });
    d.feed(ended);
    d.feed({ type: 'agent_pause', agentId: AGENT, reason: 'lunch' });
    expect(statusOf(d)).toBe('wrap_up');
    d.feed({ type: 'agent_dispositioned', agentId: AGENT, attemptId: 'a1' });
    expect(statusOf(d)).toBe('logged_out');
  });

  it('ends a manual wrap-up that owes no disposition after the wrap-up time (a message left on a machine)', () => {
    const d = agentInConversation(AGENT, { machineMessageMedia: 'sound:acme/vm' }, { prerecordedConsent: true });
    d.feed({ type: 'agent_logout', agentId: AGENT, afterDisposition: true });
    d.feed({ type: 'agent_leave_message', agentId: AGENT });
    expect(d.state.agents.get(AGENT)).toMatchObject({ status: 'wrap_up', owesDispositionFor: null });
    d.advance(defaultCampaignSettings.wrapUpMs + 1_000);
    expect(statusOf(d)).toBe('logged_out');
  });
});
