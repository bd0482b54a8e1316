import { describe, expect, it } from 'vitest';
import { areaCodeJurisdictions, leadJurisdictions } from './lead-jurisdictions.js';
import { jurisdictionHours } from './jurisdiction-hours.js';
import { nanpAreaCodeZones } from './nanp-area-code-zones.js';
import { nanpSplitAreaCodes } from './nanp-split-area-codes.js';

describe('the jurisdictions a lead may be in', () => {
  it('reads any US number (the federal hours), a US area code of a state with its own hours, and any Canadian number', () => {
    expect(leadJurisdictions({ phones: [{ e164: '+13055550100', region: 'US' }] })).toEqual(['US', 'US-FL']);
    expect(leadJurisdictions({ phones: [{ e164: '+12125550100', region: 'US' }] })).toEqual(['US']);
    expect(leadJurisdictions({ phones: [{ e164: '+17875550100', region: 'PR' }] })).toEqual(['US']);
    expect(leadJurisdictions({ phones: [{ e164: '+18765550100', region: 'JM' }] })).toEqual([]);
    // Overlays of 2025-2026: Louisiana's 457, Mississippi's 471, Alabama's 483.
    expect(leadJurisdictions({ phones: ['+14575550100', '+14715550100', '+14835550100'].map((e164) => ({ e164, region: 'US' })) }))
      .toEqual(['US', 'US-AL', 'US-LA', 'US-MS']);
    expect(leadJurisdictions({ phones: [{ e164: '+14165550100', region: 'CA' }] })).toEqual(['CA']);
    expect(leadJurisdictions({ phones: [{ e164: '+442079460000', region: 'GB' }] })).toEqual([]);
  });

  it('names every jurisdiction its sources name: a Florida mobile of a Texan', () => {
    expect(leadJurisdictions({
      states: ['Texas'], listRegion: 'US', postalCode: '73301', postalRegion: 'US',
      phones: [{ e164: '+17865550100', region: 'US' }, { e164: '+15125550100', region: 'US' }],
    })).toEqual(['US', 'US-FL', 'US-TX']);
  });

  it('reads a state field by code or name, a province as Canada, only for US and Canadian lists', () => {
    expect(leadJurisdictions({ states: [' fl '], listRegion: 'US' })).toEqual(['US-FL']);
    expect(leadJurisdictions({ states: ['rhode  island'], listRegion: 'US' })).toEqual(['US-RI']);
    expect(leadJurisdictions({ states: ['Québec'], listRegion: 'CA' })).toEqual(['CA']);
    expect(leadJurisdictions({ states: ['NY'], listRegion: 'US' })).toEqual([]);
    // However the list spells it: a separate combining accent, no accent, dots, an old code.
    expect(leadJurisdictions({ states: ['Que\u0301bec'], listRegion: 'CA' })).toEqual(['CA']);
    expect(leadJurisdictions({ states: ['Nouvelle-Ecosse'], listRegion: 'CA' })).toEqual(['CA']);
    expect(leadJurisdictions({ states: ['PQ'], listRegion: 'CA' })).toEqual(['CA']);
    expect(leadJurisdictions({ states: ['Fla.'], listRegion: 'US' })).toEqual(['US-FL']);
    expect(leadJurisdictions({ states: ['N.M.'], listRegion: 'US' })).toEqual(['US-NM']);
    // A state field and a province field both count.
    expect(leadJurisdictions({ states: ['NY', 'ON'], listRegion: 'CA' })).toEqual(['CA']);
    // Western Australia is not Washington.
    expect(leadJurisdictions({ states: ['WA'], listRegion: 'AU' })).toEqual([]);
  });

  it('reads a ZIP code by its first three digits, and a Canadian postal code', () => {
    expect(leadJurisdictions({ postalCode: '33101', postalRegion: 'US' })).toEqual(['US-FL']);
    expect(leadJurisdictions({ postalCode: '34001', postalRegion: 'US' })).toEqual([]); // APO, Americas
    expect(leadJurisdictions({ postalCode: '02903-1234', postalRegion: 'US' })).toEqual(['US-RI']);
    expect(leadJurisdictions({ postalCode: '88510', postalRegion: 'US' })).toEqual(['US-TX']);
    expect(leadJurisdictions({ postalCode: '10001', postalRegion: 'US' })).toEqual([]);
    expect(leadJurisdictions({ postalCode: 'M5V 2T6', postalRegion: 'CA' })).toEqual(['CA']);
  });

  it('names only jurisdictions that have hours, from area codes the zone tables know', () => {
    for (const [areaCode, code] of areaCodeJurisdictions) {
      expect(jurisdictionHours.has(code)).toBe(true);
      expect(nanpAreaCodeZones.has(areaCode) || nanpSplitAreaCodes.has(areaCode)).toBe(true);
    }
  });
});
