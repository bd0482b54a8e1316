// A preview campaign's time limit on a whole node: a lead previewed past the limit is skipped for
// the agent (released, not counted as a dial) or dialled for them, as the campaign says, and the
// screen pop says which and when; a limit outside 5 s to 10 min is refused.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { apiAnswer, apiCall, createScenario, waitUntil, type Scenario } from '../../browser/browser-helpers.js';

let test: TestNode;
let pat: Scenario;

interface Pop { attempt: { id: string; createdAt: string; previewDeadline: { at: string; action: 'dial' | 'skip' } | null }; lead: { id: string } }

beforeAll(async () => {
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, 'preview-limit:');
  pat = await createScenario(test, {
    name: `Preview limit ${Date.now()}`, agentId: 'pat', agentName: 'Pat Preview',
    campaign: { mode: 'preview', settings: { previewTimeLimitMs: 5_000, previewTimeoutAction: 'skip' } },
    leads: [{ firstName: 'First', priority: 5, phones: ['+15550100060'] }, { firstName: 'Second', phones: ['+15550100061'] }],
  });
}, 60_000);

afterAll(async () => {
  await test?.close();
});

const as = <T>(method: string, path: string, body?: unknown) => apiAnswer<T>(test, pat.agentToken, method, path, body);
const attempt = async (id: string) => (await test.node.pool.query<{ status: string; outcome: string | null; cause_txt: string | null }>(
  'SELECT status, outcome, cause_txt FROM attempts WHERE id = $1', [id])).rows[0];

describe('the preview time limit', () => {
  it('refuses a limit outside 5 s to 10 min and an action that is not dial or skip', async () => {
    for (const settings of [{ previewTimeLimitMs: 4_999 }, { previewTimeLimitMs: 600_001 }, { previewTimeLimitMs: 7_500.5 }, { previewTimeoutAction: 'wait' }]) {
      const refused = await apiAnswer<{ message: string }>(test, roleTokens.manager, 'PATCH', `/api/campaigns/${pat.campaignId}`, { settings });
      expect(refused.status, JSON.stringify(settings)).toBe(400);
      expect(refused.body.message).toContain(Object.keys(settings)[0]);
    }
  });

  it('skips a lead left too long, then dials the next one for the agent once the campaign says dial', async () => {
    await as('POST', '/api/agents/pat/login', { campaignId: pat.campaignId });
    await waitUntil('pat paused', async () => (await apiCall<{ status: string }>(test, 'GET', '/api/agents/pat')).status === 'paused');

    const first = (await as<Pop>('POST', '/api/agents/pat/preview/next')).body;
    expect(first.lead.id).toBe(pat.leadIds[0]);
    expect(first.attempt.previewDeadline).toEqual({ action: 'skip', at: new Date(Date.parse(first.attempt.createdAt) + 5_000).toISOString() });
    await waitUntil('the first preview skipped', async () => (await attempt(first.attempt.id))?.status === 'ended', 10_000);
    expect(await attempt(first.attempt.id)).toEqual({ status: 'ended', outcome: 'cancelled', cause_txt: 'preview time limit: skipped' });
    const lead = await test.node.pool.query('SELECT attempts, leased_by FROM leads WHERE id = $1', [first.lead.id]);
    expect(lead.rows).toEqual([{ attempts: 0, leased_by: null }]);
    expect((await as('GET', '/api/agents/pat/call')).status).toBe(404);
    // The campaign's results count it for Pat, apart from the leads Pat skipped.
    const results = await apiCall<{ agents: { agentId: string; previewsSkipped: number; previewsTimedOut: number }[] }>(test, 'GET', `/api/reports/campaigns/${pat.campaignId}`);
    expect(results.agents.find((a) => a.agentId === 'pat')).toMatchObject({ previewsSkipped: 0, previewsTimedOut: 1 });

    await apiCall(test, 'PATCH', `/api/campaigns/${pat.campaignId}`, { settings: { previewTimeoutAction: null } });
    const second = (await as<Pop>('POST', '/api/agents/pat/preview/next')).body;
    expect(second.lead.id).toBe(pat.leadIds[1]);
    expect(second.attempt.previewDeadline?.action).toBe('dial');
    await waitUntil('the second preview dialled for pat', async () => {
      const state = await apiCall<{ status: string; callId: string | null }>(test, 'GET', '/api/agents/pat');
      return state.callId === second.attempt.id && state.status === 'talking';
    }, 15_000);
    // Dialled, it is a call like any other: no deadline any more.
    expect((await as<Pop>('GET', '/api/agents/pat/call')).body.attempt.previewDeadline).toBeNull();
  });
});
