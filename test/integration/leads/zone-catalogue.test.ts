// Selection probes the (list, zone) pairs the catalogue knows: a lead whose zone changes after
// import, or that moves to another list, must still be found when its new zone is open.

import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { ensureList } from '../../../src/adapters/pg/lead-import-repository.js';
import { insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { leaseLeadsAndCreateAttempts } from '../../../src/adapters/pg/lead-selection.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';

const pool = createTestPool();
afterAll(async () => pool.end());
beforeEach(async () => truncateTables(pool, ['campaigns', 'dnc_entries', 'attempts', 'evidence_log']));

// 21:00 in New York (closed under the US window), 18:00 in Los Angeles (open), on a Monday.
const evening = new Date('2030-01-08T02:00:00Z');
const lease = { nodeId: 'zones', leaseMs: 60_000, now: evening, count: 5 };

async function world() {
  const campaign = await createCampaign(pool, { name: `zones-${Math.random()}`, regime: 'us', timezone: 'America/New_York', seedDispositions: false });
  const east = await ensureList(pool, { campaignId: campaign.id, name: 'east', defaultRegion: 'US' });
  const west = await ensureList(pool, { campaignId: campaign.id, name: 'west', defaultRegion: 'US' });
  const [leadId] = await insertLeads(pool, east.id, [{ phones: ['+12125550190'], timezone: 'America/New_York', nextDialAt: new Date(evening.getTime() - 3_600_000) }]);
  await insertLeads(pool, west.id, [{ phones: ['+13105550191'], timezone: 'America/Chicago', nextDialAt: new Date(evening.getTime() + 86_400_000) }]);
  return { campaignId: campaign.id, leadId: leadId as string, westListId: west.id };
}

describe('the zone catalogue selection probes', () => {
  it('learns a zone a lead is given after import', async () => {
    const { campaignId, leadId } = await world();
    expect(await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId })).toEqual([]);
    await pool.query(`UPDATE leads SET timezone = 'America/Los_Angeles' WHERE id = $1`, [leadId]);
    expect((await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId })).map((l) => l.leadId)).toEqual([leadId]);
  });

  it('learns the zone of a lead moved to another list', async () => {
    const { campaignId, leadId, westListId } = await world();
    await pool.query(`UPDATE leads SET timezone = 'America/Denver' WHERE id = $1`, [leadId]);
    await pool.query(`UPDATE leads SET list_id = $2 WHERE id = $1`, [leadId, westListId]);
    const zones = await pool.query<{ timezone: string }>('SELECT timezone FROM list_time_zones WHERE list_id = $1 ORDER BY timezone', [westListId]);
    expect(zones.rows.map((r) => r.timezone)).toEqual(['America/Chicago', 'America/Denver']);
    expect((await leaseLeadsAndCreateAttempts(pool, { ...lease, campaignId })).map((l) => l.leadId)).toEqual([leadId]);
  });
});
