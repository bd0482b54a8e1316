// A foreign number written as its own country writes it, without its country code (`020 7183 8750`,
// a London number, in a US list). National numbers of different countries look alike (that one is
// also valid in Germany, Italy, New Zealand and India), so the hint names the likely countries
// whose number it could be and says to write it with + and its country code. It is given only in
// a list of a region with no trunk prefix 0 (the US, Spain): there a 0 first cannot be a mistyped
// number of the list's own country.

import { getExampleNumber, isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import examples from 'libphonenumber-js/examples.mobile.json';

/** Countries whose numbers are written starting with 0 at home (a trunk prefix 0, or Italy's fixed
 * lines' own 0), and are often called from abroad. A list, not every such country: the library's
 * public API gives no plan's trunk prefix (its metadata's is internal, left out of its typings), and
 * of the hundred-odd countries whose prefix is 0, a number like 020 7183 8750 reads as a valid one
 * of twenty: the hint would name two of them at random, and try each on every refused row. */
const likelyCountries: readonly CountryCode[] = ['GB', 'IE', 'FR', 'DE', 'NL', 'BE', 'IT', 'AU', 'NZ', 'ZA', 'IN'];

/** A national number: a 0 then a digit other than 0 (00 starts an international one), no +. */
const nationalWithTrunkZero = /^\(?0[\s().-]*[1-9]/;

/** Whether numbers of `region` are written with a trunk prefix 0 at home (GB: 020..., US: no). */
function writesTrunkZero(region: string): boolean {
  let writes = trunkZero.get(region);
  if (writes === undefined) {
    writes = readTrunkZero(region);
    trunkZero.set(region, writes);
  }
  return writes;
}

const trunkZero = new Map<string, boolean>();

/** Told by the library's documented calls: a 0 before one of the region's numbers is its trunk
 * prefix when the number, read in the region, is the same without it (07400 123456 in GB). A
 * region the library has no number of might write one: no hint there. */
function readTrunkZero(region: string): boolean {
  if (!isSupportedCountry(region)) return true;
  const example = getExampleNumber(region, examples);
  if (!example) return true;
  const withZero = parsePhoneNumberFromString(`0${example.nationalNumber}`, region);
  return withZero?.isValid() === true && withZero.nationalNumber === example.nationalNumber;
}

/** The likely countries (as `countries`, comma separated) whose valid number `raw`, written
 * without its country code, is; null when there are none or the list's region writes a 0 itself. */
export function nationalFormatHint(raw: string, region: string): string | null {
  const text = raw.trim();
  if (!nationalWithTrunkZero.test(text) || writesTrunkZero(region)) return null;
  const found = likelyCountries.filter((country) => {
    const parsed = parsePhoneNumberFromString(text, country);
    return parsed?.isValid() === true && parsed.country === country;
  });
  return found.length === 0 ? null : found.join(',');
}
