// The zone migrations give leads imported before a table of zones changed the zones an import
// gives now: the same leads imported today, put back as the old import left them, come out of the
// migration as they came out of the import (059: area codes spanning zones and Australia; 063:
// Brazil; 065: area codes added and ZIP prefixes corrected, the old zone kept as another; 068:
// territories sharing a calling code, and more single-zone countries; 073: Labrador and British
// Columbia; 075: eastern Quebec).

import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { parseMappingFlags } from '../../../src/adapters/pg/lead-import-mapping.js';
import { createLeadImport, ensureList } from '../../../src/adapters/pg/lead-import-repository.js';
import { runLeadImport } from '../../../src/adapters/pg/lead-import.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';

const pool = createTestPool();
afterAll(async () => pool.end());
beforeEach(async () => truncateTables(pool, ['campaigns', 'attempts', 'evidence_log', 'lead_imports']));

const migration = (file: string): Promise<string> => readFile(new URL(`../../../src/adapters/pg/migrations/${file}`, import.meta.url), 'utf8');

interface Zoned {
  external_id: string;
  timezone: string | null;
  timezone_source: string;
  other_time_zones: string[] | null;
}

async function leadZones(db: typeof pool, campaignId: string): Promise<Zoned[]> {
  const rows = await db.query<Zoned>(
    'SELECT external_id, timezone, timezone_source, other_time_zones FROM leads WHERE campaign_id = $1 ORDER BY external_id', [campaignId]);
  return rows.rows.map((row) => ({ ...row, other_time_zones: row.other_time_zones ? [...row.other_time_zones].sort() : null }));
}

/** The import mapping of a CSV's header: Id, Phone and maybe Other (a second phone) and Zip. */
function mappingOf(csv: string) {
  const fields: Readonly<Record<string, string>> = { Id: 'external_id', Phone: 'phone', Other: 'phone2', Zip: 'postal_code' };
  const header = csv.slice(0, csv.indexOf('\n')).split(',');
  return parseMappingFlags(header.map((column) => `${fields[column] ?? column}=${column}`).join(','));
}

/** A campaign in `zone` with one list of `region` loaded from `csv` (columns Id, Phone and maybe
 * Other and Zip); the lead's zones as the import gave them, each as [id, zone, source, other zones]. */
async function importedCampaign(zone: string, lists: ReadonlyArray<{ region: string; csv: string }>) {
  const campaign = await createCampaign(pool, { name: `zones-${Math.random()}`, regime: 'strict', timezone: zone, seedDispositions: false });
  for (const [i, { region, csv }] of lists.entries()) {
    const list = await ensureList(pool, { campaignId: campaign.id, name: `list ${i}`, defaultRegion: region });
    const mapping = mappingOf(csv);
    const record = await createLeadImport(pool, { campaignId: campaign.id, listId: list.id, fileName: `list-${i}.csv`, mapping });
    await runLeadImport(pool, { importId: record.id, campaignId: campaign.id, listId: list.id, input: Readable.from([csv]), mapping });
  }
  const zones = async () => (await leadZones(pool, campaign.id)).map((l) => [l.external_id, l.timezone, l.timezone_source, l.other_time_zones]);
  return { campaignId: campaign.id, zones };
}

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
    await pool.query(await migration('059_zones_of_split_area_codes.sql'));

    expect(await leadZones(pool, campaign.id)).toEqual(imported);
    const collected = await pool.query<{ timezone: string }>('SELECT timezone FROM list_time_zones WHERE list_id = $1', [list.id]);
    expect(collected.rows.map((r) => r.timezone)).toEqual(expect.arrayContaining(['America/Boise', 'Australia/Perth', 'America/Whitehorse']));
  });
});

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
    await pool.query(await migration('063_zones_of_brazilian_numbers.sql'));

    expect(await leadZones(pool, campaign.id)).toEqual(imported);
    const collected = await pool.query<{ timezone: string }>('SELECT timezone FROM list_time_zones WHERE list_id = $1', [list.id]);
    expect(collected.rows.map((r) => r.timezone)).toEqual(expect.arrayContaining(['America/Manaus', 'America/Rio_Branco', 'America/Cuiaba']));
  });
});

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
      ['north-platte', 'America/Chicago', 'postal_code', ['America/Denver']],
    ]);

    // As the old tables left them: the new codes on the campaign's zone, North Platte on Mountain time.
    await pool.query("UPDATE leads SET timezone = NULL, timezone_source = 'campaign_default', other_time_zones = NULL WHERE external_id IN ('idaho', 'jersey') AND campaign_id = $1", [campaign.id]);
    await pool.query("UPDATE leads SET timezone = 'America/Denver' WHERE external_id = 'north-platte' AND campaign_id = $1", [campaign.id]);
    await pool.query(await migration('065_zones_of_new_area_codes_and_zip_fixes.sql'));

    expect((await leadZones(pool, campaign.id)).map((l) => [l.external_id, l.timezone, l.timezone_source, l.other_time_zones])).toEqual([
      ['idaho', 'America/Boise', 'area_code', ['America/Los_Angeles']],
      ['jersey', 'America/New_York', 'area_code', null],
      ['manhattan', 'America/New_York', 'area_code', null],
      ['north-platte', 'America/Chicago', 'postal_code', ['America/Denver']],
    ]);
  });
});

