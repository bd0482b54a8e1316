import { describe, expect, it } from 'vitest';
import { resolveLeadTimeZone } from './lead-time-zone.js';
import { isValidTimeZone } from './local-time.js';
import { countryZonesOfNanp, nanpAreaCodeZones } from './nanp-area-code-zones.js';
import { nanpSplitAreaCodes } from './nanp-split-area-codes.js';
import { multiZoneCountryZones } from './multi-zone-country-numbers.js';
import { abbreviationZones } from './zone-abbreviations.js';
import { singleZoneCountries } from './country-zones.js';
import { canadianFsaZones } from './canadian-fsa-zones.js';

const us = (e164: string) => ({ e164, region: 'US' });

describe('lead time zone', () => {
  it('prefers an explicit valid zone, then postal code, area code, region, default', () => {
    expect(resolveLeadTimeZone({ explicitZone: 'America/Denver', postalCode: '80202', postalRegion: 'US' }, 'UTC')).toEqual({ zone: 'America/Denver', source: 'explicit', otherZones: [] });
    expect(resolveLeadTimeZone({ explicitZone: 'Mars/Olympus', postalCode: '94105', postalRegion: 'US', e164: '+14155550100' }, 'UTC'))
      .toEqual({ zone: 'America/Los_Angeles', source: 'postal_code', otherZones: [] });
    expect(resolveLeadTimeZone({ postalCode: 'T2P 1J9', postalRegion: 'CA' }, 'UTC')).toEqual({ zone: 'America/Edmonton', source: 'postal_code', otherZones: [] });
    expect(resolveLeadTimeZone({ e164: '+13125550100', phoneRegion: 'US' }, 'UTC')).toEqual({ zone: 'America/Chicago', source: 'area_code', otherZones: [] });
    expect(resolveLeadTimeZone({ e164: '+442079460000', phoneRegion: 'GB' }, 'UTC')).toEqual({ zone: 'Europe/London', source: 'region', otherZones: [] });
    // A mobile of Guernsey's or Man's in a British list: tagged with the island, in London's time.
    expect(resolveLeadTimeZone({ e164: '+447911123456', phoneRegion: 'GG' }, 'America/New_York')).toEqual({ zone: 'Europe/Guernsey', source: 'region', otherZones: [] });
    expect(resolveLeadTimeZone({ e164: '+447624123456', phoneRegion: 'IM' }, 'America/New_York')).toEqual({ zone: 'Europe/Isle_of_Man', source: 'region', otherZones: [] });
    expect(resolveLeadTimeZone({ e164: '+18005550100', phoneRegion: 'US' }, 'America/New_York')).toEqual({ zone: 'America/New_York', source: 'campaign_default', otherZones: [] });
  });

  it("counts the zones its other phones' area codes name: any of them may be the one dialled", () => {
    expect(resolveLeadTimeZone({ e164: '+12125550100', phoneRegion: 'US', otherPhones: [us('+13105550100'), us('+12125550101')] }, 'UTC'))
      .toEqual({ zone: 'America/New_York', source: 'area_code', otherZones: ['America/Los_Angeles'] });
    // The first phone names none (a non-geographic or foreign number): the next that does decides.
    expect(resolveLeadTimeZone({ e164: '+18005550100', phoneRegion: 'US', otherPhones: [us('+13125550100')] }, 'UTC'))
      .toEqual({ zone: 'America/Chicago', source: 'area_code', otherZones: [] });
    // A stated zone stays first; the others' zones are kept beside it.
    expect(resolveLeadTimeZone({ explicitZone: 'America/Denver', e164: '+13035550100', otherPhones: [us('+14155550100')] }, 'UTC'))
      .toEqual({ zone: 'America/Denver', source: 'explicit', otherZones: ['America/Los_Angeles'] });
  });

  it("counts the zone of a foreign phone's country, whichever phone comes first", () => {
    const london = { e164: '+447911123456', region: 'GB' };
    expect(resolveLeadTimeZone({ e164: '+12125550100', phoneRegion: 'US', otherPhones: [london] }, 'UTC'))
      .toEqual({ zone: 'America/New_York', source: 'area_code', otherZones: ['Europe/London'] });
    expect(resolveLeadTimeZone({ e164: london.e164, phoneRegion: 'GB', otherPhones: [us('+12125550100')] }, 'UTC'))
      .toEqual({ zone: 'Europe/London', source: 'region', otherZones: ['America/New_York'] });
  });

  it('keeps the zones less trusted sources name when they disagree, each once', () => {
    // A New York mobile number kept after a move to San Francisco.
    expect(resolveLeadTimeZone({ postalCode: '94105', postalRegion: 'US', e164: '+12125550100', phoneRegion: 'US' }, 'UTC'))
      .toEqual({ zone: 'America/Los_Angeles', source: 'postal_code', otherZones: ['America/New_York'] });
    expect(resolveLeadTimeZone({ explicitZone: 'America/Denver', postalCode: '10001', postalRegion: 'US', e164: '+13125550100' }, 'UTC'))
      .toEqual({ zone: 'America/Denver', source: 'explicit', otherZones: ['America/New_York', 'America/Chicago'] });
    expect(resolveLeadTimeZone({ explicitZone: 'America/Chicago', postalCode: '60601', postalRegion: 'US', e164: '+12125550100' }, 'UTC').otherZones).toEqual(['America/New_York']);
  });

  it('names every zone an area code spans, unless a more trusted source says which', () => {
    // 850: Pensacola is on Central time, Tallahassee on Eastern.
    expect(resolveLeadTimeZone({ e164: '+18505550100', phoneRegion: 'US' }, 'America/New_York'))
      .toEqual({ zone: 'America/Chicago', source: 'area_code', otherZones: ['America/New_York'] });
    expect(resolveLeadTimeZone({ e164: '+18675550100', phoneRegion: 'CA' }, 'UTC').otherZones).toHaveLength(3);
    // A Pensacola ZIP code names Central time first, but a ZIP prefix cannot say which side of the
    // line the person is (Port St. Joe's 324 is Eastern): the number's other zone is kept.
    expect(resolveLeadTimeZone({ postalCode: '32501', postalRegion: 'US', e164: '+18505550100', phoneRegion: 'US' }, 'UTC'))
      .toEqual({ zone: 'America/Chicago', source: 'postal_code', otherZones: ['America/New_York'] });
    // A zone the list states does say which.
    expect(resolveLeadTimeZone({ explicitZone: 'America/Chicago', e164: '+18505550100', phoneRegion: 'US' }, 'UTC'))
      .toEqual({ zone: 'America/Chicago', source: 'explicit', otherZones: [] });
    // An address elsewhere: the person may be there or anywhere the number's area code spans.
    expect(resolveLeadTimeZone({ postalCode: '94105', postalRegion: 'US', e164: '+18505550100', phoneRegion: 'US' }, 'UTC'))
      .toEqual({ zone: 'America/Los_Angeles', source: 'postal_code', otherZones: ['America/Chicago', 'America/New_York'] });
    // A San Francisco address beside a 208 number: Pacific, or Idaho's Mountain time.
    expect(resolveLeadTimeZone({ postalCode: '94105', postalRegion: 'US', e164: '+12085550100', phoneRegion: 'US' }, 'UTC').otherZones).toEqual(['America/Boise']);
    // A second number in one of the zones adds nothing; one elsewhere adds its zone.
    expect(resolveLeadTimeZone({ e164: '+12705550100', phoneRegion: 'US', otherPhones: [us('+12125550100')] }, 'UTC'))
      .toEqual({ zone: 'America/Chicago', source: 'area_code', otherZones: ['America/New_York'] });
    expect(resolveLeadTimeZone({ e164: '+13035550100', phoneRegion: 'US', otherPhones: [us('+16055550100')] }, 'UTC'))
      .toEqual({ zone: 'America/Denver', source: 'area_code', otherZones: [] });
    expect(resolveLeadTimeZone({ e164: '+13125550100', phoneRegion: 'US', otherPhones: [us('+12085550100')] }, 'UTC'))
      .toEqual({ zone: 'America/Chicago', source: 'area_code', otherZones: ['America/Boise', 'America/Los_Angeles'] });
  });

  it('reads the part of Australia from a landline, and every mainland zone from a mobile', () => {
    const au = (e164: string, extra = {}) => resolveLeadTimeZone({ e164, phoneRegion: 'AU', ...extra }, 'UTC');
    expect(au('+61292345678')).toEqual({ zone: 'Australia/Sydney', source: 'area_code', otherZones: [] });
    expect(au('+61733345678')).toEqual({ zone: 'Australia/Brisbane', source: 'area_code', otherZones: [] });
    expect(au('+61412345678')).toEqual({
      zone: 'Australia/Sydney', source: 'area_code', otherZones: ['Australia/Brisbane', 'Australia/Adelaide', 'Australia/Darwin', 'Australia/Perth'],
    });
    // A Perth postcode says where the mobile's owner is; a Sydney one beside an 08 landline does not settle the landline.
    expect(au('+61412345678', { postalCode: '6000', postalRegion: 'AU' })).toEqual({ zone: 'Australia/Perth', source: 'postal_code', otherZones: [] });
    expect(au('+61892345678', { postalCode: '2000', postalRegion: 'AU' }))
      .toEqual({ zone: 'Australia/Sydney', source: 'postal_code', otherZones: ['Australia/Adelaide', 'Australia/Perth', 'Australia/Darwin'] });
    expect(au('+61412345678', { postalCode: '2880', postalRegion: 'AU' }).zone).toBe('Australia/Broken_Hill');
    expect(au('+61412345678', { postalCode: '0800', postalRegion: 'AU' }).zone).toBe('Australia/Darwin');
    // The islands keep clocks of their own: Lord Howe half an hour off Sydney, Norfolk an hour on.
    expect(au('+61412345678', { postalCode: '2898', postalRegion: 'AU' }).zone).toBe('Australia/Lord_Howe');
    expect(au('+61412345678', { postalCode: '2899', postalRegion: 'AU' }).zone).toBe('Pacific/Norfolk');
    expect(au('+61412345678', { postalCode: '6798', postalRegion: 'AU' }).zone).toBe('Indian/Christmas');
    expect(au('+61412345678', { postalCode: '6799', postalRegion: 'AU' }).zone).toBe('Indian/Cocos');
    // A freecall number says nothing.
    expect(au('+611800123456')).toEqual({ zone: 'UTC', source: 'campaign_default', otherZones: [] });
  });

  it('names every zone of the country for a geographic area code the tables do not know, none for a toll-free one', () => {
    const nanp = (e164: string, region: string) => resolveLeadTimeZone({ e164, phoneRegion: region }, 'America/New_York');
    // 986 overlays Idaho's 208: Mountain or Pacific, never the campaign's Eastern.
    expect(nanp('+19862001234', 'US')).toEqual({ zone: 'America/Boise', source: 'area_code', otherZones: ['America/Los_Angeles'] });
    expect(nanp('+12012001234', 'US').zone).toBe('America/New_York');
    expect(nanp('+17382001234', 'US').zone).toBe('America/Los_Angeles');
    // A code not in the tables yet (a new Canadian overlay): anywhere in Canada.
    expect(nanp('+12732001234', 'CA')).toEqual({ zone: 'America/Toronto', source: 'area_code', otherZones: countryZonesOfNanp.CA?.slice(1) });
    for (const tollFree of ['+18002001234', '+18882001234', '+19002001234', '+15002001234']) {
      expect(nanp(tollFree, 'US'), tollFree).toEqual({ zone: 'America/New_York', source: 'campaign_default', otherZones: [] });
    }
  });

  it('maps ZIP prefixes of Kentucky, North Dakota and Nebraska to the zone of their main city, keeping a split area code\'s other zone', () => {
    const zip = (postalCode: string, e164: string) => resolveLeadTimeZone({ postalCode, postalRegion: 'US', e164, phoneRegion: 'US' }, 'UTC');
    // North Platte is Central, Alliance Mountain; Elizabethtown is Eastern (Columbia, in the same
    // 427 prefix, Central); Dickinson Mountain.
    expect(zip('69101', '+13085321234')).toEqual({ zone: 'America/Chicago', source: 'postal_code', otherZones: ['America/Denver'] });
    expect(zip('69301', '+13087621234')).toEqual({ zone: 'America/Denver', source: 'postal_code', otherZones: ['America/Chicago'] });
    expect(zip('42728', '+12703841234')).toEqual({ zone: 'America/New_York', source: 'postal_code', otherZones: ['America/Chicago'] });
    expect(zip('58601', '+17012251234').zone).toBe('America/Denver');
  });

  it('reads the US territories and the Caribbean of the North American plan by their region, and Mexico as all of its zones', () => {
    const nanp = (e164: string, region: string) => resolveLeadTimeZone({ e164, phoneRegion: region }, 'America/New_York');
    expect(nanp('+16714725555', 'GU')).toEqual({ zone: 'Pacific/Guam', source: 'region', otherZones: [] });
    expect(nanp('+13407741234', 'VI')).toEqual({ zone: 'America/St_Thomas', source: 'region', otherZones: [] });
    expect(nanp('+14412921234', 'BM')).toEqual({ zone: 'Atlantic/Bermuda', source: 'region', otherZones: [] });
    expect(resolveLeadTimeZone({ e164: '+526641234567', phoneRegion: 'MX' }, 'America/New_York'))
      .toEqual({ zone: 'America/Mexico_City', source: 'area_code', otherZones: ['America/Cancun', 'America/Mazatlan', 'America/Tijuana'] });
  });

  it('reads the Canaries and the Azores from their landlines, and a Spanish or Portuguese mobile as either side', () => {
    const zoneOf = (e164: string, region: string) => resolveLeadTimeZone({ e164, phoneRegion: region }, 'UTC');
    expect(zoneOf('+34928123456', 'ES')).toEqual({ zone: 'Atlantic/Canary', source: 'area_code', otherZones: [] });
    expect(zoneOf('+34911234567', 'ES')).toEqual({ zone: 'Europe/Madrid', source: 'area_code', otherZones: [] });
    expect(zoneOf('+34612345678', 'ES')).toEqual({ zone: 'Europe/Madrid', source: 'area_code', otherZones: ['Atlantic/Canary'] });
    expect(zoneOf('+351296123456', 'PT')).toEqual({ zone: 'Atlantic/Azores', source: 'area_code', otherZones: [] });
    expect(zoneOf('+351912345678', 'PT')).toEqual({ zone: 'Europe/Lisbon', source: 'area_code', otherZones: ['Atlantic/Azores'] });
    // ZIP codes of Guam and of American Samoa (in Hawaii's 967 prefix).
    expect(resolveLeadTimeZone({ postalCode: '96910', postalRegion: 'US' }, 'UTC').zone).toBe('Pacific/Guam');
    expect(resolveLeadTimeZone({ postalCode: '96799', postalRegion: 'US' }, 'UTC').zone).toBe('Pacific/Pago_Pago');
  });

  it("reads the Brazilian state from a number's area code, mobiles included", () => {
    const br = (e164: string, extra = {}) => resolveLeadTimeZone({ e164, phoneRegion: 'BR', ...extra }, 'America/Sao_Paulo');
    expect(br('+551134567890')).toEqual({ zone: 'America/Sao_Paulo', source: 'area_code', otherZones: [] });
    expect(br('+5592981234567')).toEqual({ zone: 'America/Manaus', source: 'area_code', otherZones: [] });
    expect(br('+556832234567')).toEqual({ zone: 'America/Rio_Branco', source: 'area_code', otherZones: [] });
    expect(br('+5565991234567', { otherPhones: [{ e164: '+5511987654321', region: 'BR' }] }))
      .toEqual({ zone: 'America/Cuiaba', source: 'area_code', otherZones: ['America/Sao_Paulo'] });
  });

  it("reads a zone column's abbreviations as their regions, with daylight saving", () => {
    expect(resolveLeadTimeZone({ explicitZone: 'EST' }, 'UTC')).toEqual({ zone: 'America/New_York', source: 'explicit', otherZones: [] });
    expect(resolveLeadTimeZone({ explicitZone: ' pacific ' }, 'UTC')).toEqual({ zone: 'America/Los_Angeles', source: 'explicit', otherZones: [] });
    // Mountain time is Denver's, with daylight saving, or Phoenix's, without.
    expect(resolveLeadTimeZone({ explicitZone: 'MST' }, 'UTC')).toEqual({ zone: 'America/Denver', source: 'explicit', otherZones: ['America/Phoenix'] });
    expect(resolveLeadTimeZone({ explicitZone: 'MST', e164: '+16025550100', phoneRegion: 'US' }, 'UTC').otherZones).toEqual(['America/Phoenix']);
    expect(resolveLeadTimeZone({ explicitZone: 'CST', e164: '+12125550100', phoneRegion: 'US' }, 'UTC'))
      .toEqual({ zone: 'America/Chicago', source: 'explicit', otherZones: ['America/New_York'] });
    // Atlantic time as a list means it (the platform reads "AST" as Anchorage's), Newfoundland's too.
    expect(resolveLeadTimeZone({ explicitZone: 'AST' }, 'UTC')).toEqual({ zone: 'America/Halifax', source: 'explicit', otherZones: ['America/Puerto_Rico'] });
    expect(resolveLeadTimeZone({ explicitZone: 'NST' }, 'UTC').zone).toBe('America/St_Johns');
    // Names of no region, or of one a list hardly means, are no zone: the next source decides.
    for (const unclear of ['IST', 'BST', 'GMT', 'CET']) {
      expect(resolveLeadTimeZone({ explicitZone: unclear, e164: '+12125550100', phoneRegion: 'US' }, 'UTC'), unclear)
        .toEqual({ zone: 'America/New_York', source: 'area_code', otherZones: [] });
    }
    expect(resolveLeadTimeZone({ explicitZone: 'Asia/Kolkata' }, 'UTC').zone).toBe('Asia/Kolkata');
    expect(resolveLeadTimeZone({ explicitZone: 'UTC' }, 'America/New_York')).toEqual({ zone: 'UTC', source: 'explicit', otherZones: [] });
  });

  it('maps ZIP prefixes of split states to their main city', () => {
    expect(resolveLeadTimeZone({ postalCode: '37201', postalRegion: 'US' }, 'UTC').zone).toBe('America/Chicago'); // Nashville
    expect(resolveLeadTimeZone({ postalCode: '37902', postalRegion: 'US' }, 'UTC').zone).toBe('America/New_York'); // Knoxville
    expect(resolveLeadTimeZone({ postalCode: '85001-1234', postalRegion: 'US' }, 'UTC').zone).toBe('America/Phoenix');
  });

  it('every zone in the tables is known to the platform, and no area code is listed twice', () => {
    const split = [...nanpSplitAreaCodes.values()].flat();
    for (const zone of new Set([...nanpAreaCodeZones.values(), ...split, ...multiZoneCountryZones, ...Object.values(countryZonesOfNanp).flat(), ...abbreviationZones, ...Object.values(singleZoneCountries), ...canadianFsaZones])) {
      expect(isValidTimeZone(zone), zone).toBe(true);
    }
    expect(nanpAreaCodeZones.size).toBeGreaterThan(300);
    for (const [code, zones] of nanpSplitAreaCodes) {
      expect(nanpAreaCodeZones.has(code), code).toBe(false);
      expect(new Set(zones).size, code).toBeGreaterThan(1);
    }
  });
});
