// Postal code -> IANA zone(s) where the code alone decides them.
// US: by the 3-digit ZIP prefix (sectional centre) in ranges. Prefixes in states split between
// zones are mapped to the zone of their main city (e.g. 373-374 Chattanooga and 376-379
// Knoxville Eastern, 370-372 Nashville and 380-385 Memphis Central; 425-427 Somerset and
// Elizabethtown Eastern; 586 Dickinson Mountain; 690-692 McCook, North Platte and Valentine
// Central, 693 Alliance Mountain; 798-799 and 885 El Paso Mountain; 838 north Idaho Pacific). Military (090-099, 340, 962-966) and territories other
// than Puerto Rico (006, 007, 009), the US Virgin Islands (008), Guam and the Marianas (969) and American Samoa (96799) are not mapped.
// Canada: by the forward sortation area where it is known, else the province's letter
// (canadian-fsa-zones.ts). Australia: by the state's range of four-digit postcodes, and the
// islands with clocks of their own by theirs.
// A ZIP prefix names the zone of its area's main city, so it cannot say on which side of a zone
// line within the area the person is: it does not settle a split area code. An Australian
// postcode does; a Canadian one where its FSA is known.

import { zonesOfCanadianPostalCode } from './canadian-fsa-zones.js';
import { countryOfPostalCode } from './postal-code-country.js';

/** The zones a postal code names (most of its people's first) and whether it says which of an
 * area code's zones the person is in. */
export interface PostalZones {
  zones: readonly string[];
  settles: boolean;
}

type Zip3Range = readonly [from: number, to: number, zone: string];

const NY = 'America/New_York';
const CHI = 'America/Chicago';
const DEN = 'America/Denver';
const PHX = 'America/Phoenix';
const LA = 'America/Los_Angeles';

const zip3Ranges: readonly Zip3Range[] = [
  [6, 7, 'America/Puerto_Rico'], [8, 8, 'America/St_Thomas'], [9, 9, 'America/Puerto_Rico'],
  [10, 89, NY], [100, 199, NY], [200, 289, NY], [290, 323, NY], [324, 325, CHI], [326, 339, NY], [341, 349, NY],
  [350, 369, CHI], [370, 372, CHI], [373, 374, NY], [376, 379, NY], [380, 385, CHI], [386, 397, CHI], [398, 399, NY],
  [400, 418, NY], [420, 424, CHI], [425, 427, NY], [430, 459, NY], [460, 462, NY], [463, 464, CHI], [465, 475, NY], [476, 477, CHI],
  [478, 479, NY], [480, 497, NY], [500, 528, CHI], [530, 549, CHI], [550, 567, CHI], [570, 576, CHI], [577, 577, DEN],
  [580, 585, CHI], [586, 586, DEN], [587, 588, CHI], [590, 599, DEN], [600, 629, CHI], [630, 658, CHI], [660, 679, CHI], [680, 689, CHI], [690, 692, CHI], [693, 693, DEN],
  [700, 714, CHI], [716, 729, CHI], [730, 749, CHI], [750, 797, CHI], [798, 799, DEN], [800, 816, DEN], [820, 831, DEN],
  [832, 837, DEN], [838, 838, LA], [840, 847, DEN], [850, 865, PHX], [870, 884, DEN], [885, 885, DEN], [889, 898, LA],
  [900, 961, LA], [967, 968, 'Pacific/Honolulu'], [969, 969, 'Pacific/Guam'], [970, 978, LA], [980, 994, LA], [995, 999, 'America/Anchorage'],
];

/** Australian postcodes by their state's range; Broken Hill (2880) keeps South Australia's time,
 * Lord Howe (2898), Norfolk (2899), Christmas (6798) and Cocos (6799) their own. */
const australiaRanges: readonly (readonly [from: number, to: number, zone: string])[] = [
  [200, 299, 'Australia/Sydney'], [800, 999, 'Australia/Darwin'], [1000, 2879, 'Australia/Sydney'],
  [2880, 2880, 'Australia/Broken_Hill'], [2881, 2897, 'Australia/Sydney'], [2898, 2898, 'Australia/Lord_Howe'],
  [2899, 2899, 'Pacific/Norfolk'], [2900, 2999, 'Australia/Sydney'], [3000, 3999, 'Australia/Melbourne'],
  [4000, 4999, 'Australia/Brisbane'], [5000, 5999, 'Australia/Adelaide'], [6000, 6797, 'Australia/Perth'],
  [6798, 6798, 'Indian/Christmas'], [6799, 6799, 'Indian/Cocos'], [6800, 6999, 'Australia/Perth'],
  [7000, 7999, 'Australia/Hobart'], [8000, 8999, 'Australia/Melbourne'], [9000, 9999, 'Australia/Brisbane'],
];

/** The zones of a US ZIP (5 or 9 digits, ZIP+4 with a dash), a Canadian or an Australian postal
 * code of a list of `listRegion`, if known: the code's own shape says its country where it can
 * (postal-code-country.ts), so a Canadian code in a US list is read as Canadian. */
export function zonesOfPostalCode(postalCode: string, listRegion: string | null): PostalZones | null {
  const code = postalCode.trim().toUpperCase();
  const country = countryOfPostalCode(code, listRegion);
  if (country === 'US' || country === 'PR' || country === 'VI') {
    const zone = zoneOfZip(code);
    return zone ? { zones: [zone], settles: false } : null;
  }
  if (country === 'CA') return zonesOfCanadianPostalCode(code);
  if (country === 'AU') {
    if (!/^\d{4}$/.test(code)) return null;
    const value = Number(code);
    const zone = australiaRanges.find(([from, to]) => value >= from && value <= to)?.[2];
    return zone ? { zones: [zone], settles: true } : null;
  }
  return null;
}

function zoneOfZip(code: string): string | null {
  const match = /^(\d{3})\d{2}(?:-?\d{4})?$/.exec(code);
  if (!match) return null;
  // American Samoa shares Hawaii's 967 prefix, an hour behind it.
  if (code.startsWith('96799')) return 'Pacific/Pago_Pago';
  const prefix = Number(match[1]);
  return zip3Ranges.find(([from, to]) => prefix >= from && prefix <= to)?.[2] ?? null;
}
