// Distribution of answered calls: agents of the call's group first, longest idle among them; any
// ready agent when none of the group is free (the 2-second rule comes first); round robin by
// idle time when the call has no group. Fed through the engine, as the shell feeds it.

import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings } from './campaign-settings.js';
import { createAgent } from './agent.js';
import { normaliseGroup, readyAgentFor } from './routing.js';
import { EngineDriver, ofType } from './testing/engine-driver.js';

function running(): EngineDriver {
  const d = new EngineDriver(1_000_000);
  d.feed({ type: 'telephony_up' });
  d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: { ...defaultCampaignSettings, mode: 'power', dialLevel: 1 } });
  d.feed({ type: 'campaign_started', campaignId: 'c1' });
  return d;
}

/** Logs the agents in and makes them ready one second apart, in the order given (first waits longest). */
function readyAgents(d: EngineDriver, agents: Record<string, string[]>): void {
  for (const [agentId, groups] of Object.entries(agents)) {
    d.feed({ type: 'agent_login', agentId, campaignId: 'c1', endpoint: `Local/${agentId}@sim-agent`, groups });
    d.feed({ type: 'agent_leg_up', agentId });
    d.feed({ type: 'agent_ready', agentId });
    d.nowMs += 1_000;
  }
}

/** Leases the leads asked for with the groups given, in order, answers each, and returns the bridges. */
function dialAndAnswer(d: EngineDriver, groups: Array<string | null>) {
  const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
  const leads = groups.slice(0, requested).map((group, i) => ({ attemptId: `a${i}`, leadId: `l${i}`, phone: `+1555010000${i}`, group }));
  d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads });
  return leads.map((lead) => ofType(d.feed({ type: 'call_answered', attemptId: lead.attemptId }), 'bridge_call')[0]);
}

describe('distribution of answered calls', () => {
  it("gives a call to an agent of its group before agents who waited longer, whatever the value's case", () => {
    const d = running();
    readyAgents(d, { ann: [], bob: ['Retail'], cy: ['finance', ' RETAIL '] });
    expect(d.state.agents.get('cy')?.groups).toEqual(['finance', 'retail']);
    const [first, second, third] = dialAndAnswer(d, ['retail', 'RETAIL', 'retail']);
    expect(first).toEqual({ type: 'bridge_call', campaignId: 'c1', attemptId: 'a0', agentId: 'bob', match: 'group' });
    expect(second).toEqual({ type: 'bridge_call', campaignId: 'c1', attemptId: 'a1', agentId: 'cy', match: 'group' });
    // Nobody of the group is free: the call goes to whoever is, before its 2 seconds run out.
    expect(third).toEqual({ type: 'bridge_call', campaignId: 'c1', attemptId: 'a2', agentId: 'ann', match: 'other' });
  });

  it('shares calls without a group round robin, by who has waited longest', () => {
    const d = running();
    readyAgents(d, { ann: ['retail'], bob: [], cy: ['finance'] });
    const routed = dialAndAnswer(d, [null, '', 'energy']);
    expect(routed.map((b) => [b?.agentId, b?.match])).toEqual([['ann', 'any'], ['bob', 'any'], ['cy', 'other']]);
  });

  it('leaves an agent held for a personal callback, or of another campaign, out', () => {
    const held = { ...createAgent('held', 'c1', 'x', 0), status: 'ready' as const, groups: ['retail'], callbackHoldSinceMs: 5 };
    const elsewhere = { ...createAgent('far', 'c2', 'x', 0), status: 'ready' as const, groups: ['retail'] };
    const free = { ...createAgent('free', 'c1', 'x', 0), status: 'ready' as const, readySinceMs: 10 };
    expect(readyAgentFor([held, elsewhere, free], 'c1', 'retail')).toEqual({ agent: free, match: 'other' });
    expect(readyAgentFor([held, elsewhere], 'c1', 'retail')).toBeNull();
    expect(normaliseGroup('  North East ')).toBe('north east');
  });
});
