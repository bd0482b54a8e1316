// Logger factory (pino). Phone numbers never reach a log in clear: values under phone-like keys
// are masked by redaction, and every string of every record (message, bindings, fields) goes
// through the digit-run mask, which catches numbers inside endpoints, URLs and error messages.

import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { maskDeep, maskPhoneDigits, maskPhoneValue } from './mask-phone-digits.js';

export type { Logger } from 'pino';

// Not 'to' / 'from': those name time ranges far more often than numbers here.
const PHONE_KEYS = ['phone', 'number', 'e164', 'endpoint', 'callerId', 'caller_id', 'phoneNumber', 'msisdn'];
/** Top level and one level down (e.g. `{ lead: { phone } }`); deeper values get the digit mask. */
const REDACT_PATHS = PHONE_KEYS.flatMap((key) => [key, `*.${key}`]);

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
      log: (record) => maskDeep(record) as Record<string, unknown>,
      bindings: (bindings) => maskDeep(bindings) as Record<string, unknown>,
    },
    hooks: {
      // The message string is not part of the record passed to formatters.log.
      logMethod(args, method) {
        const masked = args.map((arg: unknown) => (typeof arg === 'string' ? maskPhoneDigits(arg) : arg));
        method.apply(this, masked as Parameters<typeof method>);
      },
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (options.name !== undefined) config.name = options.name;
  return options.destination ? pino(config, options.destination) : pino(config);
}
