// An agent's own dial (a preview here) that the person answers but that cannot be put through to
// the agent is no silent call: the person hears the safe-harbor message within the 2 seconds, and
// the call is an abandon as a paced one finding no agent is: counted against the campaign's budget
// as a live answer abandoned, with its evidence and, under the UK regime, the 72 hours' rest. So is
// one the agent hangs up once the person has answered, while it is being put through to them.
// Real node on the simulated PBX in digit mode (…0 answers after 2 s and stays on the line).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { allDayWindow, apiAnswer, apiCall, waitUntil } from '../browser/browser-helpers.js';
import { startTestNode, type TestNode } from '../helpers/outpace-node.js';
import { runDigits } from '../helpers/run-digits.js';

const run = runDigits();
const ANSWERS = `+1657${run}0`;
const ANSWERS_TOO = `+1658${run}0`;
const AGENT = 'own-dial-broken';
const HANGS_UP = 'own-dial-hangs-up';

let test: TestNode;

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.5 }, 'own-dial-bridge-failed:');
}, 60_000);

afterAll(async () => {
  await test?.close();
});

interface AttemptRow { outcome: string; abandoned: boolean; safe_harbor_played: boolean; live_at: Date | null; safe_harbor_at: Date | null; abandon_rest_ms: number | null }

/** A preview campaign under UK rules with one lead at `phone`, and `agent` logged in to it: the
 * lead offered to them, its attempt's id. */
async function previewOffered(agent: string, phone: string): Promise<{ campaignId: string; token: string; attemptId: string }> {
  const { id: campaignId } = await apiCall<{ id: string }>(test, 'POST', '/api/campaigns', {
    name: `Own dial ${agent} ${run}`, mode: 'preview', regime: 'uk', wrapUpMode: 'manual', settings: { callingWindow: allDayWindow },
  });
  const list = await createList(test.node.pool, { campaignId, name: 'own dials' });
  const [leadId] = await insertLeads(test.node.pool, list.id, [{ firstName: 'Answers', phones: [phone] }]);
  await apiCall(test, 'POST', `/api/campaigns/${campaignId}/start`);
  await apiCall(test, 'PUT', `/api/agents/${agent}`, { name: `Agent ${agent}` });
  const { token } = await apiCall<{ token: string }>(test, 'POST', `/api/agents/${agent}/tokens`);
  await apiCall(test, 'POST', `/api/agents/${agent}/login`, { campaignId }, token);
  await waitUntil(`${agent} paused`, async () => (await apiCall<{ status: string }>(test, 'GET', `/api/agents/${agent}`)).status === 'paused');
  const offered = await apiAnswer<{ attempt: { id: string }; lead: { id: string } }>(test, token, 'POST', `/api/agents/${agent}/preview/next`);
  expect(offered.body.lead.id).toBe(leadId);
  return { campaignId, token, attemptId: offered.body.attempt.id };
}

/** The attempt once closed, and its abandon checked as the UK regime has it: the message within 2 s
 * of the answer, the 72 hours' rest in its evidence, counted against the campaign's budget. */
async function expectUkAbandon(campaignId: string, attemptId: string): Promise<void> {
  const attempt = await waitUntil('the attempt closed', async () => (await test.node.pool.query<AttemptRow>(
    'SELECT outcome, abandoned, safe_harbor_played, live_at, safe_harbor_at, abandon_rest_ms FROM attempts WHERE id = $1 AND outcome IS NOT NULL',
    [attemptId])).rows[0], 30_000);
  expect(attempt).toMatchObject({ outcome: 'abandoned', abandoned: true, safe_harbor_played: true, abandon_rest_ms: 72 * 3_600_000 });
  expect(attempt.safe_harbor_at!.getTime() - attempt.live_at!.getTime()).toBeLessThanOrEqual(2_000);
  const evidence = await waitUntil('the abandon evidence', async () => (await test.node.pool.query<{ payload: { noRedialUntil: string | null; safeHarborPlayed: boolean } }>(
    "SELECT payload FROM evidence_log WHERE kind = 'abandon' AND attempt_id = $1", [attemptId])).rows[0]);
  expect(evidence.payload.safeHarborPlayed).toBe(true);
  expect(Date.parse(evidence.payload.noRedialUntil ?? '') - Date.now()).toBeGreaterThan(71 * 3_600_000);
  // Counted against the campaign's budget as a live answer abandoned.
  const ledger = test.node.runtime.state().campaigns.get(campaignId)?.ledger;
  const total = (entry: 'live' | 'abandoned'): number => ledger?.window.counts[entry].reduce((a, b) => a + b, 0) ?? 0;
  expect({ live: total('live'), abandoned: total('abandoned') }).toEqual({ live: 1, abandoned: 1 });
  expect(test.node.runtime.invariantViolationCount()).toBe(0);
}

describe("an agent's own dial answered but not put through to the agent", () => {
  it('gives the person the safe-harbor message in time and counts an abandon, with evidence and the UK rest', async () => {
    const { campaignId, token, attemptId } = await previewOffered(AGENT, ANSWERS);
    // The agent's bridge is gone from the PBX: putting the person through to them fails.
    const broken = await fetch(`${test.pbx.url}/ari/bridges/agent-bridge-${AGENT}`, {
      method: 'DELETE', headers: { authorization: `Basic ${Buffer.from('dialer:dialer').toString('base64')}` },
    });
    expect(broken.status).toBe(204);
    expect((await apiAnswer(test, token, 'POST', `/api/agents/${AGENT}/preview/dial`, { attemptId })).status).toBe(200);
    await expectUkAbandon(campaignId, attemptId);
  }, 60_000);

  it('hung up by the agent while being put through gives the person the message, counts an abandon and leaves the agent its disposition', async () => {
    const { campaignId, token, attemptId } = await previewOffered(HANGS_UP, ANSWERS_TOO);
    // The bridge to the agent hangs, so the agent can hang up between the answer and the bridge.
    const bridged = test.pbx.holdBridgeAdds(`agent-bridge-${HANGS_UP}`);
    expect((await apiAnswer(test, token, 'POST', `/api/agents/${HANGS_UP}/preview/dial`, { attemptId })).status).toBe(200);
    // Within the 2 seconds the engine allows a bridge before it gives the person the message itself.
    const answered = (): boolean => test.node.runtime.state().calls.get(attemptId)?.answeredAtMs != null;
    for (let tries = 0; tries < 3_000 && !answered(); tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(test.node.runtime.state().calls.get(attemptId)).toMatchObject({ status: 'connecting', previewAgentId: HANGS_UP });
    const hungUp = await apiAnswer(test, token, 'POST', `/api/agents/${HANGS_UP}/hangup`);
    expect(hungUp).toMatchObject({ status: 200, body: { status: 'wrap_up', owesDispositionFor: attemptId } });
    bridged();
    await expectUkAbandon(campaignId, attemptId);
  }, 60_000);
});
