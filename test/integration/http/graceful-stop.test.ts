// Stopping a node (a deploy, SIGTERM) cuts no conversation short: it stops dialling and hands its
// campaigns back at once, puts a call still ringing through to the agent waiting for it, refuses
// new logins and says so on /ready and to the desktops, keeps every agent's call and wrap-up going until the
// disposition is given, and logs each agent out then. It stays present (its calls its own) until
// the end. A second stop hangs up what is left.
// Real engine and API, simulated PBX in digit mode (numbers ending in 0-2 answer and stay).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { campaignLeaseHolder } from '../../../src/adapters/redis/campaign-lease.js';
import { presentNodes } from '../../../src/adapters/redis/node-presence.js';
import { ApiClient, type ApiCallError } from '../../../src/demo/api-client.js';
import { roundTheClockWindow } from '../../../src/demo/round-the-clock.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { createTestRedis } from '../../helpers/redis.js';
import { roleTokens, startTestNode, type TestNode } from '../../helpers/outpace-node.js';

const run = String(Date.now() % 1_000_000).padStart(6, '0');

interface AttemptRow {
  agent_id: string | null;
  outcome: string | null;
  connected_at: Date | null;
  ended_at: Date | null;
  disposition: string | null;
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A node with a running progressive campaign whose leads answer and stay on the line. */
async function nodeWithCampaign(name: string, phones: string[]) {
  const reset = createTestPool(1);
  await truncateTables(reset, ['campaigns']);
  await reset.end();
  const test = await startTestNode({ outcomes: 'digit', timeScale: 1 }, `graceful-stop-${name}:`);
  const { pool } = test.node;
  const campaign = await createCampaign(pool, { name: `graceful stop ${name} ${run}`, mode: 'progressive', wrapUpMode: 'auto', wrapUpMs: 500,
    settings: { callingWindow: roundTheClockWindow } });
  const list = await createList(pool, { campaignId: campaign.id, name: 'stay on the line' });
  await insertLeads(pool, list.id, phones.map((phone, i) => ({ firstName: `Lead ${i}`, phones: [phone], priority: phones.length - i })));
  await new ApiClient(test.node.url, roleTokens.manager).post(`/api/campaigns/${campaign.id}/start`);
  return { test, campaignId: campaign.id };
}

describe('a node that is stopped lets its conversations finish', () => {
  const audit = createTestPool(2);
  let test: TestNode;
  let campaignId: string;
  const [ANN, BOB, CAL] = [`ann-${run}`, `bob-${run}`, `cal-${run}`];
  const supervisor = (): ApiClient => new ApiClient(test.node.url, roleTokens.supervisor);
  const statusOf = (agentId: string): string => test.node.runtime.state().agents.get(agentId)?.status ?? 'logged_out';
  const attemptOf = async (agentId: string): Promise<AttemptRow & { id: string }> => {
    const { rows } = await audit.query<AttemptRow & { id: string }>(
      `SELECT a.id::text, a.agent_id, a.outcome, a.connected_at, a.ended_at, d.code AS disposition
         FROM attempts a LEFT JOIN dispositions d ON d.attempt_id = a.id
        WHERE a.campaign_id = $1 AND a.agent_id = $2`, [campaignId, agentId]);
    const [row] = rows;
    if (!row) throw new Error(`no attempt for ${agentId}`);
    return row;
  };

  beforeAll(async () => {
    ({ test, campaignId } = await nodeWithCampaign('drain', [`+1312${run}0`, `+1313${run}1`]));
    for (const id of [ANN, BOB, CAL]) await upsertAgent(test.node.pool, { id, name: id });
  }, 60_000);

  afterAll(async () => {
    await test.close();
    await audit.end();
  });

  /** A live stream as the desktop opens it, collecting its messages. */
  function liveStream(path: string) {
    const socket = new WebSocket(`${test.node.url.replace('http', 'ws')}${path}`);
    const messages: Array<Record<string, unknown>> = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
    return { socket, messages };
  }

  async function loginReady(agentId: string): Promise<void> {
    await supervisor().post(`/api/agents/${agentId}/login`, { campaignId });
    await waitUntil(() => statusOf(agentId) === 'paused');
    await supervisor().post(`/api/agents/${agentId}/ready`);
  }

  it('drains: ringing call put through, no new logins, calls and wrap-ups kept until dispositioned', async () => {
    await loginReady(ANN);
    await waitUntil(() => statusOf(ANN) === 'talking');
    // Bob's call is ringing when the stop comes.
    await loginReady(BOB);
    await waitUntil(() => [...test.node.runtime.state().calls.values()].some((c) => c.status === 'ringing' || c.status === 'dialing'));
    const desktop = liveStream(`/ws/agent?token=${roleTokens.supervisor}&agentId=${ANN}`);
    await waitUntil(() => desktop.messages.some((m) => m.type === 'hello'));
    const closing = test.node.close(60_000);
    let closed = false;
    void closing.then(() => { closed = true; });

    expect(test.node.runtime.draining()).toBe(true);
    // Ann's desktop is told, and so is one that connects now.
    await waitUntil(() => desktop.messages.some((m) => m.type === 'node_stopping'));
    const late = liveStream(`/ws/agent?token=${roleTokens.supervisor}&agentId=${ANN}`);
    await waitUntil(() => late.messages.some((m) => m.type === 'hello'));
    expect(late.messages.find((m) => m.type === 'hello')).toMatchObject({ stopping: true });
    late.socket.close();
    const ready = await fetch(`${test.node.url}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ checks: { accepting: { ok: false } } });
    const refused = await supervisor().post(`/api/agents/${CAL}/login`, { campaignId }).then(() => null, (e: unknown) => e as ApiCallError);
    expect(refused?.status).toBe(503);
    expect(refused?.body).toMatch(/this node is stopping/);
    await waitUntil(async () => (await campaignLeaseHolder(test.node.redis, campaignId)) === null);
    // Handed on, but still present: a node taking the campaign on leaves these calls to it.
    expect(await presentNodes(test.node.redis, [test.node.nodeId])).toEqual(new Set([test.node.nodeId]));
    expect(await (await fetch(`${test.node.url}/metrics`, { headers: { authorization: `Bearer ${roleTokens.admin}` } })).text())
      .toMatch(/^outpace_engine_draining 1$/m);

    // The ringing call reaches Bob instead of being abandoned.
    await waitUntil(() => statusOf(BOB) === 'talking');
    await pause(1_500);
    expect([statusOf(ANN), statusOf(BOB)]).toEqual(['talking', 'talking']);
    expect(test.node.runtime.state().calls.size).toBe(2);

    // Ann's wrap-up outlasts its 500 ms timer while her disposition is owed; given, she is logged out.
    await supervisor().post(`/api/agents/${ANN}/hangup`);
    await waitUntil(() => statusOf(ANN) === 'wrap_up');
    await pause(1_500);
    expect(statusOf(ANN)).toBe('wrap_up');
    await supervisor().post(`/api/attempts/${(await attemptOf(ANN)).id}/disposition`, { code: 'SALE' });
    await waitUntil(() => statusOf(ANN) === 'logged_out');
    expect(closed).toBe(false);

    await supervisor().post(`/api/agents/${BOB}/hangup`);
    await waitUntil(() => statusOf(BOB) === 'wrap_up');
    await supervisor().post(`/api/attempts/${(await attemptOf(BOB)).id}/disposition`, { code: 'NOT_INTERESTED' });
    await closing;

    for (const [agentId, code] of [[ANN, 'SALE'], [BOB, 'NOT_INTERESTED']] as const) {
      expect(await attemptOf(agentId)).toMatchObject({ outcome: 'connected', disposition: code, connected_at: expect.any(Date), ended_at: expect.any(Date) });
    }
    const redis = createTestRedis('graceful-stop-drain:');
    expect(await presentNodes(redis, [test.node.nodeId])).toEqual(new Set());
    redis.disconnect();
    const abandons = await audit.query('SELECT 1 FROM attempts WHERE campaign_id = $1 AND abandoned', [campaignId]);
    expect(abandons.rowCount).toBe(0);
  }, 60_000);
});

describe('a second stop while draining', () => {
  it('hangs up the calls still in progress at once', async () => {
    const { test, campaignId } = await nodeWithCampaign('cut', [`+1314${run}2`]);
    const agentId = `dee-${run}`;
    try {
      await upsertAgent(test.node.pool, { id: agentId, name: 'Dee' });
      const api = new ApiClient(test.node.url, roleTokens.supervisor);
      await api.post(`/api/agents/${agentId}/login`, { campaignId });
      await waitUntil(() => test.node.runtime.state().agents.get(agentId)?.status === 'paused');
      await api.post(`/api/agents/${agentId}/ready`);
      await waitUntil(() => test.node.runtime.state().agents.get(agentId)?.status === 'talking');
      const started = Date.now();
      const closing = test.node.close(60_000);
      await pause(500);
      expect(test.node.runtime.state().calls.size).toBe(1);
      await test.node.close();
      await closing;
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(test.pbx.channels()).toEqual([]);
    } finally {
      await test.pbx.close();
    }
  }, 60_000);
});
