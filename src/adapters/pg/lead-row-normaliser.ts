// One CSV record to one lead ready for loading, or the reasons it cannot be loaded. Problems
// with optional columns are reported but do not reject the row; a row needs one valid phone.

import { leadJurisdictions } from '../../core/compliance/lead-jurisdictions.js';
import { isLeadPriority, maxLeadPriority } from '../../core/lead-priority.js';
import { resolveLeadTimeZone, type TimeZoneSource } from '../../core/compliance/lead-time-zone.js';
import { spreadsheetText } from '../http/spreadsheet-safe.js';
import { mappedColumns, type LeadImportMapping } from './lead-import-mapping.js';
import { looksLikeNumber, phoneCellParts } from './phone-cell-parts.js';
import type { PhoneNormaliser, PhoneResult } from './phone-normaliser.js';
import type { RowProblemCode } from './row-problem-code.js';
import { zipCodeAsWritten } from './spreadsheet-zip-code.js';
import { zoneSourceWords } from './zone-source-words.js';

export interface NormalisedLead {
  rowNumber: number;
  dedupeKey: string;
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  fields: Record<string, string>;
  grade: string;
  priority: number;
  /** Null when no source names one: the lead then follows the campaign's zone, even after it changes. */
  timezone: string | null;
  timezoneSource: TimeZoneSource;
  /** Other zones less trusted sources name (the window must be open in these too). */
  otherTimeZones: string[];
  postalCode: string | null;
  /** Jurisdictions with their own calling hours its sources name (lead-jurisdictions.ts). */
  jurisdictions: string[];
  /** E.164, in dial order, without repeats. */
  phones: string[];
  /** The person gave prior express written consent to prerecorded messages; when, if the list says. */
  prerecordedConsent: boolean;
  prerecordedConsentOn: string | null;
  /** The list's consent cell held a value: a lead the campaign already has takes it (an empty cell changes nothing). */
  prerecordedConsentGiven: boolean;
}

export interface RowProblem {
  rowNumber: number;
  column: string | null;
  /** In English. */
  reason: string;
  code: RowProblemCode;
  /** What the reason names (a number refused and why, a value, a zone, rows). */
  params: Record<string, string>;
}

export interface RowResult {
  lead: NormalisedLead | null;
  problems: RowProblem[];
}

export interface RowContext {
  mapping: LeadImportMapping;
  /** Column name -> index in the record. */
  columnIndex: ReadonlyMap<string, number>;
  phones: PhoneNormaliser;
  listRegion: string;
  campaignZone: string;
}

const MAX_TEXT = 500;

/** The cell's text, trimmed, without the apostrophe an export puts before a formula's first
 * character: a download loads back as it was. */
function cell(record: readonly string[], context: RowContext, column: string | undefined): string | null {
  if (column === undefined) return null;
  const index = context.columnIndex.get(column);
  const raw = index === undefined ? undefined : record[index]?.trim();
  const value = raw === undefined ? undefined : spreadsheetText(raw).trim();
  return value === undefined || value.length === 0 ? null : value;
}

const hasNul = (value: string): boolean => value.includes('\u0000');

/**
 * The mapped columns holding a NUL character. Postgres stores no NUL in text or jsonb, and one in
 * a cell means the row is damaged (binary junk, a file in another encoding), so its name and
 * number cannot be trusted either: the row is rejected rather than loaded with the NUL cut out.
 */
function columnsWithNul(record: readonly string[], context: RowContext): string[] {
  if (!record.some(hasNul)) return [];
  return mappedColumns(context.mapping).filter((column) => hasNul(record[context.columnIndex.get(column) ?? -1] ?? ''));
}

/** The numbers of a phone cell: the cell as one number, else each of several it holds, in order
 * (each part long enough for a number: `2,12555E+09` is one number in scientific notation). */
