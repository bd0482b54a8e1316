// A campaign c1 with its agent in a conversation on call a1: where the tests of what an agent
// does mid-call (hold, recording pauses, handovers) start.

import { defaultCampaignSettings, type CampaignSettings } from '../campaign-settings.js';
import type { LeadDial } from '../inputs.js';
import { EngineDriver, ofType } from './engine-driver.js';

export function agentInConversation(agentId: string, settings: Partial<CampaignSettings> = {}, lead: Partial<LeadDial> = {}): EngineDriver {
  const d = new EngineDriver(1_000_000);
  d.feed({ type: 'telephony_up' });
  d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: { ...defaultCampaignSettings, wrapUpMode: 'manual', ...settings } });
  d.feed({ type: 'campaign_started', campaignId: 'c1' });
  d.feed({ type: 'agent_login', agentId, campaignId: 'c1', endpoint: `Local/${agentId}@sim-agent` });
  d.feed({ type: 'agent_leg_up', agentId });
  d.feed({ type: 'agent_ready', agentId });
  const requested = ofType(d.advance(200), 'request_leads')[0]?.count ?? 0;
  d.feed({ type: 'leads_leased', campaignId: 'c1', requested, leads: [{ attemptId: 'a1', leadId: 'l1', phone: '+15550100001', ...lead }] });
  d.feed({ type: 'call_ringing', attemptId: 'a1' });
  d.feed({ type: 'call_answered', attemptId: 'a1' });
  d.feed({ type: 'call_bridged', attemptId: 'a1', agentId });
  return d;
}

/** Logs colleagues in to c1 and has them go ready one second apart, in this order (the first has
 * waited longest). */
export function withReadyColleagues(d: EngineDriver, colleagues: { id: string; groups?: string[] }[]): EngineDriver {
  for (const colleague of colleagues) {
    d.feed({ type: 'agent_login', agentId: colleague.id, campaignId: 'c1', endpoint: `Local/${colleague.id}@sim-agent`, groups: colleague.groups ?? [] });
    d.feed({ type: 'agent_leg_up', agentId: colleague.id });
    d.advance(1_000);
    d.feed({ type: 'agent_ready', agentId: colleague.id });
  }
  return d;
}