describe('migration 068: territories sharing a calling code, and more countries of one zone', () => {
  it("gives leads imported before on the campaign's zone their country's clock, as an import gives it now", async () => {
    const { campaignId, zones } = await importedCampaign('America/New_York', [
      { region: 'GB', csv: 'Id,Phone\nbudapest,+36 1 234 5678\nguernsey,07911 123456\nlondon,020 7946 0123\nman,07624 123456\n' },
    ]);
    expect(await zones()).toEqual([
      ['budapest', 'Europe/Budapest', 'region', null],
      ['guernsey', 'Europe/Guernsey', 'region', null],
      ['london', 'Europe/London', 'region', null],
      ['man', 'Europe/Isle_of_Man', 'region', null],
    ]);

    // As the old table left them: on the campaign's zone, New York's.
    await pool.query("UPDATE leads SET timezone = NULL, timezone_source = 'campaign_default' WHERE external_id <> 'london' AND campaign_id = $1", [campaignId]);
    await pool.query(await migration('068_zones_of_more_countries.sql'));
    // Each territory keeps the clock of its calling code's country.
    expect(await zones()).toEqual([
      ['budapest', 'Europe/Budapest', 'region', null],
      ['guernsey', 'Europe/London', 'region', null],
      ['london', 'Europe/London', 'region', null],
      ['man', 'Europe/London', 'region', null],
    ]);
  });
});

describe('migration 069: postal codes that do not settle a split area code, islands with their own clocks', () => {
  it('gives leads imported before the zones an import gives now', async () => {
    const { campaignId, zones } = await importedCampaign('America/New_York', [
      { region: 'US', csv: 'Id,Phone,Zip\ncolumbia,(270) 384-1234,42728\n' },
      { region: 'AU', csv: 'Id,Phone,Zip\nlord-howe,0412 345 678,2898\n' },
    ]);
    const imported = await zones();
    expect(imported).toEqual([
      ['columbia', 'America/New_York', 'postal_code', ['America/Chicago']],
      ['lord-howe', 'Australia/Lord_Howe', 'postal_code', expect.anything()],
    ]);

    // As the old rules left them: the ZIP settled Kentucky's line, the island was Sydney's.
    await pool.query("UPDATE leads SET other_time_zones = NULL WHERE external_id = 'columbia' AND campaign_id = $1", [campaignId]);
    await pool.query("UPDATE leads SET timezone = 'Australia/Sydney' WHERE external_id = 'lord-howe' AND campaign_id = $1", [campaignId]);
    await pool.query(await migration('069_postal_codes_keep_split_zones.sql'));
    expect(await zones()).toEqual(imported);
  });
});