function numbersIn(raw: string, phones: PhoneNormaliser): PhoneResult[] {
  const whole = phones.normalise(raw);
  const parts = phoneCellParts(raw);
  if (whole.ok || parts.length < 2 || !parts.every(looksLikeNumber)) return [whole];
  return parts.map((part) => {
    const result = phones.normalise(part);
    return result.ok ? result : { ...result, reason: `"${part}": ${result.reason}`, params: { ...result.params, part } };
  });
}

/** `its Phone cell is empty`, `its Phone and Mobile cells are empty`. */
function emptyCells(columns: readonly string[]): string {
  if (columns.length === 1) return `its ${columns[0] ?? ''} cell is empty`;
  return `its ${columns.slice(0, -1).join(', ')} and ${columns.at(-1) ?? ''} cells are empty`;
}

export function normaliseRow(record: readonly string[], rowNumber: number, context: RowContext): RowResult {
  const { mapping } = context;
  const problems: RowProblem[] = [];
  const note: Note = (column, reason, code, params = {}) => void problems.push({ rowNumber, column, reason, code, params });
  const damaged = columnsWithNul(record, context);
  if (damaged.length > 0) {
    for (const column of damaged) note(column, 'row rejected: the cell holds a NUL character (a damaged file, or not UTF-8 text?)', 'nul_character');
    return { lead: null, problems };
  }
  const phones: string[] = [];
  const regions: (string | null)[] = [];
  let cellsFilled = 0;
  for (const column of mapping.phones) {
    const raw = cell(record, context, column);
    if (raw === null) continue;
    cellsFilled++;
    for (const result of numbersIn(raw, context.phones)) {
      if (!result.ok) note(column, `phone ignored: ${result.reason}`, 'phone_ignored', { refusal: result.code, ...result.params });
      else if (result.extension !== undefined) {
        note(column, `extension ${result.extension} left out: ${result.e164} is dialled without it`, 'extension_left_out', { extension: result.extension, e164: result.e164 });
      }
      if (result.ok && !phones.includes(result.e164)) {
        phones.push(result.e164);
        regions.push(result.region);
      }
    }
  }
  const firstPhone = phones[0];
  if (firstPhone === undefined) {
    // Numbers refused are each noted with their column; empty cells are named here.
    if (cellsFilled > 0) note(null, 'row rejected: no valid phone number', 'no_valid_phone');
    else note(mapping.phones.join(', '), `row rejected: no phone number (${emptyCells(mapping.phones)})`, 'no_phone', { columns: mapping.phones.join(', ') });
    return { lead: null, problems };
  }
  const text = (column: string | undefined): string | null => {
    const value = cell(record, context, column);
    if (value !== null && value.length > MAX_TEXT) {
      note(column ?? null, `value longer than ${MAX_TEXT} characters, cut`, 'text_cut', { max: String(MAX_TEXT) });
      return value.slice(0, MAX_TEXT);
    }
    return value;
  };
  const explicitZone = cell(record, context, mapping.timezone);
  const postalText = text(mapping.postal_code);
  const postalCode = postalText === null ? null : zipCodeAsWritten(postalText, context.listRegion);
  const zone = resolveLeadTimeZone({
    explicitZone, postalCode, postalRegion: context.listRegion, e164: firstPhone, phoneRegion: regions[0] ?? null,
    otherPhones: phones.slice(1).map((e164, i) => ({ e164, region: regions[i + 1] ?? null })),
  }, context.campaignZone);
  if (explicitZone !== null && zone.source !== 'explicit') {
    // Every zone the lead is called within: a split area code's, or a postal code's and the number's.
    const zones = [zone.zone, ...zone.otherZones].join(', ');
    note(mapping.timezone ?? null, `unknown time zone "${explicitZone}": used ${zoneSourceWords(zone.source)} instead (${zones})`, 'unknown_time_zone',
      { zone: explicitZone, source: zone.source, zones });
  }
  const externalId = text(mapping.external_id);
  const fields: Record<string, string> = {};
  for (const [name, column] of Object.entries(mapping.fields)) {
    const value = text(column);
    if (value !== null) fields[name] = value;
  }
  return {
    lead: {
      rowNumber,
      dedupeKey: externalId !== null ? `x:${externalId}` : `p:${firstPhone}`,
      externalId,
      firstName: text(mapping.first_name),
      lastName: text(mapping.last_name),
      fields,
      grade: gradeOf(cell(record, context, mapping.grade), mapping.grade, note),
      priority: priorityOf(cell(record, context, mapping.priority), mapping.priority, note),
      // The campaign's zone is not copied: the lead must follow it if the manager changes it later.
      timezone: zone.source === 'campaign_default' ? null : zone.zone,
      timezoneSource: zone.source,
      otherTimeZones: zone.otherZones,
      postalCode,
      ...prerecordedConsentOf(cell(record, context, mapping.prerecorded_consent), mapping.prerecorded_consent, note),
      jurisdictions: leadJurisdictions({
        states: stateFields(fields), listRegion: context.listRegion, postalCode, postalRegion: context.listRegion,
        phones: phones.map((e164, i) => ({ e164, region: regions[i] ?? null })),
      }),
      phones,
    },
    problems,
  };
}

