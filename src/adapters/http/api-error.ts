// Errors the API returns on purpose, each with a stable code and an HTTP status.

export type ApiErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'invalid_request'
  | 'conflict'
  | 'rejected_by_engine'
  | 'busy'
  | 'too_many_failures'
  | 'too_large'
  | 'unavailable';

const statusOf: Record<ApiErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid_request: 400,
  conflict: 409,
  rejected_by_engine: 409,
  busy: 429,
  too_many_failures: 429,
  too_large: 413,
  unavailable: 503,
};

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly details: unknown;
  /** Sent as Retry-After: when the caller may try again. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ApiErrorCode, message: string, details?: unknown, retryAfterSeconds?: number) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = statusOf[code];
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
