// Missed return calls of a person erased at their request: the erasure keeps the attempt of their
// call, and with it their number, but neither the list of missed calls nor the answer to marking
// one handled reads that number back; the list leaves their calls out (they are never called back).
// A missed call there is not is not found, whatever callback comes with the mark.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { leadErasureRoutes } from '../../../src/adapters/http/routes/lead-erasure-routes.js';
import { missedCallRoutes } from '../../../src/adapters/http/routes/missed-call-routes.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { createInboundAttempt } from '../../../src/adapters/pg/inbound-attempts.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { recordMissedCall } from '../../../src/adapters/pg/missed-calls.js';
import { createTestPool } from '../../helpers/db.js';

const pool = createTestPool();
let app: FastifyInstance;
const logger = createLogger({ level: 'silent' });
const headers = { authorization: 'Bearer mgr' };
// Numbers of this file's own: an erasure puts them on the global DNC list.
const ERASED = '+12125550486';
const KEPT = '+12125550487';
const CALLED = '+12125550488';

beforeAll(async () => {
  app = await buildApp({
    routes: [
      ...leadErasureRoutes({ pool, deleteRecording: async () => 'gone' as const, logger, nowMs: () => Date.now(), sendWebhooks: async () => undefined }),
      ...missedCallRoutes({ pool }),
    ],
    authenticate: createAuthenticator([{ token: 'mgr', role: 'manager', name: 'Mia' }], null), logger,
  });
});
afterAll(async () => {
  await app.close();
  await pool.end();
});

interface Listed { id: string; leadId: string | null; phone: string | null }

describe("an erased person's missed calls", () => {
  it('are listed no more, and marking one handled does not answer with their number', async () => {
    const { id: campaignId } = await createCampaign(pool, { name: `missed erased ${Math.random()}`, timezone: 'UTC', seedDispositions: false });
    const list = await createList(pool, { campaignId, name: 'l' });
    const [erasedId = '', keptId = ''] = await insertLeads(pool, list.id, [
      { firstName: 'Ann', lastName: 'Gone', phones: [ERASED] }, { firstName: 'Bo', lastName: 'Kept', phones: [KEPT] },
    ]);
    const calledAt = new Date();
    for (const [leadId, e164] of [[erasedId, ERASED], [keptId, KEPT]] as const) {
      const attemptId = await createInboundAttempt(pool, { campaignId, leadId, e164, nodeId: 'n1', channelId: `ch-${leadId}`, callerId: CALLED, now: calledAt });
      await recordMissedCall(pool, { campaignId, reason: 'hung_up', attemptId, calledNumber: CALLED, calledAt, waitedMs: 4_000 });
    }
    const listed = async (handled: boolean) => (await app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/missed-calls?handled=${handled}`, headers }))
      .json<Listed[]>().map(({ leadId, phone }) => ({ leadId, phone }));
    expect(await listed(false)).toEqual(expect.arrayContaining([{ leadId: erasedId, phone: ERASED }, { leadId: keptId, phone: KEPT }]));
    const erasedCallId = (await app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/missed-calls`, headers })).json<Listed[]>()
      .find((call) => call.leadId === erasedId)?.id ?? '';

    expect((await app.inject({ method: 'POST', url: `/api/leads/${erasedId}/erase`, headers })).statusCode).toBe(200);

    for (const handled of [false, true]) expect(await listed(handled)).toEqual([{ leadId: keptId, phone: KEPT }]);
    const handled = await app.inject({ method: 'POST', url: `/api/missed-calls/${erasedCallId}/handled`, headers, payload: {} });
    expect(handled.statusCode).toBe(200);
    expect(handled.json<Listed>().phone).toBeNull();
    expect(handled.body).not.toContain(ERASED.slice(2));
  });
});

describe('marking a missed call handled', () => {
  it('answers 404 for a missed call there is not, with a callback named or not', async () => {
    for (const payload of [{}, { callbackId: '1' }]) {
      const answer = await app.inject({ method: 'POST', url: '/api/missed-calls/999999999/handled', headers, payload });
      expect(answer.statusCode).toBe(404);
    }
  });
});
