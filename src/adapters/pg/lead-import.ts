// Loads a CSV of leads into a list: decoding (UTF-8, or Windows-1252 when given or when the file
// is not UTF-8, noted in the report), streaming parse (csv-parse), per-row normalisation, and
// chunks of rows loaded with COPY (lead-import-chunk.ts), which leaves out people the campaign
// already has. Chunks load on other connections while later rows are read, so Postgres index
// maintenance (the slow part) uses more than one core. A person twice in one file is kept once:
// the first occurrence. Bad rows (a NUL character, rows run together by a stray quote) are
// reported with their row number and never stop the good ones; a report's footer ending the file
// (a CRM's totals and copyright lines) is skipped and counted apart. An import that fails part way
// (a file damaged past reading, a row grown past any real row's size by a quote never closed, a
// chunk the database refuses) keeps the rows loaded before, and its record keeps the counts and
// row problems so far. Running it twice adds nobody; a person the campaign already has takes the
// consent to prerecorded messages the file gives them (lead-import-chunk.ts), counted apart.

import type { Readable } from 'node:stream';
import type { ConsentStatement } from '../../core/compliance/consent-statements.js';
import { DbError } from './db-error.js';
import { refusalOf, type FileRefusal } from './file-refusal.js';
import { mappedColumns, MappingError, type LeadImportMapping } from './lead-import-mapping.js';
import {
  appendImportErrors, failLeadImport, finishLeadImport, markLeadImportRunning, reportedProblemsKept, type ImportCounts,
} from './lead-import-repository.js';
import { ChunkLoader } from './lead-import-chunk.js';
import { ChunkRows } from './lead-import-chunk-rows.js';
import { ConsentChanges, type ConsentChange } from './lead-import-consent-changes.js';
import { RestatedConsents } from './lead-import-restated-consent.js';
import { alreadyInCampaign, repeatInFile } from './lead-import-duplicates.js';
import { CsvDecoder, type ReadAs } from './lead-import-decoder.js';
import type { ImportEncoding } from './lead-import-encoding.js';
import { EncodingNote } from './lead-import-encoding-note.js';
import { looksLikeRowsRunTogether, readCsvRecords, UnclosedQuoteError, type CsvRecord } from './lead-import-records.js';
import { normaliseRow, type NormalisedLead, type RowContext, type RowProblem } from './lead-row-normaliser.js';
import { ReportFooter } from './report-footer.js';
import { createPhoneNormaliser } from './phone-normaliser.js';
import type { Pool, PoolClient, Queryable } from './pool.js';

export type ImportPhase = 'reading' | 'loading' | 'done';

export interface ImportProgress extends ImportCounts {
  phase: ImportPhase;
  bytesRead: number;
  /** Rows merged into the list so far (loading phase). */
  rowsLoaded: number;
  /** The encoding the file is read in; null while all it has shown is ASCII. */
  readAs: ReadAs | null;
}

export interface RunImportOptions {
  importId: string;
  campaignId: string;
  listId: string;
  input: Readable;
  mapping: LeadImportMapping;
  /** The file's encoding (utf-8 when not given; a file that is not UTF-8 is then read as Windows-1252). */
  encoding?: ImportEncoding;
  onProgress?: (progress: ImportProgress) => void;
  /** Rows per staging chunk and merge transaction. */
  chunkRows?: number;
  /** Chunk merges running at once, each on its own connection (the pool needs this many + 1). */
  mergeConcurrency?: number;
  now?: Date;
}

/** Rows read between progress reports. */
const REPORT_EVERY_ROWS = 2000;

export class ImportError extends Error {
  /** Why, as a code with what it names (file-refusal.ts); undefined for a failure it has no code for. */
  readonly refusal: FileRefusal | undefined;

  constructor(message: string, options?: { cause?: unknown; refusal?: FileRefusal }) {
    super(message, options);
    this.name = 'ImportError';
    this.refusal = options?.refusal;
  }
}

/** A chunk of rows the database refused: the import stops there, keeping what was loaded and counted. */
export class ChunkLoadError extends ImportError {
  constructor(readonly firstRow: number, readonly lastRow: number, cause: unknown) {
    const message = cause instanceof Error ? cause.message : String(cause);
    super(`rows ${firstRow}–${lastRow} could not be loaded (${message}); the import stopped there. `
      + 'The people loaded before stay: importing the file again, once fixed, adds only the others',
    { cause, refusal: { code: 'chunk_refused', params: { firstRow: String(firstRow), lastRow: String(lastRow), message } } });
    this.name = 'ChunkLoadError';
  }
}

