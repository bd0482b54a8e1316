// Phone numbers at the API's edge: a number typed by a person read as E.164 (or refused with the
// reason), and a number shown in full to managers and admins only; other staff see its last
// digits, enough to tell numbers apart and confirm one with a customer, not to dial it.

import { getExampleNumber, isSupportedCountry, type CountryCode } from 'libphonenumber-js/min';
import examples from 'libphonenumber-js/mobile/examples';
import { z } from 'zod';
import { maskDigitRun, maskNumbersInText } from '../log/mask-phone-digits.js';
import { createPhoneNormaliser } from '../pg/phone-normaliser.js';
import { ApiError } from './api-error.js';
import { managers, type Principal } from './principal.js';

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

export const seesFullNumbers = (principal: Principal): boolean => managers.includes(principal.role);

/** An E.164 number as this principal may see it. */
export function phoneSeenBy(fullNumbers: boolean, e164: string): string {
  return fullNumbers ? e164 : `+${maskDigitRun(e164.replace(/^\+/, ''))}`;
}

/** Notes an agent wrote ("call her mobile 07700 900123") as this principal may see them: a number
 * in them, however written, in full only for those who see numbers. */
export function notesSeenBy(fullNumbers: boolean, notes: string | null): string | null {
  return fullNumbers || notes === null ? notes : maskNumbersInText(notes);
}

/** A lead's loaded fields as this principal may see them: a number in them (a mobile, a second
 * line), however written, in full only for those who see numbers. */
export function fieldsSeenBy(principal: Principal, fields: Record<string, unknown>): Record<string, unknown> {
  if (seesFullNumbers(principal)) return fields;
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, maskedField(value)]));
}

function maskedField(value: unknown): unknown {
  if (typeof value === 'string') return maskNumbersInText(value);
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) >= 1_000_000) return maskNumbersInText(String(value));
  if (Array.isArray(value)) return value.map(maskedField);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, maskedField(item)]));
  return value;
}

/** Records carrying a number (`e164`), each with it as this principal may see it. */
export function phonesSeenBy<T extends { e164: string }>(principal: Principal, records: readonly T[]): T[] {
  const fullNumbers = seesFullNumbers(principal);
  return records.map((record) => ({ ...record, e164: phoneSeenBy(fullNumbers, record.e164) }));
}
