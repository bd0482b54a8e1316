// A personal callback its agent has not taken within the campaign's time after it fell due goes
// to anyone, through the callback timers' sweep: its lead is then selected like any callback for
// anyone, whose it was is kept, and campaigns without the setting, callbacks not yet that late and
// a lead being dialled right now are left as they are.

import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { releaseUnclaimedCallbacks, scheduleCallback } from '../../../src/adapters/pg/callback-follow-up.js';
import { ensureList } from '../../../src/adapters/pg/lead-import-repository.js';
import { leadCallbacks } from '../../../src/adapters/pg/lead-history.js';
import { insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import { createCallbackTimers } from '../../../src/adapters/redis/callback-timers.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { testRedisUrl } from '../../helpers/redis.js';

const pool = createTestPool();
beforeEach(async () => truncateTables(pool, ['campaigns', 'dnc_entries', 'attempts', 'evidence_log']));

const MINUTE = 60_000;
// 12:00 in New York on a Monday, inside the US calling window.
const noon = new Date('2030-01-07T17:00:00Z');

// One set of timers for the file: their sweep is what releases callbacks; no timer is scheduled.
const timers = createCallbackTimers({
  connection: { url: testRedisUrl() }, pool, logger: createLogger({ level: 'silent' }), sweepIntervalMs: 0, now: () => noon, prefix: `test-release-${process.pid}`,
});
afterAll(async () => {
  await timers.close();
  await pool.end();
});

/** A campaign with three leads, each with a personal callback of Ann's due `dueMinutesAgo`. */
async function world(settings: Record<string, unknown>, dueMinutesAgo: number[]) {
  const campaign = await createCampaign(pool, { name: `release-${Math.random()}`, regime: 'us', timezone: 'America/New_York', seedDispositions: false, settings });
  const list = await ensureList(pool, { campaignId: campaign.id, name: 'main', defaultRegion: 'US' });
  await upsertAgent(pool, { id: 'ann', name: 'Ann' });
  const leads = await insertLeads(pool, list.id, dueMinutesAgo.map((_, i) => ({ phones: [`+1212555017${i}`], timezone: 'America/New_York' })));
  const callbacks = [];
  for (const [i, minutes] of dueMinutesAgo.entries()) {
    callbacks.push(await scheduleCallback(pool, { leadId: leads[i] ?? '', agentId: 'ann', dueAt: new Date(noon.getTime() - minutes * MINUTE) }));
  }
  return { campaignId: campaign.id, leads, callbacks };
}

const rowsOf = async (ids: string[]) => (await pool.query<{ agent_id: string | null; released_from: string | null; status: string; lead_status: string }>(
  `SELECT cb.agent_id, cb.released_from, cb.status, l.status AS lead_status FROM callbacks cb JOIN leads l ON l.id = cb.lead_id
   WHERE cb.id = ANY($1::bigint[]) ORDER BY cb.id`, [ids])).rows;

describe('a personal callback not taken in time', () => {
  it('goes to anyone once the campaign time has passed, and is dialled like any callback for anyone', async () => {
    const { campaignId, leads, callbacks } = await world({ callbackReleaseMinutes: 30 }, [45, 10, 60]);
    // The third lead is being dialled now (by Ann, as it happens): its call decides.
    await pool.query(`UPDATE leads SET leased_by = 'node-a', leased_until = $2 WHERE id = $1`, [leads[2], new Date(noon.getTime() + MINUTE)]);
    expect(await leaseLeadsAndCreateAttempts(pool, { campaignId, count: 5, nodeId: 'n1', now: noon, leaseMs: MINUTE })).toEqual([]);

    await timers.sweep();
    expect(await rowsOf(callbacks.map((c) => c.id))).toEqual([
      { agent_id: null, released_from: 'ann', status: 'due', lead_status: 'callback' },
      { agent_id: 'ann', released_from: null, status: 'due', lead_status: 'scheduled' },
      { agent_id: 'ann', released_from: null, status: 'due', lead_status: 'scheduled' },
    ]);
    expect((await leaseLeadsAndCreateAttempts(pool, { campaignId, count: 5, nodeId: 'n1', now: noon, leaseMs: MINUTE })).map((l) => l.leadId)).toEqual([leads[0]]);
    expect((await leadCallbacks(pool, leads[0] ?? '', 5))[0]).toMatchObject({ agentId: null, releasedFrom: 'ann' });
  });

  it('counts the time from when the calling window opened, for one due before it', async () => {
    // Due 07:00 in New York, an hour before the US window opens; released 30 minutes after 08:00.
    const { callbacks } = await world({ callbackReleaseMinutes: 30 }, [5 * 60]);
    expect(await releaseUnclaimedCallbacks(pool, new Date('2030-01-07T12:31:00Z'))).toEqual([]);
    expect(await releaseUnclaimedCallbacks(pool, new Date('2030-01-07T13:29:00Z'))).toEqual([]);
    expect((await releaseUnclaimedCallbacks(pool, new Date('2030-01-07T13:30:00Z'))).map((r) => r.id)).toEqual([callbacks[0]?.id]);
  });

  it('counts only calling hours, for one due just before the window closes', async () => {
    // Due 20:50 in New York: ten minutes that evening, twenty more from 08:00 the next morning.
    const { callbacks } = await world({ callbackReleaseMinutes: 30 }, [-(8 * 60 + 50)]);
    expect(await releaseUnclaimedCallbacks(pool, new Date('2030-01-08T02:21:00Z'))).toEqual([]);
    expect(await releaseUnclaimedCallbacks(pool, new Date('2030-01-08T13:19:00Z'))).toEqual([]);
    expect((await releaseUnclaimedCallbacks(pool, new Date('2030-01-08T13:20:00Z'))).map((r) => r.id)).toEqual([callbacks[0]?.id]);
  });

  it("stays its agent's in a campaign that does not release callbacks", async () => {
    const { callbacks } = await world({}, [600]);
    await timers.sweep();
    expect(await rowsOf(callbacks.map((c) => c.id))).toEqual([{ agent_id: 'ann', released_from: null, status: 'due', lead_status: 'scheduled' }]);
  });
});
