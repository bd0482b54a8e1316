import { describe, expect, it } from 'vitest';
import { areaCodeJurisdictions } from './lead-jurisdictions.js';
import { allPartyConsentStates, recordingConsentStates } from './recording-consent.js';

const us = (e164: string) => ({ e164, region: 'US' });

describe('the all-party consent states a lead may be in', () => {
  it('names the fourteen states', () => {
    expect(allPartyConsentStates).toEqual([
      'US-CA', 'US-CT', 'US-DE', 'US-FL', 'US-IL', 'US-MA', 'US-MD', 'US-MI', 'US-MT', 'US-NH', 'US-NV', 'US-OR', 'US-PA', 'US-WA',
    ]);
  });

  it('reads a phone area code of one, and none of a one-party state', () => {
    expect(recordingConsentStates({ phones: [us('+14155550100')] })).toEqual(['US-CA']);
    expect(recordingConsentStates({ phones: [us('+13125550100')] })).toEqual(['US-IL']);
    expect(recordingConsentStates({ phones: [us('+16035550100'), us('+14065550100')] })).toEqual(['US-MT', 'US-NH']);
    expect(recordingConsentStates({ phones: [us('+12125550100'), us('+15125550100')] })).toEqual([]);
    // A Canadian number, or one of elsewhere, is none of them.
    expect(recordingConsentStates({ phones: [{ e164: '+14165550100', region: 'CA' }, { e164: '+442079460000', region: 'GB' }] })).toEqual([]);
  });

  it('reads a state field by code, name or short form, only for a US list', () => {
    expect(recordingConsentStates({ states: ['CA'], listRegion: 'US' })).toEqual(['US-CA']);
    expect(recordingConsentStates({ states: [' calif. '], listRegion: 'US' })).toEqual(['US-CA']);
    expect(recordingConsentStates({ states: ['new  hampshire'], listRegion: 'US' })).toEqual(['US-NH']);
    expect(recordingConsentStates({ states: ['N.H.'], listRegion: 'US' })).toEqual(['US-NH']);
    expect(recordingConsentStates({ states: ['NY', 'Texas'], listRegion: 'US' })).toEqual([]);
    // Western Australia is not Washington, nor a Canadian list's "CA" California.
    expect(recordingConsentStates({ states: ['WA'], listRegion: 'AU' })).toEqual([]);
    expect(recordingConsentStates({ states: ['CA'], listRegion: 'CA' })).toEqual([]);
  });

  it('reads a US ZIP code by its first three digits', () => {
    expect(recordingConsentStates({ postalCode: '94103', postalRegion: 'US' })).toEqual(['US-CA']);
    expect(recordingConsentStates({ postalCode: '02108-1234', postalRegion: 'US' })).toEqual(['US-MA']);
    expect(recordingConsentStates({ postalCode: '19901', postalRegion: 'US' })).toEqual(['US-DE']);
    expect(recordingConsentStates({ postalCode: '89101', postalRegion: 'US' })).toEqual(['US-NV']);
    expect(recordingConsentStates({ postalCode: '10001', postalRegion: 'US' })).toEqual([]);
    expect(recordingConsentStates({ postalCode: '94103', postalRegion: 'DE' })).toEqual([]);
  });

  it("reads a ZIP code in a Canadian list as the calling hours do: an American lead near the border", () => {
    expect(recordingConsentStates({ postalCode: '98225', postalRegion: 'CA' })).toEqual(['US-WA']);
    expect(recordingConsentStates({ postalCode: '48226-1234', postalRegion: 'CA' })).toEqual(['US-MI']);
    expect(recordingConsentStates({ postalCode: 'V6B 1A1', postalRegion: 'CA' })).toEqual([]);
  });

  it('names every state any source names: a Texan by address with a California mobile and a Florida line', () => {
    expect(recordingConsentStates({
      states: ['TX'], listRegion: 'US', postalCode: '73301', postalRegion: 'US', phones: [us('+14155550100'), us('+13055550100')],
    })).toEqual(['US-CA', 'US-FL']);
  });

  it('agrees with the calling-hours table on the area codes of the states both name', () => {
    for (const [code, state] of areaCodeJurisdictions) {
      const consent = recordingConsentStates({ phones: [us(`+1${code}5550100`)] });
      expect(consent.length === 0 || consent[0] === state, `${code}`).toBe(true);
      if (allPartyConsentStates.includes(state)) expect(consent, code).toEqual([state]);
    }
  });
});
