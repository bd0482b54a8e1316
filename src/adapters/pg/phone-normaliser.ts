// Phone numbers from lists to E.164, with the list's default region for national formats.
// Parsing costs ~15 us a number, too slow for a million-row import, so NANP numbers (10 digits,
// or 11 with the leading 1) are decided once per area code + exchange (NPA-NXX): with the
// library's "min" metadata their validity and country depend on those six digits only (a test
// checks this against the library on random numbers).

import { getCountryCallingCode, parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode, type PhoneNumber } from 'libphonenumber-js/min';
import { countriesOfNumber } from './countries-of-code.js';
import { createNanpRefusals, hasServiceCode } from './nanp-refusal.js';
import { nationalFormatHint } from './national-format-hint.js';
import { phoneRefusal, type InvalidNumberReason, type PhoneRefusal } from './phone-refusal.js';

/** `extension`: one written after the number (`x123`), which a dial does not reach. */
export type PhoneResult = { ok: true; e164: string; region: string | null; extension?: string } | PhoneRefusal;

const NANP_REGIONS = new Set(['US', 'CA', 'PR', 'VI', 'GU', 'AS', 'MP', 'AG', 'AI', 'BB', 'BM', 'BS', 'DM', 'DO', 'GD', 'JM', 'KN', 'KY', 'LC', 'MS', 'SX', 'TC', 'TT', 'VC', 'VG']);

/** A number a spreadsheet showed in scientific notation and saved so: `2.12555E+09`. */
const scientific = /^\d[.,]\d+E\+?\d+$/i;

/** A number read from a column of decimals: `2125550100.0`. */
const wholeNumberDecimals = /^(\+?\d{6,})\.0+$/;

