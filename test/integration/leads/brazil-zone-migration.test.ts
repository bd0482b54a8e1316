// Migration 063 gives Brazilian leads imported before their numbers named a zone the zones an
// import gives now: the same leads imported today, put back as the old import left them (no zone,
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

const migration = new URL('../../../src/adapters/pg/migrations/063_zones_of_brazilian_numbers.sql', import.meta.url);

describe('migration 063: zones of Brazilian numbers', () => {
  it('gives leads imported before the zones an import gives now', async () => {
    const campaign = await createCampaign(pool, { name: `br-${Math.random()}`, regime: 'us', timezone: 'America/Sao_Paulo', seedDispositions: false });
    const list = await ensureList(pool, { campaignId: campaign.id, name: 'brasil', defaultRegion: 'BR' });
    const mapping = parseMappingFlags('external_id=Id,phone=Phone,phone2=Other');
    const record = await createLeadImport(pool, { campaignId: campaign.id, listId: list.id, fileName: 'br.csv', mapping });
    const csv = [
      'Id,Phone,Other',
      // A São Paulo landline, a Manaus mobile, an Acre landline, a Cuiabá mobile with a São Paulo second phone.
      'sao-paulo,(11) 3456-7890,',
      'manaus-mobile,(92) 98123-4567,',
      'acre,(68) 3223-4567,',
      'cuiaba-and-sao-paulo,(65) 99123-4567,(11) 98765-4321',
      // A number of another country keeps its own zone rules.
      'lisbon,+351 21 123 4567,',
    ].join('\n');
    await runLeadImport(pool, { importId: record.id, campaignId: campaign.id, listId: list.id, input: Readable.from([`${csv}\n`]), mapping });
    const imported = await leadZones(pool, campaign.id);
    expect(imported.map((l) => [l.external_id, l.timezone, l.other_time_zones])).toEqual([
      ['acre', 'America/Rio_Branco', null],
      ['cuiaba-and-sao-paulo', 'America/Cuiaba', ['America/Sao_Paulo']],
      ['lisbon', 'Europe/Lisbon', null],
      ['manaus-mobile', 'America/Manaus', null],
      ['sao-paulo', 'America/Sao_Paulo', null],
    ]);

    await pool.query(
      "UPDATE leads SET timezone = NULL, timezone_source = 'campaign_default', other_time_zones = NULL WHERE campaign_id = $1 AND external_id <> 'lisbon'",
      [campaign.id]);
    await pool.query('DELETE FROM list_time_zones WHERE list_id = $1', [list.id]);
    await pool.query(await readFile(migration, 'utf8'));

    expect(await leadZones(pool, campaign.id)).toEqual(imported);
    const collected = await pool.query<{ timezone: string }>('SELECT timezone FROM list_time_zones WHERE list_id = $1', [list.id]);
    expect(collected.rows.map((r) => r.timezone)).toEqual(expect.arrayContaining(['America/Manaus', 'America/Rio_Branco', 'America/Cuiaba']));
  });
});
