// The personal-callback dialer against the real database: a callback due while the calling window
// in its lead's zone is closed is not announced (its agent is not held for a call that cannot be
// placed) until the window opens; one whose window is open is announced at once.

import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { upsertAgent } from '../../../src/adapters/pg/agent-repository.js';
import { scheduleCallback } from '../../../src/adapters/pg/callback-follow-up.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { ensureList } from '../../../src/adapters/pg/lead-import-repository.js';
import { insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { weekdays } from '../../../src/core/compliance/local-time.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { dialerFor } from './personal-callback-dialer-harness.js';

const pool = createTestPool();
afterAll(async () => pool.end());
beforeEach(async () => truncateTables(pool, ['campaigns', 'dnc_entries', 'attempts', 'evidence_log']));

// 12:00 UTC on a Monday; leads and campaigns are in UTC. One campaign's window is open then
// (11:00-13:00), the other's opens at 14:00.
const noon = Date.parse('2030-01-07T12:00:00Z');

const windowOf = (start: string, end: string) => ({
  regime: 'custom', weekly: Object.fromEntries(weekdays.map((day) => [day, [{ start, end }]])),
});

async function campaignWithCallback(name: string, callingWindow: object, agentId: string) {
  const campaign = await createCampaign(pool, { name: `${name}-${Math.random()}`, regime: 'us', timezone: 'UTC', seedDispositions: false, settings: { callingWindow } });
  const list = await ensureList(pool, { campaignId: campaign.id, name: 'main', defaultRegion: 'US' });
  const [leadId] = await insertLeads(pool, list.id, [{ phones: ['+12125550180'], timezone: 'UTC', nextDialAt: new Date(noon - 3_600_000) }]);
  await upsertAgent(pool, { id: agentId, name: agentId });
  const callback = await scheduleCallback(pool, { leadId: leadId as string, agentId, dueAt: new Date(noon - 60_000) });
  return { campaignId: campaign.id, callbackId: callback.id };
}

describe('personal callbacks and the calling window', () => {
  it('announces a callback only while its window is open, and holds no agent for one outside it', async () => {
    const open = await campaignWithCallback('open', windowOf('11:00', '13:00'), 'cbw-open');
    const closed = await campaignWithCallback('closed', windowOf('14:00', '15:00'), 'cbw-closed');
    const clock = { nowMs: noon };
    const { dialer, submitted } = dialerFor(pool, 'cb-window', [{ id: 'cbw-open', campaignId: open.campaignId }, { id: 'cbw-closed', campaignId: closed.campaignId }], clock);
    await dialer.refresh();
    expect(submitted).toEqual([{ type: 'callback_due', agentId: 'cbw-open', due: true }]);

    // Still closed a minute later: nothing new, not even a re-check of the lease.
    submitted.length = 0;
    clock.nowMs = noon + 60_000;
    await dialer.refresh();
    expect(submitted).toEqual([]);

    // The window opens at 14:00: the callback is announced for its agent.
    clock.nowMs = Date.parse('2030-01-07T14:00:30Z');
    await dialer.refresh();
    expect(submitted).toContainEqual({ type: 'callback_due', agentId: 'cbw-closed', due: true });
  });
});
