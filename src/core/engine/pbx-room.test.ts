// The PBX's free channels between two of its reports: what the node starts is taken off them, on
// every tick and for every campaign in a tick, so that the reported room is spent once; calls
// ending give theirs back.

import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings } from '../campaign-settings.js';
import type { EngineDriver} from '../testing/engine-driver.js';
import { ofType, runningCampaign } from '../testing/engine-driver.js';

let attempts = 0;

/** Leases every lead asked for in the next tick, each a call ringing; how many were asked for. */
function tick(d: EngineDriver): number {
  let asked = 0;
  for (const request of ofType(d.advance(200), 'request_leads')) {
    asked += request.count;
    const leads = Array.from({ length: request.count }, () => {
      attempts += 1;
      return { attemptId: `a${attempts}`, leadId: `l${attempts}`, phone: `+1555${String(1_000_000 + attempts).slice(1)}` };
    });
    d.feed({ type: 'leads_leased', campaignId: request.campaignId, requested: request.count, leads });
    for (const lead of leads) d.feed({ type: 'call_ringing', attemptId: lead.attemptId });
  }
  return asked;
}

function agentsOn(d: EngineDriver, campaignId: string, count: number): void {
  for (let i = 0; i < count; i++) {
    const agentId = `${campaignId}-ag${i}`;
    d.feed({ type: 'agent_login', agentId, campaignId, endpoint: `Local/${agentId}@sim-agent` });
    d.feed({ type: 'agent_leg_up', agentId });
    d.feed({ type: 'agent_ready', agentId });
  }
}

describe('the PBX\'s free channels', () => {
  it('are spent once between two reports, whatever the ticks, and come back as calls end', () => {
    const d = runningCampaign();
    agentsOn(d, 'c1', 30);
    d.feed({ type: 'pbx_capacity', freeChannels: 10 });
    let asked = 0;
    for (let i = 0; i < 10; i++) asked += tick(d);
    expect(asked).toBe(5);
    expect(ofType(d.log, 'pacing_decided').at(-1)?.decision).toMatchObject({ binding: 'pbx_capacity' });
    // Two calls end (nobody answered): their channels are free again before the next report.
    for (const attemptId of ['a1', 'a2']) d.feed({ type: 'call_ended', attemptId, cause: 19, causeText: 'No Answer', dialStatus: 'NOANSWER' });
    expect(tick(d)).toBe(2);
    // A new report is the room from then on.
    d.feed({ type: 'pbx_capacity', freeChannels: 4 });
    expect(tick(d) + tick(d)).toBe(2);
  });

  it('are shared by the campaigns paced in one tick, not given to each', () => {
    const d = runningCampaign();
    d.feed({ type: 'campaign_configured', campaignId: 'c2', settings: defaultCampaignSettings });
    d.feed({ type: 'campaign_started', campaignId: 'c2' });
    agentsOn(d, 'c1', 10);
    agentsOn(d, 'c2', 10);
    d.feed({ type: 'pbx_capacity', freeChannels: 12 });
    expect(tick(d) + tick(d)).toBe(6);
  });
});
