// A call that ends while the engine's ARI events socket is down: its end is never heard, and the
// reconcile after the reconnect finds its channel gone. One still ringing when the socket dropped
// may have been answered, busy or rung out: it is closed as `lost_in_gap`, not as a failed dial,
// counts in no pacing statistic, and its lead waits the no-answer wait with its number enabled.
// One talking to its agent is kept as the conversation it was. Real engine, simulated PBX in
// digit mode (…7 rings and is never answered, …0 answers after 2 s), reached through a relay
// the test cuts.

import { afterEach, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../src/adapters/pg/agent-repository.js';
import { createCampaign } from '../../src/adapters/pg/campaign-repository.js';
import { createList, insertLeads } from '../../src/adapters/pg/lead-repository.js';
import { ApiClient } from '../../src/demo/api-client.js';
import { roundTheClockWindow } from '../../src/demo/round-the-clock.js';
import { startSimPbx } from '../../src/sim/pbx/sim-pbx.js';
import { roleTokens, startTestNode, testNodeApp, tokenAgentId, type TestNode } from '../helpers/outpace-node.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const ariAuth = { authorization: `Basic ${Buffer.from('dialer:dialer').toString('base64')}` };

interface Scene {
  test: TestNode;
  proxy: TcpProxy;
  campaignId: string;
  attemptId: string;
}

interface AttemptRow {
  outcome: string | null;
  cause_txt: string | null;
  agent_id: string | null;
  abandoned: boolean;
  ended_at: Date | null;
}

describe('a call that ends unseen while the PBX connection is down', () => {
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A node dialling one number for one ready agent, until the call reaches `stage`. */
  async function dialOne(keyPrefix: string, phone: string, stage: 'ringing_at' | 'connected_at'): Promise<Scene> {
    const pbx = await startSimPbx({ outcomes: 'digit', timeScale: 1, amiPort: null, apps: [testNodeApp] });
    const proxy = await startTcpProxy(pbx.port);
    const test = await startTestNode({}, keyPrefix, { pbx, ariUrl: proxy.url });
    cleanups.push(async () => { await test.close(); await proxy.close(); });
    const { pool } = test.node;
    const campaign = await createCampaign(pool, {
      name: `${keyPrefix} ${Date.now()}`, mode: 'progressive', wrapUpMs: 60_000, settings: { callingWindow: roundTheClockWindow },
    });
    const list = await createList(pool, { campaignId: campaign.id, name: 'one number' });
    await insertLeads(pool, list.id, [{ firstName: 'Only', phones: [phone] }]);
    await upsertAgent(pool, { id: tokenAgentId, name: 'Agent under test' });
    await new ApiClient(test.node.url, roleTokens.manager).post(`/api/campaigns/${campaign.id}/start`);
    const agent = new ApiClient(test.node.url, roleTokens.agent);
    await agent.post(`/api/agents/${tokenAgentId}/login`, { campaignId: campaign.id });
    await waitUntil(async () => (await agent.get<{ status: string }>(`/api/agents/${tokenAgentId}`)).status === 'paused');
    await agent.post(`/api/agents/${tokenAgentId}/ready`);
    let attemptId = '';
    await waitUntil(async () => {
      const rows = await pool.query<{ id: string }>(`SELECT id FROM attempts WHERE campaign_id = $1 AND ${stage} IS NOT NULL`, [campaign.id]);
      attemptId = rows.rows[0]?.id ?? '';
      return attemptId !== '';
    });
    return { test, proxy, campaignId: campaign.id, attemptId };
  }

  /** The socket drops; the far end hangs up while nobody listens; the socket comes back. */
  async function endInGap(scene: Scene): Promise<AttemptRow> {
    const { test, proxy, attemptId } = scene;
    proxy.refuse(true);
    proxy.drop();
    await waitUntil(async () => !test.node.runtime.state().telephonyUp);
    const gone = await fetch(`${test.pbx.url}/ari/channels/${attemptId}`, { method: 'DELETE', headers: ariAuth });
    expect(gone.status).toBe(204);
    proxy.refuse(false);
    let row: AttemptRow | undefined;
    await waitUntil(async () => {
      const rows = await test.node.pool.query<AttemptRow>('SELECT outcome, cause_txt, agent_id, abandoned, ended_at FROM attempts WHERE id = $1', [attemptId]);
      row = rows.rows[0];
      return row?.ended_at !== null && row?.ended_at !== undefined;
    });
    return row!;
  }

  it('a ringing call is closed as lost_in_gap: no failed dial, no statistics, the lead retried after the no-answer wait, its number enabled', async () => {
    const scene = await dialOne('lost-in-gap-ringing:', '+12125550107', 'ringing_at');
    const row = await endInGap(scene);
    expect(row).toMatchObject({ outcome: 'lost_in_gap', cause_txt: 'outcome unknown: ended while the PBX connection was down', abandoned: false });

    const { pool } = scene.test.node;
    const lead = await pool.query<{ status: string; wait_minutes: number; last_outcome: string }>(
      `SELECT l.status, l.last_outcome, round(extract(epoch FROM l.next_dial_at - a.ended_at) / 60)::int AS wait_minutes
       FROM leads l JOIN attempts a ON a.lead_id = l.id WHERE a.id = $1`, [scene.attemptId]);
    expect(lead.rows).toEqual([{ status: 'retry', last_outcome: 'lost_in_gap', wait_minutes: 60 }]);
    const phone = await pool.query<{ disabled: boolean; attempts: number }>(
      'SELECT p.disabled, p.attempts FROM lead_phones p JOIN attempts a ON a.phone_id = p.id WHERE a.id = $1', [scene.attemptId]);
    expect(phone.rows).toEqual([{ disabled: false, attempts: 1 }]);

    // Neither an unanswered dial nor an answer in what paces the campaign.
    const campaign = scene.test.node.runtime.state().campaigns.get(scene.campaignId);
    expect(campaign?.stats.dials).toBe(0);
    expect(campaign?.stats.liveAnswers).toBe(0);
    const metrics = await (await fetch(`${scene.test.node.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`outpace_call_outcomes_total\\{campaign="${scene.campaignId}",outcome="lost_in_gap",cause="0"\\} 1\\n`));
    expect(scene.test.node.runtime.invariantViolationCount()).toBe(0);
  });

  it('a conversation with the agent keeps what was known: connected, with its agent, who wraps it up', async () => {
    const scene = await dialOne('lost-in-gap-connected:', '+12125550100', 'connected_at');
    const row = await endInGap(scene);
    expect(row).toMatchObject({ outcome: 'connected', agent_id: tokenAgentId, abandoned: false });
    expect(scene.test.node.runtime.state().agents.get(tokenAgentId)?.status).toBe('wrap_up');
    expect(scene.test.node.runtime.invariantViolationCount()).toBe(0);
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
