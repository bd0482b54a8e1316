// Why the server refused a file or reported a row, in the page's language: by the code it gives
// with its English reason (`reasonCode`, `reasonParams`); the English reason for a code this page
// does not know (a newer server, an import from before codes).

import { currentLocale, formatNumber, t, tOptional } from '/web/shared/i18n.js';

/** `prefix.code` worded with `params`, or `english` when the locale has no such key. */
function worded(prefix, code, params, english) {
  const key = `${prefix}.${code}`;
  return code && tOptional(key, null) !== null ? t(key, params ?? {}) : english;
}

/** Why a whole file was refused or an import stopped (at the row `params.row` names, if any). */
export function fileRefusalText(code, params, english) {
  const reason = worded('fileRefused', code, params, null);
  if (reason === null) return english;
  return params?.row ? t('fileRefused.atRow', { row: formatNumber(Number(params.row)), reason }) : reason;
}

/** Why an import reported a row; a number it refused (one of several in a cell: `part`) says why
 * in the words the DNC import's lines use. */
export function rowProblemText(code, params, english) {
  if (code === 'unknown_time_zone') return zoneInsteadText(params, english);
  if (!params?.refusal) return variantText(code, params) ?? worded('lists.problem', code, params, english);
  const why = phoneRefusalText(params.refusal, params);
  if (why === null) return english;
  const refusal = params.part ? t('lists.numberPart', { part: params.part, refusal: why }) : why;
  return worded('lists.problem', code, { ...params, refusal }, english);
}

/** A row problem's wording for what its `consent` parameter says (a repeated row of a file without a
 * consent column: `consent_no_column`), or null for none (a report kept before it was given). */
function variantText(code, params) {
  return params?.consent ? worded('lists.problem', `${code}.consent_${params.consent}`, params, null) : null;
}

/** Why a number was refused, in the page's language: with why it is no number of its region when
 * the server says (`why`: too short, too long...); null for a code this page does not know. */
export function phoneRefusalText(code, params) {
  const named = params?.country ? { ...params, countryName: countryName(params.country) }
    : params?.countries ? { ...params, countryName: countriesName(params.countryCode, params.countries) } : params;
  const because = params?.why ? worded('compliance.phoneRefused', `${code}.${params.why}`, named, null) : null;
  const text = because ?? worded('compliance.phoneRefused', code, named, null);
  if (text === null) return text;
  if (params?.exitCode) return text + t('compliance.phoneRefused.exitCode', { exitCode: params.exitCode });
  if (!params?.nationalIn) return text;
  return text + t('compliance.phoneRefused.nationalIn', { countries: countriesName(undefined, params.nationalIn) });
}

/** The countries of a shared calling code a number's digits do not tell apart (`countries`, main
 * first): the first two named and how many more; +1's by its plan's name. */
function countriesName(countryCode, countries) {
  const codes = countries.split(',').filter((code) => code !== '');
  const names = codes.slice(0, 2).map(countryName).join(t('compliance.phoneRefused.countriesSeparator'));
  const listed = codes.length > 2 ? t('compliance.phoneRefused.countriesMore', { names, more: formatNumber(codes.length - 2) }) : names;
  return countryCode === '1' ? t('compliance.phoneRefused.nanpCountries', { countries: listed }) : listed;
}

/** A country's name in the page's language (GB: United Kingdom, 英国), or its code if none. */
function countryName(code) {
  try {
    return new Intl.DisplayNames([currentLocale()], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A zone column naming no zone: where the lead's zone was taken from instead, in words (a report
 * from before the source was kept with the zones used says it in English). */
function zoneInsteadText(params, english) {
  const source = worded('lists.zoneSource', params?.source, params, null);
  if (source === null || params?.zones === undefined) return english;
  return worded('lists.problem', 'unknown_time_zone', { ...params, source }, english);
}
