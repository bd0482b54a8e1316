import { describe, expect, it } from 'vitest';
import { handoverPartnersOf } from './handover-partners.js';

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
