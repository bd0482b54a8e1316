// Parsers for command-line option values: a bad value stops the command with the option named
// (commander adds it: "option '--leads <n>' argument 'abc' is invalid. expected a whole number").

import { InvalidArgumentError } from 'commander';
import { isSupportedCountry } from 'libphonenumber-js';

/** A parser of numbers that pass `accepts`, refusing the rest with "expected <what>". */
function numberOption(accepts: (n: number) => boolean, expected: string): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!accepts(n)) throw new InvalidArgumentError(`expected ${expected}`);
    return n;
  };
}

export const wholeNumber = numberOption((n) => Number.isInteger(n) && n >= 0, 'a whole number');
export const positiveWholeNumber = numberOption((n) => Number.isInteger(n) && n > 0, 'a whole number above 0');
export const positiveNumber = numberOption((n) => Number.isFinite(n) && n > 0, 'a positive number');
export const nonNegativeNumber = numberOption((n) => Number.isFinite(n) && n >= 0, 'a number, 0 or more');
/** A share such as an answer rate: 0 to 1. */
export const share = numberOption((n) => Number.isFinite(n) && n >= 0 && n <= 1, 'a share from 0 to 1, e.g. 0.2');

/** A campaign's id, as the API takes it: a number. */
export function campaignId(value: string): string {
  if (/^\d+$/.test(value)) return value;
  throw new InvalidArgumentError('expected a campaign id (a number)');
}

/** A region national numbers are read in: an ISO 3166 code with a numbering plan, in either case.
 * One without (UK for GB) would read every national number as not a phone number. */
export function phoneRegion(value: string): string {
  const code = value.toUpperCase();
  if (/^[A-Z]{2}$/.test(code) && isSupportedCountry(code)) return code;
  throw new InvalidArgumentError('expected an ISO 3166 region with a phone numbering plan, such as US, GB (not UK) or CN');
}
