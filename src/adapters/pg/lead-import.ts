// Loads a CSV of leads into a list: streaming parse (csv-parse), per-row normalisation, and
// chunks of rows loaded with COPY (lead-import-chunk.ts), which leaves out people the campaign
// already has. Chunks load on other connections while later rows are read, so Postgres index
// maintenance (the slow part) uses more than one core. A person twice in one file is kept once:
// the first occurrence. Bad rows are reported with their row number and never stop the good ones.
// Running it twice adds nobody.

import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { DbError } from './db-error.js';
import { mappedColumns, MappingError, type LeadImportMapping } from './lead-import-mapping.js';
import {
  appendImportErrors, failLeadImport, finishLeadImport, markLeadImportRunning, type ImportCounts,
} from './lead-import-repository.js';
import { ChunkLoader } from './lead-import-chunk.js';
import { ChunkRows } from './lead-import-chunk-rows.js';
import { normaliseRow, type RowContext, type RowProblem } from './lead-row-normaliser.js';
import { createPhoneNormaliser } from './phone-normaliser.js';
import type { Pool, PoolClient } from './pool.js';

export type ImportPhase = 'reading' | 'loading' | 'done';

export interface ImportProgress extends ImportCounts {
  phase: ImportPhase;
  bytesRead: number;
  /** Rows merged into the list so far (loading phase). */
  rowsLoaded: number;
}

export interface RunImportOptions {
  importId: string;
  campaignId: string;
  listId: string;
  input: Readable;
  mapping: LeadImportMapping;
  onProgress?: (progress: ImportProgress) => void;
  /** Rows per staging chunk and merge transaction. */
  chunkRows?: number;
  /** Chunk merges running at once, each on its own connection (the pool needs this many + 1). */
  mergeConcurrency?: number;
  now?: Date;
}

/** Report rows kept per import; past this only the counts grow (a broken file must not fill the disk). */
const MAX_REPORTED_PROBLEMS = 200_000;
/** Rows read between progress reports. */
const REPORT_EVERY_ROWS = 2000;

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
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

function headerIndex(header: readonly string[], mapping: LeadImportMapping): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.trim();
    if (!index.has(key)) index.set(key, i);
  });
  const missing = mappedColumns(mapping).filter((column) => !index.has(column));
  if (missing.length > 0) throw new MappingError(`columns not in the file header: ${missing.join(', ')} (header: ${header.join(', ')})`);
  return index;
}

interface StageResult {
  rowsRead: number;
  staged: number;
  invalid: number;
  problems: RowProblem[];
  bytesRead: number;
}

interface MergeCounts {
  imported: number;
  dncMatched: number;
  rows: number;
}

/**
 * Loads chunks on their own connections, at most `concurrency` at once; `submit` waits for a
 * free slot, which is the backpressure that keeps reading from racing ahead of loading.
 */
class ChunkMerger {
  private readonly running = new Set<Promise<void>>();
  private failure: unknown = null;
  readonly totals: MergeCounts = { imported: 0, dncMatched: 0, rows: 0 };

  constructor(private readonly loader: ChunkLoader, private readonly concurrency: number, private readonly onMerged: (totals: MergeCounts) => void) {}

