// Phone numbers from lists to E.164, with the list's default region for national formats.
// Parsing costs ~15 us a number, too slow for a million-row import, so NANP numbers (10 digits,
// or 11 with the leading 1) are decided once per area code + exchange (NPA-NXX): with the
// library's "min" metadata their validity and country depend on those six digits only (a test
// checks this against the library on random numbers).

import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

export type PhoneResult = { ok: true; e164: string; region: string | null } | { ok: false; reason: string };

const NANP_REGIONS = new Set(['US', 'CA', 'PR', 'VI', 'GU', 'AS', 'MP', 'AG', 'AI', 'BB', 'BM', 'BS', 'DM', 'DO', 'GD', 'JM', 'KN', 'KY', 'LC', 'MS', 'SX', 'TC', 'TT', 'VC', 'VG']);

export interface PhoneNormaliser {
  normalise(raw: string): PhoneResult;
}

export function createPhoneNormaliser(defaultRegion: string): PhoneNormaliser {
  const region = defaultRegion.toUpperCase() as CountryCode;
  const nanpDefault = NANP_REGIONS.has(region);
  const byExchange = new Map<string, { valid: boolean; region: string | null }>();

  const slow = (raw: string): PhoneResult => {
    const parsed = parsePhoneNumberFromString(raw, region);
    if (!parsed) return { ok: false, reason: 'not a phone number' };
    if (!parsed.isValid()) return { ok: false, reason: `not a valid number for ${parsed.country ?? region}` };
    return { ok: true, e164: parsed.number, region: parsed.country ?? null };
  };

  return {
    normalise(raw: string): PhoneResult {
      const text = raw.trim();
      if (text.length === 0) return { ok: false, reason: 'empty' };
      if (/[a-z]/i.test(text)) return slow(text);
      const plus = text.startsWith('+');
      let digits = text.replace(/\D/g, '');
      if (digits.length === 11 && digits.startsWith('1') && (plus || nanpDefault)) digits = digits.slice(1);
      else if (!(digits.length === 10 && !plus && nanpDefault)) return slow(text);
      const exchange = digits.slice(0, 6);
      let known = byExchange.get(exchange);
      if (!known) {
        const result = slow(`+1${digits}`);
        known = result.ok ? { valid: true, region: result.region } : { valid: false, region: null };
        byExchange.set(exchange, known);
      }
      return known.valid ? { ok: true, e164: `+1${digits}`, region: known.region } : { ok: false, reason: 'not a valid NANP number' };
    },
  };
}