describe('migration 070: the territories and Caribbean of the North American plan, and Mexico', () => {
  it("gives leads imported before on the campaign's zone the zones an import gives now", async () => {
    const { campaignId, zones } = await importedCampaign('America/New_York', [
      { region: 'US', csv: 'Id,Phone\nguam,+1 671 472 5555\nnassau,+1 242 322 1234\ntijuana,+52 664 123 4567\n' },
    ]);
    const imported = await zones();
    expect(imported).toEqual([
      ['guam', 'Pacific/Guam', 'region', null],
      ['nassau', 'America/Nassau', 'region', null],
      ['tijuana', 'America/Mexico_City', 'area_code', ['America/Cancun', 'America/Mazatlan', 'America/Tijuana']],
    ]);
    await pool.query("UPDATE leads SET timezone = NULL, timezone_source = 'campaign_default', other_time_zones = NULL WHERE campaign_id = $1", [campaignId]);
    await pool.query(await migration('070_zones_of_territories_and_mexico.sql'));
    expect(await zones()).toEqual(imported);
  });
});

describe('migration 071: the Canaries and the Azores', () => {
  it('gives leads imported before on the mainland zone alone the zones an import gives now', async () => {
    const { campaignId, zones } = await importedCampaign('Europe/Madrid', [
      { region: 'ES', csv: 'Id,Phone\nazores,+351 296 123 456\nlas-palmas,928 123 456\nlisbon-mobile,+351 912 345 678\nmadrid,911 234 567\nmobile,612 345 678\n' },
    ]);
    const imported = await zones();
    expect(imported).toEqual([
      ['azores', 'Atlantic/Azores', 'area_code', null],
      ['las-palmas', 'Atlantic/Canary', 'area_code', null],
      ['lisbon-mobile', 'Europe/Lisbon', 'area_code', ['Atlantic/Azores']],
      ['madrid', 'Europe/Madrid', 'area_code', null],
      ['mobile', 'Europe/Madrid', 'area_code', ['Atlantic/Canary']],
    ]);
    // As the old table left them: each country's mainland zone, by region.
    await pool.query(`UPDATE leads SET timezone = CASE WHEN external_id IN ('azores', 'lisbon-mobile') THEN 'Europe/Lisbon' ELSE 'Europe/Madrid' END,
      timezone_source = 'region', other_time_zones = NULL WHERE campaign_id = $1`, [campaignId]);
    await pool.query(await migration('071_zones_of_canaries_and_azores.sql'));
    expect(await zones()).toEqual(imported);
  });
});

describe('migration 073: Labrador and British Columbia', () => {
  it('gives leads imported before the zones an import gives now, taking none away', async () => {
    const [STJ, GOOSE, VAN, EDM] = ['America/St_Johns', 'America/Goose_Bay', 'America/Vancouver', 'America/Edmonton'];
    const mountain = ['America/Creston', 'America/Dawson_Creek', EDM, 'America/Fort_Nelson'];
    const csv = [
      'Id,Phone,Other,Zip',
      'st-johns,+17095550100,,', 'goose-bay,+17095550101,,A0P 1E0', 'forteau,+17095550102,,A0K 2P0', 'st-johns-address,+17095550103,,A1C 5M2',
      'victoria,+12505550104,,', 'cranbrook,+12505550105,,V1C 4H4', 'cranbrook-604,+16045550106,,V1C 4H4', 'golden,+12505550107,,V0A 1H0',
      'vancouver-then-778,+16045550108,+17785550108,', 'toronto-and-778,+14165550109,+17785550109,', 'kelowna,+17785550110,,V1Y 1A1',
      'revelstoke,+12505550111,,V0E 2S0', 'calgary-then-250,+14035550112,+12505550112,',
    ].join('\n');
    const { campaignId, zones } = await importedCampaign('America/Toronto', [{ region: 'CA', csv: `${csv}\n` }]);
    const imported = await zones();
    expect(imported).toEqual([
      ['calgary-then-250', EDM, 'area_code', null],
      ['cranbrook', EDM, 'postal_code', null],
      ['cranbrook-604', EDM, 'postal_code', [VAN]],
      ['forteau', STJ, 'postal_code', [GOOSE]],
      ['golden', EDM, 'postal_code', [VAN]],
      ['goose-bay', GOOSE, 'postal_code', null],
      ['kelowna', VAN, 'postal_code', null],
      ['revelstoke', VAN, 'postal_code', mountain],
      ['st-johns', STJ, 'area_code', [GOOSE]],
      ['st-johns-address', STJ, 'postal_code', null],
      ['toronto-and-778', 'America/Toronto', 'area_code', [...mountain, VAN].sort()],
      ['vancouver-then-778', VAN, 'area_code', null],
      ['victoria', VAN, 'area_code', mountain],
    ]);

    // As the old tables left them: 709 on St. John's time, 250 and its overlays on Vancouver's,
    // a postal code by its province's letter; a number elsewhere kept Vancouver beside its own.
    await pool.query(`UPDATE leads SET other_time_zones = CASE WHEN external_id IN ('toronto-and-778', 'calgary-then-250') THEN ARRAY['${VAN}'] END,
      timezone = CASE WHEN external_id = 'goose-bay' THEN '${STJ}' WHEN external_id IN ('cranbrook', 'cranbrook-604', 'golden') THEN '${VAN}' ELSE timezone END
      WHERE campaign_id = $1`, [campaignId]);
    await pool.query(await migration('073_zones_of_labrador_and_british_columbia.sql'));
    // Calgary's number said Edmonton, which 250 now names too; the Vancouver it kept stays.
    expect(await zones()).toEqual(imported.map((lead) => (lead[0] === 'calgary-then-250' ? ['calgary-then-250', EDM, 'area_code', [VAN]] : lead)));
  });
});

