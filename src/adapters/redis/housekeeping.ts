// Housekeeping: a BullMQ job scheduler runs the clean-up every hour on whichever node takes the
// job, so a cluster prunes once and a node that is down misses nothing. The clean-up deletes
// pacing decisions older than the retention: the engine keeps one for every launch, tens of
// thousands a day for a busy campaign, and their use (explaining the dialling) is recent.

import { Queue, Worker, type ConnectionOptions } from 'bullmq';
import type { Logger } from 'pino';
import { prunePacingDecisions } from '../pg/pacing-decision-repository.js';
import type { Pool } from '../pg/pool.js';

export const HOUSEKEEPING_QUEUE = 'outpace-housekeeping';
export const PRUNE_SCHEDULER_ID = 'prune-pacing-decisions';
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface HousekeepingOptions {
  connection: ConnectionOptions;
  pool: Pool;
  logger: Logger;
  /** Pacing decisions are kept this many days. */
  decisionRetentionDays: number;
  prefix?: string;
  /** How often the clean-up runs. */
  everyMs?: number;
  /** Clock, for tests. */
  now?: () => Date;
}

export interface Housekeeping {
  /** Runs the clean-up now; returns the decisions deleted. */
  pruneNow(): Promise<number>;
  close(): Promise<void>;
}

export async function startHousekeeping(options: HousekeepingOptions): Promise<Housekeeping> {
  const now = options.now ?? (() => new Date());
  const queueOptions = { connection: options.connection, ...(options.prefix ? { prefix: options.prefix } : {}) };
  const pruneNow = async (): Promise<number> => {
    const before = new Date(now().getTime() - options.decisionRetentionDays * DAY_MS);
    const deleted = await prunePacingDecisions(options.pool, before);
    if (deleted > 0) options.logger.info({ deleted, before }, 'pruned old pacing decisions');
    return deleted;
  };
  const queue = new Queue(HOUSEKEEPING_QUEUE, queueOptions);
  // Every node upserts the same scheduler: one schedule, whichever node starts first or last.
  await queue.upsertJobScheduler(PRUNE_SCHEDULER_ID, { every: options.everyMs ?? HOUR_MS }, {
    name: 'prune', data: { version: 1 }, opts: { removeOnComplete: 100, removeOnFail: 100 },
  });
  const worker = new Worker(HOUSEKEEPING_QUEUE, async () => ({ deleted: await pruneNow() }), queueOptions);
  worker.on('failed', (_job, error) => options.logger.warn({ err: error }, 'housekeeping failed'));
  return {
    pruneNow,
    async close() {
      await worker.close();
      await queue.close();
    },
  };
}
