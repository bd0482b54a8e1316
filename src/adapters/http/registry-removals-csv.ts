// The numbers a national registry's full load took off the global list, as CSV: one file for the
// download (GET /api/dnc/registry-loads/:id/removed.csv) and the command (`outpace dnc removed`).

import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { registryLoadRemovals, type KeptRegistryLoad } from '../pg/dnc-registry-loads.js';
import type { Queryable } from '../pg/pool.js';
import { maskedPhone } from './number-visibility.js';
import { spreadsheetCsv } from './spreadsheet-csv.js';

export interface RegistryRemovalsCsvOptions {
  /** Each number by its last digits only, for who does not see people's numbers whole (Privacy). */
  mask: boolean;
  /** Made for a spreadsheet (cells kept from reading as formulas, a BOM if asked); without, plain
   * CSV, as a script reads the command's output. */
  spreadsheet?: { bom: boolean };
  /** A read that fails part way, which ends the CSV there (not a download given up). */
  failed?: (error: Error) => void;
}

export const registryRemovalsColumns = ['e164', 'registry', 'list'];

/** The load's numbers taken off, a page at a time, as CSV with a header. */
export function registryRemovalsCsv(db: Queryable, load: KeptRegistryLoad, options: RegistryRemovalsCsvOptions): Readable {
  const rows = Readable.from((async function* () {
    for await (const e164 of registryLoadRemovals(db, load.id)) yield [options.mask ? maskedPhone(e164) : e164, load.registry, load.listName];
  })());
  const csvOptions = { header: true, columns: registryRemovalsColumns };
  const csv = options.spreadsheet ? spreadsheetCsv({ ...csvOptions, bom: options.spreadsheet.bom }) : stringify(csvOptions);
  // A pipeline, not a pipe: a read that fails ends the CSV with its error, and a download given up
  // ends the reading.
  return pipeline(rows, csv, (error) => {
    if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') options.failed?.(error);
  });
}
