// CRM webhooks, the sending side: one BullMQ job per delivery row posts its payload as JSON,
// signed when a secret is configured, and records each try in Postgres. A refusal or a timeout
// is tried again after a wait that doubles each time; after the last try the delivery is marked
// failed for a manager to send again. Postgres stays the source of truth: a periodic sweep queues
// any pending delivery whose job Redis lost. A destination that is internal (see
// webhook-destination.ts) fails at once, untried; a redirect is a refusal, never followed (it could
// point anywhere, the engine host's own ports included).

import { createHmac } from 'node:crypto';
import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import { WebhookDestinationError, WebhookDestinations } from '../http/webhook-destination.js';
import type { Pool } from '../pg/pool.js';
import { getWebhookDelivery, recordWebhookTry, stalePendingWebhooks } from '../pg/webhook-outbox.js';
import { RedisErrorWatch } from './redis-error-watch.js';

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
  /** Where webhooks may go; public destinations only when not given. */
  destinations?: WebhookDestinations;
  /** How often lost jobs are looked for; 0 disables it (tests drive it by hand). */
  sweepIntervalMs?: number;
  onTry?: (result: WebhookTryResult) => void;
  now?: () => Date;
  /** Where the queue's and worker's connection errors go; the logger's own watch when not given. */
  redisErrors?: RedisErrorWatch;
}

export interface WebhookSender {
  /** Queues the deliveries (once each while queued). */
  send(deliveryIds: readonly string[]): Promise<void>;
  /** Queues pending deliveries older than a minute; returns how many. */
  sweep(): Promise<number>;
  close(): Promise<void>;
  /** The destinations sends are held to, which a campaign's saved URLs are checked against too. */
  readonly destinations: WebhookDestinations;
}

/** The signature header's value: HMAC-SHA256 over "<timestamp>.<body>", so a replayed body with a new time fails. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const jobId = (deliveryId: string): string => `webhook-${deliveryId}`;
const STALE_AFTER_MS = 60_000;
/** Pending deliveries the sweep reads at once, and the pages one sweep reads at most: the rest
 * wait for the next sweep, which goes on from there. */
const SWEEP_PAGE_SIZE = 500;
const SWEEP_PAGES = 40;

/** One try's result: `error` null when the CRM took it; `final` when trying again cannot help. */
interface TryOutcome {
  error: string | null;
  final: boolean;
}

class TryTimeout extends Error {
  override readonly name = 'TryTimeout';
}

