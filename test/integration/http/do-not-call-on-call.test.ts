// A person who asks on the call not to be called again is on the DNC list from that moment, not
// from the disposition: the agent records it during the call or in wrap-up, and the disposition
// that follows, whatever its code, leaves the entry in place.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDnc } from '../../../src/adapters/pg/dnc-repository.js';
import { roleTokens, type TestNode } from '../../helpers/outpace-node.js';
import { apiAnswer, startAgentOnACall, waitUntil, type Scenario } from '../../browser/browser-helpers.js';

const AGENT = 'dora';
const ANN = '+15550100440';
const BUSY = '+15550100455';
let test: TestNode;
let scenario: Scenario;

const asAgent = <T>(method: string, path: string, body?: unknown) => apiAnswer<T>(test, scenario.agentToken, method, path, body);
const agentState = () => test.node.runtime.state().agents.get(AGENT);
const entriesOf = async (e164: string) =>
  (await test.node.pool.query('SELECT campaign_id, source, reason FROM dnc_entries WHERE e164 = $1', [e164])).rows;

beforeAll(async () => {
  ({ test, scenario } = await startAgentOnACall('dnc-on-call:', {
    name: `Do not call on the call ${Date.now()}`, agentId: AGENT, agentName: 'Dora Dnc',
    leads: [
      { firstName: 'Ann', lastName: 'Asks', phones: [ANN], priority: 10 },
      { firstName: 'Bo', lastName: 'Busy', phones: [BUSY] },
    ],
  }));
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe('do not call, asked on the call', () => {
  it('puts the number on the global list at once, with the evidence, and only for the agent on the call', async () => {
    const callId = agentState()?.callId ?? '';
    const path = `/api/attempts/${callId}/do-not-call`;
    expect((await apiAnswer(test, roleTokens.agent, 'POST', path, {})).status).toBe(403);

    const asked = await asAgent<{ scope: string; created: boolean }>('POST', path, {});
    expect(asked.status).toBe(201);
    expect(asked.body).toEqual({ scope: 'global', created: true });
    expect(await entriesOf(ANN)).toEqual([{ campaign_id: null, source: 'agent', reason: 'asked on the call' }]);
    const evidence = await test.node.pool.query<{ payload: { source: string; scope: string; by: string } }>(
      "SELECT payload FROM evidence_log WHERE kind = 'dnc_added' AND attempt_id = $1", [callId]);
    expect(evidence.rows.map((row) => row.payload)).toMatchObject([{ source: 'agent', scope: 'global', by: 'Dora Dnc' }]);
    // Every campaign's selection and pre-dial check read this list: another campaign's too.
    const blocked = await checkDnc(test.node.pool, { e164s: [ANN], campaignId: '999999', now: new Date() });
    expect([...blocked]).toEqual([ANN]);
    expect(agentState()?.status).toBe('talking');
  });

  it('takes it again in wrap-up without a second entry, and a disposition of another code keeps it', async () => {
    const callId = agentState()?.callId ?? '';
    await asAgent('POST', `/api/agents/${AGENT}/hangup`);
    await waitUntil('the agent owing the disposition', async () => agentState()?.owesDispositionFor === callId);
    const again = await asAgent<{ created: boolean }>('POST', `/api/attempts/${callId}/do-not-call`, { scope: 'global' });
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);

    expect((await asAgent('POST', `/api/attempts/${callId}/disposition`, { code: 'NOT_INTERESTED' })).status).toBe(201);
    expect(await entriesOf(ANN)).toEqual([{ campaign_id: null, source: 'agent', reason: 'asked on the call' }]);
    // Once dispositioned the call is no longer the agent's to add to: a supervisor still may.
    const late = await asAgent<{ message: string }>('POST', `/api/attempts/${callId}/do-not-call`, { scope: 'campaign' });
    expect(late.status).toBe(409);
    expect(late.body.message).toBe("the call's disposition is given: ask a manager to put the number on the do-not-call list");
    expect((await apiAnswer(test, roleTokens.supervisor, 'POST', `/api/attempts/${callId}/do-not-call`, { scope: 'campaign' })).status).toBe(201);
  });

  it('refuses a call never put through to an agent', async () => {
    await asAgent('POST', `/api/agents/${AGENT}/ready`);
    const busyCall = await waitUntil('the busy call ended', async () => (await test.node.pool.query<{ id: string }>(
      'SELECT a.id FROM attempts a WHERE a.e164 = $1 AND a.ended_at IS NOT NULL', [BUSY])).rows[0]?.id);
    const refused = await apiAnswer<{ message: string }>(test, roleTokens.supervisor, 'POST', `/api/attempts/${busyCall}/do-not-call`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/never put through to an agent/);
    expect(await entriesOf(BUSY)).toEqual([]);
  });
});
