// Why a whole file was refused (a DNC file adding nothing) or an import stopped: as a code with
// what it names, for a page to say in its own language, beside the English message the API and
// the command line give.

export const fileRefusalCodes = [
  'unclosed_quote', 'record_too_large', 'line_too_long', 'not_utf8', 'rows_run_together', 'empty_file', 'columns_missing',
  'chunk_refused', 'upload_incomplete', 'not_queued', 'list_region_mismatch',
] as const;

export type FileRefusalCode = (typeof fileRefusalCodes)[number];

export interface FileRefusal {
  code: FileRefusalCode;
  /** What the message names: lines, a row, a byte, columns, regions. */
  params: Record<string, string>;
}

/** An error that says why as a code. */
export interface RefusalError extends Error {
  readonly refusal: FileRefusal;
}

/** The refusal an error carries, or null for one that gives its English message only. */
export function refusalOf(error: unknown): FileRefusal | null {
  if (!(error instanceof Error) || !('refusal' in error)) return null;
  const { refusal } = error as RefusalError;
  return typeof refusal === 'object' && (fileRefusalCodes as readonly unknown[]).includes(refusal.code) ? refusal : null;
}
