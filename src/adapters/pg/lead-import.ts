// Loads a CSV of leads into a list: streaming parse (csv-parse), per-row normalisation, COPY into
// a session-local staging table, then set-based merges in chunks that drop duplicates (within the
// file and against the campaign, by the dedupe key) and write phones in dial order. Bad rows are
// reported with their row number and never stop the good ones. Running it twice adds nobody.

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
  /** Rows per merge transaction. */
  chunkRows?: number;
  now?: Date;
}

/** Report rows kept per import; past this only the counts grow (a broken file must not fill the disk). */
const MAX_REPORTED_PROBLEMS = 200_000;
const COPY_BATCH_ROWS = 2000;

const STAGE_DDL = `
CREATE TEMP TABLE IF NOT EXISTS lead_import_stage (
  row_number int NOT NULL, dedupe_key text NOT NULL, external_id text, first_name text, last_name text,
  fields jsonb NOT NULL, grade text NOT NULL, priority int NOT NULL, timezone text NOT NULL,
  timezone_source text NOT NULL, postal_code text, phones text[] NOT NULL
)`;

const MERGE_SQL = `
WITH firsts AS (
  SELECT DISTINCT ON (dedupe_key) * FROM lead_import_stage
  WHERE row_number > $3 AND row_number <= $4 ORDER BY dedupe_key, row_number
),
ins AS (
  INSERT INTO leads (list_id, campaign_id, external_id, first_name, last_name, fields, grade, priority, timezone,
                     timezone_source, postal_code, dedupe_key, next_dial_at, created_at, updated_at)
  SELECT $1, $2, external_id, first_name, last_name, fields, grade, priority, timezone, timezone_source, postal_code,
         dedupe_key, $5, $5, $5
  FROM firsts ORDER BY row_number
  ON CONFLICT (campaign_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
  RETURNING id, dedupe_key
),
phones AS (
  INSERT INTO lead_phones (lead_id, e164, dial_order)
  SELECT ins.id, p.e164, (p.ord - 1)::smallint
  FROM ins JOIN firsts f ON f.dedupe_key = ins.dedupe_key CROSS JOIN LATERAL unnest(f.phones) WITH ORDINALITY AS p(e164, ord)
  RETURNING lead_id, e164
)
SELECT (SELECT count(*)::int FROM ins) AS imported,
       (SELECT count(*)::int FROM firsts) AS distinct_rows,
       (SELECT count(DISTINCT ph.lead_id)::int FROM phones ph WHERE EXISTS (
          SELECT 1 FROM dnc_entries d WHERE d.e164 = ph.e164 AND (d.campaign_id IS NULL OR d.campaign_id = $2)
            AND (d.expires_at IS NULL OR d.expires_at > $5))) AS dnc_matched`;

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

/** Parses the CSV and COPYs the good rows into the staging table. */
async function stageRows(client: PoolClient, options: RunImportOptions, list: ListContext, report: (p: Partial<ImportProgress>) => void): Promise<StageResult> {
  const parser = options.input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true }));
  const copy = client.query(copyStreams.from('COPY lead_import_stage FROM STDIN'));
  const copyDone = new Promise<void>((resolve, reject) => {
    copy.on('finish', resolve);
    copy.on('error', reject);
  });
  const result: StageResult = { rowsRead: 0, staged: 0, invalid: 0, problems: [], bytesRead: 0 };
  let context: RowContext | null = null;
  let batch = '';
  let batchRows = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const ok = copy.write(batch);
    batch = '';
    batchRows = 0;
    if (!ok) await new Promise<void>((resolve) => copy.once('drain', resolve));
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
      batch += copyLine(row.lead);
      if (++batchRows >= COPY_BATCH_ROWS) {
        await flush();
        report({ phase: 'reading', rowsRead: result.rowsRead, invalid: result.invalid, bytesRead: (parser.info as { bytes: number }).bytes });
      }
    }
    await flush();
  } catch (error) {
    copy.destroy(error as Error);
    await copyDone.catch(() => undefined);
    throw error instanceof MappingError ? error : new ImportError(`reading the CSV failed at row ${result.rowsRead + 1}: ${(error as Error).message}`);
  }
  copy.end();
  await copyDone;
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
  const report = (p: Partial<ImportProgress>): void => {
    if (p.bytesRead !== undefined) bytesRead = p.bytesRead;
    Object.assign(counts, { rowsRead: p.rowsRead ?? counts.rowsRead, invalid: p.invalid ?? counts.invalid });
    options.onProgress?.({ ...counts, phase: p.phase ?? 'reading', bytesRead, rowsLoaded });
  };
  try {
    await markLeadImportRunning(client, options.importId);
    const list = await loadListContext(client, options.campaignId, options.listId);
    await client.query(STAGE_DDL);
    await client.query('TRUNCATE lead_import_stage');
    const staged = await stageRows(client, options, list, report);
    Object.assign(counts, { rowsRead: staged.rowsRead, invalid: staged.invalid });
    bytesRead = staged.bytesRead;
    const now = options.now ?? new Date();
    const chunk = options.chunkRows ?? 100_000;
    const lastRow = staged.rowsRead + 1;
    for (let from = 1; from < lastRow; from += chunk) {
      const merged = await client.query<{ imported: number; distinct_rows: number; dnc_matched: number }>(MERGE_SQL, [
        options.listId, options.campaignId, from, Math.min(from + chunk, lastRow), now,
      ]);
      const row = merged.rows[0];
      counts.imported += row?.imported ?? 0;
      counts.dncMatched += row?.dnc_matched ?? 0;
      rowsLoaded = Math.min(from + chunk, lastRow) - 1;
      report({ phase: 'loading' });
    }
    counts.duplicates = staged.staged - counts.imported;
    await client.query('DROP TABLE IF EXISTS lead_import_stage');
    await appendImportErrorsInBatches(client, options.importId, staged.problems);
    await finishLeadImport(client, options.importId, counts);
    options.onProgress?.({ ...counts, phase: 'done', bytesRead, rowsLoaded });
    return counts;
  } catch (error) {
    await client.query('DROP TABLE IF EXISTS lead_import_stage').catch(() => undefined);
    await failLeadImport(pool, options.importId, (error as Error).message).catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function appendImportErrorsInBatches(client: PoolClient, importId: string, problems: readonly RowProblem[]): Promise<void> {
  for (let i = 0; i < problems.length; i += 5000) await appendImportErrors(client, importId, problems.slice(i, i + 5000));
}
