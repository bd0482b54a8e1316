// Migration 060 moves leads stored with a fixed-offset abbreviation for a zone (EST, MST, HST)
// to the regions lists mean by them, as an import now reads them.

import { readFile } from 'node:fs/promises';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { ensureList } from '../../../src/adapters/pg/lead-import-repository.js';
import { insertLeads } from '../../../src/adapters/pg/lead-repository.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';

const pool = createTestPool();
afterAll(async () => pool.end());
beforeEach(async () => truncateTables(pool, ['campaigns', 'attempts', 'evidence_log']));

const migration = new URL('../../../src/adapters/pg/migrations/060_zone_abbreviations_to_regions.sql', import.meta.url);

describe('migration 060: zone abbreviations to regions', () => {
  it('gives leads and campaigns stored as EST, MST or HST the zones of their regions and leaves the others', async () => {
    const campaign = await createCampaign(pool, { name: `abbr-${Math.random()}`, regime: 'us', timezone: 'America/Chicago', seedDispositions: false });
    const list = await ensureList(pool, { campaignId: campaign.id, name: 'old import', defaultRegion: 'US' });
    const ids = await insertLeads(pool, list.id, ['+12125550320', '+16025550321', '+18085550322', '+13125550323'].map((phone) => ({ phones: [phone] })));
    const stored: [string, string[] | null][] = [['EST', ['America/New_York']], ['MST', ['America/Phoenix']], ['HST', null], ['America/Chicago', null]];
    for (const [i, [zone, others]] of stored.entries()) {
      await pool.query("UPDATE leads SET timezone = $2, timezone_source = 'explicit', other_time_zones = $3 WHERE id = $1", [ids[i], zone, others]);
    }
    await pool.query("UPDATE campaigns SET timezone = 'EST' WHERE id = $1", [campaign.id]);
    await pool.query(await readFile(migration, 'utf8'));
    expect((await pool.query('SELECT timezone FROM campaigns WHERE id = $1', [campaign.id])).rows).toEqual([{ timezone: 'America/New_York' }]);
    const rows = await pool.query<{ timezone: string; other_time_zones: string[] | null }>(
      'SELECT timezone, other_time_zones FROM leads WHERE list_id = $1 ORDER BY id', [list.id]);
    expect(rows.rows).toEqual([
      { timezone: 'America/New_York', other_time_zones: null },
      { timezone: 'America/Denver', other_time_zones: ['America/Phoenix'] },
      { timezone: 'Pacific/Honolulu', other_time_zones: null },
      { timezone: 'America/Chicago', other_time_zones: null },
    ]);
  });
});
