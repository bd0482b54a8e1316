import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings } from './campaign-settings.js';
import { campaignIsIdle, handoverPartnersOf } from './handover-partners.js';
import { agentInConversation } from './testing/agent-in-conversation.js';
import { EngineDriver } from './testing/engine-driver.js';

const campaigns = [
  { id: '1', settings: { handoverCampaigns: ['2'] } },
  { id: '2', settings: {} },
  { id: '3', settings: { handoverCampaigns: ['2', '3'] } },
  { id: '4', settings: { handoverCampaigns: [] } },
];

describe('handover partners', () => {
  it('are the campaigns a campaign hands customers to and those that hand customers to it', () => {
    expect(handoverPartnersOf('1', campaigns)).toEqual(['2']);
    expect(handoverPartnersOf('2', campaigns)).toEqual(['1', '3']);
    expect(handoverPartnersOf('3', campaigns)).toEqual(['2']);
  });

  it('are none for a campaign that hands over to nobody, nor itself', () => {
    expect(handoverPartnersOf('4', campaigns)).toEqual([]);
    expect(handoverPartnersOf('9', campaigns)).toEqual([]);
  });
});

describe('an idle campaign', () => {
  it('has nobody logged in, no call and no lead asked for', () => {
    const d = new EngineDriver(1_000);
    d.feed({ type: 'telephony_up' });
    d.feed({ type: 'campaign_configured', campaignId: 'c2', settings: defaultCampaignSettings });
    d.feed({ type: 'campaign_started', campaignId: 'c2' });
    expect(campaignIsIdle(d.state, 'c2')).toBe(true);
    d.feed({ type: 'agent_login', agentId: 'ann', campaignId: 'c2', endpoint: 'Local/ann@sim-agent' });
    expect(campaignIsIdle(d.state, 'c2')).toBe(false);
    d.feed({ type: 'agent_logout', agentId: 'ann' });
    expect(campaignIsIdle(d.state, 'c2')).toBe(true);
  });

  it('is not one with a call in progress, nor one whose pacer asked for leads', () => {
    const d = agentInConversation('bob');
    const campaign = d.state.campaigns.get('c1');
    if (!campaign) throw new Error('no campaign c1');
    // The call alone (its agent's state set aside) keeps the campaign busy.
    d.state.agents.clear();
    expect(campaignIsIdle(d.state, 'c1')).toBe(false);
    d.state.calls.clear();
    expect(campaignIsIdle(d.state, 'c1')).toBe(true);
    campaign.leadsPending = 2;
    expect(campaignIsIdle(d.state, 'c1')).toBe(false);
  });
});
