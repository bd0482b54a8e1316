// Lead imports as BullMQ jobs: the API stores the upload, creates the import record and queues a
// job; a worker runs the import and reports progress on the job (and counts in Postgres).

import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { ImportEncoding } from '../pg/lead-import-encoding.js';
import type { LeadImportMapping } from '../pg/lead-import-mapping.js';
import { runLeadImport, type ImportProgress } from '../pg/lead-import.js';
import type { Pool } from '../pg/pool.js';
import { RedisErrorWatch } from './redis-error-watch.js';

export const LEAD_IMPORT_QUEUE = 'outpace-lead-imports';

export interface LeadImportJobPayload {
  version: 1;
  importId: string;
  campaignId: string;
  listId: string;
  /** The stored upload; removed after the import unless keepFile. */
  filePath: string;
  mapping: LeadImportMapping;
  /** Absent in jobs queued before encodings were given: utf-8. */
  encoding?: ImportEncoding;
  keepFile?: boolean;
}

export type LeadImportJobProgress = ImportProgress & { totalBytes: number | null };

/** The queue of a host's imports: the upload is on that host's disk, so only a worker there can
 * read it (a node elsewhere taking the job would find no file). Without a host, the shared queue. */
export function leadImportQueueName(host?: string): string {
  return host ? `${LEAD_IMPORT_QUEUE}-${host.replace(/[^A-Za-z0-9_.-]/g, '_')}` : LEAD_IMPORT_QUEUE;
}

/** `errors`: where the queue's connection errors go (without, BullMQ prints them to the console). */
export function createLeadImportQueue(connection: ConnectionOptions, prefix?: string, host?: string, errors?: RedisErrorWatch): Queue<LeadImportJobPayload> {
  const queue = new Queue<LeadImportJobPayload>(leadImportQueueName(host), { connection, ...(prefix ? { prefix } : {}) });
  return errors ? errors.watch(queue, 'lead import queue') : queue;
}

export async function enqueueLeadImport(queue: Queue<LeadImportJobPayload>, payload: Omit<LeadImportJobPayload, 'version'>): Promise<void> {
  // The import id is the job id, so a retried upload request cannot queue the same import twice.
  await queue.add('import', { version: 1, ...payload }, { jobId: payload.importId, removeOnComplete: 1000, removeOnFail: 1000 });
}

export interface LeadImportWorkerOptions {
  connection: ConnectionOptions;
  pool: Pool;
  logger: Logger;
  prefix?: string;
  /** Imports at once on this node (each uses one database connection and one core). */
  concurrency?: number;
  /** The host whose uploads this worker imports (see leadImportQueueName). */
  host?: string;
  /** Where the worker's connection errors go; the logger's own watch when not given. */
  redisErrors?: RedisErrorWatch;
}

export function createLeadImportWorker(options: LeadImportWorkerOptions): Worker<LeadImportJobPayload> {
  const worker = new Worker<LeadImportJobPayload>(
    leadImportQueueName(options.host),
    async (job: Job<LeadImportJobPayload>) => {
      const data = job.data;
      if (data.version !== 1) throw new Error(`lead import payload version ${String(data.version)} is not supported`);
      let lastReport = 0;
      // A file that cannot be opened fails the stream before the import reads it: the import
      // finds the failure there (readable.errored) and is marked failed with it; unheard, the
      // failure would stop the node.
      const input = createReadStream(data.filePath).on('error', () => undefined);
      try {
        return await runLeadImport(options.pool, {
          importId: data.importId, campaignId: data.campaignId, listId: data.listId, mapping: data.mapping, encoding: data.encoding,
          input,
          onProgress: (progress) => {
            // Progress goes to Redis at most twice a second, and always at phase changes.
            const at = Date.now();
            if (progress.phase === 'reading' && at - lastReport < 500) return;
            lastReport = at;
            void job.updateProgress({ ...progress, totalBytes: null }).catch(() => undefined);
          },
        });
      } finally {
        if (!data.keepFile) await unlink(data.filePath).catch(() => undefined);
      }
    },
    { connection: options.connection, concurrency: options.concurrency ?? 1, ...(options.prefix ? { prefix: options.prefix } : {}) },
  );
  worker.on('failed', (job, error) => options.logger.warn({ err: error, importId: job?.data.importId }, 'lead import failed'));
  (options.redisErrors ?? new RedisErrorWatch(options.logger)).watch(worker, 'lead import worker');
  return worker;
}
