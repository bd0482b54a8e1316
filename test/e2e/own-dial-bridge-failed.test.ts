// An agent's own dial (a preview here) that the person answers but that cannot be put through to
// the agent is no silent call: the person hears the safe-harbor message within the 2 seconds, and
// the call is an abandon as a paced one finding no agent is: counted against the campaign's budget
// as a live answer abandoned, with its evidence and, under the UK regime, the 72 hours' rest.
// Real node on the simulated PBX in digit mode (…0 answers after 2 s and stays on the line).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { allDayWindow, apiAnswer, apiCall, waitUntil } from '../browser/browser-helpers.js';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { runDigits } from '../helpers/run-digits.js';

const run = runDigits();
const ANSWERS = `+1657${run}0`;
const AGENT = 'own-dial-broken';

let test: TestNode;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.5 }, 'own-dial-bridge-failed:');
}, 60_000);

afterAll(async () => {
  await test?.close();
});

interface AttemptRow { outcome: string; abandoned: boolean; safe_harbor_played: boolean; live_at: Date | null; safe_harbor_at: Date | null; abandon_rest_ms: number | null }

describe("an agent's own dial answered but not put through to the agent", () => {
  it('gives the person the safe-harbor message in time and counts an abandon, with evidence and the UK rest', async () => {
    const { id: campaignId } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
      name: `Own dial bridge failed ${run}`, mode: 'preview', regime: 'uk', wrapUpMode: 'manual', settings: { callingWindow: allDayWindow },
    });
    const list = await createList(test.node.pool, { campaignId, name: 'own dials' });
    const [leadId] = await insertLeads(test.node.pool, list.id, [{ firstName: 'Answers', phones: [ANSWERS] }]);
    await apiCall(test, 'POST', `/api/campaigns/${campaignId}/start`);
    await apiCall(test, 'PUT', `/api/agents/${AGENT}`, { name: 'Broken bridge' });
    const { token } = await apiCall<{ token: string }>(test, 'POST', `/api/agents/${AGENT}/tokens`);
    await apiCall(test, 'POST', `/api/agents/${AGENT}/login`, { campaignId }, token);
    await waitUntil(`${AGENT} paused`, async () => (await apiCall<{ status: string }>(test, 'GET', `/api/agents/${AGENT}`)).status === 'paused');

    const offered = await apiAnswer<{ attempt: { id: string }; lead: { id: string } }>(test, token, 'POST', `/api/agents/${AGENT}/preview/next`);
    expect(offered.body.lead.id).toBe(leadId);
    // The agent's bridge is gone from the PBX: putting the person through to them fails.
    const broken = await fetch(`${test.pbx.url}/ari/bridges/agent-bridge-${AGENT}`, {
      method: 'DELETE', headers: { authorization: `Basic ${Buffer.from('dialer:dialer').toString('base64')}` },
    });
    expect(broken.status).toBe(204);
    expect((await apiAnswer(test, token, 'POST', `/api/agents/${AGENT}/preview/dial`, { attemptId: offered.body.attempt.id })).status).toBe(200);

    const attempt = await waitUntil('the attempt closed', async () => (await test.node.pool.query<AttemptRow>(
      'SELECT outcome, abandoned, safe_harbor_played, live_at, safe_harbor_at, abandon_rest_ms FROM attempts WHERE id = $1 AND outcome IS NOT NULL',
      [offered.body.attempt.id])).rows[0], 30_000);
    expect(attempt).toMatchObject({ outcome: 'abandoned', abandoned: true, safe_harbor_played: true, abandon_rest_ms: 72 * 3_600_000 });
    expect(attempt.safe_harbor_at!.getTime() - attempt.live_at!.getTime()).toBeLessThanOrEqual(2_000);
    const evidence = await waitUntil('the abandon evidence', async () => (await test.node.pool.query<{ payload: { noRedialUntil: string | null; safeHarborPlayed: boolean } }>(
      "SELECT payload FROM evidence_log WHERE kind = 'abandon' AND attempt_id = $1", [offered.body.attempt.id])).rows[0]);
    expect(evidence.payload.safeHarborPlayed).toBe(true);
    expect(Date.parse(evidence.payload.noRedialUntil ?? '') - Date.now()).toBeGreaterThan(71 * 3_600_000);
    // Counted against the campaign's budget as a live answer abandoned.
    const ledger = test.node.runtime.state().campaigns.get(campaignId)?.ledger;
    const total = (entry: 'live' | 'abandoned'): number => ledger?.window.counts[entry].reduce((a, b) => a + b, 0) ?? 0;
    expect({ live: total('live'), abandoned: total('abandoned') }).toEqual({ live: 1, abandoned: 1 });
    expect(test.node.runtime.invariantViolationCount()).toBe(0);
  }, 60_000);
});
