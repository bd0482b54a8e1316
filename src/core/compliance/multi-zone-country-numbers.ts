// Zones of phone numbers in countries that span several, where the number's leading digits say
// which part of the country it belongs to. Australia's landline area codes follow its states
// (02 New South Wales and the ACT, 03 Victoria and Tasmania, 07 Queensland, 08 the west, centre
// and south); a mobile (04) may be anywhere on the mainland, so it names every zone there and
// the lead waits for the window in all of them, unless a postal code says where the person is.
// Numbers whose digits say nothing (1300, 1800) name none.

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

const byCountry: Readonly<Record<string, { callingCode: string; prefixes: readonly PrefixZones[] }>> = {
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
