// Migration 065: leads imported before the area codes the tables lacked were added take their
// zones, as an import now gives them; leads whose ZIP prefix had the wrong zone take the right
// one and keep the old among their other zones (the stricter reading).

import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { parseMappingFlags } from '../../../src/adapters/pg/lead-import-mapping.js';
import { createLeadImport, ensureList } from '../../../src/adapters/pg/lead-import-repository.js';
import { runLeadImport } from '../../../src/adapters/pg/lead-import.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { leadZones } from './lead-zones.js';

const pool = createTestPool();
afterAll(async () => pool.end());
beforeEach(async () => truncateTables(pool, ['campaigns', 'attempts', 'evidence_log', 'lead_imports']));

const migration = new URL('../../../src/adapters/pg/migrations/065_zones_of_new_area_codes_and_zip_fixes.sql', import.meta.url);

describe('migration 065: new area codes and corrected ZIP prefixes', () => {
  it('gives the leads imported before the zones an import gives now, the old ZIP zone kept as another', async () => {
    const campaign = await createCampaign(pool, { name: `codes-${Math.random()}`, regime: 'us', timezone: 'America/New_York', seedDispositions: false });
    const list = await ensureList(pool, { campaignId: campaign.id, name: 'codes', defaultRegion: 'US' });
    const mapping = parseMappingFlags('external_id=Id,phone=Phone,postal_code=Zip');
    const record = await createLeadImport(pool, { campaignId: campaign.id, listId: list.id, fileName: 'codes.csv', mapping });
    const csv = 'Id,Phone,Zip\nidaho,(986) 200-1234,\njersey,(201) 555-2001,\nnorth-platte,(308) 532-1234,69101\nmanhattan,(212) 555-2002,\n';
    await runLeadImport(pool, { importId: record.id, campaignId: campaign.id, listId: list.id, input: Readable.from([csv]), mapping });
    const imported = await leadZones(pool, campaign.id);
    expect(imported.map((l) => [l.external_id, l.timezone, l.timezone_source, l.other_time_zones])).toEqual([
      ['idaho', 'America/Boise', 'area_code', ['America/Los_Angeles']],
      ['jersey', 'America/New_York', 'area_code', null],
      ['manhattan', 'America/New_York', 'area_code', null],
      ['north-platte', 'America/Chicago', 'postal_code', null],
    ]);

    // As the old tables left them: the new codes on the campaign's zone, North Platte on Mountain time.
    await pool.query("UPDATE leads SET timezone = NULL, timezone_source = 'campaign_default', other_time_zones = NULL WHERE external_id IN ('idaho', 'jersey') AND campaign_id = $1", [campaign.id]);
    await pool.query("UPDATE leads SET timezone = 'America/Denver' WHERE external_id = 'north-platte' AND campaign_id = $1", [campaign.id]);
    await pool.query(await readFile(migration, 'utf8'));

    expect((await leadZones(pool, campaign.id)).map((l) => [l.external_id, l.timezone, l.timezone_source, l.other_time_zones])).toEqual([
      ['idaho', 'America/Boise', 'area_code', ['America/Los_Angeles']],
      ['jersey', 'America/New_York', 'area_code', null],
      ['manhattan', 'America/New_York', 'area_code', null],
      ['north-platte', 'America/Chicago', 'postal_code', ['America/Denver']],
    ]);
  });
});
