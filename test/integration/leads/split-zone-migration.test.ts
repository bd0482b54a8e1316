// Migration 059 gives leads imported before area codes spanning zones named them the zones an
// import now gives: the same leads imported today, put back as the old import left them (no zone,
// the campaign's default), come out of the migration as they came out of the import.

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

const migration = new URL('../../../src/adapters/pg/migrations/059_zones_of_split_area_codes.sql', import.meta.url);

describe('migration 059: zones of area codes that span zones', () => {
  it('gives leads imported before the zones an import gives now, and leaves numbers that name none on the default', async () => {
    const campaign = await createCampaign(pool, { name: `split-${Math.random()}`, regime: 'us', timezone: 'America/New_York', seedDispositions: false });
    const list = await ensureList(pool, { campaignId: campaign.id, name: 'split codes', defaultRegion: 'US' });
    const mapping = parseMappingFlags('external_id=Id,phone=Phone,phone2=Other');
    const record = await createLeadImport(pool, { campaignId: campaign.id, listId: list.id, fileName: 'split.csv', mapping });
    const split = ['208', '270', '364', '308', '605', '812', '930', '850', '448', '807', '867'];
    const rows = [
      ...split.map((code, i) => `code-${code},+1${code}555${String(200 + i).padStart(4, '0')},`),
      'au-landline-08,+61892345678,', 'au-mobile,+61412345670,', 'au-sydney,+61292345678,',
      'freecall-then-850,+18005550300,+18505550300', 'panhandle-and-idaho,+18505550301,+12085550301',
      'panhandle-and-kentucky,+18505550302,+12705550302', 'freecall,+18005550303,',
    ];
    const csv = `Id,Phone,Other\n${rows.join('\n')}\n`;
    await runLeadImport(pool, { importId: record.id, campaignId: campaign.id, listId: list.id, input: Readable.from([csv]), mapping });
    // An Australian list, with postcodes: one says where its mobile's owner is.
    const auList = await ensureList(pool, { campaignId: campaign.id, name: 'au', defaultRegion: 'AU' });
    const auMapping = parseMappingFlags('external_id=Id,phone=Phone,postal_code=Postcode');
    const auRecord = await createLeadImport(pool, { campaignId: campaign.id, listId: auList.id, fileName: 'au.csv', mapping: auMapping });
    const auCsv = 'Id,Phone,Postcode\nau-perth-mobile,0412 345 680,6000\nau-sydney-08,08 9234 5681,2000\nau-no-postcode,0412 345 682,\nau-bad-postcode,0412 345 683,WA6000\n';
    await runLeadImport(pool, { importId: auRecord.id, campaignId: campaign.id, listId: auList.id, input: Readable.from([auCsv]), mapping: auMapping });
    const imported = await leadZones(pool, campaign.id);
    expect(imported).toHaveLength(rows.length + 4);
    expect(imported.find((l) => l.external_id === 'au-perth-mobile')).toMatchObject({ timezone: 'Australia/Perth', timezone_source: 'postal_code', other_time_zones: null });
    expect(imported.find((l) => l.external_id === 'freecall')).toMatchObject({ timezone: null, timezone_source: 'campaign_default' });
    expect(imported.find((l) => l.external_id === 'panhandle-and-idaho')?.other_time_zones).toEqual(['America/Boise', 'America/Los_Angeles', 'America/New_York']);

    await pool.query("UPDATE leads SET timezone = NULL, timezone_source = 'campaign_default', other_time_zones = NULL WHERE campaign_id = $1", [campaign.id]);
    await pool.query('DELETE FROM list_time_zones WHERE list_id = $1', [list.id]);
    await pool.query(await readFile(migration, 'utf8'));

    expect(await leadZones(pool, campaign.id)).toEqual(imported);
    const collected = await pool.query<{ timezone: string }>('SELECT timezone FROM list_time_zones WHERE list_id = $1', [list.id]);
    expect(collected.rows.map((r) => r.timezone)).toEqual(expect.arrayContaining(['America/Boise', 'Australia/Perth', 'America/Whitehorse']));
  });
});