/** The lead's state or province: the values of its fields so named (any case). */
export function stateFields(fields: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(fields).flatMap(([name, value]) => (/^(state|province)$/i.test(name) && typeof value === 'string' ? [value] : []));
}

/** Notes a problem of the row: its column, the English reason, and the reason as a code. */
type Note = (column: string | null, reason: string, code: RowProblemCode, params?: Record<string, string>) => void;

function gradeOf(value: string | null, column: string | undefined, note: Note): string {
  if (value === null) return 'C';
  const grade = value.toUpperCase();
  if (/^[A-E]$/.test(grade)) return grade;
  note(column ?? null, `grade "${value}" is not A-E, used C`, 'grade_not_a_to_e', { grade: value });
  return 'C';
}

/** The list's consent to prerecorded messages: yes or no (as lists write them), or the date it
 * was given (YYYY-MM-DD); anything else is no consent, and said so. */
type ConsentRead = Pick<NormalisedLead, 'prerecordedConsent' | 'prerecordedConsentOn' | 'prerecordedConsentGiven'>;

function prerecordedConsentOf(value: string | null, column: string | undefined, note: Note): ConsentRead {
  if (value === null) return { prerecordedConsent: false, prerecordedConsentOn: null, prerecordedConsentGiven: false };
  const none = { prerecordedConsent: false, prerecordedConsentOn: null, prerecordedConsentGiven: true };
  const word = value.toLowerCase();
  if (['yes', 'y', 'true', '1', 'x'].includes(word)) return { ...none, prerecordedConsent: true };
  if (['no', 'n', 'false', '0'].includes(word)) return none;
  if (isCalendarDate(value)) return { ...none, prerecordedConsent: true, prerecordedConsentOn: value };
  note(column ?? null, `prerecorded consent "${value}" is not yes, no or a date (YYYY-MM-DD): taken as no consent`, 'prerecorded_consent_unreadable', { value });
  return none;
}

/** A lead's consent as a list's cell gives it, which an import reads back: no, yes, or the date it was given. */
export function prerecordedConsentCell(consent: boolean, on: string | null): string {
  return consent ? on ?? 'yes' : 'no';
}

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function priorityOf(value: string | null, column: string | undefined, note: Note): number {
  if (value === null) return 0;
  const priority = Number(value);
  if (isLeadPriority(priority)) return priority;
  // A whole number too large for a double is still whole: say it is out of range, not a fraction.
  if (Number.isInteger(priority) || /^[+-]?\d+$/.test(value)) {
    const range = { min: String(-maxLeadPriority), max: String(maxLeadPriority) };
    note(column ?? null, `priority "${value}" is out of range (${range.min} to ${range.max}), used 0`, 'priority_out_of_range', { priority: value, ...range });
    return 0;
  }
  note(column ?? null, `priority "${value}" is not a whole number, used 0`, 'priority_not_whole', { priority: value });
  return 0;
}
