// Failover: a node that takes on a campaign whose last driver died (its Redis presence lapsed,
// and it is not back under its id) closes the calls that node left open, with the outcome each
// had reached, before it reads the abandon history, and ends its agents' sessions at when it was
// last seen. A node still present (draining after handing the campaign on) keeps its calls, and so
// does one cut off from Redis that still says in the database it is at work. Real Postgres and
// Redis, through the campaign sync.

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { getAttempt, listOpenAttempts, markAttemptEvent } from '../../../src/adapters/pg/attempt-repository.js';
import { updateCampaignStatus } from '../../../src/adapters/pg/campaign-repository.js';
import { getLead } from '../../../src/adapters/pg/lead-repository.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import { upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { getOpenAgentSession, openAgentSession } from '../../../src/adapters/pg/agent-session-repository.js';
import { listAgentStates, recordAgentState } from '../../../src/adapters/pg/agent-state-log-repository.js';
import { markNodePresent, nodeLastSeenKey, presentNodes } from '../../../src/adapters/redis/node-presence.js';
import type { Input } from '../../../src/core/inputs.js';
import { roundTheClockWindow } from '../../../src/demo/round-the-clock.js';
import { CampaignSync } from '../../../src/runtime/campaign-sync.js';
import { PgEngineStore } from '../../../src/runtime/pg-engine-store.js';
import { servicesForFile } from '../../helpers/services.js';
import { seedCampaign } from '../../helpers/fixtures.js';

const { pool, redis } = servicesForFile('gone-node:', ['campaigns', 'attempts', 'evidence_log', 'engine_node_heartbeats']);

const now = Date.now();
const anyHour = { settings: { callingWindow: roundTheClockWindow } };
const ago = (seconds: number) => new Date(now - seconds * 1000);

async function lease(campaignId: string, nodeId: string, count: number): Promise<string[]> {
  const leased = await leaseLeadsAndCreateAttempts(pool, { campaignId, count, nodeId, now: ago(120), leaseMs: 10 * 60_000 });
  return leased.map((l) => l.attemptId);
}

function takerSync() {
  const inputs: Input[] = [];
  const sync = new CampaignSync({
    store: new PgEngineStore(pool, { nodeId: 'taker', leadLeaseMs: 60_000 }), redis, nodeId: 'taker', leaseMs: 30_000,
    submit: (input) => { inputs.push(input); }, nowMs: () => now, isIdle: () => false, logger: pino({ level: 'silent' }),
  });
  return { sync, inputs };
}

