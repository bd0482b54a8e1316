// Coaching reviews through the API of a running node: supervisors review a call an agent took,
// the agent reads the reviews of their own calls and no one else's, and a call never put through
// to an agent, a score out of range and roles below supervisor are refused. A review of a call
// whose person was erased keeps its score, not its comment.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { roleTokens, startTestNode, tokenAgentId, type TestNode } from '../../helpers/outpace-node.js';
import { insertPastCall } from '../../helpers/past-calls.js';

let test: TestNode;
let talked: string;
let unanswered: string;
let erasedCall: string;
let erasedLead = '';

async function call(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${test.node.url}${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  test = await startTestNode({}, 'call-reviews:');
  const { pool } = test.node;
  const campaign = await createCampaign(pool, { name: `Reviews ${Date.now()}` });
  const list = await createList(pool, { campaignId: campaign.id, name: 'reviews' });
  const [leadId] = (await insertLeads(pool, list.id, [{ firstName: 'Rev', lastName: 'Iewed', phones: ['+15550500001'] }])).map(String);
  await upsertAgent(pool, { id: tokenAgentId, name: 'Agent Under Test' });
  talked = await insertPastCall(pool, campaign.id, { leadId: leadId ?? '', agentId: tokenAgentId, outcome: 'connected', talkSeconds: 90, dialledAt: new Date(Date.now() - 600_000) });
  unanswered = await insertPastCall(pool, campaign.id, { leadId: leadId ?? '', outcome: 'no_answer', dialledAt: new Date(Date.now() - 300_000) });
  erasedLead = String((await insertLeads(pool, list.id, [{ firstName: 'Eve', lastName: 'Erased', phones: ['+15550500002'] }]))[0]);
  erasedCall = await insertPastCall(pool, campaign.id, { leadId: erasedLead, agentId: tokenAgentId, outcome: 'connected', talkSeconds: 60, dialledAt: new Date(Date.now() - 900_000) });
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('call reviews', () => {
  it('are written by supervisors and read by the agent whose call it was', async () => {
    const written = await call(roleTokens.supervisor, 'POST', `/api/attempts/${talked}/reviews`, { score: 4, comment: '  Clear close.  ' });
    expect(written.status).toBe(201);
    expect(written.body).toMatchObject({ attemptId: talked, agentId: tokenAgentId, reviewer: 'test supervisor', score: 4, comment: 'Clear close.', leadName: 'Rev Iewed' });
    await call(roleTokens.manager, 'POST', `/api/attempts/${talked}/reviews`, { score: 5 });
    const own = await call(roleTokens.agent, 'GET', `/api/agents/${tokenAgentId}/reviews`);
    expect(own.status).toBe(200);
    expect((own.body as Array<{ score: number; reviewer: string }>).map((r) => [r.score, r.reviewer])).toEqual([[5, 'test manager'], [4, 'test supervisor']]);
    const ofCall = await call(roleTokens.supervisor, 'GET', `/api/attempts/${talked}/reviews`);
    expect((ofCall.body as Array<{ score: number }>).map((r) => r.score)).toEqual([4, 5]);
  });

  it('refuses a call never put through, a bad score, and roles that may not review or read', async () => {
    expect((await call(roleTokens.supervisor, 'POST', `/api/attempts/${unanswered}/reviews`, { score: 3 })).status).toBe(409);
    expect((await call(roleTokens.supervisor, 'POST', `/api/attempts/${talked}/reviews`, { score: 6 })).status).toBe(400);
    expect((await call(roleTokens.supervisor, 'POST', '/api/attempts/00000000-0000-4000-8000-000000000000/reviews', { score: 3 })).status).toBe(404);
    expect((await call(roleTokens.viewer, 'POST', `/api/attempts/${talked}/reviews`, { score: 3 })).status).toBe(403);
    expect((await call(roleTokens.agent, 'POST', `/api/attempts/${talked}/reviews`, { score: 5 })).status).toBe(403);
    expect((await call(roleTokens.agent, 'GET', '/api/agents/someone-else/reviews')).status).toBe(403);
    expect((await call(roleTokens.agent, 'GET', `/api/attempts/${talked}/reviews`)).status).toBe(403);
  });

  it('keep the score but not the comment of a call whose person was erased, as the erasure blanks those written before', async () => {
    expect((await call(roleTokens.manager, 'POST', `/api/leads/${erasedLead}/erase`)).status).toBe(200);
    const written = await call(roleTokens.supervisor, 'POST', `/api/attempts/${erasedCall}/reviews`, { score: 2, comment: 'Eve Erased told you her daughter is ill: say sorry' });
    expect(written.status).toBe(201);
    expect(written.body).toMatchObject({ attemptId: erasedCall, score: 2, comment: '', leadName: '', leadErased: true });
    const kept = await test.node.pool.query('SELECT score, comment FROM call_reviews WHERE attempt_id = $1', [erasedCall]);
    expect(kept.rows).toEqual([{ score: 2, comment: '' }]);
    const own = await call(roleTokens.agent, 'GET', `/api/agents/${tokenAgentId}/reviews`);
    expect((own.body as Array<{ attemptId: string; comment: string }>).filter((r) => r.attemptId === erasedCall).map((r) => r.comment)).toEqual(['']);
  });
});
