// Agents, sessions, the state log, pacing decisions and the report queries.

import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { saveAgentLogged } from '../../../src/adapters/pg/agent-change-log.js';
import { getAgent, listAgents, upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { closeAgentSession, getOpenAgentSession, openAgentSession } from '../../../src/adapters/pg/agent-session-repository.js';
import { listAgentStates, recordAgentState } from '../../../src/adapters/pg/agent-state-log-repository.js';
import { closeAttempt, markAttemptEvent } from '../../../src/adapters/pg/attempt-repository.js';
import { abandonSummary, attemptCountsByOutcome, dispositionCounts, leadsRemaining } from '../../../src/adapters/pg/campaign-stats.js';
import { submitDisposition } from '../../../src/adapters/pg/disposition-repository.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import { insertPacingDecisions, listRecentPacingDecisions } from '../../../src/adapters/pg/pacing-decision-repository.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { seedCampaign } from '../../helpers/fixtures.js';
import { settled, waitedForLock, waitForLockWaiters } from '../../helpers/lock-waits.js';

const t0 = new Date('2030-01-01T12:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe('agents and sessions', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = createTestPool();
  });
  beforeEach(async () => truncateTables(pool));
  afterAll(async () => pool.end());

  it('upserts agents, keeping fields that are not given', async () => {
    const { campaign } = await seedCampaign(pool);
    await upsertAgent(pool, { id: '1001', name: 'Alice', endpoint: 'PJSIP/1001', campaignId: campaign.id, groups: ['west'] });
    const renamed = await upsertAgent(pool, { id: '1001', name: 'Alice B.' });
    expect(renamed).toEqual({ id: '1001', name: 'Alice B.', endpoint: 'PJSIP/1001', campaignId: campaign.id, active: true, groups: ['west'] });
    expect((await upsertAgent(pool, { id: '1001', name: 'Alice B.', groups: [] })).groups).toEqual([]);
    expect(await getAgent(pool, 'nobody')).toBeNull();
    expect((await listAgents(pool, { campaignId: campaign.id })).map((a) => a.id)).toEqual(['1001']);
  });

  it("records an agent's states while a manager's change of the agent commits", async () => {
    const { campaign } = await seedCampaign(pool);
    await upsertAgent(pool, { id: '1001', name: 'Alice', campaignId: campaign.id });
    // The evidence log held elsewhere stops the change once it has the agent's row, before it
    // commits; the agent's state log, whose key on the agent must not wait for that commit, goes on.
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE evidence_log IN SHARE MODE');
      const changing = saveAgentLogged(pool, { id: '1001', name: 'Alice B.', groups: ['west'] }, { by: 'Mia' });
      await waitForLockWaiters(pool, 1);
      const recording = recordAgentState(pool, { agentId: '1001', campaignId: campaign.id, state: 'ready', at: at(0) });
      const waited = await waitedForLock(pool, 2, recording);
      await holder.query('COMMIT');
      const results = await settled(changing, recording);
      expect(waited).toBe(false);
      expect(results).toMatchObject([{ name: 'Alice B.' }, { state: 'ready' }]);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      holder.release();
    }
  });

  it('keeps one open session per agent and closes the state log on logout', async () => {
    const { campaign } = await seedCampaign(pool);
    await upsertAgent(pool, { id: '1001', name: 'Alice' });
    await openAgentSession(pool, { agentId: '1001', campaignId: campaign.id, nodeId: 'node-a', at: at(0) });
    const second = await openAgentSession(pool, { agentId: '1001', campaignId: campaign.id, at: at(60) }); // crash, login again
    expect((await getOpenAgentSession(pool, '1001'))?.id).toBe(second.id);
    await recordAgentState(pool, { agentId: '1001', campaignId: campaign.id, state: 'ready', at: at(61) });
    await recordAgentState(pool, { agentId: '1001', campaignId: campaign.id, state: 'paused', reason: 'lunch', at: at(120) });
    expect(await closeAgentSession(pool, { agentId: '1001', at: at(180) })).toBe(true);
    expect(await getOpenAgentSession(pool, '1001')).toBeNull();
    const states = await listAgentStates(pool, { agentId: '1001', from: at(0), to: at(600) });
    expect(states.map((s) => [s.state, s.reason, s.fromAt, s.toAt])).toEqual([
      ['ready', null, at(61), at(120)],
      ['paused', 'lunch', at(120), at(180)],
    ]);
  });
});

