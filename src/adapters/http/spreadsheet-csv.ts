// The one place an export's rows become CSV: every cell, header included, goes through
// spreadsheetSafe, so no column (a phone number, an agent id, a note) can be left out and read by
// a spreadsheet as a formula.

import { stringify, type Options, type Stringifier } from 'csv-stringify';
import { spreadsheetSafe } from './spreadsheet-safe.js';

export type SpreadsheetCsvOptions = Omit<Options, 'cast'>;

const safeCells: Options['cast'] = { string: (value: string) => spreadsheetSafe(value) };

/** A CSV stream of the rows written (or piped) to it. */
export function spreadsheetCsv(options: SpreadsheetCsvOptions = {}): Stringifier {
  return stringify({ ...options, cast: safeCells });
}

/** A CSV stream of `rows`. */
export function spreadsheetCsvOf(rows: readonly (readonly string[])[], options: SpreadsheetCsvOptions = {}): Stringifier {
  return stringify(rows.map((row) => [...row]), { ...options, cast: safeCells });
}
