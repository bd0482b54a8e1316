// An abandoned call stays in the abandonment figures whatever disposition its agent gives it,
// through the real disposition route and Postgres: an agent whose own dial the person answered
// and who hung up before it was put through heard nobody, and cannot take the abandon back by
// saying no person answered (ANSWERING_MACHINE), whether the call had ended or its safe-harbor
// message was still playing. An answered call that was not abandoned still leaves the live answers so.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import type { EngineApi } from '../../../src/adapters/http/engine-api.js';
import { dispositionRoutes } from '../../../src/adapters/http/routes/disposition-routes.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { closeAttempt } from '../../../src/adapters/pg/attempt-repository.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { abandonSummary } from '../../../src/adapters/pg/campaign-stats.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { createAgent } from '../../../src/core/agent.js';
import { defaultCampaignSettings } from '../../../src/core/campaign-settings.js';
import { createCampaignRuntime, createEngineState } from '../../../src/core/engine-state.js';
import type { Input } from '../../../src/core/inputs.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';

const pool = createTestPool();
let app: FastifyInstance;
const state = createEngineState();
const submitted: Input[] = [];
const agent = { authorization: 'Bearer agent-token-0123456789' };
const liveAt = new Date('2030-01-07T17:00:00Z');
const endedAt = new Date('2030-01-07T17:00:08Z');

beforeAll(async () => {
  // The engine drives the campaign and Ada wraps its call up: the route stores her disposition and
  // tells the engine what it must take back from its figures.
  const engine = {
    state: () => state, nowMs: () => endedAt.getTime() + 10_000, nodeId: () => 'n1', campaignDriver: async () => null, nodeUrl: async () => null,
    submit: (input: Input) => { submitted.push(input); return []; },
  } as Partial<EngineApi> as EngineApi;
  app = await buildApp({
    routes: dispositionRoutes({ pool, engine, sendWebhooks: async () => undefined }),
    logger: createLogger({ level: 'silent' }),
    authenticate: createAuthenticator([{ token: 'agent-token-0123456789', role: 'agent', name: 'Ada', agentId: 'ada' }], null),
  });
});
afterAll(async () => {
  await app.close();
  await pool.end();
});
beforeEach(async () => {
  await truncateTables(pool, ['campaigns', 'attempts', 'evidence_log', 'leads']);
  submitted.length = 0;
  state.campaigns.clear();
  state.agents.clear();
});

/** Ada's own dial of a new lead, answered at `liveAt`: ended (abandoned or not) or still going. */
async function answeredCall(end: { abandoned: boolean } | null): Promise<{ campaignId: string; attemptId: string }> {
  const { id: campaignId } = await createCampaign(pool, { name: `abandoned dispositions ${Math.random()}`, timezone: 'UTC' });
  const list = await createList(pool, { campaignId, name: 'l' });
  const [leadId = ''] = await insertLeads(pool, list.id, [{ firstName: 'Pat', phones: ['+12125550160'] }]);
  const inserted = await pool.query<{ id: string }>(
    `INSERT INTO attempts (campaign_id, lead_id, e164, agent_id, status, created_at, originated_at, answered_at, live_at)
     VALUES ($1, $2, '+12125550160', 'ada', 'answered', $3::timestamptz - interval '10 seconds', $3::timestamptz - interval '10 seconds', $3, $3)
     RETURNING id`, [campaignId, leadId, liveAt]);
  const attemptId = inserted.rows[0]?.id ?? '';
  if (end) await closeFor(attemptId, end.abandoned);
  state.campaigns.set(campaignId, createCampaignRuntime(campaignId, defaultCampaignSettings));
  state.agents.set('ada', { ...createAgent('ada', campaignId, 'PJSIP/ada', liveAt.getTime()), status: 'wrap_up', owesDispositionFor: attemptId });
  return { campaignId, attemptId };
}

const closeFor = (attemptId: string, abandoned: boolean) => closeAttempt(pool, {
  attemptId, outcome: abandoned ? 'abandoned' : 'connected', endedAt, abandoned, safeHarborPlayed: abandoned, agentId: 'ada',
  ...(abandoned ? { safeHarborAt: new Date(liveAt.getTime() + 300) } : {}),
});

const noPerson = (attemptId: string) => app.inject({ method: 'POST', url: `/api/attempts/${attemptId}/disposition`, headers: agent, payload: { code: 'ANSWERING_MACHINE' } });

async function figures(campaignId: string) {
  const summary = await abandonSummary(pool, { campaignId, from: new Date(liveAt.getTime() - 60_000), to: new Date(endedAt.getTime() + 60_000) });
  return { liveAnswers: summary.liveAnswers, abandoned: summary.abandoned };
}

describe('a disposition saying no person answered', () => {
  it('leaves an abandoned call in the abandonment figures, and the engine is told nothing', async () => {
    const { campaignId, attemptId } = await answeredCall({ abandoned: true });
    expect((await noPerson(attemptId)).statusCode).toBe(201);
    expect(await figures(campaignId)).toEqual({ liveAnswers: 1, abandoned: 1 });
    expect(submitted.filter((input) => input.type === 'live_answer_withdrawn')).toEqual([]);
  });

  it('given while the abandoned call hears its safe-harbor message, leaves it in them once it ends', async () => {
    const { campaignId, attemptId } = await answeredCall(null);
    expect((await noPerson(attemptId)).statusCode).toBe(201);
    await closeFor(attemptId, true);
    expect(await figures(campaignId)).toEqual({ liveAnswers: 1, abandoned: 1 });
  });

  it('takes an answered call that was not abandoned out of the live answers', async () => {
    const { campaignId, attemptId } = await answeredCall({ abandoned: false });
    expect((await noPerson(attemptId)).statusCode).toBe(201);
    expect(await figures(campaignId)).toEqual({ liveAnswers: 0, abandoned: 0 });
    expect(submitted.filter((input) => input.type === 'live_answer_withdrawn')).toMatchObject([{ attemptId, liveAtMs: liveAt.getTime() }]);
  });
});
