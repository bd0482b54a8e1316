// Which time zone a lead lives in, and which evidence decided it. Order of trust: a zone the
// list states, then the postal code, then the phone number (NANP area code, or a country with
// one zone), then the campaign default. The source is kept so a manager can see the guesses.

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
}

export interface ResolvedTimeZone {
  zone: string;
  source: TimeZoneSource;
}

export function resolveLeadTimeZone(evidence: TimeZoneEvidence, campaignDefault: string): ResolvedTimeZone {
  const explicit = evidence.explicitZone?.trim();
  if (explicit && isValidTimeZone(explicit)) return { zone: explicit, source: 'explicit' };
  if (evidence.postalCode && evidence.postalRegion) {
    const zone = zoneOfPostalCode(evidence.postalCode, evidence.postalRegion);
    if (zone) return { zone, source: 'postal_code' };
  }
  if (evidence.e164?.startsWith('+1') && evidence.e164.length === 12) {
    const zone = nanpAreaCodeZones.get(evidence.e164.slice(2, 5));
    if (zone) return { zone, source: 'area_code' };
  }
  const regionZone = evidence.phoneRegion ? singleZoneCountries[evidence.phoneRegion] : undefined;
  if (regionZone) return { zone: regionZone, source: 'region' };
  return { zone: campaignDefault, source: 'campaign_default' };
}
