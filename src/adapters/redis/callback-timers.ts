// Callback timers: one delayed BullMQ job per callback, firing at its due time and marking it due
// in Postgres. Postgres stays the source of truth: a periodic sweep marks anything a lost or late
// timer missed, so Redis losing a job delays a callback by one sweep at most. The sweep also gives
// to anyone the personal callbacks their agents have not taken in the campaign's time.

import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { markCallbackDue, markDueCallbacks, releaseUnclaimedCallbacks } from '../pg/callback-follow-up.js';
import type { Pool } from '../pg/pool.js';
import { RedisErrorWatch } from './redis-error-watch.js';

export const CALLBACK_QUEUE = 'outpace-callback-timers';

export interface CallbackTimerPayload {
  version: 1;
  callbackId: string;
}

export interface DueCallback {
  callbackId: string;
  /** 'timer' when the delayed job fired, 'sweep' when the periodic sweep caught it. */
  via: 'timer' | 'sweep';
}

export interface CallbackTimersOptions {
  connection: ConnectionOptions;
  pool: Pool;
  logger: Logger;
  /** How often the sweep runs; 0 disables it (tests drive it by hand). */
  sweepIntervalMs?: number;
  /** Told of each callback that became due, e.g. to notify the owning agent. */
  onDue?: (due: DueCallback) => void;
  /** Clock, for tests. */
  now?: () => Date;
  prefix?: string;
  /** Where the queue's and worker's connection errors go; the logger's own watch when not given. */
  redisErrors?: RedisErrorWatch;
}

export interface CallbackTimers {
  /** Schedules (or reschedules) the timer of one callback. Idempotent per callback id. */
  schedule(callback: { id: string; dueAt: Date }): Promise<void>;
  cancel(callbackId: string): Promise<void>;
  /** Marks every pending callback whose time has come (returns how many), and releases the
   * personal ones not taken in their campaign's time. */
  sweep(): Promise<number>;
  close(): Promise<void>;
}

const jobId = (callbackId: string): string => `callback-${callbackId}`;

export function createCallbackTimers(options: CallbackTimersOptions): CallbackTimers {
  const now = options.now ?? (() => new Date());
  const queueOptions = { connection: options.connection, ...(options.prefix ? { prefix: options.prefix } : {}) };
  const queue = new Queue<CallbackTimerPayload>(CALLBACK_QUEUE, queueOptions);
  const worker = new Worker<CallbackTimerPayload>(
    CALLBACK_QUEUE,
    async (job: Job<CallbackTimerPayload>) => {
      if (job.data.version !== 1) throw new Error(`callback timer payload version ${String(job.data.version)} is not supported`);
      if (await markCallbackDue(options.pool, job.data.callbackId, now())) options.onDue?.({ callbackId: job.data.callbackId, via: 'timer' });
    },
    queueOptions,
  );
  worker.on('failed', (job, error) => options.logger.warn({ err: error, callbackId: job?.data.callbackId }, 'callback timer failed'));
  const errors = options.redisErrors ?? new RedisErrorWatch(options.logger);
  errors.watch(queue, 'callback timer queue');
  errors.watch(worker, 'callback timer worker');
  const sweep = async (): Promise<number> => {
    const due = await markDueCallbacks(options.pool, now());
    for (const callback of due) options.onDue?.({ callbackId: callback.id, via: 'sweep' });
    const released = await releaseUnclaimedCallbacks(options.pool, now());
    if (released.length > 0) options.logger.info({ callbacks: released.map((c) => c.id) }, 'personal callbacks not taken in time given to anyone');
    return due.length;
  };
  const interval = options.sweepIntervalMs ?? 60_000;
  const timer = interval > 0 ? setInterval(() => void sweep().catch((err: unknown) => options.logger.warn({ err }, 'callback sweep failed')), interval) : null;
  timer?.unref();
  return {
    async schedule(callback) {
      await queue.remove(jobId(callback.id));
      await queue.add('due', { version: 1, callbackId: callback.id }, {
        jobId: jobId(callback.id), delay: Math.max(0, callback.dueAt.getTime() - now().getTime()), removeOnComplete: true, removeOnFail: 1000, attempts: 3,
      });
    },
    async cancel(callbackId) {
      await queue.remove(jobId(callbackId));
    },
    sweep,
    async close() {
      if (timer) clearInterval(timer);
      // Closed while still connecting, their connections fail with nobody listening: let them
      // connect first, for a moment at most (Redis may be down).
      const connected = Promise.all([worker.waitUntilReady(), queue.waitUntilReady()]).catch(() => undefined);
      await Promise.race([connected, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
      await worker.close();
      await queue.close();
    },
  };
}