/** Reading stopped at `row` by `error`: the rows before stay loaded. */
function readFailure(row: number, error: unknown): ImportError {
  const cause = refusalOf(error);
  return new ImportError(`reading the CSV failed at row ${row}: ${(error as Error).message}`, {
    cause: error, ...(cause ? { refusal: { code: cause.code, params: { ...cause.params, row: String(row) } } } : {}),
  });
}

interface ListContext {
  region: string;
  campaignZone: string;
}

async function loadListContext(client: PoolClient, campaignId: string, listId: string): Promise<ListContext> {
  const result = await client.query<{ default_region: string; timezone: string }>(
    'SELECT l.default_region, c.timezone FROM lists l JOIN campaigns c ON c.id = l.campaign_id WHERE l.id = $1 AND l.campaign_id = $2',
    [listId, campaignId],
  );
  const row = result.rows[0];
  if (!row) throw new DbError('NOT_FOUND', `list ${listId} of campaign ${campaignId}`);
  return { region: row.default_region, campaignZone: row.timezone };
}

/** A header name as people type it: case and runs of spaces do not matter. */
const looseName = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** Each mapped column's index in the header: the column so named, else one named so but for case and spaces. */
function headerIndex(header: readonly string[], mapping: LeadImportMapping): Map<string, number> {
  const index = new Map<string, number>();
  const loose = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.trim();
    if (!index.has(key)) index.set(key, i);
    if (!loose.has(looseName(name))) loose.set(looseName(name), i);
  });
  for (const column of mappedColumns(mapping)) {
    const near = loose.get(looseName(column));
    if (!index.has(column) && near !== undefined) index.set(column, near);
  }
  const missing = mappedColumns(mapping).filter((column) => !index.has(column));
  if (missing.length > 0) {
    throw new MappingError(`columns not in the file header: ${missing.join(', ')} (header: ${header.join(', ')})`,
      { code: 'columns_missing', params: { columns: missing.join(', '), header: header.join(', ') } });
  }
  return index;
}

function rowContext(header: readonly string[], mapping: LeadImportMapping, list: ListContext): RowContext {
  return { mapping, columnIndex: headerIndex(header, mapping), phones: createPhoneNormaliser(list.region), listRegion: list.region, campaignZone: list.campaignZone };
}

interface StageResult {
  rowsRead: number;
  /** Rows with a lead (good rows), repeats of a person earlier in the file included. */
  staged: number;
  /** Good rows repeating a person earlier in the file (left out, counted as duplicates). */
  repeats: number;
  invalid: number;
  /** Rows at the end of the file that are a report's footer (report-footer.ts): skipped. */
  footerRows: number;
  problems: RowProblem[];
  bytesRead: number;
}

interface MergeCounts {
  imported: number;
  dncMatched: number;
  rows: number;
  consentChanged: number;
}

/**
 * Loads chunks on their own connections, at most `concurrency` at once; `submit` waits for a
 * free slot, which is the backpressure that keeps reading from racing ahead of loading.
 */
class ChunkMerger {
  private readonly running = new Set<Promise<void>>();
  private failure: unknown = null;
  private readonly consent = new ConsentChanges();
  readonly totals: MergeCounts = { imported: 0, dncMatched: 0, rows: 0, consentChanged: 0 };

  constructor(
    private readonly loader: ChunkLoader, private readonly concurrency: number,
    private readonly onMerged: (totals: MergeCounts) => void,
    /** Each row left out as a person the campaign already has: its file row number and dedupe key. */
    private readonly onKnown: (rowNumber: number, dedupeKey: string) => void,
  ) {}

