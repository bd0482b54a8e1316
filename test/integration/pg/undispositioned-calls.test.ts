// Calls put through to an agent that ended without a disposition: the agent's own list (the
// desktop's "To disposition") and the per-campaign count behind the follow-up gauge.

import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { countUndispositionedCalls, undispositionedCalls } from '../../../src/adapters/pg/undispositioned-calls.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { seedCampaign } from '../../helpers/fixtures.js';

const pool = createTestPool(2);
afterAll(async () => pool.end());
beforeEach(async () => truncateTables(pool, ['campaigns', 'attempts']));

const now = new Date('2030-05-01T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

interface Call {
  agentId: string;
  createdMinutesAgo: number;
  /** False: never put through to an agent. */
  connected: boolean;
  /** Null: still in progress. */
  endedMinutesAgo: number | null;
  dispositioned?: boolean;
  /** The agent left the campaign's message on a machine: no disposition is owed. */
  messageLeft?: boolean;
}

async function insertCall(campaignId: string, leadId: string, call: Call): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO attempts (campaign_id, lead_id, e164, status, agent_id, created_at, connected_at, ended_at, outcome)
     VALUES ($1, $2, '+15550100001', $3, $4, $5, $6, $7, $8) RETURNING id::text`,
    [campaignId, leadId, call.endedMinutesAgo === null ? 'connected' : 'ended', call.agentId, minutesAgo(call.createdMinutesAgo),
      call.connected ? minutesAgo(call.createdMinutesAgo - 0.5) : null,
      call.endedMinutesAgo === null ? null : minutesAgo(call.endedMinutesAgo), call.endedMinutesAgo === null ? null : call.connected ? 'connected' : 'no_answer'],
  );
  const id = rows[0]?.id ?? '';
  if (call.messageLeft) await pool.query('UPDATE attempts SET message_left_at = connected_at WHERE id = $1', [id]);
  if (call.dispositioned) {
    await pool.query(`INSERT INTO dispositions (attempt_id, campaign_id, lead_id, agent_id, code) VALUES ($1, $2, $3, $4, 'SALE')`, [id, campaignId, leadId, call.agentId]);
  }
  return id;
}

describe('calls that ended without a disposition', () => {
  it("lists an agent's own, newest first, and counts each campaign's past the wrap-up grace", async () => {
    const first = await seedCampaign(pool, { leads: 1, campaign: { name: `Alpha ${Date.now()}` } });
    const second = await seedCampaign(pool, { leads: 1 });
    const [a, b] = [first.campaign.id, second.campaign.id];
    const [leadA, leadB] = [first.leadIds[0] ?? '', second.leadIds[0] ?? ''];
    const older = await insertCall(a, leadA, { agentId: 'ann', createdMinutesAgo: 60, connected: true, endedMinutesAgo: 50 });
    const recent = await insertCall(a, leadA, { agentId: 'ann', createdMinutesAgo: 4, connected: true, endedMinutesAgo: 1 });
    await insertCall(a, leadA, { agentId: 'ann', createdMinutesAgo: 30, connected: true, endedMinutesAgo: 20, dispositioned: true });
    await insertCall(a, leadA, { agentId: 'ann', createdMinutesAgo: 30, connected: false, endedMinutesAgo: 29 });
    await insertCall(a, leadA, { agentId: 'ann', createdMinutesAgo: 25, connected: true, endedMinutesAgo: 24, messageLeft: true });
    await insertCall(a, leadA, { agentId: 'ann', createdMinutesAgo: 3, connected: true, endedMinutesAgo: null });
    await insertCall(a, leadA, { agentId: 'ann', createdMinutesAgo: 2 * 24 * 60, connected: true, endedMinutesAgo: 2 * 24 * 60 - 5 });
    await insertCall(b, leadB, { agentId: 'bob', createdMinutesAgo: 40, connected: true, endedMinutesAgo: 35 });

    const listed = await undispositionedCalls(pool, 'ann', minutesAgo(24 * 60));
    expect(listed.map((c) => c.attemptId)).toEqual([recent, older]);
    expect(listed[0]).toMatchObject({ campaignId: a, campaignName: first.campaign.name, endedAt: minutesAgo(1) });
    expect(await undispositionedCalls(pool, 'bob', minutesAgo(24 * 60))).toHaveLength(1);

    // The call ended a minute ago is still in its wrap-up's grace; the one in progress has not ended.
    expect(await countUndispositionedCalls(pool, [a, b], now)).toEqual(new Map([[a, 1], [b, 1]]));
    expect(await countUndispositionedCalls(pool, [a], now)).toEqual(new Map([[a, 1]]));
    expect(await countUndispositionedCalls(pool, [], now)).toEqual(new Map());
  });
});
