// A call put through live whose disposition says it reached no person (a code that is not "human
// answered", such as ANSWERING_MACHINE), through a whole node: the attempt is kept as reaching no
// person, the engine driving the campaign counts one live answer fewer in its abandonment figures,
// reports leave it out of the live answers, and the disposition sent again changes nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abandonFigures } from '../../../src/core/compliance/abandon-ledger.js';
import { startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { apiAnswer, apiCall, createScenario, waitUntil, type Scenario } from '../../browser/browser-helpers.js';

let test: TestNode;
let scenario: Scenario;

const stateOf = () => apiCall<{ status: string; callId: string | null }>(test, 'GET', '/api/agents/nell');
const as = <T>(method: string, path: string, body?: unknown) => apiAnswer<T>(test, scenario.agentToken, method, path, body);
const engineLiveAnswers = () => {
  const ledger = test.node.runtime.state().campaigns.get(scenario.campaignId)?.ledger;
  if (!ledger) throw new Error('the campaign is not in the engine');
  return abandonFigures(ledger, test.node.runtime.nowMs(), 0).liveAnswers;
};

async function hangUp(callId: string | null): Promise<void> {
  await as('POST', '/api/agents/nell/hangup');
  await waitUntil('the call closed', async () => (await test.node.pool.query('SELECT 1 FROM attempts WHERE id = $1 AND ended_at IS NOT NULL', [callId])).rowCount === 1);
}

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'no-person:');
  scenario = await createScenario(test, {
    name: `No person ${Date.now()}`, agentId: 'nell', agentName: 'Nell Agent',
    leads: [
      { firstName: 'Pat', lastName: 'Person', phones: ['+15550100140'], priority: 10 },
      { firstName: 'Ada', lastName: 'Machine', phones: ['+15550100150'] },
    ],
  });
  await as('POST', '/api/agents/nell/login', { campaignId: scenario.campaignId });
  await waitUntil('nell paused', async () => (await stateOf()).status === 'paused');
  await as('POST', '/api/agents/nell/ready');
  await waitUntil('nell talking', async () => (await stateOf()).status === 'talking');
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('a live answer that reached no person', () => {
  it('leaves the live answers once its disposition says so', async () => {
    // A person: the call stays a live answer.
    const person = (await stateOf()).callId;
    await hangUp(person);
    expect((await as('POST', `/api/attempts/${person}/disposition`, { code: 'NOT_INTERESTED' })).status).toBe(201);
    await as('POST', '/api/agents/nell/ready');
    await waitUntil('nell on the next call', async () => (await stateOf()).callId !== person && (await stateOf()).status === 'talking');
    const { callId } = await stateOf();
    expect(engineLiveAnswers()).toBe(2);
    await hangUp(callId);
    expect((await apiCall<{ liveAnswers: number }>(test, 'GET', `/api/reports/campaigns/${scenario.campaignId}`)).liveAnswers).toBe(2);

    const saved = await as<Record<string, unknown>>('POST', `/api/attempts/${callId}/disposition`, { code: 'ANSWERING_MACHINE' });
    expect(saved.status).toBe(201);
    // Nothing of the engine's bookkeeping goes back to the desktop.
    expect(saved.body).not.toHaveProperty('noPersonLiveAt');
    const kept = await test.node.pool.query<{ no_person: boolean }>('SELECT no_person FROM attempts WHERE id = $1', [callId]);
    expect(kept.rows).toEqual([{ no_person: true }]);
    await waitUntil('the engine counts it out', async () => engineLiveAnswers() === 1);
    expect((await apiCall<{ liveAnswers: number }>(test, 'GET', `/api/reports/campaigns/${scenario.campaignId}`)).liveAnswers).toBe(1);

    // Sent again (a retry): the same disposition, nothing counted out twice.
    expect((await as('POST', `/api/attempts/${callId}/disposition`, { code: 'ANSWERING_MACHINE' })).status).toBe(200);
    expect(engineLiveAnswers()).toBe(1);
  });
});
