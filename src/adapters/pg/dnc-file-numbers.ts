// The numbers of a DNC file, read as the lead import reads a CSV (any of the encodings and cell
// separators spreadsheets save, quoted cells, cells over several lines): one a line, or the phone
// column of a file with a header row, which a CRM's or a registry's export has. The leads download
// (leads.csv) gives a lead's other numbers in `other_phones`: a file with that column has every
// number of it read too, so a lead put on the list is blocked on all its numbers. A cell the
// download protected from spreadsheets (`'+442079460958`) is read without the apostrophe. A CRM
// report's footer ending the file (its totals, confidentiality and copyright lines) is skipped and
// counted, as the lead import skips it (report-footer.ts), not read as numbers refused. A file
// that cannot be read whole is refused: a DNC list loaded in part would leave numbers to be
// called in silence.

import type { Readable } from 'node:stream';
import { spreadsheetText } from '../http/spreadsheet-safe.js';
import type { FileRefusal } from './file-refusal.js';
import { CsvDecoder, NotUtf8Error } from './lead-import-decoder.js';
import { looksLikeRowsRunTogether, readCsvRecords, RecordTooLargeError, UnclosedQuoteError, type CsvRecord } from './lead-import-records.js';
import { phoneCellParts } from './phone-cell-parts.js';
import { ReportFooter } from './report-footer.js';

/** A DNC file that cannot be read whole: nothing of it is added. */
export class DncFileError extends Error {
  constructor(message: string, readonly refusal: FileRefusal) {
    super(`${message}: nothing was added. Fix the file and import it again`);
    this.name = 'DncFileError';
  }
}

export interface DncFileNumber {
  /** The file line the number is on. */
  line: number;
  text: string;
}

/** Headers naming the column that holds the numbers, accents, case and punctuation aside: a
 * phone's name first, then a number's (`Account number, Name, Phone` is read by its Phone). */
const phoneHeaders = [/phone|^tel|^mobile|^cell|^handy|e164|msisdn/, /number|^numero|^nummer/];

const squash = (name: string): string => name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');

/** A first row whose first cell has no digit is a header (`phone`, `Name,Phone`). */
const isHeader = (cells: readonly string[]): boolean => !/\d/.test(cells[0] ?? '');

/** The columns the header names as holding numbers, a phone's name first, then a number's. */
function numberColumns(header: readonly string[]): number[] {
  const names = header.map(squash);
  const found: number[] = [];
  for (const pattern of phoneHeaders) names.forEach((name, i) => { if (pattern.test(name) && !found.includes(i)) found.push(i); });
  return found;
}

/** A cell of words without a digit (`Mobile`, `Home`): what kind a number is, not a number. */
const wordsOnly = (cell: string): boolean => cell.trim() !== '' && !/\d/.test(cell);

/** The column of the numbers: of those the header names so, the first whose cell in the first row
 * is not words alone (`Phone type, Phone` is read by its Phone; an empty cell may be a row without
 * a number), else the first so named, else the first. */
function numberColumn(candidates: readonly number[], firstRow: readonly string[] | null): number {
  return candidates.find((i) => firstRow !== null && !wordsOnly(firstRow[i] ?? '')) ?? candidates[0] ?? 0;
}

export interface DncFileReading {
  /** The header name of the column read, null in a file with no header. */
  column: string | null;
  /** The header name of a column of further numbers (the leads download's `other_phones`) whose
   * every number is read too; null when the file has none. */
  otherNumbersColumn: string | null;
  /** Lines ending the file that are a report's footer (report-footer.ts): skipped, known at the end. */
  footerRows: number;
}

/** The leads download's column of a lead's other numbers, several to a cell. */
const otherNumbersHeader = 'otherphones';

/** The texts of a row's numbers: the number column's cell, then each number of the other numbers'. */
function rowNumbers(cells: readonly string[], index: number, otherIndex: number | null): string[] {
  const text = (i: number): string => spreadsheetText((cells[i] ?? '').trim()).trim();
  const others = otherIndex === null ? [] : phoneCellParts(text(otherIndex));
  return [text(index), ...others].filter((number) => number.length > 0);
}

/** Each number of `source`, in file order; `reading.column` is known after the first. */
export async function* dncFileNumbers(source: Readable, reading: DncFileReading): AsyncGenerator<DncFileNumber> {
  let index = 0;
  let otherIndex: number | null = null;
  let columns = 0;
  let first = true;
  // The header's and its columns naming numbers, until the first row says which holds them.
  let header: { cells: readonly string[]; candidates: number[] } | null = null;
  const choose = (row: readonly string[] | null): void => {
    if (header === null) return;
    // `other_phones` names phones too, but holds a lead's further numbers: never the number column
    // when the header has another, wherever it stands.
    const others = header.cells.findIndex((name) => squash(name) === otherNumbersHeader);
    const main = header.candidates.filter((i) => i !== others);
    index = numberColumn(main.length > 0 ? main : header.candidates, row);
    reading.column = header.cells[index]?.trim() ?? null;
    otherIndex = others >= 0 && others !== index ? others : null;
    reading.otherNumbersColumn = otherIndex === null ? null : header.cells[otherIndex]?.trim() ?? null;
    header = null;
  };
  const numbersOf = (record: CsvRecord): DncFileNumber[] => {
    choose(record.cells);
    refuseRowsRunTogether(record, columns);
    return rowNumbers(record.cells, index, otherIndex).map((text) => ({ line: record.startLine, text }));
  };
  const footer = new ReportFooter<CsvRecord>();
  try {
    for await (const record of readCsvRecords(source, new CsvDecoder('utf-8'))) {
      if (first) {
        first = false;
        columns = record.cells.length;
        if (isHeader(record.cells)) {
          header = { cells: record.cells, candidates: numberColumns(record.cells) };
          continue;
        }
      }
      if (footer.hold(record, record.cells)) continue;
      for (const held of footer.release()) yield* numbersOf(held);
      yield* numbersOf(record);
    }
    reading.footerRows = footer.lines;
    choose(null);
  } catch (error) {
    if (error instanceof UnclosedQuoteError || error instanceof RecordTooLargeError || error instanceof NotUtf8Error) throw new DncFileError(error.message, error.refusal);
    throw error;
  }
}

function refuseRowsRunTogether(record: CsvRecord, columns: number): void {
  if (record.endLine > record.startLine && looksLikeRowsRunTogether(record.cells, columns, record.delimiter)) {
    throw new DncFileError(`lines ${record.startLine}–${record.endLine} read as one row (a quote opened on line ${record.startLine} is not closed where it should be)`,
      { code: 'rows_run_together', params: { startLine: String(record.startLine), endLine: String(record.endLine) } });
  }
}
