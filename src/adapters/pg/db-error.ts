// Typed errors of the Postgres adapter. The code is stable so callers and tests can match on it.

export type DbErrorCode =
  | 'MIGRATION_BAD_NAME'
  | 'MIGRATION_DUPLICATE_VERSION'
  | 'MIGRATION_CHECKSUM_MISMATCH'
  | 'MIGRATION_FAILED'
  | 'NOT_FOUND'
  | 'UNKNOWN_DISPOSITION'
  | 'CALLBACK_TIME_REQUIRED'
  /** The disposition code asks for notes and none were given. */
  | 'NOTES_REQUIRED'
  | 'INVALID_ARGUMENT'
  /** The row is busy (a lead being called) and cannot be changed now. */
  | 'CONFLICT'
  /** The one asking may not do this (an agent booking a callback on a lead not theirs). */
  | 'FORBIDDEN';

export class DbError extends Error {
  readonly code: DbErrorCode;
  /** The message without its code: what a person asking is told. */
  readonly detail: string;

  constructor(code: DbErrorCode, message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.name = 'DbError';
    this.code = code;
    this.detail = message;
  }
}

/** The refusal of a request naming a campaign there is none of, in the one wording every route
 * answers it with. */
export function campaignNotFound(campaignId: string | number): DbError {
  return new DbError('NOT_FOUND', `campaign ${campaignId} does not exist`);
}