/** 00 before a country code, spaces or punctuation allowed: `0044 20...`, `(00 44)`. */
const internationalByZeros = /^\(?00[\s().-]*(?=[1-9])/;

/** 011, North America's international dialling prefix, before a number: `011 44 20...`, `(011) 555-0100`. */
const internationalBy011 = /^\(?011/;

/** The refusal of a number written with 011 first in a North American list: 011 dials abroad
 * there, so the number is most likely another country's written with the exit code (its country,
 * when its digits name one, is in the refusal already), not a national one with a trunk 0. */
function withExitCodeHint(refusal: PhoneRefusal): PhoneRefusal {
  const { nationalIn: _unlikely, ...params } = refusal.params;
  return phoneRefusal(refusal.code, { ...params, exitCode: '011' });
}

/** Why a number read (in E.164, the text around its digits aside) is no valid one, as the plan's
 * lengths tell it; a length the plan has leaves a range it has no number in. */
function invalidReason(e164: string): InvalidNumberReason {
  switch (validatePhoneNumberLength(e164)) {
    case 'TOO_SHORT': return 'too_short';
    case 'TOO_LONG': return 'too_long';
    case 'INVALID_LENGTH': return 'invalid_length';
    case 'INVALID_COUNTRY': return 'unknown_country_code';
    default: return 'no_such_range';
  }
}

/** The refusal of a number read but none: a North American one says which part is wrong; one
 * whose country code is another country's than the list's says which, and that the list takes it;
 * one that reads as another country's written without its country code says so (`nationalIn`). */
function invalidRefusal(raw: string, parsed: PhoneNumber, region: CountryCode, nanp: (digits: string) => PhoneRefusal): PhoneRefusal {
  const why = invalidReason(parsed.number);
  const countryCode = parsed.countryCallingCode;
  if (countryCode === '1' && parsed.nationalNumber.length === 10 && why === 'no_such_range') return withNationalHint(nanp(parsed.nationalNumber), raw, region);
  const of = parsed.country ? { country: parsed.country } : countriesOfNumber(countryCode, parsed.nationalNumber);
  if (of !== null && countryCode !== getCountryCallingCode(region)) {
    const named: Record<string, string> = 'country' in of ? { country: of.country } : { countries: of.countries.join(',') };
    return phoneRefusal('not_valid_for_country', { region, why, ...named, countryCode });
  }
  const elsewhere = nationalFormatHint(raw, region);
  return phoneRefusal('not_valid_for_region', { region: parsed.country ?? region, why, countryCode, ...(elsewhere ? { nationalIn: elsewhere } : {}) });
}

/** A North American refusal with the hint of a number written with a 0 first (no area code has
 * one): ten digits like 0412 345 678 are another country's number, written without its code. */
function withNationalHint(refusal: PhoneRefusal, raw: string, region: CountryCode): PhoneRefusal {
  const elsewhere = nationalFormatHint(raw, region);
  return elsewhere ? phoneRefusal(refusal.code, { ...refusal.params, nationalIn: elsewhere }) : refusal;
}

/** The refusal of a text the library reads as no number at all: one with a calling code no
 * country has, or too long to be one, says so; anything else is not a phone number. */
function unreadRefusal(raw: string, region: CountryCode): PhoneRefusal {
  const length = validatePhoneNumberLength(raw, region);
  if (length === 'INVALID_COUNTRY') return phoneRefusal('not_valid_for_region', { region, why: 'unknown_country_code' });
  if (length === 'TOO_LONG') return phoneRefusal('not_valid_for_region', { region, why: 'too_long', countryCode: getCountryCallingCode(region) });
  return phoneRefusal('not_a_number');
}

export interface PhoneNormaliser {
  normalise(raw: string): PhoneResult;
}

export function createPhoneNormaliser(defaultRegion: string): PhoneNormaliser {
  const region = defaultRegion.toUpperCase() as CountryCode;
  const nanpDefault = NANP_REGIONS.has(region);
  const nanp = createNanpRefusals();
  const byExchange = new Map<string, { ok: true; region: string | null } | PhoneRefusal>();

  const parse = (raw: string): PhoneResult => {
    const parsed = parsePhoneNumberFromString(raw, region);
    if (!parsed) return unreadRefusal(raw, region);
    if (!parsed.isValid()) return invalidRefusal(raw, parsed, region, nanp);
    if (parsed.countryCallingCode === '1' && hasServiceCode(parsed.nationalNumber)) return nanp(parsed.nationalNumber);
    return { ok: true, e164: parsed.number, region: parsed.country ?? null, ...(parsed.ext ? { extension: parsed.ext } : {}) };
  };

  const slow = (raw: string): PhoneResult => {
    if (scientific.test(raw)) return phoneRefusal('scientific_notation', { text: raw });
    const result = parse(raw.replace(wholeNumberDecimals, '$1'));
    if (!result.ok && nanpDefault && internationalBy011.test(raw)) return withExitCodeHint(result);
    if (result.ok || !internationalByZeros.test(raw)) return result;
    // 00 dials abroad from most of the world, and starts no number of a region that dials abroad
    // otherwise (011 in North America): 0044... is +44... there too.
    const international = parse(raw.replace(internationalByZeros, '+'));
    return international.ok ? international : result;
  };

  return {
    normalise(raw: string): PhoneResult {
      const text = raw.trim();
      if (text.length === 0) return phoneRefusal('empty');
      if (/[a-z]/i.test(text)) return slow(text);
      const plus = text.startsWith('+');
      let digits = text.replace(/\D/g, '');
      // 011 before a number abroad dials it (011 44 20...), but ten digits in all are a North
      // American number's shape with a bad area code: not read as a number abroad of seven digits
      // (a typo must not dial a Pacific island), nor given the hint of a trunk 0.
      const by011 = nanpDefault && internationalBy011.test(text);
      const tenDigits011 = by011 && digits.length === 10;
      if (by011 && !tenDigits011) return slow(text);
      if (digits.length === 11 && digits.startsWith('1') && (plus || nanpDefault)) digits = digits.slice(1);
      else if (!(digits.length === 10 && !plus && nanpDefault)) return slow(text);
      const exchange = digits.slice(0, 6);
      let known = byExchange.get(exchange);
      if (!known) {
        const result = slow(`+1${digits}`);
        known = result.ok ? { ok: true, region: result.region } : nanp(digits);
        byExchange.set(exchange, known);
      }
      if (known.ok) return { ok: true, e164: `+1${digits}`, region: known.region };
      return digits.startsWith('0') && !tenDigits011 ? withNationalHint(known, text, region) : known;
    },
  };
}
