// Whether a caller ID's number is one the person can call back at a normal rate. Telemarketing rules
// ask for a number to call back (the US TSR, Ofcom's CLI guidance: a valid, dialable number, not
// premium rate or a personal number); a number that charges the caller, forwards to a pager or
// reaches a voicemail service answers none of that. Only numbers written in E.164 are judged: a
// national form is read by the carrier, in a country this check cannot know.

import { parsePhoneNumberFromString, type NumberType } from 'libphonenumber-js/max';

const notCallableBack: Partial<Record<NonNullable<NumberType>, string>> = {
  PREMIUM_RATE: 'a premium-rate number',
  SHARED_COST: 'a shared-cost number',
  PERSONAL_NUMBER: 'a personal (follow-me) number',
  PAGER: 'a pager number',
  VOICEMAIL: 'a voicemail access number',
};

/** Why the number of a caller ID (`+number`, or `"Name" <+number>`) is not one to call back, or null. */
export function callerIdNumberProblem(callerId: string): string | null {
  const number = /(\+[0-9]{3,20})>?\s*$/.exec(callerId)?.[1];
  if (number === undefined) return null;
  const type = parsePhoneNumberFromString(number)?.getType();
  const kind = type === undefined ? undefined : notCallableBack[type];
  if (kind === undefined) return null;
  return `${number} is ${kind}: a caller ID must be a number the person can call back at no more than a normal rate`;
}
