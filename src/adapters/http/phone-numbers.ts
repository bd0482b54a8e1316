// Phone numbers at the API's edge: a number typed by a person read as E.164, or refused with the
// reason. Who sees which number whole is number-visibility.ts's rule.

import { getExampleNumber, isSupportedCountry, type CountryCode } from 'libphonenumber-js/min';
import examples from 'libphonenumber-js/mobile/examples';
import { z } from 'zod';
import { createPhoneNormaliser } from '../pg/phone-normaliser.js';
import { ApiError } from './api-error.js';

/** A region numbers without a country code are read in: ISO 3166, either case, one the phone
 * numbering plans know (a region they do not would read every number as "not a phone number"). */
export const regionCode = z.string().regex(/^[A-Za-z]{2}$/, 'an ISO 3166 region such as US')
  .transform((code) => code.toUpperCase())
  .refine((code) => isSupportedCountry(code), 'a region with a phone numbering plan, such as US, GB or CN');

/** The region a number without a country code is read in: US unless given. */
export const phoneRegion = regionCode.default('US');

/** A mobile number of the region as its people write it, to show how to type one; null when the
 * numbering plan has no example. */
export function exampleNationalNumber(region: string): string | null {
  return getExampleNumber(region as CountryCode, examples)?.formatNational() ?? null;
}

/** `phone` in E.164, read in `regionCode`, or null when it does not read as a number there: for
 * text that may or may not be a number, where not being one is no error. */
export function readE164(phone: string, regionCode: string): string | null {
  const result = createPhoneNormaliser(regionCode).normalise(phone);
  return result.ok ? result.e164 : null;
}

/** `phone` in E.164, read in `regionCode`; an invalid_request naming the problem otherwise (the
 * reason readE164 does not keep). */
export function toE164(phone: string, regionCode: string): string {
  const result = createPhoneNormaliser(regionCode).normalise(phone);
  if (!result.ok) throw new ApiError('invalid_request', `phone: ${result.reason}`);
  return result.e164;
}
