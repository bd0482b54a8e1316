// Why a phone number was refused, as a code with its parameters for a page to say in its own
// language, and as an English sentence for logs, reports and the command line.

export const phoneRefusalCodes = ['empty', 'not_a_number', 'not_valid_for_region', 'not_valid_for_country', 'not_valid_nanp', 'scientific_notation'] as const;

export type PhoneRefusalCode = (typeof phoneRefusalCodes)[number];

/** Why a number is none of its region's (not_valid_for_region's `why`), as the numbering plan's
 * lengths and ranges tell it: a manager sees whether a digit is missing, one too many, or the
 * number is simply not one there. */
export const invalidNumberReasons = ['too_short', 'too_long', 'invalid_length', 'no_such_range', 'unknown_country_code'] as const;

export type InvalidNumberReason = (typeof invalidNumberReasons)[number];

/** Why a ten-digit North American number is none (not_valid_nanp's `why`): which part is wrong. */
export const nanpReasons = ['area_code_starts_0_1', 'area_code_service', 'area_code_not_in_use', 'exchange_starts_0_1', 'exchange_service', 'exchange_not_in_use'] as const;

export type NanpReason = (typeof nanpReasons)[number];

export interface PhoneRefusal {
  ok: false;
  /** In English. */
  reason: string;
  code: PhoneRefusalCode;
  /** What the reason names: `region`, `why`, `countryCode` and `nationalIn` (the likely countries
   * whose number it is, written without its country code, if any) (not_valid_for_region; `why` absent
   * on refusals kept before it was given); the list's `region`, `why`, the `country` and
   * `countryCode` the number's own country code names, or `countries` (a shared code's, comma
   * separated, main first) when its digits do not tell which (not_valid_for_country); `why`, `areaCode`
   * and `exchange` (not_valid_nanp; none on refusals kept before), and `nationalIn` for one written
   * with a 0 first; `exitCode` (`011`) on any of the three for a number written with North
   * America's international dialling prefix first in a list of its region; `text` (scientific_notation). */
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

const countryNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });

/** The countries of a shared code whose number's digits do not tell which (`countries`, main
 * first): the first two named and how many more; +1's by its plan's name. */
function countriesText(countryCode: string | undefined, countries: string | undefined): string {
  const codes = (countries ?? '').split(',').filter((code) => code !== '');
  const names = codes.slice(0, 2).map((code) => countryNames.of(code) ?? code).join(', ');
  const listed = codes.length > 2 ? `${names} and ${codes.length - 2} more` : names;
  return countryCode === '1' ? `North American Numbering Plan: ${listed}` : listed;
}

/** Why a number of another country than the list's is none of its own country's. */
const foreignBecause: Record<Exclude<InvalidNumberReason, 'unknown_country_code'>, string> = {
  too_short: 'but too short for a number there',
  too_long: 'but too long for a number there',
  invalid_length: 'but no number there has that many digits',
  no_such_range: 'but no number there is in that range',
};

const isForeignReason = (why: string | undefined): why is keyof typeof foreignBecause => why !== undefined && why in foreignBecause;

/** A number whose country code names another country than the list's: which country, that the
 * list takes it, and that its digits are what is wrong. */
function notValidForCountry(p: Record<string, string>): string {
  const because = isForeignReason(p.why) ? foreignBecause[p.why] : 'but not a valid number there';
  const named = p.country !== undefined ? countryNames.of(p.country) ?? p.country : countriesText(p.countryCode, p.countries);
  return `not a valid number: a number of country code +${p.countryCode ?? ''} (${named}) `
    + `in a list whose region is ${p.region ?? ''}, ${because}; the list takes numbers of other countries written with + `
    + 'and their country code, as this one is: check its digits';
}

/** A number that reads as one of another country written without its country code. */
const nationalHint = (countries: string): string => `; it could be a number as written in ${countriesText(undefined, countries)}, without `
  + 'its country code: write a number of another country with + and its country code (+44 20 7183 8750, not 020 7183 8750)';

/** A number written with 011, North America's international dialling prefix, first. */
const exitCodeHint = '; 011 is the international dialling prefix from North America, read here as the + before a country code: '
  + 'write a number of another country with + and its country code (+44 20 7183 8750, not 011 44 20 7183 8750)';

/** The hint a refusal's parameters give of how the number was likely meant. */
const hintOf = (p: Record<string, string>): string => (p.exitCode ? exitCodeHint : p.nationalIn ? nationalHint(p.nationalIn) : '');

const nanpBecause: Record<NanpReason, (p: Record<string, string>) => string> = {
  area_code_starts_0_1: (p) => `its area code (the first three of its ten digits) is ${p.areaCode ?? ''}, and no area code starts with 0 or 1`,
  area_code_service: (p) => `${p.areaCode ?? ''}, where its area code should be (the first three of its ten digits), is a service code like 411 or 911, not an area code`,
  area_code_not_in_use: (p) => `its area code (the first three of its ten digits), ${p.areaCode ?? ''}, is not in use`,
  exchange_starts_0_1: (p) => `its exchange (the three digits after the area code ${p.areaCode ?? ''}) is ${p.exchange ?? ''}, and no exchange starts with 0 or 1`,
  exchange_service: (p) => `its exchange (the three digits after the area code ${p.areaCode ?? ''}) is ${p.exchange ?? ''}, a service code like 411 or 911, not an exchange`,
  exchange_not_in_use: (p) => `its exchange (the three digits after the area code), ${p.exchange ?? ''}, is not in use in area code ${p.areaCode ?? ''}`,
};

const isNanpReason = (why: string | undefined): why is NanpReason => (nanpReasons as readonly (string | undefined)[]).includes(why);

const english: Record<PhoneRefusalCode, (params: Record<string, string>) => string> = {
  empty: () => 'empty',
  not_a_number: () => 'not a phone number',
  not_valid_for_region: (p) => (isInvalidNumberReason(p.why) ? invalidBecause[p.why](p) : `not a valid number for ${p.region ?? ''}`)
    + hintOf(p),
  not_valid_for_country: (p) => notValidForCountry(p) + hintOf(p),
  not_valid_nanp: (p) => (isNanpReason(p.why) ? `not a valid North American number: ${nanpBecause[p.why](p)}` : 'not a valid NANP number')
    + hintOf(p),
  scientific_notation: (p) => `"${p.text ?? ''}" is scientific notation, as a spreadsheet writes a long number in a column formatted `
    + 'as a number: the digits it does not show are lost. Format the column as text (or a number with no decimals) and save the file again',
};

export function phoneRefusal(code: PhoneRefusalCode, params: Record<string, string> = {}): PhoneRefusal {
  return { ok: false, reason: english[code](params), code, params };
}
