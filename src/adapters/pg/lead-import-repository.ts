// Import records (one per uploaded file) with their counts, and the per-row error report.

import { campaignNotFound, DbError } from './db-error.js';
import type { FileRefusal } from './file-refusal.js';
import { rethrowConstraint } from './pg-errors.js';
import type { Queryable } from './pool.js';
import type { LeadImportMapping } from './lead-import-mapping.js';
import type { RowProblem } from './lead-row-normaliser.js';

export type LeadImportStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ImportCounts {
  rowsRead: number;
  imported: number;
  duplicates: number;
  invalid: number;
  dncMatched: number;
  /** Rows ending the file that are a report's footer (totals, confidentiality, copyright): skipped. */
  footerRows: number;
  /** Leads the campaign already had whose consent to prerecorded messages the file changed. */
  consentChanged: number;
}

export interface LeadImport extends ImportCounts {
  id: string;
  campaignId: string;
  listId: string;
  fileName: string;
  status: LeadImportStatus;
  mapping: LeadImportMapping;
  error: string | null;
  /** Why it failed as a code with what it names (file-refusal.ts); null when it did not, or has no code. */
  errorCode: string | null;
  errorParams: Record<string, string> | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** When the housekeeping job deleted its error report's rows (imports.errorRetentionDays); the
   * counts stay. null while the report is kept. */
  errorsDeletedAt: Date | null;
}

interface ImportRow {
  id: string;
  campaign_id: string;
  list_id: string;
  file_name: string;
  status: LeadImportStatus;
  mapping: LeadImportMapping;
  rows_read: number;
  imported: number;
  duplicates: number;
  invalid: number;
  dnc_matched: number;
  footer_rows: number;
  consent_changed: number;
  error: string | null;
  error_code: string | null;
  error_params: Record<string, string> | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  errors_deleted_at: Date | null;
}

const toImport = (row: ImportRow): LeadImport => ({
  id: row.id,
  campaignId: String(row.campaign_id),
  listId: String(row.list_id),
  fileName: row.file_name,
  status: row.status,
  mapping: row.mapping,
  rowsRead: row.rows_read,
  imported: row.imported,
  duplicates: row.duplicates,
  invalid: row.invalid,
  dncMatched: row.dnc_matched,
  footerRows: row.footer_rows,
  consentChanged: row.consent_changed,
  error: row.error,
  errorCode: row.error_code,
  errorParams: row.error_params,
  createdAt: row.created_at,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  errorsDeletedAt: row.errors_deleted_at ?? null,
});

/** Region of a new list's numbers written without a country code, when the upload names none. */
const DEFAULT_LIST_REGION = 'US';

/**
 * An upload names another region than its (existing) list's. Refused, not read with either: the
 * list's region is what its numbers were read in and what other code (postal-code zones, manual
 * dials, the agent's number field) takes for the list, and reading a Mexican file as US numbers
 * would dial the wrong people.
 */
export class ListRegionMismatchError extends Error {
  readonly refusal: FileRefusal;

  constructor(readonly listName: string, readonly listRegion: string, readonly uploadRegion: string) {
    super(`list "${listName}" reads numbers without a country code as ${listRegion}, but this upload names region ${uploadRegion}: `
      + `upload it with region ${listRegion}, or into another list for ${uploadRegion} numbers`);
    this.name = 'ListRegionMismatchError';
    this.refusal = { code: 'list_region_mismatch', params: { list: listName, listRegion, uploadRegion } };
  }
}

/**
 * The list named `name` of the campaign, created in the region given (US when none is) if it does
 * not exist yet. An existing list keeps its region: one given that differs is refused.
 */
export async function ensureList(db: Queryable, input: { campaignId: string; name: string; defaultRegion?: string }): Promise<{ id: string; defaultRegion: string; created: boolean }> {
  const region = input.defaultRegion?.toUpperCase();
  const result = await db
    .query<{ id: string; default_region: string; created: boolean }>(
      // Of a campaign that exists only: no row then, rather than the foreign key's refusal.
      `INSERT INTO lists (campaign_id, name, default_region) SELECT id, $2, $3 FROM campaigns WHERE id = $1
       ON CONFLICT (campaign_id, name) DO UPDATE SET updated_at = lists.updated_at
       RETURNING id, default_region, (xmax = 0) AS created`,
      [input.campaignId, input.name, region ?? DEFAULT_LIST_REGION],
    )
    .catch(rethrowConstraint);
  const row = result.rows[0];
  if (!row) throw campaignNotFound(input.campaignId);
  if (region !== undefined && row.default_region.toUpperCase() !== region) throw new ListRegionMismatchError(input.name, row.default_region, region);
  return { id: String(row.id), defaultRegion: row.default_region, created: row.created };
}

