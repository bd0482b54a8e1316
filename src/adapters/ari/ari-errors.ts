// Typed failures of ARI requests. ari-client drops the HTTP status of a failed request and keeps
// only the response body, so the code is read from the body Asterisk sends (`{"message": ...}` or
// `{"error": ...}`), from a status when one survives, or from the socket error of the request.

export type AriErrorCode =
  | 'ARI_NOT_FOUND' // 404: channel, bridge, playback or recording does not exist
  | 'ARI_BAD_REQUEST' // 400: missing or invalid parameter (e.g. no endpoint)
  | 'ARI_CONFLICT' // 409: id already exists, or the resource is not in a Stasis application
  | 'ARI_NOT_IN_STASIS' // 422: channel not in the Stasis application
  | 'ARI_INVALID_STATE' // 412: channel in a state that does not allow the operation
  | 'ARI_ALLOCATION_FAILED' // 500 "Allocation failed": unknown technology, unreachable endpoint
  | 'ARI_UNREACHABLE' // the HTTP request did not reach Asterisk
  | 'ARI_UNAUTHORIZED' // 401/403: the PBX refused the user and password
  | 'ARI_TIMEOUT' // no answer within the request timeout: the PBX may have acted on the request
  | 'ARI_NOT_SENT' // no socket to the PBX came free within the request timeout; nothing was sent
  | 'ARI_DISCONNECTED' // no connection to Asterisk right now; nothing was sent
  | 'ARI_NO_AGENT_LEG' // the agent has no phone leg to act on
  | 'ARI_UNKNOWN_SESSION' // no supervision session with that id
  | 'ARI_REQUEST_FAILED'; // anything else

export class AriError extends Error {
  override readonly name = 'AriError';

  constructor(
    readonly code: AriErrorCode,
    readonly operation: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${operation}: ${message}`, options);
  }
}

export function isAriError(error: unknown, code?: AriErrorCode): error is AriError {
  return error instanceof AriError && (code === undefined || error.code === code);
}

/** What a refused request on a channel says of the channel: gone (404); perhaps on its way out
 * (not in Stasis, a conflict, an invalid state: a hang-up that crossed the request, or a refusal
 * of a channel still up, which its hang-up showing or not then tells); or up. */
export type ChannelAfterRefusal = 'gone' | 'maybe_leaving' | 'up';

const maybeLeavingCodes: ReadonlySet<AriErrorCode> = new Set<AriErrorCode>(['ARI_NOT_IN_STASIS', 'ARI_CONFLICT', 'ARI_INVALID_STATE']);

export function channelAfterRefusal(error: AriError): ChannelAfterRefusal {
  if (error.code === 'ARI_NOT_FOUND') return 'gone';
  return maybeLeavingCodes.has(error.code) ? 'maybe_leaving' : 'up';
}

const statusCodes: Readonly<Record<number, AriErrorCode>> = {
  400: 'ARI_BAD_REQUEST',
  404: 'ARI_NOT_FOUND',
  409: 'ARI_CONFLICT',
  412: 'ARI_INVALID_STATE',
  422: 'ARI_NOT_IN_STASIS',
};

// Ordered: the first match wins ("Channel in invalid state" must not read as a bad request).
const messagePatterns: ReadonlyArray<readonly [RegExp, AriErrorCode]> = [
  [/allocation failed/i, 'ARI_ALLOCATION_FAILED'],
  [/not in (a )?stasis/i, 'ARI_NOT_IN_STASIS'],
  [/invalid state/i, 'ARI_INVALID_STATE'],
  [/already exists/i, 'ARI_CONFLICT'],
  [/not found|does not exist|cannot be found/i, 'ARI_NOT_FOUND'],
  [/must be specified|invalid|missing|required/i, 'ARI_BAD_REQUEST'],
];

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EPIPE', 'ECONNABORTED']);

/** Turns whatever a failed request threw into an AriError naming the operation. */
export function toAriError(error: unknown, operation: string): AriError {
  if (error instanceof AriError) return error;
  const networkCode = readString(error, 'code');
  if (networkCode !== null && networkCodes.has(networkCode)) {
    return new AriError('ARI_UNREACHABLE', operation, `${networkCode}`, { cause: error });
  }
  const status = readNumber(error, 'status');
  const text = bodyText(error);
  const fromStatus = status === null ? undefined : statusCodes[status];
  if (fromStatus !== undefined) return new AriError(fromStatus, operation, text || `HTTP ${status}`, { cause: error });
  for (const [pattern, code] of messagePatterns) {
    if (pattern.test(text)) return new AriError(code, operation, text, { cause: error });
  }
  if (/socket hang up/i.test(text)) return new AriError('ARI_UNREACHABLE', operation, text, { cause: error });
  return new AriError('ARI_REQUEST_FAILED', operation, text || 'request failed', { cause: error });
}

/** The human text of a failure: the `message`/`error` of an ARI JSON body, or the error message. */
function bodyText(error: unknown): string {
  const raw = error instanceof Error ? error.message : (readString(error, 'data') ?? readString(error, 'message') ?? '');
  try {
    const parsed: unknown = JSON.parse(raw);
    return readString(parsed, 'message') ?? readString(parsed, 'error') ?? raw;
  } catch {
    return raw;
  }
}

function readString(value: unknown, key: string): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : null;
}

function readNumber(value: unknown, key: string): number | null {
  if (typeof value !== 'object' || value === null) return null;
  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === 'number' ? field : null;
}

/** Rejects with ARI_TIMEOUT when `promise` takes longer than `ms`; the request itself goes on. */
export function withTimeout<T>(promise: Promise<T>, ms: number, operation: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new AriError('ARI_TIMEOUT', operation, `no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error: unknown) => { clearTimeout(timer); reject(toAriError(error, operation)); },
    );
  });
}
