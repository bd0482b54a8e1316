// CRM webhooks, the sending side: one BullMQ job per delivery row posts its payload as JSON,
// signed when a secret is configured, and records each try in Postgres. A refusal or a timeout
// is tried again after a wait that doubles each time; after the last try the delivery is marked
// failed for a manager to send again. Postgres stays the source of truth: a periodic sweep queues
// any pending delivery whose job Redis lost.

import { createHmac } from 'node:crypto';
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { Pool } from '../pg/pool.js';
import { getWebhookDelivery, recordWebhookTry, stalePendingWebhooks } from '../pg/webhook-outbox.js';

export const WEBHOOK_QUEUE = 'outpace-webhooks';

interface WebhookJob {
  version: 1;
  deliveryId: string;
}

export type WebhookTryResult = 'delivered' | 'retry' | 'failed';

export interface WebhookSenderOptions {
  connection: ConnectionOptions;
  pool: Pool;
  logger: Logger;
  prefix?: string;
  /** Signs bodies when not empty. */
  secret: string;
  tries: number;
  backoffMs: number;
  timeoutMs: number;
  /** How often lost jobs are looked for; 0 disables it (tests drive it by hand). */
  sweepIntervalMs?: number;
  onTry?: (result: WebhookTryResult) => void;
  now?: () => Date;
}

export interface WebhookSender {
  /** Queues the deliveries (once each while queued). */
  send(deliveryIds: readonly string[]): Promise<void>;
  /** Queues pending deliveries older than a minute; returns how many. */
  sweep(): Promise<number>;
  close(): Promise<void>;
}

/** The signature header's value: HMAC-SHA256 over "<timestamp>.<body>", so a replayed body with a new time fails. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const jobId = (deliveryId: string): string => `webhook-${deliveryId}`;
const STALE_AFTER_MS = 60_000;

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const now = options.now ?? (() => new Date());
  const queueOptions = { connection: options.connection, ...(options.prefix ? { prefix: options.prefix } : {}) };
  const queue = new Queue<WebhookJob>(WEBHOOK_QUEUE, queueOptions);
  // Several at once: one CRM that takes its time to refuse does not hold up the others.
  const worker = new Worker<WebhookJob>(WEBHOOK_QUEUE, (job) => deliver(job), { ...queueOptions, concurrency: 8 });
  worker.on('error', (error) => options.logger.warn({ err: error }, 'webhook worker error'));

  async function deliver(job: Job<WebhookJob>): Promise<void> {
    if (job.data.version !== 1) throw new Error(`webhook job version ${String(job.data.version)} is not supported`);
    const delivery = await getWebhookDelivery(options.pool, job.data.deliveryId);
    if (!delivery || delivery.status !== 'pending') return;
    const error = await post(delivery.url, delivery.id, delivery.event, delivery.payload);
    const last = job.attemptsMade + 1 >= options.tries;
    await recordWebhookTry(options.pool, delivery.id, { at: now(), error, last });
    const result: WebhookTryResult = error === null ? 'delivered' : last ? 'failed' : 'retry';
    options.onTry?.(result);
    if (error === null) return;
    options.logger.warn({ deliveryId: delivery.id, campaignId: delivery.campaignId, host: new URL(delivery.url).host, error, last }, last
      ? 'webhook failed for good: a manager can send it again' : 'webhook refused; trying again later');
    if (!last) throw new Error(error);
  }

  /** One try: null when the CRM took it, else what went wrong. */
  async function post(url: string, deliveryId: string, event: string, payload: Record<string, unknown>): Promise<string | null> {
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(now().getTime() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json', 'user-agent': 'outpace-webhooks/1',
      'x-outpace-event': event, 'x-outpace-delivery': deliveryId, 'x-outpace-timestamp': timestamp,
      ...(options.secret ? { 'x-outpace-signature': webhookSignature(options.secret, timestamp, body) } : {}),
    };
    try {
      const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(options.timeoutMs) });
      await response.body?.cancel();
      return response.ok ? null : `HTTP ${response.status}`;
    } catch (error: unknown) {
      return error instanceof Error ? (error.name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : error.message) : String(error);
    }
  }

  const send = async (deliveryIds: readonly string[]): Promise<void> => {
    await queue.addBulk(deliveryIds.map((id) => ({
      name: 'deliver', data: { version: 1 as const, deliveryId: id },
      opts: { jobId: jobId(id), attempts: options.tries, backoff: { type: 'exponential', delay: options.backoffMs }, removeOnComplete: true, removeOnFail: true },
    })));
  };
  const sweep = async (): Promise<number> => {
    const stale = await stalePendingWebhooks(options.pool, new Date(now().getTime() - STALE_AFTER_MS));
    await send(stale);
    return stale.length;
  };
  const interval = options.sweepIntervalMs ?? 5 * 60_000;
  const timer = interval > 0 ? setInterval(() => void sweep().catch((err: unknown) => options.logger.warn({ err }, 'webhook sweep failed')), interval) : null;
  timer?.unref();
  return {
    send,
    sweep,
    async close() {
      if (timer) clearInterval(timer);
      await worker.close();
      await queue.close();
    },
  };
}
