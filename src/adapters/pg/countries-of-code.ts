// Which country a number of a country code belongs to, when the code is shared (+1: the United
// States, Canada and 23 others; +7: Russia and Kazakhstan) and the number is not valid, so the
// library cannot say: the country whose valid numbers start as its digits do (its area code, for
// +1), or else every country of the code.

import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import metadata from 'libphonenumber-js/metadata.min.json';

export type CountriesOfNumber = { country: string } | { countries: string[] } | null;

/** The digits that point to a country: an area code for +1, as many of other codes. */
const pointingDigits = 3;

/** Countries of a code in the order to name them: its main one first, then (for +1) Canada. */
function countriesOfCode(countryCode: string): string[] {
  const countries: string[] = metadata.country_calling_codes[countryCode] ?? [];
  const named = countries.filter((country) => country !== '001');
  return countryCode === '1' ? ['US', 'CA', ...named.filter((c) => c !== 'US' && c !== 'CA')] : named;
}

/** The countries with a valid number that starts with `prefix`: a few numbers of each length the
 * code has, the prefix followed by one digit repeated, are enough to tell (tested). */
function countriesStartingWith(countryCode: string, prefix: string, lengths: readonly number[]): Set<string> {
  const found = new Set<string>();
  for (const length of lengths) {
    if (length <= prefix.length) continue;
    for (let digit = 0; digit <= 9; digit++) {
      const parsed = parsePhoneNumberFromString(`+${countryCode}${prefix}${String(digit).repeat(length - prefix.length)}`);
      if (parsed?.isValid() && parsed.country) found.add(parsed.country);
    }
  }
  return found;
}

const lengthsOf = (countries: string[]): number[] => {
  const lengths = new Set<number>();
  for (const country of countries) {
    const plan: unknown[] | undefined = (metadata.countries as Record<string, unknown[] | undefined>)[country];
    const possible = plan?.[3];
    if (Array.isArray(possible)) for (const length of possible) if (typeof length === 'number') lengths.add(length);
  }
  return [...lengths];
};

/** The country (or, when its digits do not tell, the countries) of an invalid number's code; null
 * for a code of no country (+800...). */
export function countriesOfNumber(countryCode: string, nationalNumber: string): CountriesOfNumber {
  const countries = countriesOfCode(countryCode);
  if (countries.length === 0) return null;
  if (countries.length === 1) return { country: countries[0] as string };
  // A longer prefix tells what a shorter leaves open (+44 153: the UK or Jersey; 1534: Jersey).
  for (let length = pointingDigits; length <= Math.min(nationalNumber.length, pointingDigits + 2); length++) {
    const found = countryStartingWith(countryCode, nationalNumber.slice(0, length), countries);
    if (found !== undefined) return found === null ? { countries } : { country: found };
  }
  return { countries };
}

/** The one country of valid numbers starting with `prefix`, null for none, undefined for several.
 * Each code's prefixes are few: a file of bad numbers probes each once. */
function countryStartingWith(countryCode: string, prefix: string, countries: string[]): string | null | undefined {
  const key = `${countryCode} ${prefix}`;
  if (!byPrefix.has(key)) {
    const starting = countriesStartingWith(countryCode, prefix, lengthsOf(countries));
    byPrefix.set(key, starting.size === 0 ? null : starting.size === 1 ? [...starting][0] : undefined);
  }
  return byPrefix.get(key);
}

const byPrefix = new Map<string, string | null | undefined>();