  async submit(rows: ChunkRows): Promise<void> {
    while (this.running.size >= this.concurrency) await Promise.race(this.running);
    this.throwIfFailed();
    const task = this.merge(rows).catch((error: unknown) => {
      this.failure ??= error;
    });
    const tracked = task.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  async drain(): Promise<void> {
    await Promise.all(this.running);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }

  private async merge(rows: ChunkRows): Promise<void> {
    const counts = await this.loader.load(rows);
    this.totals.imported += counts.imported;
    this.totals.dncMatched += counts.dncMatched;
    this.totals.rows += rows.length;
    this.onMerged(this.totals);
  }
}

interface StageOptions {
  chunkRows: number;
  merger: ChunkMerger;
  report: (p: Partial<ImportProgress>) => void;
}

/** Parses the CSV and hands each full chunk of good rows to the merger. */
async function stageRows(options: RunImportOptions, list: ListContext, stage: StageOptions): Promise<StageResult> {
  const parser = options.input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true }));
  const result: StageResult = { rowsRead: 0, staged: 0, invalid: 0, problems: [], bytesRead: 0 };
  let context: RowContext | null = null;
  // Dedupe keys of the file so far: a few tens of bytes a row, kept so no two chunks (loaded
  // concurrently) can carry the same person.
  const seen = new Set<string>();
  let chunk = new ChunkRows();
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (context === null) {
        context = { mapping: options.mapping, columnIndex: headerIndex(record, options.mapping), phones: createPhoneNormaliser(list.region), listRegion: list.region, campaignZone: list.campaignZone };
        continue;
      }
      result.rowsRead++;
      if (result.rowsRead % REPORT_EVERY_ROWS === 0) {
        stage.report({ phase: 'reading', rowsRead: result.rowsRead, invalid: result.invalid, bytesRead: (parser.info as { bytes: number }).bytes });
      }
      // Row numbers count the header as row 1, like a spreadsheet.
      const row = normaliseRow(record, result.rowsRead + 1, context);
      if (result.problems.length < MAX_REPORTED_PROBLEMS) result.problems.push(...row.problems);
      if (row.lead === null) {
        result.invalid++;
        continue;
      }
      result.staged++;
      // The first occurrence of a person in the file wins; later ones are counted as duplicates.
      if (seen.has(row.lead.dedupeKey)) continue;
      seen.add(row.lead.dedupeKey);
      chunk.add(row.lead);
      if (chunk.length < stage.chunkRows) continue;
      await stage.merger.submit(chunk.seal());
      chunk = new ChunkRows();
    }
    if (chunk.length > 0) await stage.merger.submit(chunk.seal());
  } catch (error) {
    throw error instanceof MappingError ? error : new ImportError(`reading the CSV failed at row ${result.rowsRead + 1}: ${(error as Error).message}`);
  }
  if (context === null) throw new ImportError('the file is empty (no header row)');
  result.bytesRead = (parser.info as { bytes: number }).bytes;
  return result;
}

/** Runs one import to the end; the import record gets the counts, or the failure message. */
export async function runLeadImport(pool: Pool, options: RunImportOptions): Promise<ImportCounts> {
  const client = await pool.connect();
  const counts: ImportCounts = { rowsRead: 0, imported: 0, duplicates: 0, invalid: 0, dncMatched: 0 };
  let bytesRead = 0;
  let rowsLoaded = 0;
  let phase: ImportPhase = 'reading';
  const report = (p: Partial<ImportProgress>): void => {
    if (p.bytesRead !== undefined) bytesRead = p.bytesRead;
    if (p.phase !== undefined) phase = p.phase;
    Object.assign(counts, { rowsRead: p.rowsRead ?? counts.rowsRead, invalid: p.invalid ?? counts.invalid });
    options.onProgress?.({ ...counts, phase, bytesRead, rowsLoaded });
  };
  try {
    await markLeadImportRunning(client, options.importId);
    const list = await loadListContext(client, options.campaignId, options.listId);
    const loader = new ChunkLoader(pool, { listId: options.listId, campaignId: options.campaignId, now: options.now ?? new Date() });
    const merger = new ChunkMerger(loader, options.mergeConcurrency ?? 2,
      (totals) => {
        rowsLoaded = totals.rows;
        Object.assign(counts, { imported: totals.imported, dncMatched: totals.dncMatched });
        report({});
      });
    const staged = await stageRows(options, list, { chunkRows: options.chunkRows ?? 50_000, merger, report });
    Object.assign(counts, { rowsRead: staged.rowsRead, invalid: staged.invalid });
    bytesRead = staged.bytesRead;
    report({ phase: 'loading' });
    await merger.drain();
    counts.imported = merger.totals.imported;
    counts.dncMatched = merger.totals.dncMatched;
    counts.duplicates = staged.staged - counts.imported;
    await appendImportErrorsInBatches(client, options.importId, staged.problems);
    await finishLeadImport(client, options.importId, counts);
    options.onProgress?.({ ...counts, phase: 'done', bytesRead, rowsLoaded });
    return counts;
  } catch (error) {
    await failLeadImport(pool, options.importId, (error as Error).message).catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function appendImportErrorsInBatches(client: PoolClient, importId: string, problems: readonly RowProblem[]): Promise<void> {
  for (let i = 0; i < problems.length; i += 5000) await appendImportErrors(client, importId, problems.slice(i, i + 5000));
}