describe('migration 075: eastern Quebec', () => {
  it('gives leads imported before the zones an import gives now, taking none away', async () => {
    const [TOR, HFX, BLANC] = ['America/Toronto', 'America/Halifax', 'America/Blanc-Sablon'];
    const csv = [
      'Id,Phone,Other,Zip',
      'quebec-city,+14185550100,,', 'quebec-address,+14185550101,,G1R 4P5', 'magdalen,+14189865550,,G4T 3G4',
      'magdalen-514,+15145550102,,G4T 3G4', 'blanc-sablon,+14184615550,,G0G 1W0', 'montreal-then-581,+15145550103,+15815550103,',
      'gatineau-367,+13675550104,,J8X 3X7', 'halifax-and-418,+19025550105,+14185550105,', 'baie-des-chaleurs,+14185550106,,G0C 2R0',
    ].join('\n');
    const { campaignId, zones } = await importedCampaign(TOR, [{ region: 'CA', csv: `${csv}\n` }]);
    const imported = await zones();
    expect(imported).toEqual([
      ['baie-des-chaleurs', TOR, 'postal_code', [BLANC, HFX]],
      ['blanc-sablon', TOR, 'postal_code', [BLANC]],
      ['gatineau-367', TOR, 'postal_code', null],
      ['halifax-and-418', HFX, 'area_code', null],
      ['magdalen', HFX, 'postal_code', null],
      ['magdalen-514', HFX, 'postal_code', [TOR]],
      ['montreal-then-581', TOR, 'area_code', null],
      ['quebec-address', TOR, 'postal_code', null],
      ['quebec-city', TOR, 'area_code', [BLANC, HFX]],
    ]);

    // As the old tables left them: 418 and its overlays on Toronto's time alone, a postal code by
    // its province's letter; a number elsewhere kept Toronto beside its own.
    await pool.query(`UPDATE leads SET other_time_zones = CASE WHEN external_id = 'halifax-and-418' THEN ARRAY['${TOR}'] END,
      timezone = CASE WHEN external_id LIKE 'magdalen%' THEN '${TOR}' ELSE timezone END
      WHERE campaign_id = $1`, [campaignId]);
    await pool.query(await migration('075_zones_of_eastern_quebec.sql'));
    // Halifax's number said Halifax, which 418 now names too; the Toronto it kept stays.
    expect(await zones()).toEqual(imported.map((lead) => (lead[0] === 'halifax-and-418' ? ['halifax-and-418', HFX, 'area_code', [TOR]] : lead)));
  });
});
