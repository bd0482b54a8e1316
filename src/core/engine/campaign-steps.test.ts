// A campaign this node no longer drives (stopped, or its lease lost) leaves the engine once nothing
// of it is left here, and not before: a team still logged in to a stopped campaign keeps working.

import { describe, expect, it } from 'vitest';
import { abandonFigures, type AbandonLedger } from '../compliance/abandon-ledger.js';
import { defaultCampaignSettings } from '../campaign-settings.js';
import { ofType, runningCampaign, type EngineDriver } from '../testing/engine-driver.js';

const release = { type: 'campaign_released', campaignId: 'c1' } as const;

function loggedIn(d: EngineDriver, agentId: string): void {
  d.feed({ type: 'agent_login', agentId, campaignId: 'c1', endpoint: `Local/${agentId}@sim-agent` });
  d.feed({ type: 'agent_leg_up', agentId });
}

describe('a campaign released by this node', () => {
  it('leaves the engine when nothing of it is left here', () => {
    const d = runningCampaign();
    d.feed({ type: 'campaign_stopped', campaignId: 'c1' });
    expect(d.feed(release)).toEqual([]);
    expect(d.state.campaigns.has('c1')).toBe(false);
    // Asked again (already gone): nothing to do, nothing to refuse.
    expect(d.feed(release)).toEqual([]);
    expect(ofType(d.feed({ type: 'agent_login', agentId: 'A', campaignId: 'c1', endpoint: 'Local/A@sim-agent' }), 'input_rejected')[0]?.code).toBe('unknown_campaign');
  });

  it('stays while its agents are logged in, working as before, and goes once they have left', () => {
    const d = runningCampaign();
    loggedIn(d, 'A');
    d.feed({ type: 'campaign_stopped', campaignId: 'c1' });
    d.feed(release);
    expect(d.state.campaigns.get('c1')?.status).toBe('stopped');
    expect(ofType(d.feed({ type: 'agent_ready', agentId: 'A' }), 'input_rejected')).toEqual([]);
    expect(d.state.agents.get('A')?.status).toBe('ready');
    d.feed({ type: 'agent_logout', agentId: 'A' });
    d.feed(release);
    expect(d.state.campaigns.has('c1')).toBe(false);
  });

  it('stays while a call of it goes on, and while leads asked for it are not in', () => {
    const d = runningCampaign({ mode: 'progressive' });
    loggedIn(d, 'A');
    d.feed({ type: 'agent_ready', agentId: 'A' });
    const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
    expect(requested).toBeGreaterThan(0);
    d.feed({ type: 'campaign_paused', campaignId: 'c1' });
    d.feed({ type: 'agent_logout', agentId: 'A' });
    d.feed(release);
    expect(d.state.campaigns.has('c1')).toBe(true);
    // Paused, the leads that came in are handed back undialled; then one dialled before the pause.
    d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [] });
    d.feed({ type: 'campaign_started', campaignId: 'c1' });
    d.feed({ type: 'leads_leased', campaignId: 'c1', requested: 0, leads: [{ attemptId: 'a1', leadId: 'l1', phone: '+15550100001' }] });
    d.feed({ type: 'campaign_paused', campaignId: 'c1' });
    d.feed(release);
    expect(d.state.campaigns.has('c1')).toBe(true);
    d.feed({ type: 'call_ended', attemptId: 'a1', cause: 17, causeText: 'User busy', dialStatus: 'BUSY' });
    expect(d.state.calls.size).toBe(0);
    d.feed(release);
    expect(d.state.campaigns.has('c1')).toBe(false);
  });

  it('is not released while it runs here', () => {
    const d = runningCampaign();
    d.feed(release);
    expect(d.state.campaigns.get('c1')?.status).toBe('running');
  });

  it('is loaded afresh when taken on again, its ledger rebuilt from the history it is given', () => {
    const d = runningCampaign();
    d.feed({ type: 'campaign_stopped', campaignId: 'c1' });
    d.feed(release);
    d.advance(3_600_000);
    d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: defaultCampaignSettings });
    d.feed({ type: 'abandon_history_loaded', campaignId: 'c1', buckets: [{ atMs: d.nowMs - 60_000, live: 50, abandoned: 2, machine: 0 }] });
    d.feed({ type: 'campaign_started', campaignId: 'c1' });
    const campaign = d.state.campaigns.get('c1');
    expect(campaign?.status).toBe('running');
    expect(campaign && abandonFigures(campaign.ledger, d.nowMs, 0)).toMatchObject({ liveAnswers: 50, abandoned: 2 });
  });
});

describe('a live answer its disposition finds reached no person', () => {
  it('leaves the ledger, and the command says so to the figures kept outside the core', () => {
    const d = runningCampaign();
    loggedIn(d, 'A');
    d.feed({ type: 'agent_ready', agentId: 'A' });
    const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
    d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId: 'm1', leadId: 'l1', phone: '+15550100001' }] });
    d.feed({ type: 'call_answered', attemptId: 'm1' });
    d.feed({ type: 'call_bridged', attemptId: 'm1', agentId: 'A' });
    d.advance(30_000);
    d.feed({ type: 'call_ended', attemptId: 'm1', cause: 16, causeText: 'Normal Clearing', dialStatus: 'ANSWER' });
    const liveAtMs = ofType(d.log, 'attempt_closed')[0]?.summary.liveAtMs ?? null;
    if (liveAtMs === null) throw new Error('m1 was no live answer');
    const liveAnswers = () => abandonFigures(ledgerOf(d), d.nowMs, 0).liveAnswers;
    expect(liveAnswers()).toBe(1);

    d.advance(60_000);
    const withdrawn = { type: 'live_answer_withdrawn', campaignId: 'c1', attemptId: 'm1', liveAtMs } as const;
    expect(d.feed(withdrawn)).toEqual([withdrawn]);
    expect(liveAnswers()).toBe(0);
  });

  it('is refused, and told to no one, for a campaign not driven here', () => {
    const d = runningCampaign();
    const out = d.feed({ type: 'live_answer_withdrawn', campaignId: 'c9', attemptId: 'm1', liveAtMs: d.nowMs });
    expect(out.map((command) => command.type)).toEqual(['input_rejected']);
  });
});

function ledgerOf(d: EngineDriver): AbandonLedger {
  const ledger = d.state.campaigns.get('c1')?.ledger;
  if (!ledger) throw new Error('c1 is not loaded');
  return ledger;
}
