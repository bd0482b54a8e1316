// Why a phone number was refused, as a code with its parameters for a page to say in its own
// language, and as an English sentence for logs, reports and the command line.

export const phoneRefusalCodes = ['empty', 'not_a_number', 'not_valid_for_region', 'not_valid_nanp', 'scientific_notation'] as const;

export type PhoneRefusalCode = (typeof phoneRefusalCodes)[number];

/** Why a number is none of its region's (not_valid_for_region's `why`), as the numbering plan's
 * lengths and ranges tell it: a manager sees whether a digit is missing, one too many, or the
 * number is simply not one there. */
export const invalidNumberReasons = ['too_short', 'too_long', 'invalid_length', 'no_such_range', 'unknown_country_code'] as const;

export type InvalidNumberReason = (typeof invalidNumberReasons)[number];

export interface PhoneRefusal {
  ok: false;
  /** In English. */
  reason: string;
  code: PhoneRefusalCode;
  /** What the reason names: `region`, `why` and `countryCode` (not_valid_for_region; `why` absent
   * on refusals kept before it was given), `text` (scientific_notation). */
  params: Record<string, string>;
}

const invalidBecause: Record<InvalidNumberReason, (params: Record<string, string>) => string> = {
  too_short: (p) => `not a valid number for ${p.region ?? ''}: too short for a number of country code +${p.countryCode ?? ''}`,
  too_long: (p) => `not a valid number for ${p.region ?? ''}: too long for a number of country code +${p.countryCode ?? ''}`,
  invalid_length: (p) => `not a valid number for ${p.region ?? ''}: no number of country code +${p.countryCode ?? ''} has that many digits`,
  no_such_range: (p) => `not a valid number for ${p.region ?? ''}: no number of country code +${p.countryCode ?? ''} is in that range`,
  unknown_country_code: () => 'not a valid number: no country has the calling code it starts with',
};

const isInvalidNumberReason = (why: string | undefined): why is InvalidNumberReason => (invalidNumberReasons as readonly (string | undefined)[]).includes(why);

const english: Record<PhoneRefusalCode, (params: Record<string, string>) => string> = {
  empty: () => 'empty',
  not_a_number: () => 'not a phone number',
  not_valid_for_region: (p) => (isInvalidNumberReason(p.why) ? invalidBecause[p.why](p) : `not a valid number for ${p.region ?? ''}`),
  not_valid_nanp: () => 'not a valid NANP number',
  scientific_notation: (p) => `"${p.text ?? ''}" is scientific notation, as a spreadsheet writes a long number in a column formatted `
    + 'as a number: the digits it does not show are lost. Format the column as text (or a number with no decimals) and save the file again',
};

export function phoneRefusal(code: PhoneRefusalCode, params: Record<string, string> = {}): PhoneRefusal {
  return { ok: false, reason: english[code](params), code, params };
}
