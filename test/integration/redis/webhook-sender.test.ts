// The CRM webhook sender on real Redis and Postgres: a pending delivery whose queue job was lost
// (Redis restarted, or the queue was down when the disposition was saved) is found by the sweep
// and delivered, one sweep queues it once however often it runs, and a CRM that does not answer
// in time counts as a refusal with the wait said. A destination on the engine host or its network
// is never contacted unless allowed (by its address, or by what its name resolves to), and a
// redirect is a refusal, not followed. Queueing while Redis is away gives up within moments (the
// sweep sends later) instead of holding for minutes the disposition or the call's close waiting on
// it, and the sender closes all the same.

import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { getWebhookDelivery } from '../../../src/adapters/pg/webhook-outbox.js';
import { createWebhookSender, type WebhookSender } from '../../../src/adapters/redis/webhook-sender.js';
import { WebhookDestinations } from '../../../src/adapters/http/webhook-destination.js';
import { waitUntil } from '../../browser/browser-helpers.js';
import { createTestPool } from '../../helpers/db.js';
import { testRedisUrl } from '../../helpers/redis.js';
import { startTcpProxy } from '../../helpers/tcp-proxy.js';

const pool = createTestPool(4);
const logger = createLogger({ level: 'silent' });
const received: string[] = [];
/** Each request the CRM got: the path and the delivery it carried. */
const requests: Array<{ path: string; deliveryId: string }> = [];
/** Answers the CRM holds back (path `/held`) until the test lets them go. */
const held: Array<() => void> = [];
let crm: Server;
let crmUrl = '';
let campaignId = '';
let sender: WebhookSender;

beforeAll(async () => {
  crm = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received.push(request.headers['x-outpace-delivery'] as string);
      requests.push({ path: request.url ?? '', deliveryId: request.headers['x-outpace-delivery'] as string });
      if (request.url === '/redirect') {
        response.writeHead(307, { location: `${crmUrl}/crm` });
        response.end();
      } else if (request.url === '/held') {
        held.push(() => response.end());
      // The slow path never answers: the sender's time limit ends the try.
      } else if (request.url !== '/slow') response.end();
    });
  });
  await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
  crmUrl = `http://127.0.0.1:${(crm.address() as AddressInfo).port}`;
  campaignId = (await createCampaign(pool, { name: `Webhook sender ${Date.now()}` })).id;
  sender = createWebhookSender({
    connection: { url: testRedisUrl() }, pool, logger, prefix: `webhook-sender-test-${process.pid}`, secret: '',
    tries: 2, backoffMs: 20, timeoutMs: 300, sweepIntervalMs: 0,
    // The CRM stand-in is on this host: allowed here, as an operator allows a CRM on their network.
    destinations: new WebhookDestinations(['127.0.0.0/8']),
  });
}, 30_000);

afterAll(async () => {
  await sender?.close();
  crm.closeAllConnections();
  await new Promise<void>((resolve) => crm.close(() => resolve()));
  await pool.end();
});

/** A pending delivery written `ageMs` ago whose job, if it ever had one, is gone. */
async function pendingDelivery(path: string, ageMs: number, base = crmUrl): Promise<string> {
  const { rows: [row] } = await pool.query<{ id: string }>(
    `INSERT INTO webhook_deliveries (campaign_id, event, url, payload, created_at)
     VALUES ($1, 'disposition', $2, '{"event": "disposition", "version": 1}', $3) RETURNING id::text`,
    [campaignId, `${base}${path}`, new Date(Date.now() - ageMs)]);
  return row?.id ?? '';
}

async function failedDelivery(id: string) {
  return waitUntil(`delivery ${id} failed`, async () => {
    const delivery = await getWebhookDelivery(pool, id);
    return delivery?.status === 'failed' && delivery;
  });
}

/** Stands for a public-looking name whose DNS answers with an internal address (a rebinding name
 * such as 127.0.0.1.nip.io; tests have no outside DNS): only the send-time lookup can catch it. */
class FormBlindDestinations extends WebhookDestinations {
  override urlRefusal(): string | null {
    return null;
  }
}

/** A sender of its own, holding deliveries to `destinations`, for the test's length. */
async function withSender<T>(name: string, destinations: WebhookDestinations, act: (sender: WebhookSender) => Promise<T>, timeoutMs = 300): Promise<T> {
  const other = createWebhookSender({
    connection: { url: testRedisUrl() }, pool, logger, prefix: `webhook-sender-${name}-${process.pid}`, secret: '',
    tries: 3, backoffMs: 20, timeoutMs, sweepIntervalMs: 0, destinations,
  });
  try {
    return await act(other);
  } finally {
    await other.close();
  }
}

