// A person who asks the agent on the call not to be called again is called on none of their
// lead's numbers, as one who presses the opt-out key: the lead ends at once (status dnc, kept
// through the call's close), and a disposition that would call it back or again is refused.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleTokens, type TestNode } from '../../helpers/outpace-node.js';
import { apiAnswer, startAgentOnACall, waitUntil, type Scenario } from '../../browser/browser-helpers.js';

const AGENT = 'dana';
// The first number answers (the simulated PBX's …0); the second is the same person's other line.
const HOME = '+15550100460';
const MOBILE = '+15550100461';
let test: TestNode;
let scenario: Scenario;

const asAgent = <T>(method: string, path: string, body?: unknown) => apiAnswer<T>(test, scenario.agentToken, method, path, body);
const agentState = () => test.node.runtime.state().agents.get(AGENT);
const leadStatus = async () => (await test.node.pool.query<{ status: string }>('SELECT status FROM leads WHERE id = $1', [scenario.leadIds[0]])).rows[0]?.status;

beforeAll(async () => {
  ({ test, scenario } = await startAgentOnACall('dnc-ends-lead:', {
    name: `Do not call ends the lead ${Date.now()}`, agentId: AGENT, agentName: 'Dana Dnc',
    leads: [{ firstName: 'Cy', lastName: 'Twolines', phones: [HOME, MOBILE] }],
  }));
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('do not call, asked on the call, for a lead with another number', () => {
  it('ends the lead at once, and refuses a callback or a retry for it afterwards', async () => {
    const callId = agentState()?.callId ?? '';
    // Asked the instant the call is put through, before the engine's write of its connection has
    // reached the database: the engine's word that it is put through counts.
    const written = await test.node.pool.query<{ connected_at: Date | null }>('SELECT connected_at FROM attempts WHERE id = $1', [callId]);
    await test.node.pool.query('UPDATE attempts SET connected_at = NULL WHERE id = $1', [callId]);
    expect((await asAgent('POST', `/api/attempts/${callId}/do-not-call`, { scope: 'campaign' })).status).toBe(201);
    await test.node.pool.query('UPDATE attempts SET connected_at = $2 WHERE id = $1', [callId, written.rows[0]?.connected_at ?? new Date()]);
    expect(await leadStatus()).toBe('dnc');

    await asAgent('POST', `/api/agents/${AGENT}/hangup`);
    await waitUntil('the agent owing the disposition', async () => agentState()?.owesDispositionFor === callId);
    // The call's close leaves the lead ended.
    await waitUntil('the call closed', async () => (await test.node.pool.query('SELECT 1 FROM attempts WHERE id = $1 AND ended_at IS NOT NULL', [callId])).rowCount === 1);
    expect(await leadStatus()).toBe('dnc');

    const callback = await asAgent<{ message: string }>('POST', `/api/attempts/${callId}/disposition`, {
      code: 'CALLBACK', callback: { at: new Date(Date.now() + 86_400_000).toISOString() },
    });
    expect(callback.status).toBe(409);
    expect(callback.body.message).toMatch(/asked not to be called again, and is on the do-not-call list: CALLBACK would call it back/);
    const retry = await asAgent<{ message: string }>('POST', `/api/attempts/${callId}/disposition`, { code: 'NO_ANSWER_AGENT' });
    expect(retry.status).toBe(409);
    expect(retry.body.message).toMatch(/NO_ANSWER_AGENT would call it again/);
    // A code that ends the call is taken, and the lead stays ended: its other number is not dialled.
    expect((await asAgent('POST', `/api/attempts/${callId}/disposition`, { code: 'NOT_INTERESTED' })).status).toBe(201);
    expect(await leadStatus()).toBe('dnc');
    await asAgent('POST', `/api/agents/${AGENT}/ready`);
    const leases = await apiAnswer<{ checks: Array<{ rule: string; blocks: boolean }> }>(test, roleTokens.manager, 'GET', `/api/leads/${scenario.leadIds[0]}/why-not-dialled`);
    expect(leases.body.checks.find((check) => check.rule === 'lead_status')?.blocks).toBe(true);
    const dialled = await test.node.pool.query('SELECT 1 FROM attempts WHERE e164 = $1', [MOBILE]);
    expect(dialled.rowCount).toBe(0);
  });
});
