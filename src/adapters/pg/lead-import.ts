// Loads a CSV of leads into a list: streaming parse (csv-parse), per-row normalisation, COPY of
// each chunk of rows into its own unlogged staging table, and set-based merges that drop
// duplicates (within the file and against the campaign, by the dedupe key) and write phones in
// dial order. Merges of earlier chunks run on other connections while later chunks are read, so
// Postgres index maintenance (the slow part) uses more than one core. Bad rows are reported with
// their row number and never stop the good ones. Running it twice adds nobody.
// A person twice in one file is kept once: the first occurrence.

import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import copyStreams from 'pg-copy-streams';
import { DbError } from './db-error.js';
import { mappedColumns, MappingError, type LeadImportMapping } from './lead-import-mapping.js';
import {
  appendImportErrors, failLeadImport, finishLeadImport, markLeadImportRunning, type ImportCounts,
} from './lead-import-repository.js';
import { normaliseRow, type NormalisedLead, type RowContext, type RowProblem } from './lead-row-normaliser.js';
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
const COPY_BATCH_ROWS = 2000;

const stageDdl = (table: string): string => `
CREATE UNLOGGED TABLE ${table} (
  row_number int NOT NULL, dedupe_key text NOT NULL, external_id text, first_name text, last_name text,
  fields jsonb NOT NULL, grade text NOT NULL, priority int NOT NULL, timezone text NOT NULL,
  timezone_source text NOT NULL, postal_code text, phones text[] NOT NULL
)`;

/**
 * The merge of one staged chunk. Rows repeating a person earlier in the file never reach the
 * stage (the reader drops them), so a plain INSERT that leaves out people the campaign already
 * has is enough; `onConflict` adds ON CONFLICT DO NOTHING for the rare retry after another import
 * into the same campaign inserted one of them meanwhile (speculative insertion costs every row).
 */
const mergeSql = (table: string, onConflict: boolean): string => `
WITH ins AS (
  INSERT INTO leads (list_id, campaign_id, external_id, first_name, last_name, fields, grade, priority, timezone,
                     timezone_source, postal_code, dedupe_key, next_dial_at, created_at, updated_at)
  SELECT $1, $2, external_id, first_name, last_name, fields, grade, priority, timezone, timezone_source, postal_code,
         dedupe_key, $3, $3, $3
  FROM ${table} s
  -- OFFSET 0 keeps this a per-row probe of leads_campaign_dedupe_key: as an anti join the planner
  -- would hash every lead of the campaign for each chunk (its statistics lag the import).
  WHERE NOT EXISTS (SELECT 1 FROM leads e WHERE e.campaign_id = $2 AND e.dedupe_key = s.dedupe_key OFFSET 0)
  ORDER BY row_number
  ${onConflict ? 'ON CONFLICT (campaign_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING' : ''}
  RETURNING id, dedupe_key, timezone, priority, grade
),
zones AS (
  -- What the statement trigger on leads does, written out because the trusted bulk path runs
  -- without triggers; on the ordinary path both run and ON CONFLICT makes the second a no-op.
  INSERT INTO list_time_zones (list_id, timezone)
  SELECT DISTINCT $1::bigint, ins.timezone FROM ins
  ON CONFLICT DO NOTHING
),
levels AS (
  -- Likewise the (priority, grade) levels selection probes (list_lead_levels_collect).
  INSERT INTO list_lead_levels (list_id, priority, grade)
  SELECT DISTINCT $1::bigint, ins.priority, ins.grade FROM ins
  ON CONFLICT DO NOTHING
),
phones AS (
  INSERT INTO lead_phones (lead_id, e164, dial_order)
  SELECT ins.id, p.e164, (p.ord - 1)::smallint
  FROM ins JOIN ${table} s ON s.dedupe_key = ins.dedupe_key CROSS JOIN LATERAL unnest(s.phones) WITH ORDINALITY AS p(e164, ord)
  RETURNING lead_id, e164
)
SELECT (SELECT count(*)::int FROM ins) AS imported,
       (SELECT count(DISTINCT ph.lead_id)::int FROM phones ph WHERE EXISTS (
          SELECT 1 FROM dnc_entries d WHERE d.e164 = ph.e164 AND (d.campaign_id IS NULL OR d.campaign_id = $2)
            AND (d.expires_at IS NULL OR d.expires_at > $3))) AS dnc_matched`;

interface MergeRow {
  imported: number;
  dnc_matched: number;
}

