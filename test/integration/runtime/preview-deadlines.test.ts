// The preview sweep on a whole node: a preview left past its time limit in a campaign that is
// paused or stopped is skipped (the lead released), not dialled; and a preview its agent dials
// while the sweep is on its way to it is left to that call, not skipped under it.
// Real engine and API, simulated PBX in digit mode (a number ending in 0-2 answers and stays).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { PreviewDeadlines } from '../../../src/runtime/preview-deadlines.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { apiAnswer, apiCall, createScenario, waitUntil, type Scenario } from '../../browser/browser-helpers.js';

const run = String(Date.now() % 1_000_000).padStart(6, '0');

interface Pop { attempt: { id: string }; lead: { id: string } }
interface AttemptRow { status: string; outcome: string | null; cause_txt: string | null }

let test: TestNode;
const audit = createTestPool(3);

beforeAll(async () => {
  await truncateTables(audit, ['campaigns']);
  test = await startTestNode({ outcomes: 'digit', timeScale: 0.1 }, `preview-sweep-${run}:`);
}, 60_000);

afterAll(async () => {
  await test?.close();
  await audit.end();
});

const attemptRow = async (id: string): Promise<AttemptRow | undefined> => (await audit.query<AttemptRow>(
  'SELECT status, outcome, cause_txt FROM attempts WHERE id = $1', [id])).rows[0];
const leaseOf = async (leadId: string): Promise<string | null | undefined> => (await audit.query<{ leased_by: string | null }>(
  'SELECT leased_by FROM leads WHERE id = $1', [leadId])).rows[0]?.leased_by;
const agentStatus = (agentId: string): string => test.node.runtime.state().agents.get(agentId)?.status ?? 'logged_out';
const campaignStatus = (campaignId: string): string | undefined => test.node.runtime.state().campaigns.get(campaignId)?.status;

async function scenario(name: string, agentId: string, previewTimeLimitMs: number, settings: Record<string, unknown> = {}): Promise<Scenario> {
  const made = await createScenario(test, {
    name: `${name} ${run}`, agentId, agentName: agentId,
    campaign: { mode: 'preview', settings: { previewTimeLimitMs, ...settings } },
    leads: [0, 1, 2].map((i) => ({ firstName: `Lead ${i}`, priority: 3 - i, phones: [`+1316${run}${i}`] })),
  });
  const login = await apiAnswer(test, made.agentToken, 'POST', `/api/agents/${agentId}/login`, { campaignId: made.campaignId });
  expect(login.status).toBeLessThan(300);
  await waitUntil(`${agentId} paused`, async () => agentStatus(agentId) === 'paused');
  return made;
}

async function preview(made: Scenario): Promise<Pop> {
  const next = await apiAnswer<Pop>(test, made.agentToken, 'POST', `/api/agents/${made.agentId}/preview/next`);
  expect(next.status).toBe(201);
  return next.body;
}

