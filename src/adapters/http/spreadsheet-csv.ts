// The one place an export's rows become CSV: every cell, header included, goes through
// spreadsheetSafe, so no column (a phone number, an agent id, a note) can be left out and read by
// a spreadsheet as a formula.

import { stringify, type Options, type Stringifier } from 'csv-stringify';
import { z } from 'zod';
import { spreadsheetSafe } from './spreadsheet-safe.js';

/**
 * A download's `bom=true`: the file starts with a UTF-8 byte order mark, by which a spreadsheet
 * opening it (Excel, with a double click) reads it as UTF-8 and shows accented names right rather
 * than in its machine's code page. Off unless asked, as scripts and CRMs read a header without
 * it; the web pages' download buttons ask for it. The import reads a file with it as one without.
 */
export const csvDownloadQuery = z.object({ bom: z.stringbool().default(false) });

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
