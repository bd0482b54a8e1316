// Which time zone a lead lives in, and which evidence decided it. Order of trust: a zone the
// list states, then the postal code, then the phone numbers in order (a NANP area code, or a
// country with one zone: a lead's UK mobile beside a New York landline names London), then the
// campaign default. The source is kept so a manager can see the guesses.
// Sources that name another zone (a mobile number kept after a move, a list's stale zone) are
// kept too: the lead is called only while the window is open in every one of them, since the
// person may be in any (the FCC asks for the called party's local time, which no source proves).

import { singleZoneCountries } from './country-zones.js';
import { isValidTimeZone } from './local-time.js';
import { nanpAreaCodeZones } from './nanp-area-code-zones.js';
import { zoneOfPostalCode } from './postal-code-zones.js';

export type TimeZoneSource = 'explicit' | 'postal_code' | 'area_code' | 'region' | 'campaign_default';

export interface TimeZoneEvidence {
  /** Zone column of the lead, if any (validated here). */
  explicitZone?: string | null;
  postalCode?: string | null;
  /** ISO region of the postal code: the list's default region. */
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

/** The zone a NANP number's area code names, if it names one. */
function areaCodeZone(e164: string | null | undefined): string | undefined {
  return e164?.startsWith('+1') && e164.length === 12 ? nanpAreaCodeZones.get(e164.slice(2, 5)) : undefined;
}

/** The zone a phone names: its area code's (NANP), else its country's when the country keeps one. */
function phoneZone(phone: PhoneEvidence): { zone: string; source: TimeZoneSource } | null {
  const area = areaCodeZone(phone.e164);
  if (area) return { zone: area, source: 'area_code' };
  const country = phone.region ? singleZoneCountries[phone.region] : undefined;
  return country ? { zone: country, source: 'region' } : null;
}

export interface ResolvedTimeZone {
  zone: string;
  source: TimeZoneSource;
  /** Other zones a less trusted source names, each once, in order of trust; empty when all agree. */
  otherZones: string[];
}

/** The zone each source names, in order of trust (sources naming none left out). */
function zonesBySource(evidence: TimeZoneEvidence): { zone: string; source: TimeZoneSource }[] {
  const named: { zone: string; source: TimeZoneSource }[] = [];
  const explicit = evidence.explicitZone?.trim();
  if (explicit && isValidTimeZone(explicit)) named.push({ zone: explicit, source: 'explicit' });
  const postal = evidence.postalCode && evidence.postalRegion ? zoneOfPostalCode(evidence.postalCode, evidence.postalRegion) : null;
  if (postal) named.push({ zone: postal, source: 'postal_code' });
  const first = evidence.e164 ? [{ e164: evidence.e164, region: evidence.phoneRegion ?? null }] : [];
  for (const phone of [...first, ...(evidence.otherPhones ?? [])]) {
    const zone = phoneZone(phone);
    if (zone) named.push(zone);
  }
  return named;
}

export function resolveLeadTimeZone(evidence: TimeZoneEvidence, campaignDefault: string): ResolvedTimeZone {
  const [first, ...rest] = zonesBySource(evidence);
  if (first) {
    const otherZones = [...new Set(rest.map((named) => named.zone))].filter((zone) => zone !== first.zone);
    return { ...first, otherZones };
  }
  return { zone: campaignDefault, source: 'campaign_default', otherZones: [] };
}