const isUniqueViolation = (error: unknown): boolean => (error as { code?: unknown }).code === '23505';

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/** COPY text format: backslash, tab, newline and carriage return escaped; NULL is \N. */
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function copyLine(lead: NormalisedLead): string {
  return [
    String(lead.rowNumber), copyText(lead.dedupeKey), copyText(lead.externalId), copyText(lead.firstName), copyText(lead.lastName),
    copyText(JSON.stringify(lead.fields)), lead.grade, String(lead.priority), copyText(lead.timezone), lead.timezoneSource,
    copyText(lead.postalCode), `{${lead.phones.join(',')}}`,
  ].join('\t') + '\n';
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
 * The referential checks the foreign-key triggers would make, once for the whole chunk: the list
 * exists and belongs to the campaign, and both stay (KEY SHARE, the lock the triggers take) until
 * the merge commits. Phones reference leads inserted by the same statement, so they need none.
 */
async function lockListForBulk(client: PoolClient, listId: string, campaignId: string): Promise<void> {
  const found = await client.query(
    'SELECT 1 FROM lists l JOIN campaigns c ON c.id = l.campaign_id WHERE l.id = $1 AND l.campaign_id = $2 FOR KEY SHARE OF l, c',
    [listId, campaignId],
  );
  if (found.rowCount !== 1) throw new DbError('NOT_FOUND', `list ${listId} of campaign ${campaignId}`);
}

/**
 * Runs chunk merges on their own connections, at most `concurrency` at once; `submit` waits for a
 * free slot, which is the backpressure that keeps reading from racing ahead of loading.
 */
class ChunkMerger {
  private readonly running = new Set<Promise<void>>();
  private failure: unknown = null;
  /** Whether this role may run merges without per-row triggers; null until the first merge asks. */
  private trustedBulk: boolean | null = null;
  readonly totals: MergeCounts = { imported: 0, dncMatched: 0, rows: 0 };

  constructor(private readonly pool: Pool, private readonly params: { listId: string; campaignId: string; now: Date }, private readonly concurrency: number,
    private readonly onMerged: (totals: MergeCounts) => void) {}

  async submit(table: string, rows: number): Promise<void> {
    while (this.running.size >= this.concurrency) await Promise.race(this.running);
    this.throwIfFailed();
    const task = this.merge(table, rows).catch((error: unknown) => {
      this.failure ??= error;
    });
    const tracked = task.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  async drain(): Promise<void> {
    await Promise.all(this.running);
    this.throwIfFailed();
  }

  /**
   * Per-row foreign-key triggers cost about a third of a merge. Where the role may switch them off
   * for its transaction (session_replication_role, a superuser or granted setting), the merge
   * checks the same references itself, once per chunk: see lockListForBulk. Elsewhere the
   * ordinary triggers run; the first refusal is remembered so later chunks do not ask again.
   */
  private async enterTrustedBulk(client: PoolClient): Promise<boolean> {
    if (this.trustedBulk === false) return false;
    await client.query('SAVEPOINT trusted_bulk');
    try {
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query('RELEASE SAVEPOINT trusted_bulk');
      this.trustedBulk = true;
    } catch {
      await client.query('ROLLBACK TO SAVEPOINT trusted_bulk');
      this.trustedBulk = false;
    }
    return this.trustedBulk;
  }

  /** The plain merge, or, when another import got one of these people in first, the tolerant one. */
  private async insert(client: PoolClient, table: string): Promise<MergeRow | undefined> {
    const values = [this.params.listId, this.params.campaignId, this.params.now];
    await client.query('SAVEPOINT plain_merge');
    try {
      const merged = await client.query<MergeRow>(mergeSql(table, false), values);
      await client.query('RELEASE SAVEPOINT plain_merge');
      return merged.rows[0];
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await client.query('ROLLBACK TO SAVEPOINT plain_merge');
      return (await client.query<MergeRow>(mergeSql(table, true), values)).rows[0];
    }
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }

  private async merge(table: string, rows: number): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // A chunk's hash joins fit in memory; a lost commit on a crash is redone by importing again.
      // JIT would compile the merge afresh for every chunk, costing more than it saves.
      await client.query(`SET LOCAL work_mem = '64MB'; SET LOCAL synchronous_commit = off; SET LOCAL jit = off`);
      if (await this.enterTrustedBulk(client)) await lockListForBulk(client, this.params.listId, this.params.campaignId);
      const merged = await this.insert(client, table);
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      await client.query('COMMIT');
      this.totals.imported += merged?.imported ?? 0;
      this.totals.dncMatched += merged?.dnc_matched ?? 0;
      this.totals.rows += rows;
      this.onMerged(this.totals);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/** One chunk being copied into its staging table. */
class ChunkWriter {
  private copy: ReturnType<typeof copyStreams.from> | null = null;
  private done: Promise<void> = Promise.resolve();
  private serial = 0;
  table = '';
  rows = 0;
  readonly created: string[] = [];

  constructor(private readonly client: PoolClient, private readonly baseName: string) {}

  async open(): Promise<void> {
    this.table = `${this.baseName}_${++this.serial}`;
    this.rows = 0;
    this.created.push(this.table);
    await this.client.query(stageDdl(this.table));
    const copy = this.client.query(copyStreams.from(`COPY ${this.table} FROM STDIN`));
    this.done = new Promise<void>((resolve, reject) => {
      copy.on('finish', resolve);
      copy.on('error', reject);
    });
    this.copy = copy;
  }

  async write(text: string, rows: number): Promise<void> {
    if (!this.copy) await this.open();
    this.rows += rows;
    if (!this.copy?.write(text)) await new Promise<void>((resolve) => this.copy?.once('drain', resolve));
  }

  /** Ends the chunk's COPY (which commits it); returns the table and its row count, or null if empty. */
  async close(): Promise<{ table: string; rows: number } | null> {
    if (!this.copy) return null;
    this.copy.end();
    await this.done;
    this.copy = null;
    return { table: this.table, rows: this.rows };
  }

  abort(error: Error): void {
    this.copy?.destroy(error);
  }
}

interface StageOptions {
  chunkRows: number;
  writer: ChunkWriter;
  merger: ChunkMerger;
  report: (p: Partial<ImportProgress>) => void;
}

/** Parses the CSV, COPYs good rows chunk by chunk and hands each full chunk to the merger. */
async function stageRows(options: RunImportOptions, list: ListContext, stage: StageOptions): Promise<StageResult> {
  const parser = options.input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true }));
  const result: StageResult = { rowsRead: 0, staged: 0, invalid: 0, problems: [], bytesRead: 0 };
  let context: RowContext | null = null;
  // Dedupe keys of the file so far: a few tens of bytes a row, kept so no two chunks (merged
  // concurrently) can carry the same person.
  const seen = new Set<string>();
  let batch = '';
  let batchRows = 0;
  const flush = async (): Promise<void> => {
    if (batchRows === 0) return;
    await stage.writer.write(batch, batchRows);
    batch = '';
    batchRows = 0;
    if (stage.writer.rows >= stage.chunkRows) await submitChunk(stage);
  };
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (context === null) {
        context = { mapping: options.mapping, columnIndex: headerIndex(record, options.mapping), phones: createPhoneNormaliser(list.region), listRegion: list.region, campaignZone: list.campaignZone };
        continue;
      }
      result.rowsRead++;
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
      batch += copyLine(row.lead);
      if (++batchRows >= COPY_BATCH_ROWS) {
        await flush();
        stage.report({ phase: 'reading', rowsRead: result.rowsRead, invalid: result.invalid, bytesRead: (parser.info as { bytes: number }).bytes });
      }
    }
    await flush();
    await submitChunk(stage);
  } catch (error) {
    stage.writer.abort(error as Error);
    throw error instanceof MappingError ? error : new ImportError(`reading the CSV failed at row ${result.rowsRead + 1}: ${(error as Error).message}`);
  }
  if (context === null) throw new ImportError('the file is empty (no header row)');
  result.bytesRead = (parser.info as { bytes: number }).bytes;
  return result;
}

async function submitChunk(stage: StageOptions): Promise<void> {
  const chunk = await stage.writer.close();
  if (chunk) await stage.merger.submit(chunk.table, chunk.rows);
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
  const writer = new ChunkWriter(client, `lead_import_${options.importId.replace(/-/g, '')}`);
  try {
    await markLeadImportRunning(client, options.importId);
    const list = await loadListContext(client, options.campaignId, options.listId);
    const merger = new ChunkMerger(pool, { listId: options.listId, campaignId: options.campaignId, now: options.now ?? new Date() }, options.mergeConcurrency ?? 2,
      (totals) => {
        rowsLoaded = totals.rows;
        Object.assign(counts, { imported: totals.imported, dncMatched: totals.dncMatched });
        report({});
      });
    const staged = await stageRows(options, list, { chunkRows: options.chunkRows ?? 50_000, writer, merger, report });
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
    // Chunks merged are dropped by their merge; these are the ones a failure left behind.
    for (const table of writer.created) await client.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    client.release();
  }
}

async function appendImportErrorsInBatches(client: PoolClient, importId: string, problems: readonly RowProblem[]): Promise<void> {
  for (let i = 0; i < problems.length; i += 5000) await appendImportErrors(client, importId, problems.slice(i, i + 5000));
}