describe('the preview sweep', () => {
  it('skips rather than dials an overdue preview of a campaign that is paused or stopped', async () => {
    // One skip sets a lead aside, but these skips are the sweep's for want of a dial: no agent passed the leads over.
    const made = await scenario('Preview sweep status', `pia-${run}`, 5_000, { previewMaxSkips: 1 });
    for (const action of ['pause', 'stop'] as const) {
      if (campaignStatus(made.campaignId) !== 'running') await apiCall(test, 'POST', `/api/campaigns/${made.campaignId}/start`);
      await waitUntil('campaign running', async () => campaignStatus(made.campaignId) === 'running');
      const pop = await preview(made);
      await apiCall(test, 'POST', `/api/campaigns/${made.campaignId}/${action}`);
      expect(campaignStatus(made.campaignId)).toBe(action === 'pause' ? 'paused' : 'stopped');

      // Past the 5 s limit, the sweep acts: either way the preview is no longer pending.
      await waitUntil(`the ${action}d campaign's preview acted on`, async () =>
        test.node.runtime.state().calls.has(pop.attempt.id) || (await attemptRow(pop.attempt.id))?.status !== 'created', 12_000);
      expect(test.node.runtime.state().calls.has(pop.attempt.id), `${action}: no call`).toBe(false);
      expect(await attemptRow(pop.attempt.id)).toEqual({ status: 'ended', outcome: 'cancelled', cause_txt: 'preview time limit: skipped' });
      expect(await leaseOf(pop.lead.id)).toBeNull();
      expect((await audit.query('SELECT status, preview_skips FROM leads WHERE id = $1', [pop.lead.id])).rows).toEqual([{ status: 'new', preview_skips: 0 }]);
      expect(agentStatus(made.agentId)).toBe('paused');
    }
  }, 60_000);

  it('leaves a preview its agent dialled while the sweep was on its way to it', async () => {
    // A limit the node's own sweep does not reach in the test: the sweep below runs ahead of it.
    const made = await scenario('Preview sweep race', `cid-${run}`, 600_000);
    const pop = await preview(made);
    const runtime = test.node.runtime;
    const lock = await audit.connect();
    const racing = createTestPool(2);
    const query = racing.query.bind(racing);
    let raced = false;
    // The agent dials as the sweep reads the lead's list: the sweep saw no call, the engine now has
    // one. The evidence log held keeps the dial's check, and so its write, from landing meanwhile.
    const racingQuery = async (text: string, values?: unknown[]) => {
      if (!raced && text.includes('machine_message_media')) {
        raced = true;
        await lock.query('BEGIN');
        await lock.query('LOCK TABLE evidence_log IN ACCESS EXCLUSIVE MODE');
        const dialled = await apiAnswer(test, made.agentToken, 'POST', `/api/agents/${made.agentId}/preview/dial`, { attemptId: pop.attempt.id });
        expect(dialled.status).toBe(200);
        expect(runtime.state().calls.has(pop.attempt.id)).toBe(true);
      }
      return query(text, values);
    };
    Object.defineProperty(racing, 'query', { value: racingQuery });
    const sweeper = new PreviewDeadlines({
      pool: racing, nodeId: test.node.nodeId, logger: createLogger({ level: 'silent' }),
      engine: {
        submit: (input) => runtime.submit(input), state: () => runtime.state(), nowMs: () => runtime.nowMs() + 700_000,
        closeUndialledPreview: (attemptId, close) => runtime.closeUndialledPreview(attemptId, close),
      },
    });
    try {
      const sweep = sweeper.sweep();
      await Promise.race([sweep, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      expect(raced).toBe(true);
      await lock.query('COMMIT');
      await sweep;
    } finally {
      await lock.query('ROLLBACK').catch(() => undefined);
      lock.release();
      await racing.end();
    }

    await waitUntil('the dialled preview talking', async () => agentStatus(made.agentId) === 'talking');
    expect(runtime.state().calls.get(pop.attempt.id)?.agentId).toBe(made.agentId);
    const row = await attemptRow(pop.attempt.id);
    expect(row?.outcome).toBeNull();
    expect(row?.cause_txt).toBeNull();
    expect(await leaseOf(pop.lead.id)).toBe(test.node.nodeId);
    await apiCall(test, 'POST', `/api/agents/${made.agentId}/hangup`);
  }, 60_000);

  it("refuses the agent's own skip of a preview the engine is dialling, its write not landed yet", async () => {
    const made = await scenario('Preview skip race', `cid-skip-${run}`, 600_000);
    const pop = await preview(made);
    const lock = await audit.connect();
    try {
      // The evidence log held keeps the dial's check, and so the attempt's write, from landing.
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE evidence_log IN ACCESS EXCLUSIVE MODE');
      const dialled = await apiAnswer(test, made.agentToken, 'POST', `/api/agents/${made.agentId}/preview/dial`, { attemptId: pop.attempt.id });
      expect(dialled.status).toBe(200);
      const skipped = await apiAnswer(test, made.agentToken, 'POST', `/api/agents/${made.agentId}/preview/skip`, { attemptId: pop.attempt.id });
      expect(skipped.status).toBe(409);
      await lock.query('COMMIT');
    } finally {
      await lock.query('ROLLBACK').catch(() => undefined);
      lock.release();
    }
    await waitUntil('the dialled preview talking', async () => agentStatus(made.agentId) === 'talking');
    expect((await attemptRow(pop.attempt.id))?.outcome).toBeNull();
    expect(await leaseOf(pop.lead.id)).toBe(test.node.nodeId);
    await apiCall(test, 'POST', `/api/agents/${made.agentId}/hangup`);
  }, 60_000);
});
