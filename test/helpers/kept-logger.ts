// A logger whose records a test reads back, parsed, as the node wrote them (phone numbers masked).

import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../src/adapters/log/logger.js';

export interface KeptLogger {
  logger: Logger;
  records: Array<Record<string, unknown>>;
}

/** Keeps what is logged at `level` and above (warnings by default). */
export function keptLogger(level = 'warn'): KeptLogger {
  const records: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line !== '') records.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level, destination }), records };
}
