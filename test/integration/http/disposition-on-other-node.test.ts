// A disposition sent through an engine node the agent does not work on, with two whole nodes
// sharing Postgres and Redis: it is handed to the node the agent works on, whose engine was
// waiting for it (the agent, in manual wrap-up, may go ready) and drives the campaign (a call that
// reached no person leaves its live answers); a disposition that node's engine refuses (the call
// still going on) is refused to the caller, and nothing is written.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abandonFigures } from '../../../src/core/compliance/abandon-ledger.js';
import { startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { apiAnswer, createScenario, waitUntil, type Scenario } from '../../browser/browser-helpers.js';

const tag = Date.now().toString(36);
const AGENT = `dora-${tag}`;
let nodeA: TestNode;
let nodeB: TestNode;
let scenario: Scenario;

/** The agent's own request, through node A (where they are not logged in). */
const throughA = <T>(method: string, path: string, body?: unknown) => apiAnswer<T>(nodeA, scenario.agentToken, method, path, body);
const onB = () => nodeB.node.runtime.state().agents.get(AGENT);
const liveAnswersOnB = () => {
  const ledger = nodeB.node.runtime.state().campaigns.get(scenario.campaignId)?.ledger;
  if (!ledger) throw new Error('the campaign is not in node B\'s engine');
  return abandonFigures(ledger, nodeB.node.runtime.nowMs(), 0).liveAnswers;
};

beforeAll(async () => {
  nodeA = await startTestNode({}, 'dispo-elsewhere:', { nodeId: `dispo-a-${tag}` });
  nodeB = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'dispo-elsewhere:', { nodeId: `dispo-b-${tag}`, ariApp: 'outpace-b' });
  // Node B drives the campaign: its lease is given to B before it starts.
  scenario = await createScenario(nodeB, {
    name: `Dispo elsewhere ${tag}`, agentId: AGENT, agentName: 'Dora Elsewhere', leaseHere: true,
    leads: [
      { firstName: 'Pat', lastName: 'First', phones: ['+15550100240'], priority: 10 },
      { firstName: 'Sam', lastName: 'Second', phones: ['+15550100250'] },
    ],
  });
  await apiAnswer(nodeB, scenario.agentToken, 'POST', `/api/agents/${AGENT}/login`, { campaignId: scenario.campaignId });
  await waitUntil('the agent paused on node B', async () => onB()?.status === 'paused');
  await apiAnswer(nodeB, scenario.agentToken, 'POST', `/api/agents/${AGENT}/ready`);
  await waitUntil('the agent talking on node B', async () => onB()?.status === 'talking');
}, 60_000);

afterAll(async () => {
  await nodeB?.close();
  await nodeA?.close();
});

describe('a disposition through a node the agent does not work on', () => {
  it('is refused, as node B refuses it, while the call goes on; nothing is written', async () => {
    const callId = onB()?.callId ?? '';
    // The database names the call's agent (node A knows them by it) once node B's write has landed.
    await waitUntil('the call written as the agent\'s', async () =>
      (await nodeA.node.pool.query('SELECT 1 FROM attempts WHERE id = $1 AND agent_id = $2', [callId, AGENT])).rowCount === 1);
    const refused = await throughA<{ message: string; details: { engineCode: string } }>('POST', `/api/attempts/${callId}/disposition`, { code: 'NOT_INTERESTED' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ message: 'hang up the call before its disposition', details: { engineCode: 'agent_busy' } });
    expect((await nodeA.node.pool.query('SELECT 1 FROM dispositions WHERE attempt_id = $1', [callId])).rowCount).toBe(0);
  });

  it("reaches node B's engine: the agent owes nothing, may go ready, and a machine leaves the live answers", async () => {
    const callId = onB()?.callId ?? '';
    expect((await throughA('POST', `/api/agents/${AGENT}/hangup`)).status).toBe(200);
    await waitUntil('the agent owing the disposition on node B', async () => onB()?.owesDispositionFor === callId);
    const liveBefore = liveAnswersOnB();
    expect(liveBefore).toBeGreaterThan(0);

    const saved = await throughA<{ created: boolean }>('POST', `/api/attempts/${callId}/disposition`, { code: 'ANSWERING_MACHINE' });
    expect(saved.status).toBe(201);
    expect(saved.body.created).toBe(true);
    expect(onB()?.owesDispositionFor).toBeNull();
    expect(liveAnswersOnB()).toBe(liveBefore - 1);
    // Manual wrap-up: ready is the agent's, and node B takes it.
    const ready = await throughA<{ status: string }>('POST', `/api/agents/${AGENT}/ready`);
    expect(ready.status).toBe(200);
    expect(onB()?.status).not.toBe('wrap_up');
  });
});
