// The queue work every node takes part in: CSV imports (API uploads become BullMQ jobs), callback
// timers (a delayed job per callback, with a Postgres sweep for any lost timer), CRM webhooks (a
// job per delivery, tried again with back-off) and housekeeping (an hourly job that prunes old
// pacing decisions and recordings).

import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { ConfigError } from '../config/config-error.js';
import type { Config } from '../config/schema.js';
import { ariRecordingDeleter } from '../adapters/ari/stored-recordings.js';
import type { Pool } from '../adapters/pg/pool.js';
import { createCallbackTimers, type CallbackTimers, type DueCallback } from '../adapters/redis/callback-timers.js';
import { startHousekeeping } from '../adapters/redis/housekeeping.js';
import { createWebhookSender, type WebhookSender, type WebhookTryResult } from '../adapters/redis/webhook-sender.js';
import { WebhookDestinations } from '../adapters/http/webhook-destination.js';
import { createLeadImportQueue, createLeadImportWorker, type LeadImportJobPayload } from '../adapters/redis/lead-import-queue.js';
import type { RedisErrorWatch } from '../adapters/redis/redis-error-watch.js';

export interface NodeJobs {
  importQueue: Queue<LeadImportJobPayload>;
  callbackTimers: CallbackTimers;
  webhooks: WebhookSender;
  /** Where uploads wait for their import job. */
  uploadDir: string;
  close(): Promise<void>;
}

export interface NodeJobHooks {
  /** Told of each callback whose timer fired (personal ones are dialled for their agent). */
  onCallbackDue?: (due: DueCallback) => void;
  /** Told of each CRM webhook try. */
  onWebhookTry?: (result: WebhookTryResult) => void;
}

/** The node's Redis connections, pool and log the queue work uses. */
export interface NodeJobServices {
  pool: Pool;
  logger: Logger;
  /** The node's watch on its Redis connections: one warning for all of them when Redis is away. */
  redisErrors: RedisErrorWatch;
}

/** The upload directory, made if missing; absolute, since queued jobs name their file by it. */
function openUploadDir(dir: string): string {
  const path = resolve(dir);
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw new ConfigError('CONFIG_INVALID', [{
      path: 'engine.uploadDir',
      message: `"${dir}" cannot be used (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): set UPLOAD_DIR to a directory this node may write`,
    }]);
  }
  return path;
}

export async function startNodeJobs(config: Config, { pool, logger, redisErrors }: NodeJobServices, hooks: NodeJobHooks = {}): Promise<NodeJobs> {
  const connection = { url: config.redis.url };
  const prefix = `${config.redis.keyPrefix}bull`;
  const uploadDir = openUploadDir(config.engine.uploadDir);
  // Uploads are kept on this host's disk: the host's own queue, so that only a worker that can
  // read them takes them (nodes on one host share the directory and the queue).
  const host = hostname();
  const importQueue = createLeadImportQueue(connection, prefix, host, redisErrors);
  const importWorker: Worker<LeadImportJobPayload> = createLeadImportWorker({
    connection, pool, logger: logger.child({ component: 'import' }), prefix, host, redisErrors,
  });
  const callbackTimers = createCallbackTimers({
    connection, pool, prefix, logger: logger.child({ component: 'callbacks' }), redisErrors,
    onDue: (due) => {
      logger.info({ callbackId: due.callbackId, via: due.via }, 'callback due');
      hooks.onCallbackDue?.(due);
    },
  });
  const housekeeping = await startHousekeeping({
    connection, pool, prefix, logger: logger.child({ component: 'housekeeping' }), redisErrors, decisionRetentionDays: config.engine.decisionRetentionDays,
    recordingRetentionDays: config.engine.recordingRetentionDays, leadRetentionDays: config.engine.leadRetentionDays, webhookRetentionDays: config.webhooks.retentionDays,
    importErrorRetentionDays: config.imports.errorRetentionDays, deleteRecording: ariRecordingDeleter(config.ari),
  });
  const webhooks = createWebhookSender({
    connection, pool, prefix, logger: logger.child({ component: 'webhooks' }), redisErrors, secret: config.webhooks.secret, tries: config.webhooks.tries,
    backoffMs: config.webhooks.backoffSeconds * 1_000, timeoutMs: config.webhooks.timeoutMs,
    destinations: new WebhookDestinations(config.webhooks.allowedPrivateDestinations), ...(hooks.onWebhookTry ? { onTry: hooks.onWebhookTry } : {}),
  });
  return {
    importQueue, callbackTimers, webhooks, uploadDir,
    close: async () => {
      await importWorker.close();
      await importQueue.close();
      await callbackTimers.close();
      await webhooks.close();
      await housekeeping.close();
    },
  };
}
