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

/** The code a status names on its own. */
const statusCodes: Readonly<Record<number, AriErrorCode>> = {
  400: 'ARI_BAD_REQUEST',
  401: 'ARI_UNAUTHORIZED',
  404: 'ARI_NOT_FOUND',
  409: 'ARI_CONFLICT',
  412: 'ARI_INVALID_STATE',
};

/** The codes the message may pick within a status that covers several of Asterisk's refusals:
 * 400 is also addChannel's "Channel not found" (a channel gone); 403 a read-only user's "Write
 * access denied" among refusals of configuration objects; 409 also a channel or bridge not
 * in Stasis, or a playback in a state that forbids the operation; 422 a channel not in Stasis, but
 * also one not in the bridge or a format unknown; 500 an endpoint that cannot be dialled among others. */
const refinedWithin: Readonly<Record<number, ReadonlySet<AriErrorCode>>> = {
  400: new Set<AriErrorCode>(['ARI_NOT_FOUND']),
  403: new Set<AriErrorCode>(['ARI_UNAUTHORIZED']),
  409: new Set<AriErrorCode>(['ARI_NOT_IN_STASIS', 'ARI_INVALID_STATE']),
  422: new Set<AriErrorCode>(['ARI_NOT_IN_STASIS']),
  500: new Set<AriErrorCode>(['ARI_ALLOCATION_FAILED']),
};

// Ordered: the first match wins ("Channel in invalid state" must not read as a bad request, nor
// Asterisk's 401 "Authentication required" as a missing parameter). Used alone only when no status
// came with the failure.
const messagePatterns: ReadonlyArray<readonly [RegExp, AriErrorCode]> = [
  [/authentication required|unauthori[sz]ed|write access denied/i, 'ARI_UNAUTHORIZED'],
  [/allocation failed/i, 'ARI_ALLOCATION_FAILED'],
  [/not in (a )?stasis/i, 'ARI_NOT_IN_STASIS'],
  [/invalid state|in the playback's current state/i, 'ARI_INVALID_STATE'],
  [/already exists/i, 'ARI_CONFLICT'],
  [/not found|does not exist|cannot be found/i, 'ARI_NOT_FOUND'],
  [/must be specified|invalid|missing|not provided|(is|are) required/i, 'ARI_BAD_REQUEST'],
];

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EPIPE', 'ECONNABORTED']);

/** Turns whatever a failed request threw into an AriError naming the operation. `answeredStatus`:
 * the HTTP status the PBX answered with, when the sender saw it (ari-client drops it). */
export function toAriError(error: unknown, operation: string, answeredStatus?: number): AriError {
  if (error instanceof AriError) return error;
  const networkCode = readString(error, 'code');
  if (networkCode !== null && networkCodes.has(networkCode)) {
    return new AriError('ARI_UNREACHABLE', operation, `${networkCode}`, { cause: error });
  }
  const status = answeredStatus ?? readNumber(error, 'status');
  const text = bodyText(error);
  const code = status === null ? codeOfMessage(text) : codeOfStatus(status, text);
  if (code === 'ARI_UNAUTHORIZED') return new AriError(code, operation, credentialsRefused(status, text), { cause: error });
  if (code !== null) return new AriError(code, operation, text || `HTTP ${status}`, { cause: error });
  if (/socket hang up/i.test(text)) return new AriError('ARI_UNREACHABLE', operation, text, { cause: error });
  return new AriError('ARI_REQUEST_FAILED', operation, text || (status === null ? 'request failed' : `HTTP ${status}`), { cause: error });
}

/** The status first; the message only chooses among the refusals the status covers. */
function codeOfStatus(status: number, text: string): AriErrorCode | null {
  const fromMessage = codeOfMessage(text);
  if (fromMessage !== null && refinedWithin[status]?.has(fromMessage) === true) return fromMessage;
  return statusCodes[status] ?? null;
}

function codeOfMessage(text: string): AriErrorCode | null {
  for (const [pattern, code] of messagePatterns) {
    if (pattern.test(text)) return code;
  }
  return null;
}

/** What the operator is to check when the PBX refuses the node's ARI user: its password, as the
 * connect check says (ari-connect-failure.ts), or its write access, for a read-only user. */
function credentialsRefused(status: number | null, text: string): string {
  const said = [status === null ? null : `HTTP ${status}`, text || null].filter((part) => part !== null).join(' ');
  if (/write access denied/i.test(text)) {
    return `the PBX refused the request of the ARI user (${said}): the user of ARI_USER (ari.user) is read-only in the PBX's ari.conf (read_only)`;
  }
  return `the PBX refused the ARI user and its password (${said}): check ARI_USER and ARI_PASSWORD (ari.user, ari.password) against the PBX's ari.conf`;
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
