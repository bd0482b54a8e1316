// Whether a caller ID's number is one the person can call back at a normal rate. Telemarketing rules
// ask for a number to call back (the US TSR, Ofcom's CLI guidance: a valid, dialable number, not
// premium rate or a personal number); a number that charges the caller, forwards to a pager or
// reaches a voicemail service answers none of that. A number is judged in E.164 form only: one
// written in national form ("020 7946 0018", "(212) 555-0101") is read by the carrier, by a
// country this check cannot know, so it is refused when saved, saying how to write it. One in
// E.164 written with spaces, dashes, dots or brackets ("+44 20 7946 0018") is kept in E.164 form.
// A number the numbering plan of its country has no such number in (`+15550100`, too short for the
// US and Canada) reaches no one: the person cannot call it back, and carriers may drop a call
// presenting it, so it is refused too, saying why.

import { parsePhoneNumberFromString, validatePhoneNumberLength, type NumberType } from 'libphonenumber-js/max';

const notCallableBack: Partial<Record<NonNullable<NumberType>, string>> = {
  PREMIUM_RATE: 'a premium-rate number',
  SHARED_COST: 'a shared-cost number',
  PERSONAL_NUMBER: 'a personal (follow-me) number',
  PAGER: 'a pager number',
  VOICEMAIL: 'a voicemail access number',
};

const callBack = 'a caller ID must be a number the person can call back';

/** Why a number in E.164 form is no number of its country's numbering plan, or null when it is one. */
function invalidNumberProblem(number: string): string | null {
  const parsed = parsePhoneNumberFromString(number);
  if (parsed?.isValid() === true) return null;
  const code = parsed?.countryCallingCode;
  const length = validatePhoneNumberLength(number);
  if (code === undefined || length === 'INVALID_COUNTRY') return `${number} is not a valid phone number: no country has the code it starts with; ${callBack}`;
  if (length === 'TOO_SHORT') return `${number} is not a valid phone number: too short for a number of country code +${code}; ${callBack}`;
  if (length === 'TOO_LONG') return `${number} is not a valid phone number: too long for a number of country code +${code}; ${callBack}`;
  return `${number} is not a valid phone number: no number of country code +${code} is in that range; ${callBack}`;
}

/** Why the number of a caller ID (`+number`, or `"Name" <+number>`) is not one to call back, or null:
 * not a valid number, or one that charges the person calling (or reaches no one in person). */
export function callerIdNumberProblem(callerId: string): string | null {
  const number = /(\+[0-9]{3,20})>?\s*$/.exec(callerId)?.[1];
  if (number === undefined) return null;
  const invalid = invalidNumberProblem(number);
  if (invalid !== null) return invalid;
  const type = parsePhoneNumberFromString(number)?.getType();
  const kind = type === undefined ? undefined : notCallableBack[type];
  if (kind === undefined) return null;
  return `${number} is ${kind}: a caller ID must be a number the person can call back at no more than a normal rate`;
}

/** What a caller ID may look like: a number, with a name to show if wanted (`"Name" <number>`). */
const callerIdShape = /^$|^\s*("[^"<>]{0,60}"\s*)?<?\+?[0-9]{3,20}>?\s*$/;
/** A number with no country code: digits, with the spaces, dashes, dots and brackets of a national
 * form, after the name if any. */
const nationalForm = /^\s*(?:"[^"<>]{0,60}"\s*)?<?\s*([0-9(][0-9 ()./-]{2,30}?)\s*>?\s*$/;

/** A number in E.164 written with the spaces, dashes, dots and brackets of a printed number, after
 * the name if any: the name part and the number part. */
const formattedE164 = /^(\s*(?:"[^"<>]{0,60}"\s*)?<?\s*)(\+[0-9 ()./-]{3,40}?)(\s*>?\s*)$/;

/** The caller ID with its number in E.164 form when it was written in E.164 with spaces, dashes,
 * dots or brackets (`+1 (212) 555-0101` is kept as `+12125550101`); any other as it is. */
export function callerIdInE164(callerId: string): string {
  const match = formattedE164.exec(callerId);
  if (match === null) return callerId;
  const [, before = '', written = '', after = ''] = match;
  const parsed = parsePhoneNumberFromString(written);
  if (parsed === undefined) return callerId;
  return `${before.trimStart()}${parsed.number}${after.trimEnd()}`;
}

const callerIdShapeMessage = 'a number to call back, e.g. +16505550100 or "Acme Energy" <+16505550100>';

/** Whether the number's angle brackets are a pair, in order (`<number>`) or absent: the shapes above
 * take each on its own, so `"Acme" <+16505550100` would pass as a number. */
function bracketsPaired(callerId: string): boolean {
  const brackets = callerId.replace(/[^<>]/g, '');
  return brackets === '' || brackets === '<>';
}

/** Why a caller ID as a manager writes it may not be presented, or null: not a number to call back,
 * a number not in E.164 form (which could not be judged), one its country's numbering plan does not
 * have, or one that charges the person calling. */
export function callerIdProblem(callerId: string): string | null {
  if (!bracketsPaired(callerId)) {
    return 'the number\'s angle brackets do not pair up: write it between < and > after the name, or with neither, '
      + 'e.g. "Acme Energy" <+16505550100> or +16505550100';
  }
  const national = nationalForm.exec(callerId)?.[1];
  if (national !== undefined) {
    return `${JSON.stringify(national)} is not in E.164 form: write the caller ID's number with + and its country code `
      + '(e.g. +442079460018 for the UK\'s 020 7946 0018, +12125550101 for (212) 555-0101), so that it is checked as a number the person can call back';
  }
  if (formattedE164.test(callerId) && !callerIdShape.test(callerId)) {
    return `${JSON.stringify(formattedE164.exec(callerId)?.[2])} is not a number in E.164 form (+, country code, number, e.g. +44 20 7946 0018)`;
  }
  if (!callerIdShape.test(callerId)) return callerIdShapeMessage;
  return callerIdNumberProblem(callerId);
}

/** Why a caller ID stored by an older version, which did not judge it when saved (a national form,
 * an invalid or a premium-rate number), may not be presented, naming the setting and what to do; null when it
 * may, or when there is none. A campaign holding one is not started. */
export function storedCallerIdProblem(setting: string, callerId: string | null): string | null {
  if (callerId === null || callerId.trim() === '') return null;
  const problem = callerIdProblem(callerId);
  if (problem === null) return null;
  return `${setting} was stored before such caller IDs were refused: ${problem}; change it (the campaigns page's Caller ID, or PATCH with the caller ID in E.164)`;
}
