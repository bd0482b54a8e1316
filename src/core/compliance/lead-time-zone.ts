// Which time zone a lead lives in, and which evidence decided it. Order of trust: a zone the
// list states, then the postal code, then the phone numbers in order (a NANP area code, or a
// country with one zone: a lead's UK mobile beside a New York landline names London), then the
// campaign default. The source is kept so a manager can see the guesses.
// Sources that name another zone (a mobile number kept after a move, a list's stale zone) are
// kept too: the lead is called only while the window is open in every one of them, since the
// person may be in any (the FCC asks for the called party's local time, which no source proves).
// An area code that spans zones names all of them; a more trusted source naming one of them
// says which, and then the others are not kept, unless that source is a postal code read by its
// first digits (US) or a Canadian one by its province's letter alone: it names its area's main
// zone, not the person's side of a zone line (a Kentucky ZIP prefix straddles it). A zone column may give an abbreviation ("EST",
// "Pacific"): it names its region's zone (zone-abbreviations.ts).

import { singleZoneCountries } from './country-zones.js';
import { isRegionalTimeZone } from './local-time.js';
import { zonesOfMultiZoneNumber } from './multi-zone-country-numbers.js';
import { zonesOfAbbreviation } from './zone-abbreviations.js';
import { countryZonesOfNanp, isNonGeographicNanpCode, nanpAreaCodeZones } from './nanp-area-code-zones.js';
import { nanpSplitAreaCodes } from './nanp-split-area-codes.js';
import { zonesOfPostalCode } from './postal-code-zones.js';

export type TimeZoneSource = 'explicit' | 'postal_code' | 'area_code' | 'region' | 'campaign_default';

export interface TimeZoneEvidence {
  /** Zone column of the lead, if any (validated here). */
  explicitZone?: string | null;
  postalCode?: string | null;
  /** The list's default region: a postal code of no shape of its own is read as its country's. */
  postalRegion?: string | null;
  /** First phone of the lead in E.164, and its region as the phone library found it. */
  e164?: string | null;
  phoneRegion?: string | null;
  /** The lead's other phones: any of them may be the one dialled, so the zones they name count
   * too (after the first phone's). */
  otherPhones?: readonly PhoneEvidence[];
}

/** A phone in E.164 and its region as the phone library found it. */
export interface PhoneEvidence {
  e164: string;
  region: string | null;
}

const isNanpNumber = (e164: string): boolean => e164.startsWith('+1') && e164.length === 12;

/** The zones a NANP number's area code names: one, several for a code that spans zones, or none. */
function areaCodeZones(e164: string): readonly string[] {
  if (!isNanpNumber(e164)) return [];
  const code = e164.slice(2, 5);
  const zone = nanpAreaCodeZones.get(code);
  return zone ? [zone] : nanpSplitAreaCodes.get(code) ?? [];
}

/** What one source says: the zones the person may be in (most likely first). */
interface NamedZones {
  zones: readonly string[];
  source: TimeZoneSource;
  /** Whether the source says which of another source's zones the person is in, when it names one of them. */
  settles: boolean;
}

/** The zones a phone names: its area code's (NANP, and the countries whose numbers say which of
 * their zones), else its country's when the country keeps one. */
function phoneZones(phone: PhoneEvidence): NamedZones | null {
  const area = areaCodeZones(phone.e164);
  if (area.length > 0) return { zones: area, source: 'area_code', settles: true };
  const part = zonesOfMultiZoneNumber(phone.e164, phone.region);
  if (part.length > 0) return { zones: part, source: 'area_code', settles: true };
  // A US or Canadian area code the tables do not know yet: anywhere in its country.
  const geographic = isNanpNumber(phone.e164) && !isNonGeographicNanpCode(phone.e164.slice(2, 5));
  const nanpCountry = phone.region && geographic ? countryZonesOfNanp[phone.region] : undefined;
  if (nanpCountry) return { zones: nanpCountry, source: 'area_code', settles: true };
  const country = phone.region ? singleZoneCountries[phone.region] : undefined;
  return country ? { zones: [country], source: 'region', settles: true } : null;
}

export interface ResolvedTimeZone {
  zone: string;
  source: TimeZoneSource;
  /** Other zones a less trusted source names, each once, in order of trust; empty when all agree. */
  otherZones: string[];
}

/** The zones each source names, in order of trust (sources naming none left out). */
function zonesBySource(evidence: TimeZoneEvidence): NamedZones[] {
  const named: NamedZones[] = [];
  const explicit = evidence.explicitZone?.trim();
  const stated = explicit ? zonesOfAbbreviation(explicit) ?? (isRegionalTimeZone(explicit) ? [explicit] : null) : null;
  if (stated) named.push({ zones: stated, source: 'explicit', settles: true });
  const postal = evidence.postalCode ? zonesOfPostalCode(evidence.postalCode, evidence.postalRegion ?? null) : null;
  if (postal) named.push({ zones: postal.zones, source: 'postal_code', settles: postal.settles });
  const first = evidence.e164 ? [{ e164: evidence.e164, region: evidence.phoneRegion ?? null }] : [];
  for (const phone of [...first, ...(evidence.otherPhones ?? [])]) {
    const zones = phoneZones(phone);
    if (zones) named.push(zones);
  }
  return named;
}

export function resolveLeadTimeZone(evidence: TimeZoneEvidence, campaignDefault: string): ResolvedTimeZone {
  const [first, ...rest] = zonesBySource(evidence);
  const zone = first?.zones[0];
  if (!first || !zone) return { zone: campaignDefault, source: 'campaign_default', otherZones: [] };
  const others = new Set(first.zones.slice(1));
  // A less trusted source whose zones include the lead's agrees with it; one that does not may
  // be where the person is, in any of its zones.
  for (const named of rest) if (!(first.settles && named.zones.includes(zone))) for (const other of named.zones) others.add(other);
  others.delete(zone);
  return { zone, source: first.source, otherZones: [...others] };
}
