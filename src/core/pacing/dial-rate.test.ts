import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings } from '../campaign-settings.js';
import { EngineDriver, ofType } from '../testing/engine-driver.js';

/** A progressive campaign with ten agents ready and a limit of three calls a second, whose leases
 * come back at once. */
function tenAgentsAtThreePerSecond(): EngineDriver {
  const d = new EngineDriver(1_000_000);
  d.feed({ type: 'telephony_up' });
  d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: { ...defaultCampaignSettings, mode: 'progressive', maxDialsPerSecond: 3 } });
  d.feed({ type: 'campaign_started', campaignId: 'c1' });
  for (let i = 0; i < 10; i++) {
    d.feed({ type: 'agent_login', agentId: `ag${i}`, campaignId: 'c1', endpoint: `Local/ag${i}@sim-agent` });
    d.feed({ type: 'agent_leg_up', agentId: `ag${i}` });
    d.feed({ type: 'agent_ready', agentId: `ag${i}` });
  }
  return d;
}

let serial = 0;
/** Answers each lease request at once with that many new leads; the times calls were started. */
function run(d: EngineDriver, ticks: number): number[] {
  const started: number[] = [];
  for (let t = 0; t < ticks; t++) {
    for (const ask of ofType(d.advance(200), 'request_leads')) {
      const leads = Array.from({ length: ask.count }, () => ({ attemptId: `a${++serial}`, leadId: `l${serial}`, phone: `+1555010${String(serial).padStart(4, '0')}` }));
      const dialled = ofType(d.feed({ type: 'leads_leased', campaignId: 'c1', requested: ask.count, leads }), 'originate');
      started.push(...dialled.map(() => d.nowMs));
    }
  }
  return started;
}

describe("a campaign's calls-per-second limit", () => {
  it('starts no more calls in any second than the limit, and says the limit bound', () => {
    const d = tenAgentsAtThreePerSecond();
    const started = run(d, 20);
    // Ten agents want ten calls; three a second over four seconds is what the trunk takes.
    expect(started.length).toBe(10);
    for (const at of started) expect(started.filter((other) => other > at - 1_000 && other <= at).length).toBeLessThanOrEqual(3);
    expect(started[3]! - started[0]!).toBeGreaterThanOrEqual(1_000);
    expect(d.state.campaigns.get('c1')?.decisions.some((decision) => decision.binding === 'dial_rate' && decision.inputs.wanted > 0)).toBe(true);
  });

  it('counts a preview dial against the second it was made in', () => {
    const d = tenAgentsAtThreePerSecond();
    d.feed({ type: 'agent_pause', agentId: 'ag9', reason: 'preview' });
    d.feed({ type: 'preview_dial', agentId: 'ag9', campaignId: 'c1', lead: { attemptId: 'p1', leadId: 'lp1', phone: '+15550109999' } });
    const first = ofType(d.advance(200), 'request_leads');
    expect(first.map((ask) => ask.count)).toEqual([2]);
  });
});

/** Two progressive campaigns of ten ready agents each on a node whose trunk takes four calls a
 * second, neither with a limit of its own. */
function twoCampaignsOnAFourPerSecondTrunk(): EngineDriver {
  const d = new EngineDriver(1_000_000);
  d.feed({ type: 'telephony_up' });
  d.feed({ type: 'node_dial_rate', perSecond: 4 });
  for (const campaignId of ['c1', 'c2']) {
    d.feed({ type: 'campaign_configured', campaignId, settings: { ...defaultCampaignSettings, mode: 'progressive' } });
    d.feed({ type: 'campaign_started', campaignId });
    for (let i = 0; i < 10; i++) {
      const agentId = `${campaignId}-ag${i}`;
      d.feed({ type: 'agent_login', agentId, campaignId, endpoint: `Local/${agentId}@sim-agent` });
      d.feed({ type: 'agent_leg_up', agentId });
      d.feed({ type: 'agent_ready', agentId });
    }
  }
  return d;
}

describe("the node's calls-per-second limit", () => {
  it('keeps every campaign together under the trunk limit, sharing it between them, and says so', () => {
    const d = twoCampaignsOnAFourPerSecondTrunk();
    const started: Array<{ campaignId: string; at: number }> = [];
    for (let t = 0; t < 30; t++) {
      for (const ask of ofType(d.advance(200), 'request_leads')) {
        const leads = Array.from({ length: ask.count }, () => ({ attemptId: `a${++serial}`, leadId: `l${serial}`, phone: `+1555010${String(serial).padStart(4, '0')}` }));
        const dialled = ofType(d.feed({ type: 'leads_leased', campaignId: ask.campaignId, requested: ask.count, leads }), 'originate');
        started.push(...dialled.map(() => ({ campaignId: ask.campaignId, at: d.nowMs })));
      }
    }
    // Twenty agents want twenty calls: four a second over five seconds.
    expect(started.length).toBe(20);
    for (const { at } of started) expect(started.filter((other) => other.at > at - 1_000 && other.at <= at).length).toBeLessThanOrEqual(4);
    // Neither campaign waits for the other to be served first.
    const firstSecond = started.filter((s) => s.at < (started[0]?.at ?? 0) + 1_000);
    expect(new Set(firstSecond.map((s) => s.campaignId))).toEqual(new Set(['c1', 'c2']));
    for (const id of ['c1', 'c2']) {
      expect(d.state.campaigns.get(id)?.decisions.some((decision) => decision.binding === 'node_dial_rate')).toBe(true);
    }
  });

  it('counts a preview dial of one campaign against the room of the other', () => {
    const d = twoCampaignsOnAFourPerSecondTrunk();
    d.feed({ type: 'agent_pause', agentId: 'c1-ag9', reason: 'preview' });
    d.feed({ type: 'preview_dial', agentId: 'c1-ag9', campaignId: 'c1', lead: { attemptId: 'p1', leadId: 'lp1', phone: '+15550109999' } });
    d.feed({ type: 'agent_pause', agentId: 'c1-ag8', reason: 'preview' });
    d.feed({ type: 'preview_dial', agentId: 'c1-ag8', campaignId: 'c1', lead: { attemptId: 'p2', leadId: 'lp2', phone: '+15550109998' } });
    const asked = ofType(d.advance(200), 'request_leads');
    expect(asked.reduce((sum, ask) => sum + ask.count, 0)).toBe(2);
  });

  it('launches nothing while the node has no share of the trunk, and dials when it is given one or no limit', () => {
    const d = twoCampaignsOnAFourPerSecondTrunk();
    d.feed({ type: 'node_dial_rate', perSecond: 0 });
    expect(ofType(d.advance(1_000), 'request_leads')).toEqual([]);
    expect(d.state.campaigns.get('c1')?.decisions.at(-1)?.binding).toBe('node_dial_rate');
    d.feed({ type: 'node_dial_rate', perSecond: 1 });
    expect(ofType(d.advance(200), 'request_leads').reduce((sum, ask) => sum + ask.count, 0)).toBe(1);
    d.feed({ type: 'node_dial_rate', perSecond: null });
    expect(ofType(d.advance(200), 'request_leads').reduce((sum, ask) => sum + ask.count, 0)).toBeGreaterThan(4);
  });
});
