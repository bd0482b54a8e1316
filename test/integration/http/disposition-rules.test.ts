// What a disposition through a whole node may do: none while the call goes on (the engine would
// go on waiting for it); one given after the lead was erased keeps the code only, and the agent,
// in manual wrap-up, owes nothing; an agent moves a lead's stage forward only, a supervisor moves
// it back; a callback time must be to come.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleTokens, type TestNode } from '../../helpers/outpace-node.js';
import { apiAnswer, startAgentOnACall, waitUntil, type Scenario } from '../../browser/browser-helpers.js';

const AGENT = 'rhea';
let test: TestNode;
let scenario: Scenario;

const asAgent = <T>(method: string, path: string, body?: unknown) => apiAnswer<T>(test, scenario.agentToken, method, path, body);
const agentState = () => test.node.runtime.state().agents.get(AGENT);

async function hangUpAndOwe(): Promise<string> {
  const callId = agentState()?.callId ?? '';
  await asAgent('POST', `/api/agents/${AGENT}/hangup`);
  await waitUntil('the agent owing the disposition', async () => agentState()?.owesDispositionFor === callId);
  return callId;
}

beforeAll(async () => {
  ({ test, scenario } = await startAgentOnACall('dispo-rules:', {
    name: `Disposition rules ${Date.now()}`, agentId: AGENT, agentName: 'Rhea Rules',
    leads: [
      { firstName: 'Ann', lastName: 'Erased', phones: ['+15550100340'], priority: 10 },
      { firstName: 'Ben', lastName: 'Booked', phones: ['+15550100360'] },
    ],
  }));
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('disposition rules', () => {
  it('refuses a disposition while the call goes on, writing nothing', async () => {
    const callId = agentState()?.callId ?? '';
    // The database names the call's agent once the engine's write has landed.
    await waitUntil('the call written as the agent\'s', async () =>
      (await test.node.pool.query('SELECT 1 FROM attempts WHERE id = $1 AND agent_id = $2', [callId, AGENT])).rowCount === 1);
    const refused = await asAgent<{ message: string }>('POST', `/api/attempts/${callId}/disposition`, { code: 'NOT_INTERESTED' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe('hang up the call before its disposition');
    expect((await test.node.pool.query('SELECT 1 FROM dispositions WHERE attempt_id = $1', [callId])).rowCount).toBe(0);
  });

  it('keeps only the code of a call whose lead was erased in wrap-up, and the agent owes nothing', async () => {
    const callId = await hangUpAndOwe();
    const [leadId] = scenario.leadIds;
    // The lead is erased once the engine's close of the call has landed: before, it is in a call (409).
    await waitUntil('the call closed in the database', async () =>
      (await test.node.pool.query<{ status: string }>('SELECT status FROM leads WHERE id = $1', [leadId])).rows[0]?.status !== 'in_progress');
    expect((await apiAnswer(test, roleTokens.manager, 'POST', `/api/leads/${leadId}/erase`)).status).toBe(200);
    const stageBefore = (await test.node.pool.query<{ stage: string }>('SELECT stage FROM leads WHERE id = $1', [leadId])).rows[0]?.stage;

    const saved = await asAgent<{ leadErased: boolean; leadStatus: string }>('POST', `/api/attempts/${callId}/disposition`, {
      code: 'CALLBACK', notes: 'Ann, call after 3 at home', stage: 'appointment',
      callback: { at: new Date(Date.now() + 86_400_000).toISOString(), personal: true },
    });
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ leadErased: true, leadStatus: 'dnc' });
    const kept = await test.node.pool.query('SELECT code, notes FROM dispositions WHERE attempt_id = $1', [callId]);
    expect(kept.rows).toEqual([{ code: 'CALLBACK', notes: null }]);
    expect((await test.node.pool.query('SELECT 1 FROM callbacks WHERE lead_id = $1', [leadId])).rowCount).toBe(0);
    expect((await test.node.pool.query('SELECT status, stage FROM leads WHERE id = $1', [leadId])).rows).toEqual([{ status: 'dnc', stage: stageBefore }]);
    expect(agentState()?.owesDispositionFor).toBeNull();
    expect((await asAgent('POST', `/api/agents/${AGENT}/ready`)).status).toBe(200);
  });

  it("refuses an agent's callback time that has passed and a stage moved back; a supervisor moves it back", async () => {
    await waitUntil('the agent talking to Ben', async () => agentState()?.status === 'talking');
    const [, leadId] = scenario.leadIds;
    await test.node.pool.query("UPDATE leads SET stage = 'appointment' WHERE id = $1", [leadId]);
    const callId = await hangUpAndOwe();
    const path = `/api/attempts/${callId}/disposition`;

    const past = await asAgent<{ message: string }>('POST', path, { code: 'CALLBACK', callback: { at: new Date(Date.now() - 60_000).toISOString() } });
    expect(past.status).toBe(400);
    expect(past.body.message).toMatch(/^the callback time .* has passed: give a time to come$/);
    const zone = await asAgent<{ message: string }>('POST', path, { code: 'CALLBACK', callback: { at: new Date(Date.now() + 86_400_000).toISOString(), timezone: 'Mars/Olympus' } });
    expect(zone.status).toBe(400);
    expect(zone.body.message).toMatch(/an IANA time zone such as America\/Chicago/);
    const far = await asAgent<{ message: string }>('POST', path, { code: 'CALLBACK', callback: { at: '2099-03-15T19:30:00Z' } });
    expect(far.status).toBe(400);
    expect(far.body.message).toMatch(/more than a year ahead/);
    const back = await asAgent<{ message: string }>('POST', path, { code: 'NOT_INTERESTED', stage: 'valid_contact' });
    expect(back.status).toBe(400);
    expect(back.body.message).toMatch(/is at stage appointment: an agent moves a lead forward only/);
    expect((await test.node.pool.query('SELECT 1 FROM dispositions WHERE attempt_id = $1', [callId])).rowCount).toBe(0);

    const bySupervisor = await apiAnswer<{ disposition: { stageAfter: string } }>(test, roleTokens.supervisor, 'POST', path, { code: 'NOT_INTERESTED', stage: 'valid_contact' });
    expect(bySupervisor.status).toBe(201);
    expect(bySupervisor.body.disposition.stageAfter).toBe('valid_contact');
    expect(agentState()?.owesDispositionFor).toBeNull();
  });
});
