// Logger factory (pino). Phone numbers never reach a log in clear: values under phone-like keys
// are masked by redaction, and every string of every record (message, bindings, fields) goes
// through the free-text mask, which catches numbers however written, inside endpoints, URLs and
// error messages, and leaves the engine's ids whole.

import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { maskDeep, maskNumbersInText, maskPhoneValue } from './mask-phone-digits.js';

export type { Logger } from 'pino';

// Not 'to' / 'from': those name time ranges far more often than numbers here.
const PHONE_KEYS = ['phone', 'number', 'e164', 'endpoint', 'callerId', 'caller_id', 'phoneNumber', 'msisdn'];
/** Top level and one level down (e.g. `{ lead: { phone } }`); deeper values get the digit mask. */
const REDACT_PATHS = PHONE_KEYS.flatMap((key) => [key, `*.${key}`]);

/** What the HTTP server's request serializer reads of a request. */
interface LoggedRequest {
  method?: unknown;
  url: string;
  host?: unknown;
  ip?: unknown;
  headers?: Record<string, unknown>;
  socket?: { remotePort?: unknown };
}

/** An address with any number in it masked, however it was typed: plainly, URL-encoded
 * (`%2B1555...`), or with spaces, dashes and brackets (a search box's `(650)+555-0199`). Each
 * path segment and query value is read on its own; a token in the query (a live stream's) is not
 * logged at all. */
function maskedUrl(url: string): string {
  const at = url.indexOf('?');
  const path = (at < 0 ? url : url.slice(0, at)).split('/').map((segment) => maskNumbersInText(decoded(segment))).join('/');
  if (at < 0) return path;
  const query = [...new URLSearchParams(url.slice(at + 1))]
    .map(([key, value]) => `${key}=${key === 'token' ? '[redacted]' : maskNumbersInText(value)}`);
  return `${path}?${query.join('&')}`;
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part; // not valid percent-encoding: masked as it came
  }
}

/**
 * The HTTP server logs each request as the request object itself, which reaches this formatter
 * before its serializer (and is no plain object, so the digit mask passes it by): it is handed on
 * as the few fields the serializer reads, its address masked (a number searched for, a DNC entry
 * removed), and no other header (the token).
 */
function withMaskedRequest(record: Record<string, unknown>): Record<string, unknown> {
  const req = record.req as Partial<LoggedRequest> | null | undefined;
  if (typeof req !== 'object' || req === null || typeof req.url !== 'string') return record;
  const version = req.headers?.['accept-version'];
  return {
    ...record,
    req: {
      method: req.method, url: maskedUrl(req.url), host: req.host, ip: req.ip,
      headers: version === undefined ? {} : { 'accept-version': version },
      socket: { remotePort: req.socket?.remotePort },
    } satisfies LoggedRequest,
  };
}

export interface LoggerFactoryOptions {
  level?: string;
  name?: string;
  /** Where records go; defaults to stdout. Tests pass a stream to read them back. */
  destination?: DestinationStream;
  base?: Record<string, unknown>;
}

export function createLogger(options: LoggerFactoryOptions = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: options.base ?? { pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: (value) => maskPhoneValue(value) },
    formatters: {
      log: (record) => maskDeep(withMaskedRequest(record)) as Record<string, unknown>,
      bindings: (bindings) => maskDeep(bindings) as Record<string, unknown>,
    },
    hooks: {
      // The message string is not part of the record passed to formatters.log.
      logMethod(args, method) {
        const masked = args.map((arg: unknown) => (typeof arg === 'string' ? maskNumbersInText(arg) : arg));
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.name !== undefined) config.name = options.name;
  return options.destination ? pino(config, options.destination) : pino(config);
}