describe('webhook sender', () => {
  it('sends a pending delivery whose job was lost when the sweep finds it, once', async () => {
    // The CRM holds its answer, so the delivery is still pending when the second sweep reads it
    // (one answered at once could be delivered before a busy pool ran the second sweep's query).
    await withSender('sweep', new WebhookDestinations(['127.0.0.0/8']), async (sweeper) => {
      const lost = await pendingDelivery('/held', 5 * 60_000);
      const fresh = await pendingDelivery('/held', 0);
      // Two sweeps at once: the job id is the delivery's, so it is queued once.
      const swept = await Promise.all([sweeper.sweep(), sweeper.sweep()]);
      expect(swept.every((n) => n >= 1)).toBe(true);
      await waitUntil('the CRM asked', async () => held.length > 0);
      for (const answer of held.splice(0)) answer();
      await waitUntil('the lost delivery delivered', async () => (await getWebhookDelivery(pool, lost))?.status === 'delivered');
      expect(received.filter((id) => id === lost)).toEqual([lost]);
      // A delivery just written is left to the job its disposition queued.
      expect((await getWebhookDelivery(pool, fresh))?.status).toBe('pending');
    }, 30_000);
  });

  it('reads every pending delivery, a page at a time, so those still queued for a retry do not hide the ones after them', async () => {
    // More than a page (500): the oldest might all be waiting in the queue for a CRM that is down.
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO webhook_deliveries (campaign_id, event, url, payload, created_at)
       SELECT $1, 'disposition', $2, '{"event": "disposition", "version": 1}', now() - interval '10 minutes' FROM generate_series(1, 501)
       RETURNING id::text`, [campaignId, `${crmUrl}/crm`]);
    const ids = rows.map((row) => row.id);
    await withSender('pages', new WebhookDestinations(['127.0.0.0/8']), async (sweeper) => {
      expect(await sweeper.sweep()).toBeGreaterThanOrEqual(501);
      await waitUntil('every one delivered', async () => (await pool.query(
        `SELECT 1 FROM webhook_deliveries WHERE id = ANY($1::bigint[]) AND status <> 'delivered'`, [ids])).rowCount === 0, 60_000);
    });
  }, 90_000);

  it('counts a CRM that does not answer in time as a refusal, and fails after the last try', async () => {
    const slow = await pendingDelivery('/slow', 0);
    await sender.send([slow]);
    const failed = await waitUntil('the slow delivery failed', async () => {
      const delivery = await getWebhookDelivery(pool, slow);
      return delivery?.status === 'failed' && delivery;
    });
    expect(failed).toMatchObject({ tries: 2, lastError: 'no answer within 300 ms' });
  });

  it('never contacts a loopback or private destination it is not allowed, and fails it at once', async () => {
    await withSender('strict', new WebhookDestinations(), async (strict) => {
      const byAddress = await pendingDelivery('/private', 0);
      const byName = await pendingDelivery('/private', 0, crmUrl.replace('127.0.0.1', 'localhost'));
      await strict.send([byAddress, byName]);
      expect(await failedDelivery(byAddress)).toMatchObject({
        tries: 1, lastError: expect.stringMatching(/^webhook destination refused: 127\.0\.0\.1 is a private, loopback or link-local address: webhooks go to public addresses only/),
      });
      expect(await failedDelivery(byName)).toMatchObject({ tries: 1, lastError: expect.stringMatching(/^webhook destination refused: localhost is an internal host name/) });
    });
    await withSender('rebinding', new FormBlindDestinations(), async (strict) => {
      const rebinding = await pendingDelivery('/private', 0, crmUrl.replace('127.0.0.1', 'localhost'));
      await strict.send([rebinding]);
      expect(await failedDelivery(rebinding)).toMatchObject({
        tries: 1, lastError: expect.stringMatching(/^webhook destination refused: localhost resolves to a private, loopback or link-local address/),
      });
    });
    expect(requests.filter((r) => r.path === '/private')).toEqual([]);
  });

  it('does not follow a redirect: the try fails saying the CRM redirected', async () => {
    const redirected = await pendingDelivery('/redirect', 0);
    await sender.send([redirected]);
    expect(await failedDelivery(redirected)).toMatchObject({
      tries: 2, lastError: 'HTTP 307: the CRM redirected, and webhooks do not follow redirects (give its final URL)',
    });
    expect(requests.filter((r) => r.deliveryId === redirected).map((r) => r.path)).toEqual(['/redirect', '/redirect']);
  });

  it('gives up queueing within moments while Redis is away, leaving the delivery to the sweep, and closes all the same', async () => {
    const redis = new URL(testRedisUrl());
    const proxy = await startTcpProxy(Number(redis.port || 6379), redis.hostname);
    const cut = createWebhookSender({
      connection: { url: `redis://${redis.hostname}:${new URL(proxy.url).port}${redis.pathname}` }, pool, logger,
      prefix: `webhook-sender-cut-${process.pid}`, secret: '', tries: 1, backoffMs: 20, timeoutMs: 300, sweepIntervalMs: 0,
    });
    let closed = false;
    try {
      await cut.send([randomUUID()]);
      proxy.refuse(true);
      proxy.drop();
      const startedAt = Date.now();
      await expect(cut.send([randomUUID()])).rejects.toThrow();
      expect(Date.now() - startedAt).toBeLessThan(2_500);
      // A node stopping while Redis is still away stops all the same, in moments (each of the
      // worker and the queue given 2 s to close, then 2 s to drop its connection).
      const closingAt = Date.now();
      await cut.close();
      closed = true;
      expect(Date.now() - closingAt).toBeLessThan(12_000);
    } finally {
      proxy.refuse(false);
      if (!closed) await cut.close();
      await proxy.close();
    }
  }, 60_000);
});