describe('campaign reports', () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = createTestPool();
  });
  beforeEach(async () => truncateTables(pool));
  afterAll(async () => pool.end());

  it('counts outcomes, dispositions, abandonment and leads remaining', async () => {
    const { campaign } = await seedCampaign(pool, { leads: 5, nextDialAt: at(-60) });
    const leased = await leaseLeadsAndCreateAttempts(pool, { campaignId: campaign.id, count: 4, nodeId: 'node-a', now: t0, leaseMs: 60_000 });
    const [a, b, c] = leased;
    await markAttemptEvent(pool, a?.attemptId ?? '', 'live', at(5));
    await closeAttempt(pool, { attemptId: a?.attemptId ?? '', outcome: 'connected', endedAt: at(60) });
    await submitDisposition(pool, { attemptId: a?.attemptId ?? '', agentId: null, code: 'SALE', now: at(61) });
    await markAttemptEvent(pool, b?.attemptId ?? '', 'live', at(5));
    await closeAttempt(pool, { attemptId: b?.attemptId ?? '', outcome: 'abandoned', endedAt: at(8), abandoned: true });
    await closeAttempt(pool, { attemptId: c?.attemptId ?? '', outcome: 'busy', endedAt: at(3) });
    const range = { campaignId: campaign.id, from: at(-10), to: at(3600) };
    expect(await attemptCountsByOutcome(pool, range)).toEqual({ connected: 1, abandoned: 1, busy: 1, open: 1 });
    expect(await dispositionCounts(pool, range)).toEqual({ SALE: 1 });
    expect(await abandonSummary(pool, range)).toEqual({ liveAnswers: 2, abandoned: 1, rate: 0.5 });
    expect(await leadsRemaining(pool, campaign.id, at(10))).toEqual({
      workable: 4, dueNow: 1, leased: 1, byStatus: { new: 2, retry: 2, done: 1 },
    });
    // A lead filter the leads do not meet leaves nothing to dial; what the list holds is unchanged.
    await pool.query(`UPDATE campaigns SET settings = settings || '{"leadFilter": [{"field": "tier", "op": "not_empty"}]}' WHERE id = $1`, [campaign.id]);
    expect(await leadsRemaining(pool, campaign.id, at(10))).toEqual({
      workable: 0, dueNow: 0, leased: 1, byStatus: { new: 2, retry: 2, done: 1 },
    });
  });

  it('counts as due only leads in their calling hours, and as remaining only those of lists the campaign dials', async () => {
    const { campaign, list } = await seedCampaign(pool, { leads: 3, nextDialAt: at(-60) });
    expect(await leadsRemaining(pool, campaign.id, t0)).toMatchObject({ workable: 3, dueNow: 3 });
    // 23:00 where the campaign is: nothing due until the window opens.
    expect(await leadsRemaining(pool, campaign.id, at(11 * 3600))).toMatchObject({ workable: 3, dueNow: 0 });
    await pool.query('UPDATE lists SET active = false WHERE id = $1', [list.id]);
    expect(await leadsRemaining(pool, campaign.id, t0)).toMatchObject({ workable: 0, dueNow: 0, byStatus: { new: 3 } });
  });

  it('stores and lists pacing decisions', async () => {
    const { campaign } = await seedCampaign(pool);
    await insertPacingDecisions(pool, [
      { campaignId: campaign.id, at: at(0), launch: 2, dialLevel: 1.5, binding: 'agents', inputs: { ready: 2 } },
      { campaignId: campaign.id, at: at(1), nodeId: 'node-a', launch: 0, binding: 'abandon_budget', inputs: {} },
    ]);
    const recent = await listRecentPacingDecisions(pool, campaign.id, 10);
    expect(recent.map((d) => d.binding)).toEqual(['abandon_budget', 'agents']);
    expect(recent[1]).toMatchObject({ launch: 2, dialLevel: 1.5, inputs: { ready: 2 } });
  });
});