  async submit(rows: ChunkRows): Promise<void> {
    while (this.running.size >= this.concurrency) await Promise.race(this.running);
    this.throwIfFailed();
    const task = this.merge(rows).catch((error: unknown) => {
      this.failure ??= error;
    });
    const tracked = task.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  /** The changes giving people repeated in the file what stands of their rows (after the chunks). */
  tookRestatedConsent(changes: readonly ConsentChange[]): void {
    this.consent.made(changes);
    this.totals.consentChanged = this.consent.count();
  }

  async drain(): Promise<void> {
    await this.settle();
    this.throwIfFailed();
  }

  /** Waits for the chunks in flight, failed or not, so the totals are final. */
  async settle(): Promise<void> {
    await Promise.all(this.running);
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }

  private async merge(rows: ChunkRows): Promise<void> {
    const counts = await this.loader.load(rows).catch((error: unknown) => {
      throw new ChunkLoadError(rows.firstRow, rows.lastRow, error);
    });
    this.totals.imported += counts.imported;
    this.totals.dncMatched += counts.dncMatched;
    this.totals.rows += rows.length;
    this.consent.made(counts.consentChanges);
    this.totals.consentChanged = this.consent.count();
    for (const [row, key] of counts.known) this.onKnown(rows.rowNumbers[row] ?? 0, key);
    this.onMerged(this.totals);
  }
}

interface StageOptions {
  chunkRows: number;
  merger: ChunkMerger;
  /** What people repeated in the file say of consent after their chunk went. */
  restated: RestatedConsents;
  report: (p: Partial<ImportProgress>) => void;
  decoder: CsvDecoder;
}

/** How rows are read once the header is known; `columns` counts the header's cells. */
interface HeaderContext {
  context: RowContext;
  columns: number;
}

function keepProblems(result: StageResult, problems: readonly RowProblem[]): void {
  if (result.problems.length < reportedProblemsKept) result.problems.push(...problems);
}

/** The record's lead, or null with its problems noted (a row run together by a stray quote, a row normalise rejects). */
function leadOf(record: CsvRecord, rowNumber: number, header: HeaderContext, result: StageResult): NormalisedLead | null {
  if (record.endLine > record.startLine && looksLikeRowsRunTogether(record.cells, header.columns, record.delimiter)) {
    keepProblems(result, [{
      rowNumber, column: null,
      reason: `row ${rowNumber} spans lines ${record.startLine}–${record.endLine} (unclosed quote?): not imported; check the quotes from line ${record.startLine}`,
      code: 'rows_run_together', params: { row: String(rowNumber), startLine: String(record.startLine), endLine: String(record.endLine) },
    }]);
    return null;
  }
  const row = normaliseRow(record.cells, rowNumber, header.context);
  keepProblems(result, row.problems);
  return row.lead;
}

/** A quote open to the end of the file: the rows from it on are one bad row; those before stay good. */
/** Rows numbered as a spreadsheet shows the file: the header is row 1, a blank line is a row too,
 * a cell's line breaks are not new rows, and a `sep=` line is not shown. */
class SpreadsheetRows {
  private row = 0;
  private endLine = 0;
  private hiddenLines = 0;

  /** The row of a record starting on file line `startLine` after those taken. */
  at(startLine: number): number {
    return this.row + Math.max(1, startLine - this.hiddenLines - this.endLine);
  }

  /** The row after the last taken (where reading stopped). */
  following(): number {
    return this.row + 1;
  }

