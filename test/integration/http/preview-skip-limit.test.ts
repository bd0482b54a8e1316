// A preview campaign may set a lead aside once agents have skipped it so many times since it was
// last dialled (`settings.previewMaxSkips`): skips ring no one, and without a limit a lead nobody
// will call comes back to every agent after each rest. A list reset, a return to the pool or a
// dial of the lead counts its skips from zero again; a count that is not a whole number from 1 to 100 is refused.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAttempt, markAttemptEvent } from '../../../src/adapters/pg/attempt-repository.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { apiAnswer, apiCall, createScenario, waitUntil, type Scenario } from '../../browser/browser-helpers.js';

let test: TestNode;
let sam: Scenario;

interface Pop { attempt: { id: string }; lead: { id: string } }

beforeAll(async () => {
  test = await startTestNode({}, 'preview-skips:');
  sam = await createScenario(test, {
    name: `Preview skips ${Date.now()}`, agentId: 'sam-skips', agentName: 'Sam Skipper',
    campaign: { mode: 'preview', settings: { previewMaxSkips: 2 } },
    leads: [{ firstName: 'Hard', phones: ['+15550100070'] }],
  });
}, 60_000);

afterAll(async () => {
  await test?.close();
});

const as = <T>(method: string, path: string, body?: unknown) => apiAnswer<T>(test, sam.agentToken, method, path, body);
const lead = async () => (await test.node.pool.query<{ status: string; preview_skips: number; attempts: number }>(
  'SELECT status, preview_skips, attempts FROM leads WHERE id = $1', [sam.leadIds[0]])).rows[0];
/** The lead's rest after a skip, over: it may be offered again now. */
const restOver = () => test.node.pool.query(`UPDATE leads SET next_dial_at = now() - interval '1 second' WHERE id = $1`, [sam.leadIds[0]]);

async function previewAndSkip(): Promise<{ leadSetAside: boolean }> {
  const pop = await as<Pop>('POST', '/api/agents/sam-skips/preview/next');
  expect(pop.status).toBe(201);
  expect(pop.body.lead.id).toBe(sam.leadIds[0]);
  const skipped = await as<{ skipped: boolean; leadSetAside: boolean }>('POST', '/api/agents/sam-skips/preview/skip', { attemptId: pop.body.attempt.id });
  expect(skipped.status).toBe(200);
  return skipped.body;
}

describe('skips before a preview lead is set aside', () => {
  it('refuses a count that is not a whole number from 1 to 100', async () => {
    for (const previewMaxSkips of [0, 101, 1.5, '3']) {
      const refused = await apiAnswer<{ message: string }>(test, roleTokens.manager, 'PATCH', `/api/campaigns/${sam.campaignId}`, { settings: { previewMaxSkips } });
      expect(refused.status, JSON.stringify(previewMaxSkips)).toBe(400);
      expect(refused.body.message).toContain('settings.previewMaxSkips');
    }
  });

  it('sets the lead aside at the second skip, and a list reset brings it back with its skips from zero', async () => {
    await as('POST', '/api/agents/sam-skips/login', { campaignId: sam.campaignId });
    await waitUntil('sam paused', async () => (await apiCall<{ status: string }>(test, 'GET', '/api/agents/sam-skips')).status === 'paused');

    expect(await previewAndSkip()).toMatchObject({ leadSetAside: false });
    expect(await lead()).toMatchObject({ status: 'new', preview_skips: 1, attempts: 0 });
    await restOver();
    expect(await previewAndSkip()).toMatchObject({ leadSetAside: true });
    expect(await lead()).toMatchObject({ status: 'exhausted', preview_skips: 2, attempts: 0 });
    // The lead says why it is exhausted with no dials.
    expect(await apiCall(test, 'GET', `/api/leads/${sam.leadIds[0]}`)).toMatchObject({ status: 'exhausted', attempts: 0, previewSkips: 2 });
    await restOver();
    expect((await as('POST', '/api/agents/sam-skips/preview/next')).status).toBe(404);

    // Returned to the pool by a manager, it is offered again, its skips from zero.
    expect((await apiAnswer(test, roleTokens.manager, 'POST', `/api/leads/${sam.leadIds[0]}/return-to-pool`, {})).status).toBe(200);
    expect(await lead()).toMatchObject({ status: 'retry', preview_skips: 0 });
    expect(await previewAndSkip()).toMatchObject({ leadSetAside: false });
    await restOver();
    expect(await previewAndSkip()).toMatchObject({ leadSetAside: true });

    const { rows: [list] } = await test.node.pool.query<{ list_id: string }>('SELECT list_id FROM leads WHERE id = $1', [sam.leadIds[0]]);
    expect((await apiAnswer(test, roleTokens.manager, 'POST', `/api/lists/${list?.list_id}/reset`)).status).toBe(200);
    expect(await lead()).toMatchObject({ status: 'retry', preview_skips: 0 });
    expect(await previewAndSkip()).toMatchObject({ leadSetAside: false });
    expect(await lead()).toMatchObject({ preview_skips: 1 });

    // Dialled (and not answered), the lead's skips count from zero again.
    await restOver();
    const pop = await as<Pop>('POST', '/api/agents/sam-skips/preview/next');
    const at = new Date();
    await markAttemptEvent(test.node.pool, pop.body.attempt.id, 'originated', at);
    await closeAttempt(test.node.pool, { attemptId: pop.body.attempt.id, outcome: 'no_answer', endedAt: new Date(at.getTime() + 25_000) });
    expect(await lead()).toMatchObject({ status: 'retry', preview_skips: 0, attempts: 1 });
  });
});
