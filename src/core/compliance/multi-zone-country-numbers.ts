// Zones of phone numbers in countries that span several, where the number's leading digits say
// which part of the country it belongs to. Australia's landline area codes follow its states
// (02 New South Wales and the ACT, 03 Victoria and Tasmania, 07 Queensland, 08 the west, centre
// and south); a mobile (04) may be anywhere on the mainland, so it names every zone there and
// the lead waits for the window in all of them, unless a postal code says where the person is.
// Numbers whose digits say nothing (1300, 1800) name none. Brazil's two-digit area codes (DDD)
// follow its states, mobiles included: most are on Brasília time, the centre-west and most of
// the Amazon an hour behind, Acre two (zones as the tz database names them per state). Mexico's
// say nothing of where: each names every zone.

interface PrefixZones {
  /** Leading digits of the national significant number (after the country code). */
  prefix: string;
  /** The zones its numbers may be in, the most populous first. */
  zones: readonly string[];
}

const SYD = 'Australia/Sydney';
const MEL = 'Australia/Melbourne';
const BNE = 'Australia/Brisbane';
const ADL = 'Australia/Adelaide';
const PER = 'Australia/Perth';
const DRW = 'Australia/Darwin';

/** Brazilian area codes (DDD) by the zone of their state. */
const brazilAreaCodes: Readonly<Record<string, readonly number[]>> = {
  'America/Sao_Paulo': [11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46,
    47, 48, 49, 51, 53, 54, 55, 61, 62, 64],
  'America/Araguaina': [63],
  'America/Bahia': [71, 73, 74, 75, 77],
  'America/Maceio': [79, 82],
  'America/Recife': [81, 87],
  'America/Fortaleza': [83, 84, 85, 86, 88, 89, 98, 99],
  'America/Belem': [91, 93, 94, 96],
  'America/Cuiaba': [65, 66],
  'America/Campo_Grande': [67],
  'America/Porto_Velho': [69],
  'America/Manaus': [92, 97],
  'America/Boa_Vista': [95],
  'America/Rio_Branco': [68],
};

const byCountry: Readonly<Record<string, { callingCode: string; prefixes: readonly PrefixZones[] }>> = {
  BR: {
    callingCode: '55',
    prefixes: Object.entries(brazilAreaCodes).flatMap(([zone, codes]) => codes.map((code) => ({ prefix: String(code), zones: [zone] }))),
  },
  // Mexico's numbers do not say which of its zones (Cancún an hour ahead of the capital, the
  // Pacific coast an hour behind, Tijuana two): every number names them all.
  MX: {
    callingCode: '52',
    prefixes: [{ prefix: '', zones: ['America/Mexico_City', 'America/Cancun', 'America/Mazatlan', 'America/Tijuana'] }],
  },
  // The Canaries keep Atlantic time, an hour behind Madrid, and the Azores an hour behind Lisbon:
  // their landlines say so, and a mobile may be there or on the mainland.
  ES: {
    callingCode: '34',
    prefixes: [
      { prefix: '922', zones: ['Atlantic/Canary'] }, { prefix: '928', zones: ['Atlantic/Canary'] },
      { prefix: '6', zones: ['Europe/Madrid', 'Atlantic/Canary'] }, { prefix: '7', zones: ['Europe/Madrid', 'Atlantic/Canary'] },
      { prefix: '', zones: ['Europe/Madrid'] },
    ],
  },
  PT: {
    callingCode: '351',
    prefixes: [
      { prefix: '292', zones: ['Atlantic/Azores'] }, { prefix: '295', zones: ['Atlantic/Azores'] }, { prefix: '296', zones: ['Atlantic/Azores'] },
      { prefix: '9', zones: ['Europe/Lisbon', 'Atlantic/Azores'] },
      { prefix: '', zones: ['Europe/Lisbon'] },
    ],
  },
  AU: {
    callingCode: '61',
    prefixes: [
      { prefix: '2', zones: [SYD] },
      { prefix: '3', zones: [MEL] },
      { prefix: '7', zones: [BNE] },
      { prefix: '8', zones: [ADL, PER, DRW] },
      { prefix: '4', zones: [SYD, BNE, ADL, DRW, PER] },
    ],
  },
};

/** Every zone named here, for checks that the platform knows them. */
export const multiZoneCountryZones: readonly string[] = [...new Set(Object.values(byCountry).flatMap((c) => c.prefixes.flatMap((p) => p.zones)))];

/** The zones an E.164 number of a multi-zone country may be in: none when its country is not
 * one of these or its digits do not say. */
export function zonesOfMultiZoneNumber(e164: string, region: string | null): readonly string[] {
  const country = region ? byCountry[region] : undefined;
  if (!country || !e164.startsWith(`+${country.callingCode}`)) return [];
  const national = e164.slice(country.callingCode.length + 1);
  return country.prefixes.find((p) => national.startsWith(p.prefix))?.zones ?? [];
}