describe('calls left open by an engine node that went away', () => {
  it('are closed with the outcome each had reached before the history is read', async () => {
    const seeded = await seedCampaign(pool, { leads: 5, nextDialAt: ago(3_600), campaign: anyHour });
    const campaignId = seeded.campaign.id;
    await updateCampaignStatus(pool, campaignId, 'running');
    const [talking, waiting, machine, ringing] = await lease(campaignId, 'gone', 4);
    const [draining] = await lease(campaignId, 'draining', 1);
    if (!talking || !waiting || !machine || !ringing || !draining) throw new Error('five attempts expected');
    for (const id of [talking, waiting, machine, ringing, draining]) await markAttemptEvent(pool, id, 'ringing', ago(110));
    for (const id of [talking, waiting, machine]) await markAttemptEvent(pool, id, 'answered', ago(100));
    await markAttemptEvent(pool, machine, 'answered', ago(100), { amdStatus: 'MACHINE' });
    for (const id of [talking, waiting]) await markAttemptEvent(pool, id, 'live', ago(100));
    await markAttemptEvent(pool, talking, 'connected', ago(99), { agentId: 'ann' });
    // The draining node is still there; the other one's presence lapsed long ago.
    await markNodePresent(redis, 'draining', 60_000);
    // An agent was logged in on each; the node that died was last seen 50 s ago.
    const [ann, bob] = [`ann-${now}`, `bob-${now}`];
    for (const id of [ann, bob]) await upsertAgent(pool, { id, name: id });
    await openAgentSession(pool, { agentId: ann, campaignId, nodeId: 'gone', at: ago(300) });
    await recordAgentState(pool, { agentId: ann, campaignId, state: 'ready', at: ago(200) });
    await openAgentSession(pool, { agentId: bob, campaignId, nodeId: 'draining', at: ago(300) });
    await redis.set(nodeLastSeenKey('gone'), String(ago(50).getTime()));

    const { sync, inputs } = takerSync();
    await sync.sync();

    const closed = await Promise.all([talking, waiting, machine, ringing].map((id) => getAttempt(pool, id)));
    expect(closed.map((a) => [a?.outcome, a?.abandoned, a?.causeTxt])).toEqual([
      ['connected', false, 'engine node went away during the call'],
      ['abandoned', true, 'engine node went away during the call'],
      ['machine', false, 'engine node went away during the call'],
      ['failed', false, 'engine node went away during the call'],
    ]);
    expect((await listOpenAttempts(pool, { campaignId })).map((a) => a.id)).toEqual([draining]);
    // Who talked to an agent is not dialled again; the lead is free at once, not in ten minutes.
    const talkedLead = await getLead(pool, seeded.leadIds[0] as string);
    expect(talkedLead).toMatchObject({ status: 'done', leasedBy: null });
    const evidence = await pool.query<{ attempt_id: string }>("SELECT attempt_id FROM evidence_log WHERE kind = 'abandon'");
    expect(evidence.rows.map((e) => e.attempt_id)).toEqual([waiting]);
    // Her session ended when her node was last seen, not at her next login; his node is alive.
    expect(await getOpenAgentSession(pool, ann)).toBeNull();
    const sessions = await pool.query<{ logout_at: Date }>('SELECT logout_at FROM agent_sessions WHERE agent_id = $1', [ann]);
    expect(sessions.rows.map((row) => row.logout_at)).toEqual([ago(50)]);
    const states = await listAgentStates(pool, { agentId: ann, from: ago(400), to: ago(0) });
    expect(states.map((state) => [state.state, state.toAt])).toEqual([['ready', ago(50)]]);
    expect(await getOpenAgentSession(pool, bob)).not.toBeNull();

    // The abandon it closed is in the history the core is given, ahead of the start.
    const mine = inputs.filter((input) => 'campaignId' in input && input.campaignId === campaignId);
    expect(mine.map((input) => input.type)).toEqual(['campaign_configured', 'abandon_history_loaded', 'campaign_started']);
    const history = mine[1];
    if (history?.type !== 'abandon_history_loaded') throw new Error('no history');
    expect(history.buckets.reduce((sum, b) => sum + b.abandoned, 0)).toBe(1);
  });

  it('ends the sessions of a node that went away with no call open, at when it was last seen', async () => {
    const seeded = await seedCampaign(pool, { leads: 1, nextDialAt: ago(3_600), campaign: anyHour });
    const campaignId = seeded.campaign.id;
    await updateCampaignStatus(pool, campaignId, 'running');
    // It died idle (its agents ready, paused, in wrap-up), and came back, if at all, under another id.
    const [cy, dee] = [`cy-${now}`, `dee-${now}`];
    for (const id of [cy, dee]) await upsertAgent(pool, { id, name: id });
    await openAgentSession(pool, { agentId: cy, campaignId, nodeId: 'idle-gone', at: ago(600) });
    await recordAgentState(pool, { agentId: cy, campaignId, state: 'wrap_up', at: ago(400) });
    await openAgentSession(pool, { agentId: dee, campaignId, nodeId: 'idle-alive', at: ago(600) });
    await markNodePresent(redis, 'idle-alive', 60_000);
    await redis.set(nodeLastSeenKey('idle-gone'), String(ago(300).getTime()));

    await takerSync().sync.sync();

    const sessions = await pool.query<{ logout_at: Date | null }>('SELECT logout_at FROM agent_sessions WHERE agent_id = $1', [cy]);
    expect(sessions.rows.map((row) => row.logout_at)).toEqual([ago(300)]);
    const states = await listAgentStates(pool, { agentId: cy, from: ago(700), to: ago(0) });
    expect(states.map((state) => [state.state, state.toAt])).toEqual([['wrap_up', ago(300)]]);
    expect(await getOpenAgentSession(pool, dee)).not.toBeNull();
  });

  it('leaves the calls of a node that is present alone, and its own are not its to close', async () => {
    const seeded = await seedCampaign(pool, { leads: 2, nextDialAt: ago(3_600), campaign: anyHour });
    const campaignId = seeded.campaign.id;
    await updateCampaignStatus(pool, campaignId, 'running');
    await lease(campaignId, 'alive', 1);
    await lease(campaignId, 'taker', 1);
    await markNodePresent(redis, 'alive', 60_000);
    await takerSync().sync.sync();
    expect(await listOpenAttempts(pool, { campaignId })).toHaveLength(2);
  });

  it('leaves the calls of a node cut off from Redis while it still works them, and closes them once it falls silent', async () => {
    const seeded = await seedCampaign(pool, { leads: 1, nextDialAt: ago(3_600), campaign: anyHour });
    const campaignId = seeded.campaign.id;
    await updateCampaignStatus(pool, campaignId, 'running');
    const [talking] = await lease(campaignId, 'cut-off', 1);
    if (!talking) throw new Error('an attempt expected');
    await markAttemptEvent(pool, talking, 'answered', ago(100));
    await markAttemptEvent(pool, talking, 'connected', ago(99), { agentId: 'ann' });
    // No mark in Redis (its renewals cannot reach it), but its heartbeat reaches the database.
    await new PgEngineStore(pool, { nodeId: 'cut-off', leadLeaseMs: 60_000 }).markNodeAlive();
    await takerSync().sync.sync();
    expect((await listOpenAttempts(pool, { campaignId })).map((a) => a.id)).toEqual([talking]);
    expect(await getLead(pool, seeded.leadIds[0] as string)).toMatchObject({ leasedBy: 'cut-off' });

    // Silent in the database too for longer than a mark lasts (15 s of a 30-s lease): gone.
    await pool.query("UPDATE engine_node_heartbeats SET seen_at = now() - interval '16 seconds' WHERE node_id = 'cut-off'");
    await takerSync().sync.sync();
    expect(await listOpenAttempts(pool, { campaignId })).toEqual([]);
    expect(await getAttempt(pool, talking)).toMatchObject({ outcome: 'connected', causeTxt: 'engine node went away during the call' });
  });

  it('sees a node present until its mark lapses', async () => {
    // A mark of a few seconds: read back at once even on a slow machine, gone soon after.
    const markedAt = Date.now();
    await markNodePresent(redis, 'brief', 2_000);
    expect(await presentNodes(redis, ['brief', 'never'])).toEqual(new Set(['brief']));
    while ((await presentNodes(redis, ['brief'])).size > 0 && Date.now() - markedAt < 10_000) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await presentNodes(redis, ['brief'])).toEqual(new Set());
    expect(Date.now() - markedAt).toBeGreaterThan(1_900);
  });
});
