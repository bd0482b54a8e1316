import { describe, expect, it } from 'vitest';
import { leadJurisdictions } from './lead-jurisdictions.js';
import { resolveLeadTimeZone } from './lead-time-zone.js';
import { countryOfPostalCode } from './postal-code-country.js';

describe("a postal code's country, by its own shape", () => {
  it('reads a Canadian code as Canadian in any list, with or without its space, in any case', () => {
    for (const region of ['US', 'CA', 'PR', 'GB', null]) {
      expect(countryOfPostalCode('M5V 3L9', region), String(region)).toBe('CA');
      expect(countryOfPostalCode('h2x1y4', region), String(region)).toBe('CA');
    }
  });

  it('reads a ZIP as American in a North American list, a ZIP+4 in any, and a five-digit code elsewhere as the list\'s', () => {
    expect(countryOfPostalCode('10001', 'US')).toBe('US');
    expect(countryOfPostalCode('14201', 'CA')).toBe('US'); // Buffalo, in a Canadian list
    expect(countryOfPostalCode('00901', 'PR')).toBe('PR');
    expect(countryOfPostalCode('02134-1234', 'GB')).toBe('US');
    expect(countryOfPostalCode('10115', 'DE')).toBe('DE'); // Berlin, not New York
    expect(countryOfPostalCode('SW1A 1AA', 'GB')).toBe('GB');
    expect(countryOfPostalCode('2000', 'AU')).toBe('AU');
  });
});

describe('a Canadian postal code in a US list', () => {
  const us = (postalCode: string, e164 = '+12125550100') => resolveLeadTimeZone({ postalCode, postalRegion: 'US', e164, phoneRegion: 'US' }, 'America/New_York');

  it('names the zone of its FSA or province, the postal code the source', () => {
    expect(us('M5V 3L9')).toEqual({ zone: 'America/Toronto', source: 'postal_code', otherZones: ['America/New_York'] });
    expect(us('H2X1Y4')).toMatchObject({ zone: 'America/Toronto', source: 'postal_code' });
    expect(us('T2P 1J9')).toMatchObject({ zone: 'America/Edmonton', source: 'postal_code' });
    expect(us('V1C 4H4', '+12505550100')).toMatchObject({ zone: 'America/Edmonton', source: 'postal_code' }); // Cranbrook
    // A US ZIP stays American.
    expect(us('94105')).toEqual({ zone: 'America/Los_Angeles', source: 'postal_code', otherZones: ['America/New_York'] });
  });

  it('brings Canada\'s calling hours, and a ZIP in a Canadian list its state\'s', () => {
    expect(leadJurisdictions({ postalCode: 'M5V 3L9', postalRegion: 'US' })).toEqual(['CA']);
    expect(leadJurisdictions({ postalCode: 'h2x1y4', postalRegion: 'US' })).toEqual(['CA']);
    expect(leadJurisdictions({ postalCode: '33101', postalRegion: 'US' })).toEqual(['US-FL']);
    expect(leadJurisdictions({ postalCode: '33101', postalRegion: 'CA' })).toEqual(['US-FL']);
    expect(resolveLeadTimeZone({ postalCode: '33101', postalRegion: 'CA' }, 'America/Toronto')).toMatchObject({ zone: 'America/New_York', source: 'postal_code' });
  });
});