  take(record: Pick<CsvRecord, 'startLine' | 'endLine' | 'hiddenLines'>): number {
    this.hiddenLines = record.hiddenLines;
    this.row = this.at(record.startLine);
    this.endLine = record.endLine - record.hiddenLines;
    return this.row;
  }
}

function noteUnclosedQuote(error: UnclosedQuoteError, rowNumber: number, result: StageResult): void {
  result.rowsRead++;
  result.invalid++;
  keepProblems(result, [{
    rowNumber, column: null,
    reason: `row ${rowNumber} (line ${error.startLine}) opens a quote that is never closed: lines ${error.startLine}–${error.endLine}, to the end of the file, are not imported`,
    code: 'unclosed_quote_to_end', params: { row: String(rowNumber), startLine: String(error.startLine), endLine: String(error.endLine) },
  }]);
}

/**
 * Parses the CSV into `result` and hands each full chunk of good rows to the merger. A file
 * damaged part way still has its good rows before the damage loaded, then fails.
 */
async function stageRows(options: RunImportOptions, list: ListContext, stage: StageOptions, result: StageResult): Promise<void> {
  let header: HeaderContext | null = null;
  // Dedupe keys of the file so far with the row each was first on: a few tens of bytes a row, kept
  // so no two chunks (loaded concurrently) can carry the same person.
  const seen = new Map<string, number>();
  let chunk = new ChunkRows();
  // The open chunk's people, by dedupe key, with their row in it.
  let openRows = new Map<string, number>();
  const submitChunk = async (): Promise<void> => {
    const full = chunk;
    chunk = new ChunkRows();
    openRows = new Map();
    if (full.length > 0) await stage.merger.submit(full.seal());
  };
  const encodingNote = new EncodingNote(options.encoding ?? 'utf-8', stage.decoder);
  const rows = new SpreadsheetRows();
  let readError: ImportError | null = null;
  /** A later row of a person says this of their consent. */
  const restate = (dedupeKey: string, statement: ConsentStatement): void => {
    const open = openRows.get(dedupeKey);
    if (open === undefined) {
      stage.restated.restate(dedupeKey, statement);
      return;
    }
    chunk.restateConsent(open, statement);
    stage.restated.said(dedupeKey, statement);
  };
  /** A row read after the header: counted, and its lead staged or its problems noted. */
  const take = async (record: CsvRecord, rowNumber: number, reading: HeaderContext): Promise<void> => {
    result.rowsRead++;
    if (result.rowsRead % REPORT_EVERY_ROWS === 0) {
      stage.report({ phase: 'reading', rowsRead: result.rowsRead, invalid: result.invalid, bytesRead: result.bytesRead });
    }
    keepProblems(result, encodingNote.forRow(record.cells, rowNumber));
    const lead = leadOf(record, rowNumber, reading, result);
    if (lead === null) {
      result.invalid++;
      return;
    }
    result.staged++;
    // The first occurrence of a person in the file is loaded; later ones are counted and reported
    // as duplicates, but what they say of consent counts (standingConsent): in the chunk loading
    // the person if still open, else once the file is loaded.
    const statement = lead.prerecordedConsentGiven ? { consent: lead.prerecordedConsent, givenOn: lead.prerecordedConsentOn } : null;
    const firstRow = seen.get(lead.dedupeKey);
    if (firstRow !== undefined) {
      result.repeats++;
      keepProblems(result, [repeatInFile(rowNumber, firstRow, lead.dedupeKey, options.mapping)]);
      if (statement !== null) restate(lead.dedupeKey, statement);
      return;
    }
    seen.set(lead.dedupeKey, rowNumber);
    if (statement !== null) stage.restated.said(lead.dedupeKey, statement);
    openRows.set(lead.dedupeKey, chunk.length);
    chunk.add(lead);
    if (chunk.length >= stage.chunkRows) await submitChunk();
  };
  // Lines that read as a report's footer, held until the file ends (a footer: skipped) or a row
  // follows (rows as any other).
  const footer = new ReportFooter<{ record: CsvRecord; rowNumber: number }>();
  const releaseFooter = async (reading: HeaderContext): Promise<void> => {
    for (const held of footer.release()) await take(held.record, held.rowNumber, reading);
  };
  try {
    for await (const record of readCsvRecords(options.input, stage.decoder)) {
      result.bytesRead = record.bytes;
      const rowNumber = rows.take(record);
      if (header === null) {
        keepProblems(result, encodingNote.forRow(record.cells, rowNumber));
        header = { context: rowContext(record.cells, options.mapping, list), columns: record.cells.length };
        continue;
      }
      if (footer.hold({ record, rowNumber }, record.cells)) continue;
      await releaseFooter(header);
      await take(record, rowNumber, header);
    }
    result.footerRows = footer.lines;
  } catch (error) {
    if (error instanceof MappingError || error instanceof ChunkLoadError) throw error;
    if (error instanceof UnclosedQuoteError && header !== null) noteUnclosedQuote(error, rows.at(error.startLine), result);
    else readError = readFailure(rows.following(), error);
    // Not the file's end: what follows, damaged, is rows too.
    if (header !== null) await releaseFooter(header);
  }
  if (header === null) throw readError ?? new ImportError('the file is empty (no header row)', { refusal: { code: 'empty_file', params: {} } });
  await submitChunk();
  if (readError !== null) throw readError;
}

const countsOf = (staged: StageResult, totals: MergeCounts): ImportCounts => ({
  rowsRead: staged.rowsRead,
  imported: totals.imported,
  // Repeats within the file, and people of the loaded rows the campaign already had.
  duplicates: staged.repeats + totals.rows - totals.imported,
  invalid: staged.invalid,
  dncMatched: totals.dncMatched,
  footerRows: staged.footerRows,
  consentChanged: totals.consentChanged,
});

/** Runs one import to the end; the import record gets the counts and the row problems, and the failure message if it fails. */
export async function runLeadImport(pool: Pool, options: RunImportOptions): Promise<ImportCounts> {
  const client = await pool.connect();
  let counts: ImportCounts = { rowsRead: 0, imported: 0, duplicates: 0, invalid: 0, dncMatched: 0, footerRows: 0, consentChanged: 0 };
  const staged: StageResult = { rowsRead: 0, staged: 0, repeats: 0, invalid: 0, footerRows: 0, problems: [], bytesRead: 0 };
  const written = { problems: 0 };
  let merger: ChunkMerger | null = null;
  let loader: ChunkLoader | null = null;
  const restated = new RestatedConsents();
  let bytesRead = 0;
  let rowsLoaded = 0;
  let phase: ImportPhase = 'reading';
  const decoder = new CsvDecoder(options.encoding ?? 'utf-8');
  const report = (p: Partial<ImportProgress>): void => {
    if (p.bytesRead !== undefined) bytesRead = p.bytesRead;
    if (p.phase !== undefined) phase = p.phase;
    Object.assign(counts, { rowsRead: p.rowsRead ?? counts.rowsRead, invalid: p.invalid ?? counts.invalid });
    options.onProgress?.({ ...counts, phase, bytesRead, rowsLoaded, readAs: decoder.readAs });
  };
  try {
    await markLeadImportRunning(client, options.importId);
    const list = await loadListContext(client, options.campaignId, options.listId);
    loader = new ChunkLoader(pool, { listId: options.listId, campaignId: options.campaignId, importId: options.importId, now: options.now ?? new Date() });
    merger = new ChunkMerger(loader, options.mergeConcurrency ?? 2,
      (totals) => {
        rowsLoaded = totals.rows;
        Object.assign(counts, { imported: totals.imported, dncMatched: totals.dncMatched, consentChanged: totals.consentChanged });
        report({});
      },
      (rowNumber, dedupeKey) => keepProblems(staged, [alreadyInCampaign(rowNumber, dedupeKey, options.mapping)]));
    await stageRows(options, list, { chunkRows: options.chunkRows ?? 50_000, merger, restated, report, decoder }, staged);
    Object.assign(counts, { rowsRead: staged.rowsRead, invalid: staged.invalid });
    bytesRead = staged.bytesRead;
    report({ phase: 'loading' });
    await merger.drain();
    merger.tookRestatedConsent(await loader.restateConsent(restated.statements()));
    counts = countsOf(staged, merger.totals);
    await appendImportErrorsInBatches(client, options.importId, staged.problems, written);
    await finishLeadImport(client, options.importId, counts);
    options.onProgress?.({ ...counts, phase: 'done', bytesRead, rowsLoaded, readAs: decoder.readAs });
    return counts;
  } catch (error) {
    await recordFailure(pool, options.importId, error, { staged, merger, written, restate: () => loader?.restateConsent(restated.statements()) ?? Promise.resolve([]) });
    throw error;
  } finally {
    client.release();
  }
}

/**
 * A failed import still gets the counts and row problems gathered so far: chunks loaded before
 * the failure stay, and the report must say so rather than show an empty import.
 */
async function recordFailure(pool: Pool, importId: string, error: unknown, state: {
  staged: StageResult; merger: ChunkMerger | null; written: { problems: number };
  /** Gives the loaded people the consent their later rows read gave (a withdrawal must not be lost with the rest). */
  restate: () => Promise<readonly ConsentChange[]>;
}): Promise<void> {
  await state.merger?.settle();
  // Best effort, as below.
  if (state.merger !== null) state.merger.tookRestatedConsent(await state.restate().catch(() => []));
  const counts = countsOf(state.staged, state.merger?.totals ?? { imported: 0, dncMatched: 0, rows: 0, consentChanged: 0 });
  const message = error instanceof Error ? error.message : String(error);
  // Best effort: the database may be what failed, and the caller gets the original error anyway.
  await appendImportErrorsInBatches(pool, importId, state.staged.problems, state.written).catch(() => undefined);
  await failLeadImport(pool, importId, message, counts, refusalOf(error)).catch(() => undefined);
}

/** Appends the problems not yet written (`written` counts them, so a retry after a failure adds none twice). */
async function appendImportErrorsInBatches(db: Queryable, importId: string, problems: readonly RowProblem[], written: { problems: number }): Promise<void> {
  while (written.problems < problems.length) {
    const batch = problems.slice(written.problems, written.problems + 5000);
    await appendImportErrors(db, importId, batch);
    written.problems += batch.length;
  }
}
