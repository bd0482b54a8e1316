// The numbers a national registry's full load took off the global list, as CSV: one file for the
// download (GET /api/dnc/registry-loads/:id/removed.csv) and the command (`outpace dnc removed`).

import { pipeline, Readable, type Transform, type Writable } from 'node:stream';
import { pipeline as finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { registryLoadRemovals, type KeptRegistryLoad } from './dnc-registry-loads.js';
import type { Queryable } from './pool.js';

export interface RegistryRemovalsCsvOptions {
  /** Each number as the reader may see it (by its last digits only, for who does not see people's
   * numbers whole); whole when not given. */
  seen?: (e164: string) => string;
  /** The CSV writer for these columns, with a header row (a download's is made for a spreadsheet);
   * plain CSV, as a script reads the command's output, when not given. */
  csv?: (options: { header: true; columns: string[] }) => Transform;
  /** A read that fails part way, which ends the CSV there (not a download given up). */
  failed?: (error: Error) => void;
}

export const registryRemovalsColumns = ['e164', 'registry', 'list'];

/** The load's numbers taken off, a page at a time, as CSV with a header. */
export function registryRemovalsCsv(db: Queryable, load: KeptRegistryLoad, options: RegistryRemovalsCsvOptions = {}): Readable {
  const seen = options.seen ?? ((e164: string) => e164);
  const rows = Readable.from((async function* () {
    for await (const e164 of registryLoadRemovals(db, load.id)) yield [seen(e164), load.registry, load.listName];
  })());
  const csvOptions = { header: true as const, columns: registryRemovalsColumns };
  const csv = options.csv ? options.csv(csvOptions) : stringify(csvOptions);
  // A pipeline, not a pipe: a read that fails ends the CSV with its error, and a download given up
  // ends the reading.
  return pipeline(rows, csv, (error) => {
    if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') options.failed?.(error);
  });
}

/** The load's numbers taken off, as CSV, written to `out` as fast as it takes them (a slow reader
 * of a hundred thousand numbers holds the reading back, not memory), which is left open; a read
 * that fails part way rejects with its error. */
export async function writeRegistryRemovalsCsv(db: Queryable, load: KeptRegistryLoad, out: Writable): Promise<void> {
  await finished(registryRemovalsCsv(db, load), out, { end: false });
}
