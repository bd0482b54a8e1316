// A call that ends while the engine's ARI events socket is down: its end is never heard, and the
// reconcile after the reconnect finds its channel gone. One still ringing when the socket dropped
// may have been answered, busy or rung out: it is closed as `lost_in_gap`, not as a failed dial,
// counts in no pacing statistic, and its lead waits the no-answer wait with its number enabled.
// One talking to its agent is kept as the conversation it was. Real engine, simulated PBX in
// digit mode (…7 rings and is never answered, …0 answers after 2 s).

import { afterEach, describe, expect, it } from 'vitest';
import { tokenAgentId } from '../helpers/outpace-node.js';
import { ariAuth, oneCallThroughRelay, waitForClose, waitUntil, type ClosedAttempt, type OneCall } from './one-call-through-relay.js';

describe('a call that ends unseen while the PBX connection is down', () => {
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function dialOne(keyPrefix: string, phone: string, stage: 'ringing_at' | 'connected_at'): Promise<OneCall> {
    const scene = await oneCallThroughRelay(keyPrefix, phone, stage);
    cleanups.push(scene.close);
    return scene;
  }

  /** The socket drops; the far end hangs up while nobody listens; the socket comes back. */
  async function endInGap(scene: OneCall): Promise<ClosedAttempt> {
    const { test, proxy, attemptId } = scene;
    proxy.refuse(true);
    proxy.drop();
    await waitUntil(async () => !test.node.runtime.state().telephonyUp);
    const gone = await fetch(`${test.pbx.url}/ari/channels/${attemptId}`, { method: 'DELETE', headers: ariAuth });
    expect(gone.status).toBe(204);
    proxy.refuse(false);
    return waitForClose(scene);
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
  }, 60_000);

  it('a conversation with the agent keeps what was known: connected, with its agent, who wraps it up', async () => {
    const scene = await dialOne('lost-in-gap-connected:', '+12125550100', 'connected_at');
    const row = await endInGap(scene);
    expect(row).toMatchObject({ outcome: 'connected', agent_id: tokenAgentId, abandoned: false });
    expect(scene.test.node.runtime.state().agents.get(tokenAgentId)?.status).toBe('wrap_up');
    expect(scene.test.node.runtime.invariantViolationCount()).toBe(0);
  }, 60_000);
});
