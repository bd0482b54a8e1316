// A CRM delivery that failed for good keeps the person's data in its body only for the retention:
// the hourly housekeeping job (real Redis and Postgres) deletes the body of one whose last try is
// older than `webhooks.retentionDays`, and the managers' list of deliveries still shows it, failed,
// saying its body was deleted by retention; sending it again is refused with why. A newer failed
// one keeps its body and is sent again as before.

import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordingDeleter } from '../../../src/adapters/ari/stored-recordings.js';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { webhookRoutes } from '../../../src/adapters/http/routes/webhook-routes.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { HOUSEKEEPING_QUEUE, startHousekeeping, type Housekeeping } from '../../../src/adapters/redis/housekeeping.js';
import { createTestPool } from '../../helpers/db.js';
import { testRedisUrl } from '../../helpers/redis.js';

const pool = createTestPool(4);
const DAY_MS = 86_400_000;
const now = new Date('2031-03-02T10:00:00Z');
const logger = createLogger({ level: 'silent' });
const noRecordings: RecordingDeleter = async () => 'gone';
const sent: string[][] = [];
const connection = { url: testRedisUrl() };
const prefix = `webhook-retention-test-${process.pid}`;
let app: FastifyInstance;
let housekeeping: Housekeeping;

beforeAll(async () => {
  app = await buildApp({
    routes: webhookRoutes({ pool, sendWebhooks: async (ids) => { sent.push([...ids]); } }),
    authenticate: createAuthenticator([{ token: 'mgr-token-0123456789', role: 'manager', name: 'Mia' }], null), logger,
  });
  housekeeping = await startHousekeeping({
    connection, pool, logger, prefix, decisionRetentionDays: 30, recordingRetentionDays: 0,
    webhookRetentionDays: 30, importErrorRetentionDays: 30, deleteRecording: noRecordings, now: () => now, everyMs: 86_400_000,
  });
});
afterAll(async () => {
  await housekeeping.close();
  const queue = new Queue(HOUSEKEEPING_QUEUE, { connection, prefix });
  await queue.obliterate({ force: true });
  await queue.close();
  await app.close();
  await pool.end();
});

const asManager = { authorization: 'Bearer mgr-token-0123456789' };

describe('the body of a CRM delivery that failed for good', () => {
  it('is deleted the retention after its last try; the delivery is listed as failed with its body deleted, and is not sent again', async () => {
    const { id: campaignId } = await createCampaign(pool, { name: `webhook retention ${Math.random()}`, timezone: 'UTC', seedDispositions: false });
    const failed = async (ageDays: number): Promise<string> => {
      const at = new Date(now.getTime() - ageDays * DAY_MS);
      const inserted = await pool.query<{ id: string }>(
        `INSERT INTO webhook_deliveries (campaign_id, event, url, payload, status, tries, last_error, created_at, last_try_at)
         VALUES ($1, 'disposition', 'https://crm.example.com/hook', $2, 'failed', 8, 'HTTP 503', $3, $3) RETURNING id`,
        [campaignId, { lead: { firstName: 'Ann', lastName: 'Smith', phone: '+12125550100' }, disposition: { notes: 'her husband is ill' } }, at]);
      return String(inserted.rows[0]?.id);
    };
    const old = await failed(31);
    const recent = await failed(2);

    // As the hourly job does (its scheduled run, at the same clock, may have done it first).
    await housekeeping.pruneWebhooksNow();

    const listed = await app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/webhook-deliveries?status=failed`, headers: asManager });
    expect(listed.statusCode).toBe(200);
    const byId = new Map((listed.json() as Array<{ id: string; payload: unknown; payloadDeletedAt: string | null; status: string; tries: number; lastError: string }>).map((d) => [d.id, d]));
    expect(byId.get(old)).toMatchObject({ status: 'failed', tries: 8, lastError: 'HTTP 503', payload: null, payloadDeletedAt: now.toISOString() });
    expect(byId.get(recent)).toMatchObject({ status: 'failed', payload: { lead: { firstName: 'Ann' } }, payloadDeletedAt: null });

    const refused = await app.inject({ method: 'POST', url: `/api/webhook-deliveries/${old}/resend`, headers: asManager });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ details: { reason: 'body_deleted_by_retention' } });
    expect(refused.json<{ message: string }>().message).toContain('its body was deleted by retention');
    expect((await pool.query('SELECT status FROM webhook_deliveries WHERE id = $1', [old])).rows).toEqual([{ status: 'failed' }]);

    const resent = await app.inject({ method: 'POST', url: `/api/webhook-deliveries/${recent}/resend`, headers: asManager });
    expect(resent.statusCode).toBe(202);
    expect(sent).toEqual([[recent]]);
  });
});