export async function createLeadImport(db: Queryable, input: { campaignId: string; listId: string; fileName: string; mapping: LeadImportMapping }): Promise<LeadImport> {
  const result = await db
    .query<ImportRow>(
      `INSERT INTO lead_imports (campaign_id, list_id, file_name, mapping)
       SELECT l.campaign_id, l.id, $3, $4 FROM lists l WHERE l.id = $2 AND l.campaign_id = $1 RETURNING *`,
      [input.campaignId, input.listId, input.fileName, JSON.stringify(input.mapping)],
    )
    .catch(rethrowConstraint);
  const row = result.rows[0];
  if (!row) throw new DbError('NOT_FOUND', `list ${input.listId} of campaign ${input.campaignId}`);
  return toImport(row);
}

export async function getLeadImport(db: Queryable, importId: string): Promise<LeadImport | null> {
  const result = await db.query<ImportRow>('SELECT * FROM lead_imports WHERE id = $1', [importId]);
  return result.rows[0] ? toImport(result.rows[0]) : null;
}

export async function markLeadImportRunning(db: Queryable, importId: string): Promise<void> {
  await db.query(`UPDATE lead_imports SET status = 'running', started_at = coalesce(started_at, now()), error = NULL, errors_deleted_at = NULL WHERE id = $1`, [importId]);
  // A run again (a job taken over after a crash) reports every row afresh: a failed run left its problems.
  await db.query('DELETE FROM lead_import_errors WHERE import_id = $1', [importId]);
}

export async function finishLeadImport(db: Queryable, importId: string, counts: ImportCounts): Promise<void> {
  await db.query(
    `UPDATE lead_imports SET status = 'done', finished_at = now(), rows_read = $2, imported = $3, duplicates = $4, invalid = $5, dnc_matched = $6,
       footer_rows = $7, consent_changed = $8
     WHERE id = $1`,
    [importId, counts.rowsRead, counts.imported, counts.duplicates, counts.invalid, counts.dncMatched, counts.footerRows, counts.consentChanged],
  );
}

/** Marks the import failed; `counts` are what it read and loaded before failing (the leads loaded stay);
 * `refusal`, why as a code, when the failure has one. */
export async function failLeadImport(db: Queryable, importId: string, message: string, counts?: ImportCounts, refusal?: FileRefusal | null): Promise<void> {
  await db.query(
    `UPDATE lead_imports SET status = 'failed', finished_at = now(), error = $2,
       rows_read = coalesce($3, rows_read), imported = coalesce($4, imported), duplicates = coalesce($5, duplicates),
       invalid = coalesce($6, invalid), dnc_matched = coalesce($7, dnc_matched), error_code = $8, error_params = $9,
       consent_changed = coalesce($10, consent_changed)
     WHERE id = $1`,
    [importId, message, counts?.rowsRead ?? null, counts?.imported ?? null, counts?.duplicates ?? null, counts?.invalid ?? null, counts?.dncMatched ?? null,
      refusal?.code ?? null, refusal ? JSON.stringify(refusal.params) : null, counts?.consentChanged ?? null],
  );
}

/** Adds report rows in one statement per call. */
export async function appendImportErrors(db: Queryable, importId: string, problems: readonly RowProblem[]): Promise<void> {
  if (problems.length === 0) return;
  await db.query(
    `INSERT INTO lead_import_errors (import_id, row_number, column_name, reason, reason_code, reason_params)
     SELECT $1, r, c, m, k, p FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::jsonb[]) AS t(r, c, m, k, p)`,
    [importId, problems.map((p) => p.rowNumber), problems.map((p) => p.column), problems.map((p) => p.reason), problems.map((p) => p.code),
      problems.map((p) => JSON.stringify(p.params))],
  );
}

/** Report rows kept per import; past this only the counts grow (a broken file must not fill the disk). */
export const reportedProblemsKept = 200_000;

/** A report row as kept: one of an import from before reasons had codes has none. */
export interface ReportedProblem extends Omit<RowProblem, 'code' | 'params'> {
  code: string | null;
  params: Record<string, string>;
}

/** An import's report, every row it kept (a row's problems are kept whole, so a few past the bound). */
export async function listImportErrors(db: Queryable, importId: string, limit = 2 * reportedProblemsKept): Promise<ReportedProblem[]> {
  const result = await db.query<{ row_number: number; column_name: string | null; reason: string; reason_code: string | null; reason_params: Record<string, string> | null }>(
    `SELECT row_number, column_name, reason, reason_code, reason_params FROM lead_import_errors WHERE import_id = $1
     ORDER BY row_number, column_name NULLS FIRST LIMIT $2`,
    [importId, limit],
  );
  return result.rows.map((row) => ({ rowNumber: row.row_number, column: row.column_name, reason: row.reason, code: row.reason_code, params: row.reason_params ?? {} }));
}