/** Posts `body` once and resolves with the answer's status; node:http follows no redirect. */
function postOnce(url: URL, options: RequestOptions, body: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const answered = (response: IncomingMessage): void => {
      clearTimeout(timer);
      // Only the status counts; a body that never ends must not hold the socket.
      response.destroy();
      resolve(response.statusCode ?? 0);
    };
    const request: ClientRequest = url.protocol === 'https:' ? httpsRequest(url, options, answered) : httpRequest(url, options, answered);
    const timer = setTimeout(() => request.destroy(new TryTimeout()), timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}

/** What a manager reads of a try that failed: the refusal, the status, or the kind of network error. */
function failureOf(error: unknown, timeoutMs: number): TryOutcome {
  if (error instanceof WebhookDestinationError) return { error: error.message, final: true };
  if (error instanceof TryTimeout) return { error: `no answer within ${timeoutMs} ms`, final: false };
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : null;
  if (code !== null) return { error: `could not reach the CRM (${code})`, final: false };
  return { error: error instanceof Error ? error.message : String(error), final: false };
}

function outcomeOf(status: number): TryOutcome {
  if (status >= 200 && status < 300) return { error: null, final: false };
  if (status >= 300 && status < 400) return { error: `HTTP ${status}: the CRM redirected, and webhooks do not follow redirects (give its final URL)`, final: false };
  return { error: `HTTP ${status}`, final: false };
}

/** How long queueing deliveries may take before the caller goes on without (the sweep sends them). */
const QUEUE_WAIT_MS = 2_000;

async function withinMs<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Closes `part`, or drops its connection when it does not close in moments. Dropping waits for
 * the connection to be made first (BullMQ's disconnect), which while Redis is away may be a
 * reconnect many seconds off: that wait is bounded too, and the client's own end comes later. */
async function closeWithin(part: Pick<Worker | Queue, 'close' | 'disconnect'>, what: string, logger: Logger): Promise<void> {
  try {
    await withinMs(part.close(), QUEUE_WAIT_MS, `${what} did not close`);
  } catch {
    await withinMs(part.disconnect(), QUEUE_WAIT_MS, `${what} did not disconnect`)
      .catch((err: unknown) => logger.warn({ err }, `${what} closed without Redis`));
  }
}

/** The connection's options with commands refused while Redis is not connected (not held), and
 * one cut off on its way given up after a reconnect fails (not resent for minutes). */
function failingFastWhileAway(connection: ConnectionOptions): ConnectionOptions {
  return connection instanceof Redis || connection instanceof Cluster ? connection : { ...connection, enableOfflineQueue: false, maxRetriesPerRequest: 1 };
}

export function createWebhookSender(options: WebhookSenderOptions): WebhookSender {
  const now = options.now ?? (() => new Date());
  const destinations = options.destinations ?? new WebhookDestinations();
  const queueOptions = { connection: options.connection, ...(options.prefix ? { prefix: options.prefix } : {}) };
  // Queueing fails at once while Redis is away, rather than waiting minutes for it: the delivery is
  // written already and the sweep sends it, and a disposition or a call's close waits on this.
  const queue = new Queue<WebhookJob>(WEBHOOK_QUEUE, { ...queueOptions, connection: failingFastWhileAway(options.connection) });
  // Several at once: one CRM that takes its time to refuse does not hold up the others.
  const worker = new Worker<WebhookJob>(WEBHOOK_QUEUE, (job) => deliver(job), { ...queueOptions, concurrency: 8 });
  const errors = options.redisErrors ?? new RedisErrorWatch(options.logger);
  errors.watch(queue, 'webhook queue');
  errors.watch(worker, 'webhook worker');

  async function deliver(job: Job<WebhookJob>): Promise<void> {
    if (job.data.version !== 1) throw new Error(`webhook job version ${String(job.data.version)} is not supported`);
    const delivery = await getWebhookDelivery(options.pool, job.data.deliveryId);
    // A body deleted by retention is never pending (it is not sent again): nothing to post.
    if (!delivery || delivery.status !== 'pending' || delivery.payload === null) return;
    const { error, final } = await post(delivery.url, delivery.id, delivery.event, delivery.payload);
    const last = final || job.attemptsMade + 1 >= options.tries;
    await recordWebhookTry(options.pool, delivery.id, { at: now(), error, last });
    const result: WebhookTryResult = error === null ? 'delivered' : last ? 'failed' : 'retry';
    options.onTry?.(result);
    if (error === null) return;
    options.logger.warn({ deliveryId: delivery.id, campaignId: delivery.campaignId, host: new URL(delivery.url).host, error, last }, last
      ? 'webhook failed for good: a manager can send it again' : 'webhook refused; trying again later');
    if (!last) throw new Error(error);
  }

  /** One try, to a destination checked by its form and by every address it resolves to. */
  async function post(url: string, deliveryId: string, event: string, payload: Record<string, unknown>): Promise<TryOutcome> {
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(now().getTime() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json', 'user-agent': 'outpace-webhooks/1',
      'x-outpace-event': event, 'x-outpace-delivery': deliveryId, 'x-outpace-timestamp': timestamp,
      ...(options.secret ? { 'x-outpace-signature': webhookSignature(options.secret, timestamp, body) } : {}),
    };
    try {
      destinations.assertUrl(url);
      // The lookup refuses a name with any internal address, and the socket connects to the address it checked.
      const requestOptions: RequestOptions = {
        method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: destinations.lookup, agent: false,
      };
      return outcomeOf(await postOnce(new URL(url), requestOptions, body, options.timeoutMs));
    } catch (error: unknown) {
      return failureOf(error, options.timeoutMs);
    }
  }

  const send = async (deliveryIds: readonly string[]): Promise<void> => {
    const queued = queue.addBulk(deliveryIds.map((id) => ({
      name: 'deliver', data: { version: 1 as const, deliveryId: id },
      opts: { jobId: jobId(id), attempts: options.tries, backoff: { type: 'exponential', delay: options.backoffMs }, removeOnComplete: true, removeOnFail: true },
    })));
    // A command cut off on its way waits for Redis to come back: given up on here (the job ids
    // are the deliveries', so the sweep queues none twice should it go through later).
    await withinMs(queued, QUEUE_WAIT_MS, `Redis did not take ${deliveryIds.length} webhook deliveries within ${QUEUE_WAIT_MS} ms: the sweep sends them`);
  };
  // The sweep reads every pending delivery, a page at a time, going on from where the last one
  // stopped: those still waiting in the queue for their next try (a CRM down for an hour) are
  // queued again for nothing (their job ids are taken), and must not fill a window that the
  // deliveries whose queueing failed never reach.
  let sweptUpTo = '0';
  const sweep = async (): Promise<number> => {
    const before = new Date(now().getTime() - STALE_AFTER_MS);
    let queued = 0;
    for (let page = 0; page < SWEEP_PAGES; page++) {
      const stale = await stalePendingWebhooks(options.pool, before, { afterId: sweptUpTo, limit: SWEEP_PAGE_SIZE });
      if (stale.length > 0) await send(stale);
      queued += stale.length;
      sweptUpTo = stale.length < SWEEP_PAGE_SIZE ? '0' : stale[stale.length - 1] ?? '0';
      if (sweptUpTo === '0') break;
    }
    return queued;
  };
  const interval = options.sweepIntervalMs ?? 5 * 60_000;
  const timer = interval > 0 ? setInterval(() => void sweep().catch((err: unknown) => options.logger.warn({ err }, 'webhook sweep failed')), interval) : null;
  timer?.unref();
  return {
    send,
    sweep,
    destinations,
    async close() {
      if (timer) clearInterval(timer);
      // A worker whose Redis is away waits for it to come back before it closes: not for ever.
      await closeWithin(worker, 'the webhook worker', options.logger);
      // Its connection refuses commands while Redis is away (the goodbye too), and one cut off on
      // its way holds a close: the connection is then dropped.
      await closeWithin(queue, 'the webhook queue', options.logger);
    },
  };
}
