// The queue work every node takes part in: CSV imports (API uploads become BullMQ jobs), callback
// timers (a delayed job per callback, with a Postgres sweep for any lost timer) and housekeeping
// (an hourly job that prunes old pacing decisions).

import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { ariRecordingDeleter } from '../adapters/ari/stored-recordings.js';
import type { Pool } from '../adapters/pg/pool.js';
import { createCallbackTimers, type CallbackTimers, type DueCallback } from '../adapters/redis/callback-timers.js';
import { startHousekeeping } from '../adapters/redis/housekeeping.js';
import { createLeadImportQueue, createLeadImportWorker, type LeadImportJobPayload } from '../adapters/redis/lead-import-queue.js';

export interface NodeJobs {
  importQueue: Queue<LeadImportJobPayload>;
  callbackTimers: CallbackTimers;
  /** Where uploads wait for their import job. */
  uploadDir: string;
  close(): Promise<void>;
}

/** `onCallbackDue`: told of each callback whose timer fired (personal ones are dialled for their agent). */
export async function startNodeJobs(config: Config, pool: Pool, logger: Logger, onCallbackDue?: (due: DueCallback) => void): Promise<NodeJobs> {
  const connection = { url: config.redis.url };
  const prefix = `${config.redis.keyPrefix}bull`;
  const uploadDir = join(tmpdir(), 'outpace-uploads');
  mkdirSync(uploadDir, { recursive: true });
  const importQueue = createLeadImportQueue(connection, prefix);
  const importWorker: Worker<LeadImportJobPayload> = createLeadImportWorker({ connection, pool, logger: logger.child({ component: 'import' }), prefix });
  const callbackTimers = createCallbackTimers({
    connection, pool, prefix, logger: logger.child({ component: 'callbacks' }),
    onDue: (due) => {
      logger.info({ callbackId: due.callbackId, via: due.via }, 'callback due');
      onCallbackDue?.(due);
    },
  });
  const housekeeping = await startHousekeeping({
    connection, pool, prefix, logger: logger.child({ component: 'housekeeping' }), decisionRetentionDays: config.engine.decisionRetentionDays,
    recordingRetentionDays: config.engine.recordingRetentionDays, deleteRecording: ariRecordingDeleter(config.ari),
  });
  return {
    importQueue, callbackTimers, uploadDir,
    close: async () => {
      await importWorker.close();
      await importQueue.close();
      await callbackTimers.close();
      await housekeeping.close();
    },
  };
}
