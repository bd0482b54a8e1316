// A callback booked while Redis cannot take its timer: the booking has committed in Postgres, the
// record, so the answer says it is made (201), its due time left to the sweep, and the sweep marks
// it due once its time comes. Answered 500, the user would book it a second time. The timers
// are the node's own, on a connection already closed: Redis answers nothing on it.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { callbacksRoutes } from '../../../src/adapters/http/routes/callbacks-routes.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { createCallbackTimers, type CallbackTimers } from '../../../src/adapters/redis/callback-timers.js';
import { createTestPool } from '../../helpers/db.js';
import { testRedisUrl } from '../../helpers/redis.js';

const pool = createTestPool();
const logger = createLogger({ level: 'silent' });
let simulatedNow = Date.parse('2030-01-07T17:00:00Z');
let timers: CallbackTimers;
let app: FastifyInstance;

beforeAll(async () => {
  timers = createCallbackTimers({
    connection: { url: testRedisUrl() }, pool, logger, sweepIntervalMs: 0, prefix: `callback-timer-down-${process.pid}`, now: () => new Date(simulatedNow),
  });
  await timers.close();
  app = await buildApp({
    routes: callbacksRoutes({ pool, nowMs: () => simulatedNow, timers }),
    authenticate: createAuthenticator([{ token: 'sup', role: 'supervisor', name: 'Sue' }], null), logger,
  });
});

afterAll(async () => {
  await app.close();
  await pool.end();
});

describe('a callback booked while Redis cannot take its timer', () => {
  it('is answered as booked, once, its due time left to the sweep, which marks it due on time', async () => {
    const campaign = await createCampaign(pool, { name: `timer-down-${Date.now()}`, timezone: 'America/New_York', seedDispositions: false });
    const list = await pool.query<{ id: string }>(`INSERT INTO lists (campaign_id, name) VALUES ($1, 'l') RETURNING id`, [campaign.id]);
    const lead = await pool.query<{ id: string }>(`INSERT INTO leads (list_id, campaign_id, timezone) VALUES ($1, $2, 'America/New_York') RETURNING id::text`, [list.rows[0]?.id, campaign.id]);
    const leadId = String(lead.rows[0]?.id);
    const dueAt = '2030-01-07T18:00:00.000Z';

    const answer = await app.inject({ method: 'POST', url: `/api/leads/${leadId}/callbacks`, headers: { authorization: 'Bearer sup' }, payload: { dueAt } });
    expect(answer.statusCode).toBe(201);
    const booked = answer.json<{ id: string; status: string; dueMarkedBy: string }>();
    expect(booked).toMatchObject({ status: 'pending', dueMarkedBy: 'sweep' });
    const rows = await pool.query<{ id: string; status: string }>('SELECT id::text, status FROM callbacks WHERE lead_id = $1', [leadId]);
    expect(rows.rows).toEqual([{ id: booked.id, status: 'pending' }]);

    simulatedNow = Date.parse(dueAt);
    expect(await timers.sweep()).toBeGreaterThanOrEqual(1);
    expect((await pool.query<{ status: string }>('SELECT status FROM callbacks WHERE id = $1', [booked.id])).rows).toEqual([{ status: 'due' }]);
  });
});
