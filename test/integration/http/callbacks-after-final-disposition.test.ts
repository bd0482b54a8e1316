// A lead waiting for a callback for anyone and for a colleague's own one later: dialled for the
// first, the person reached says no. The disposition ends the lead, and the colleague's callback
// with it: left open, it would never be dialled, yet would fall due on their desktop and be
// reported overdue two days later.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { apiAnswer, createScenario, waitUntil, type Scenario } from '../../browser/browser-helpers.js';

const AGENT = 'fern';
const COLLEAGUE = 'gus';
const DAY = 86_400_000;
let test: TestNode;
let scenario: Scenario;

const asAgent = <T>(method: string, path: string, body?: unknown) => apiAnswer<T>(test, scenario.agentToken, method, path, body);
const asSupervisor = <T>(method: string, path: string, body?: unknown) => apiAnswer<T>(test, roleTokens.supervisor, method, path, body);
const agentState = () => test.node.runtime.state().agents.get(AGENT);

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'final-dispo-callbacks:');
  scenario = await createScenario(test, {
    name: `Final disposition callbacks ${Date.now()}`, agentId: AGENT, agentName: 'Fern Final',
    leads: [{ firstName: 'Hal', lastName: 'Twice', phones: ['+15550100370'] }],
  });
  await apiAnswer(test, roleTokens.manager, 'PUT', `/api/agents/${COLLEAGUE}`, { name: 'Gus Later' });
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('callbacks of a lead a disposition ends', () => {
  it("cancels a colleague's later callback when the person reached refuses", async () => {
    const [leadId] = scenario.leadIds;
    const soon = await asSupervisor<{ id: string }>('POST', `/api/leads/${leadId}/callbacks`, { dueAt: new Date(Date.now() + 1_500).toISOString() });
    expect(soon.status).toBe(201);
    const later = await asSupervisor<{ id: string }>('POST', `/api/leads/${leadId}/callbacks`, { dueAt: new Date(Date.now() + 2 * DAY).toISOString(), agentId: COLLEAGUE });
    expect(later.status).toBe(201);

    await asAgent('POST', `/api/agents/${AGENT}/login`, { campaignId: scenario.campaignId });
    await waitUntil('the agent paused', async () => agentState()?.status === 'paused');
    await asAgent('POST', `/api/agents/${AGENT}/ready`);
    await waitUntil('the agent talking to Hal', async () => agentState()?.status === 'talking');
    const callId = agentState()?.callId ?? '';
    await asAgent('POST', `/api/agents/${AGENT}/hangup`);
    await waitUntil('the agent owing the disposition', async () => agentState()?.owesDispositionFor === callId);

    const saved = await asAgent<{ leadStatus: string }>('POST', `/api/attempts/${callId}/disposition`, { code: 'NOT_INTERESTED' });
    expect(saved.status).toBe(201);
    expect(saved.body.leadStatus).toBe('done');
    const callbacks = await test.node.pool.query<{ id: string; status: string }>('SELECT id::text, status FROM callbacks WHERE lead_id = $1 ORDER BY id', [leadId]);
    expect(callbacks.rows).toEqual([{ id: soon.body.id, status: 'done' }, { id: later.body.id, status: 'cancelled' }]);
    // Nothing left on the colleague's list, nor overdue once its follow-up deadline has passed.
    expect((await asSupervisor<unknown[]>('GET', `/api/callbacks?agentId=${COLLEAGUE}`)).body).toEqual([]);
    const overdue = await test.node.pool.query(
      `SELECT 1 FROM callbacks WHERE lead_id = $1 AND status IN ('pending', 'due') AND follow_up_deadline < $2`, [leadId, new Date(Date.now() + 5 * DAY)]);
    expect(overdue.rowCount).toBe(0);
  }, 60_000);
});
