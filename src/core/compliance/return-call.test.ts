import { describe, expect, it } from 'vitest';
import { callerE164, decideReturnCall, defaultReturnCallMedia, presentsNumber, type ReturnCallCampaign } from './return-call.js';

const acme: ReturnCallCampaign = {
  id: 'c-acme', settings: { callerId: '"Acme" <+12125550199>', callerIdPool: ['+13125550199', '+14155550199'], optOutDigit: '9', returnCallMedia: 'sound:acme/return' },
  listCallerIds: [],
};
const brandB: ReturnCallCampaign = { id: 'c-brand-b', settings: { callerId: '+12125550199', callerIdPool: [], optOutDigit: '1' }, listCallerIds: [] };
const uk: ReturnCallCampaign = { id: 'c-uk', settings: { callerId: '+442079460999', callerIdPool: [], optOutDigit: '' }, listCallerIds: [] };
/** A campaign two of whose lists present their own numbers (two brands), one with a name. */
const twoBrands: ReturnCallCampaign = {
  id: 'c-two-brands', settings: { callerId: '+16505550100', callerIdPool: ['+12125550100'], optOutDigit: '7', returnCallMedia: 'sound:two/return' },
  listCallerIds: ['"Brand B" <+14155550177>', '+13125550177'],
};
const caller = '+12125550104';

describe('a return call', () => {
  it('finds the campaign by its caller ID or a number of its local-presence pool, with or without the +', () => {
    expect(presentsNumber(acme, '+12125550199')).toBe(true);
    expect(presentsNumber(acme, '14155550199')).toBe(true);
    expect(presentsNumber(acme, '+12125550100')).toBe(false);
    expect(presentsNumber({ settings: { callerId: null }, listCallerIds: [] }, '')).toBe(false);
  });

  it("finds the campaign by the caller ID one of its lists presents in place of its own, and answers as the campaign's", () => {
    expect(presentsNumber(twoBrands, '+14155550177')).toBe(true);
    expect(presentsNumber(twoBrands, '13125550177')).toBe(true);
    expect(presentsNumber(twoBrands, '+16505550100')).toBe(true);
    expect(presentsNumber(twoBrands, '+14155550100')).toBe(false);
    expect(decideReturnCall({ dialled: '+14155550177', caller, campaigns: [acme, twoBrands], attempts: [{ campaignId: 'c-two-brands', leadId: 'l-5', atMs: 1_000 }] }))
      .toEqual({ kind: 'answer', campaignId: 'c-two-brands', leadIds: ['l-5'], shownAs: '"Brand B" <+14155550177>', media: 'sound:two/return', optOutDigit: '7' });
  });

  it("plays the campaign's message with its opt-out key and names the leads called from the caller's number, the latest first", () => {
    const decision = decideReturnCall({
      dialled: '+13125550199', caller, campaigns: [uk, acme],
      attempts: [{ campaignId: 'c-acme', leadId: 'l-1', atMs: 1_000 }, { campaignId: 'c-acme', leadId: 'l-2', atMs: 5_000 }, { campaignId: 'c-uk', leadId: 'l-9', atMs: 9_000 }],
    });
    expect(decision).toEqual({ kind: 'answer', campaignId: 'c-acme', leadIds: ['l-2', 'l-1'], shownAs: '+13125550199', media: 'sound:acme/return', optOutDigit: '9' });
  });

  it('goes to the campaign that called the person last when several present the number', () => {
    const facts = { dialled: '+12125550199', caller, campaigns: [acme, brandB] };
    expect(decideReturnCall({ ...facts, attempts: [{ campaignId: 'c-acme', leadId: 'l-1', atMs: 1_000 }, { campaignId: 'c-brand-b', leadId: 'l-7', atMs: 2_000 }] }))
      .toMatchObject({ campaignId: 'c-brand-b', leadIds: ['l-7'], media: defaultReturnCallMedia, optOutDigit: '1' });
    // None called them: the first presenting it answers, with no lead.
    expect(decideReturnCall({ ...facts, attempts: [] })).toMatchObject({ campaignId: 'c-acme', leadIds: [] });
  });

  it('says which of its caller IDs the person dialled, as the campaign presents it, whatever form the dialplan gives', () => {
    expect(decideReturnCall({ dialled: '12125550199', caller, campaigns: [acme], attempts: [] })).toMatchObject({ shownAs: '"Acme" <+12125550199>' });
    expect(decideReturnCall({ dialled: '14155550199', caller, campaigns: [acme], attempts: [] })).toMatchObject({ shownAs: '+14155550199' });
  });

  it('offers a key to opt out even where the campaign has none (Ofcom), and none to a withheld number', () => {
    expect(decideReturnCall({ dialled: '442079460999', caller: '+442079460104', campaigns: [uk], attempts: [] })).toMatchObject({ campaignId: 'c-uk', optOutDigit: '1' });
    expect(decideReturnCall({ dialled: '442079460999', caller: null, campaigns: [uk], attempts: [] })).toMatchObject({ campaignId: 'c-uk', optOutDigit: null });
  });

  it('is not answered on a number no campaign presents', () => {
    expect(decideReturnCall({ dialled: '+12125550000', caller, campaigns: [acme, brandB, uk], attempts: [{ campaignId: 'c-acme', leadId: 'l-1', atMs: 1 }] }))
      .toEqual({ kind: 'not_presented' });
  });

  it("reads the caller's number in international form, and none from a withheld one", () => {
    expect([callerE164('+12125550104'), callerE164('12125550104'), callerE164('00442079460104'), callerE164('+1 (212) 555-0104')])
      .toEqual(['+12125550104', '+12125550104', '+442079460104', '+12125550104']);
    expect([callerE164(''), callerE164('anonymous'), callerE164('123')]).toEqual([null, null, null]);
  });
});
