// Translation of Postgres constraint errors into DbError, so callers see a code, not SQLSTATE.

import { DbError } from './db-error.js';

interface PgErrorShape {
  code?: string;
  constraint?: string;
  message: string;
}

function isPgError(error: unknown): error is PgErrorShape {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

/** Rethrows CHECK / NOT NULL / FK / unique violations as INVALID_ARGUMENT naming the constraint. */
export function rethrowConstraint(error: unknown): never {
  if (isPgError(error) && error.code !== undefined && ['23502', '23503', '23505', '23514'].includes(error.code)) {
    throw new DbError('INVALID_ARGUMENT', error.constraint ? `${error.constraint}: ${error.message}` : error.message, { cause: error });
  }
  throw error;
}
