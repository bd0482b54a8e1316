// A lead's last call is the last dial that went out to it. A dial the last check held back (its
// number put on the do-not-call list while the agent read the preview) called nobody: the lead
// keeps when it was last called and how that call ended, in the leads found (the leads page's
// "last call" and its "called lately" order) and in the leads download, as its number does.
// Real engine and API, simulated PBX.

import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { apiAnswer, apiCall, createScenario, waitUntil, type Scenario } from '../../browser/browser-helpers.js';

let test: TestNode;
let pam: Scenario;
const run = String(Date.now() % 1_000_000).padStart(6, '0');
const number = '+13165550181';
const lastCall = new Date(Date.now() - 26 * 3_600_000);

interface FoundLead { id: string; lastOutcome: string | null; lastAttemptAt: string | null }

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit' }, `last-call-kept-${run}:`);
  pam = await createScenario(test, {
    name: `Last call ${run}`, agentId: `pam-${run}`, agentName: 'Pam Last', campaign: { mode: 'preview' },
    leads: [{ firstName: 'Busy', phones: [number] }],
  });
  // Dialled yesterday, the line busy: the lead and its number as that call's close left them.
  await test.node.pool.query(
    "UPDATE leads SET attempts = 1, status = 'retry', last_outcome = 'busy', last_attempt_at = $2, next_dial_at = now() - interval '1 minute' WHERE id = $1",
    [pam.leadIds[0], lastCall]);
  await test.node.pool.query("UPDATE lead_phones SET attempts = 1, last_outcome = 'busy', last_attempt_at = $2 WHERE lead_id = $1", [pam.leadIds[0], lastCall]);
}, 60_000);

afterAll(async () => {
  await test?.close();
});

describe("a lead's last call", () => {
  it('stays the last dial that went out when the last check holds a dial back', async () => {
    const as = <T>(method: string, path: string, body?: unknown) => apiAnswer<T>(test, pam.agentToken, method, path, body);
    await as('POST', `/api/agents/${pam.agentId}/login`, { campaignId: pam.campaignId });
    await waitUntil('pam paused', async () => (await apiCall<{ status: string }>(test, 'GET', `/api/agents/${pam.agentId}`)).status === 'paused');
    const pop = await as<{ attempt: { id: string } }>('POST', `/api/agents/${pam.agentId}/preview/next`);
    expect(pop.status).toBe(201);
    // The person asks the company, by another channel, never to call again while the agent reads.
    expect((await apiAnswer(test, roleTokens.manager, 'POST', '/api/dnc', { phone: number, campaignId: pam.campaignId })).status).toBe(201);
    await as('POST', `/api/agents/${pam.agentId}/preview/dial`, { attemptId: pop.body.attempt.id });
    // Its close written: the attempt ended, the lead's lease let go.
    await waitUntil('the dial held back', async () => (await test.node.pool.query(
      "SELECT 1 FROM attempts a JOIN leads l ON l.id = a.lead_id WHERE a.id = $1 AND a.outcome = 'blocked' AND l.leased_by IS NULL", [pop.body.attempt.id])).rowCount === 1);

    const found = await apiCall<{ leads: FoundLead[] }>(test, 'GET', `/api/leads?campaignId=${pam.campaignId}&order=lastCalled`);
    expect(found.leads.map((lead) => [lead.id, lead.lastOutcome, lead.lastAttemptAt])).toEqual([[pam.leadIds[0], 'busy', lastCall.toISOString()]]);
    const csv = await fetch(`${test.node.url}/api/leads.csv?campaignId=${pam.campaignId}`, { headers: { authorization: `Bearer ${roleTokens.manager}` } });
    const rows = parse(await csv.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((row) => [row.dials, row.last_outcome, row.last_called_at])).toEqual([['1', 'busy', lastCall.toISOString()]]);
  });
});
