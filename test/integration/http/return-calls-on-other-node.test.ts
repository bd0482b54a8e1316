// A person calling back waits on hold on the node they came in on (the node that drives the
// campaign), with two whole nodes sharing Postgres and Redis: a supervisor on the other node sees
// them among the campaign's waiting callers, their number masked as on the node that holds them,
// and hangs them up there, named with the reason on the call; a caller no node holds is refused.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaign, updateCampaignStatus } from '../../../src/adapters/pg/campaign-repository.js';
import { campaignLeaseKey } from '../../../src/adapters/redis/campaign-lease.js';
import { roundTheClockWindow } from '../../../src/demo/round-the-clock.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';
import { apiAnswer, waitUntil } from '../../browser/browser-helpers.js';
import { callBack, type ReturnCallUnderTest } from '../../e2e/return-call-helpers.js';

// Six digits from 2: they begin the exchange of the numbers below, which never starts with 0 or 1.
const run = String(200_000 + (Date.now() % 800_000));
const PRESENTED = `+1332${run}7`;
const CALLER = `+1332${run}8`;
const tag = Date.now().toString(36);

interface WaitingCaller { attemptId: string; leadId: string; phone: string; calledNumber: string | null; waitingSince: string; waitsUntil: string }

describe('a caller waiting on hold on another node', () => {
  let nodeA: TestNode;
  let nodeB: TestNode;
  let campaignId: string;
  let call: ReturnCallUnderTest;
  let attemptId: string;
  /** A supervisor's request through node A, which holds no caller. */
  const throughA = <T>(method: string, path: string, body?: unknown, token = roleTokens.supervisor) => apiAnswer<T>(nodeA, token, method, path, body);

  beforeAll(async () => {
    nodeA = await startTestNode({}, 'return-elsewhere:', { nodeId: `return-a-${tag}` });
    nodeB = await startTestNode({ outcomes: 'digit', timeScale: 0.25, apps: ['outpace-b'] }, 'return-elsewhere:', { nodeId: `return-b-${tag}`, ariApp: 'outpace-b' });
    // Node B drives the campaign: its lease is given to B before the campaign runs.
    const campaign = await createCampaign(nodeB.node.pool, {
      name: `Return calls elsewhere ${tag}`, mode: 'preview', callerId: `"Acme" <${PRESENTED}>`,
      settings: { callingWindow: roundTheClockWindow, returnCallHoldSeconds: 120 },
    });
    campaignId = campaign.id;
    await nodeB.node.redis.set(campaignLeaseKey(campaignId), nodeB.node.nodeId, 'PX', 60_000);
    await updateCampaignStatus(nodeB.node.pool, campaignId, 'running');
    await nodeB.node.runtime.syncCampaigns();
    // No agent of the campaign: the caller, on node B's PBX (its dialplan hands calls to B's app), waits on hold there.
    call = callBack(nodeB.pbx, CALLER, PRESENTED);
    attemptId = await waitUntil('the caller waiting on node B', async () =>
      [...nodeB.node.runtime.state().calls.values()].find((c) => c.campaignId === campaignId && c.status === 'waiting_agent')?.attemptId, 20_000);
  }, 60_000);

  afterAll(async () => {
    call?.stop();
    await nodeB?.close();
    await nodeA?.close();
  });

  it('lists the caller through a node that does not hold them, as the node that does', async () => {
    expect(nodeA.node.runtime.state().calls.has(attemptId)).toBe(false);
    const listed = await throughA<WaitingCaller[]>('GET', `/api/campaigns/${campaignId}/waiting-callers`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([expect.objectContaining({ attemptId, phone: expect.stringMatching(/8$/), calledNumber: PRESENTED })]);
    expect(listed.body[0]?.phone).not.toBe(CALLER);
    // A viewer too, and the same answer as node B's own.
    const onB = await apiAnswer<WaitingCaller[]>(nodeB, roleTokens.viewer, 'GET', `/api/campaigns/${campaignId}/waiting-callers`);
    expect((await throughA<WaitingCaller[]>('GET', `/api/campaigns/${campaignId}/waiting-callers`, undefined, roleTokens.viewer)).body).toEqual(onB.body);
  });

  it('hangs the caller up through a node that does not hold them, on the node that does, with the supervisor and reason kept', async () => {
    // A viewer may not.
    expect((await throughA('POST', `/api/return-calls/${attemptId}/hangup`, { reason: 'nuisance' }, roleTokens.viewer)).status).toBe(403);
    const hungUp = await throughA('POST', `/api/return-calls/${attemptId}/hangup`, { reason: 'called ten times today' });
    expect(hungUp).toMatchObject({ status: 200, body: { attemptId, hungUp: true, reason: 'called ten times today' } });
    await waitUntil('the caller\'s channel gone from node B\'s PBX', async () => call.events().some((e) => e.type === 'StasisEnd'), 20_000);
    await waitUntil('the attempt closed', async () =>
      (await nodeA.node.pool.query('SELECT 1 FROM attempts WHERE id = $1 AND ended_at IS NOT NULL', [attemptId])).rowCount === 1);
    const [row] = (await nodeA.node.pool.query<{ abandoned: boolean; ended_by: { role: string } | null }>('SELECT abandoned, ended_by FROM attempts WHERE id = $1', [attemptId])).rows;
    expect(row).toMatchObject({ abandoned: false, ended_by: expect.objectContaining({ role: 'supervisor' }) });
    expect((await throughA<WaitingCaller[]>('GET', `/api/campaigns/${campaignId}/waiting-callers`)).body).toEqual([]);
    // Gone: no node holds them now.
    expect((await throughA('POST', `/api/return-calls/${attemptId}/hangup`, {})).status).toBe(404);
  });

  it('refuses a caller no node holds', async () => {
    expect((await throughA('POST', `/api/return-calls/${randomUUID()}/hangup`, {})).status).toBe(404);
  });
});
