// Why a ten-digit North American number is none: which of its parts is wrong, the area code (its
// first three digits) or the exchange (the three after), in the words a list manager knows them by.
// A service code (N11: 211, 311... 911) is neither an area code nor an exchange, though the
// numbering library's ranges take it for an exchange in most area codes: dialled, it reaches a
// service (or the emergency line), never the person.

import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { phoneRefusal, type NanpReason, type PhoneRefusal } from './phone-refusal.js';

const isValid = (e164: string): boolean => parsePhoneNumberFromString(e164)?.isValid() ?? false;

/** An area code with a number: one exchange of each first digit is enough, for every area code
 * the plan has takes any exchange of some first digit (a test checks it against every exchange). */
export function areaCodeInUse(areaCode: string): boolean {
  return ['2', '3', '4', '5', '6', '7', '8', '9'].some((first) => isValid(`+1${areaCode}${first}000000`));
}

/** 211, 311 ... 911: dialled, a service, never a subscriber. */
const isServiceCode = (code: string): boolean => /^[2-9]11$/.test(code);

/** Whether a North American number's ten digits have a service code for an area code or exchange. */
export function hasServiceCode(digits: string): boolean {
  return isServiceCode(digits.slice(0, 3)) || isServiceCode(digits.slice(3, 6));
}

function reasonOf(areaCode: string, exchange: string, inUse: (areaCode: string) => boolean): NanpReason {
  if (/^[01]/.test(areaCode)) return 'area_code_starts_0_1';
  if (areaCode.endsWith('11')) return 'area_code_service';
  if (!inUse(areaCode)) return 'area_code_not_in_use';
  if (/^[01]/.test(exchange)) return 'exchange_starts_0_1';
  if (isServiceCode(exchange)) return 'exchange_service';
  return 'exchange_not_in_use';
}

/** The refusal of a North American number's ten digits (no valid number, or one with a service code), each area code looked
 * up once: a file of bad numbers costs a few parses an area code, not one a row. */
export function createNanpRefusals(): (digits: string) => PhoneRefusal {
  const inUse = new Map<string, boolean>();
  const areaCodeKnown = (areaCode: string): boolean => {
    let known = inUse.get(areaCode);
    if (known === undefined) {
      known = areaCodeInUse(areaCode);
      inUse.set(areaCode, known);
    }
    return known;
  };
  return (digits) => {
    const areaCode = digits.slice(0, 3);
    const exchange = digits.slice(3, 6);
    return phoneRefusal('not_valid_nanp', { why: reasonOf(areaCode, exchange, areaCodeKnown), areaCode, exchange });
  };
}
