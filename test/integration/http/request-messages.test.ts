// What a refused request is told, through the real app builder: a missing query parameter is said
// to be required, with the form it takes; a date-time in the wrong form is shown the right one;
// a bodyless action sent with a JSON content type and no body is taken as having none; and the
// evidence export defaults its period to the last 24 hours, as the calls export does.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import type { EngineApi } from '../../../src/adapters/http/engine-api.js';
import { callbacksRoutes } from '../../../src/adapters/http/routes/callbacks-routes.js';
import { dispositionRoutes } from '../../../src/adapters/http/routes/disposition-routes.js';
import { evidenceRoutes } from '../../../src/adapters/http/routes/evidence-routes.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { appendEvidence } from '../../../src/adapters/pg/evidence-log-repository.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';

const pool = createTestPool(2);
let app: FastifyInstance;
const now = new Date('2030-01-07T17:00:00Z');
const manager = { authorization: 'Bearer mgr-token-0123456789' };

beforeAll(async () => {
  // Refused requests never reach the engine.
  const engine = new Proxy({}, { get: () => { throw new Error('the engine is not asked'); } }) as EngineApi;
  app = await buildApp({
    routes: [
      ...evidenceRoutes({ pool, nowMs: () => now.getTime() }),
      ...dispositionRoutes({ pool, engine, sendWebhooks: async () => undefined }),
      ...callbacksRoutes({ pool, nowMs: () => now.getTime(), timers: { schedule: async () => undefined, cancel: async () => undefined } }),
    ],
    logger: createLogger({ level: 'silent' }),
    authenticate: createAuthenticator([{ token: 'mgr-token-0123456789', role: 'manager', name: 'Mia' }], null),
  });
  await truncateTables(pool, ['campaigns', 'evidence_log', 'callbacks']);
});
afterAll(async () => {
  await app.close();
  await pool.end();
});

const messageOf = async (url: string) => {
  const answer = await app.inject({ method: 'GET', url, headers: manager });
  return [answer.statusCode, answer.json<{ message: string }>().message];
};

describe('refused requests', () => {
  it('say a missing parameter is required and the form it takes', async () => {
    expect(await messageOf('/api/attempts/00000000-0000-4000-8000-000000000000/callback-window')).toEqual([
      400, 'query.at is required (an ISO date-time such as 2026-12-06T00:00:00Z or 2026-12-06T09:00:00+09:00)']);
  });

  it('show a date-time in the wrong form the form wanted', async () => {
    expect(await messageOf('/api/campaigns/1/evidence?from=2026-12-06')).toEqual([
      400, 'query.from: give an ISO date-time such as 2026-12-06T00:00:00Z or 2026-12-06T09:00:00+09:00']);
  });

  it('keep the other checks as they were', async () => {
    expect(await messageOf('/api/campaigns/1/evidence?limit=0')).toEqual([400, 'query.limit: Too small: expected number to be >=1']);
  });
});

describe('bodyless actions', () => {
  it('take a JSON content type with no body as no body', async () => {
    const answer = await app.inject({ method: 'POST', url: '/api/callbacks/999999/cancel', headers: { ...manager, 'content-type': 'application/json' } });
    expect([answer.statusCode, answer.json<{ message: string }>().message]).toEqual([404, 'callback 999999 does not exist']);
    // A body that is there is still read as JSON, and refused when it is not.
    const broken = await app.inject({ method: 'POST', url: '/api/callbacks/999999/cancel', headers: { ...manager, 'content-type': 'application/json' }, payload: '{not json' });
    expect(broken.statusCode).toBe(400);
  });
});

describe('the evidence export', () => {
  it('covers the last 24 hours when no period is given, as calls.csv does', async () => {
    const { id } = await createCampaign(pool, { name: `c-${Math.random()}`, timezone: 'UTC', seedDispositions: false });
    for (const hoursAgo of [1, 23, 25]) {
      await appendEvidence(pool, { kind: 'list_changed', campaignId: id, at: new Date(now.getTime() - hoursAgo * 3_600_000), payload: { hoursAgo } });
    }
    const csv = await app.inject({ method: 'GET', url: `/api/campaigns/${id}/evidence.csv`, headers: manager });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\n').filter((line) => line.includes('list_changed')).map((line) => /hoursAgo"":(\d+)/.exec(line)?.[1])).toEqual(['1', '23']);
  });
});
