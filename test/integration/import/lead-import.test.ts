import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { addDnc } from '../../../src/adapters/pg/dnc-repository.js';
import { parseMappingFlags, parseMappingFile, MappingError } from '../../../src/adapters/pg/lead-import-mapping.js';
import { createLeadImport, ensureList, getLeadImport, listImportErrors } from '../../../src/adapters/pg/lead-import-repository.js';
import { runLeadImport } from '../../../src/adapters/pg/lead-import.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { interleave } from '../../helpers/lock-waits.js';

const pool = createTestPool();
const fixture = fileURLToPath(new URL('../../fixtures/csv/mixed-leads.csv', import.meta.url));
const mapping = parseMappingFlags('external_id=CustomerId,first_name=First,last_name=Last,phone=Phone,phone2=Mobile,timezone=TZ,postal_code=Zip,grade=Grade,field.plan=Plan');

async function setup(): Promise<{ campaignId: string; listId: string }> {
  const campaign = await createCampaign(pool, { name: `import-${Math.random()}`, timezone: 'America/Chicago', seedDispositions: false });
  const list = await ensureList(pool, { campaignId: campaign.id, name: 'spring', defaultRegion: 'US' });
  return { campaignId: campaign.id, listId: list.id };
}

async function importFile(ids: { campaignId: string; listId: string }, input: Readable) {
  const record = await createLeadImport(pool, { ...ids, fileName: 'mixed-leads.csv', mapping });
  // Small chunks merged one at a time: chunking is exercised and the first occurrence of a duplicate wins.
  const counts = await runLeadImport(pool, { importId: record.id, ...ids, input, mapping, chunkRows: 4, mergeConcurrency: 1 });
  return { id: record.id, counts };
}

beforeEach(async () => truncateTables(pool, ['campaigns', 'dnc_entries', 'lead_imports']));
afterAll(async () => pool.end());

describe('lead import', () => {
  it('counts malformed rows, duplicates, mixed formats and DNC matches, and reports each problem', async () => {
    const ids = await setup();
    await addDnc(pool, { e164: '+19075550105', source: 'api' });
    const { id, counts } = await importFile(ids, createReadStream(fixture));
    expect(counts).toEqual({ rowsRead: 9, imported: 6, duplicates: 1, invalid: 2, dncMatched: 1, footerRows: 0, consentChanged: 0 });
    expect(await getLeadImport(pool, id)).toMatchObject({ status: 'done', imported: 6, invalid: 2 });
    const errors = await listImportErrors(pool, id);
    // In English, and as a code with what it names for a page to word in its language.
    expect(errors).toEqual([
      { rowNumber: 4, column: null, reason: 'row rejected: no valid phone number', code: 'no_valid_phone', params: {} },
      { rowNumber: 4, column: 'Phone', reason: 'phone ignored: not a phone number', code: 'phone_ignored', params: { refusal: 'not_a_number' } },
      // Skipped, and listed so a manager sees which row was dropped.
      // The file has no consent column: what becomes of a row's consent is not spoken of.
      {
        rowNumber: 6, column: 'CustomerId', reason: 'same person as row 2 (same external id 1): not added again', code: 'same_external_id_in_file',
        params: { value: '1', firstRow: '2', consent: 'no_column' },
      },
      { rowNumber: 7, column: 'Grade', reason: 'grade "Z" is not A-E, used C', code: 'grade_not_a_to_e', params: { grade: 'Z' } },
      // Where the zone was taken from instead, in words, and the zones the lead is called within.
      {
        rowNumber: 7, column: 'TZ', reason: 'unknown time zone "Mars/Base": used the lead\'s postal code instead (America/New_York, America/Los_Angeles)',
        code: 'unknown_time_zone', params: { zone: 'Mars/Base', source: 'postal_code', zones: 'America/New_York, America/Los_Angeles' },
      },
      {
        rowNumber: 8, column: 'Phone, Mobile', reason: 'row rejected: no phone number (its Phone and Mobile cells are empty)', code: 'no_phone',
        params: { columns: 'Phone, Mobile' },
      },
    ]);
    const leads = await pool.query<{ external_id: string; timezone: string; timezone_source: string; grade: string; fields: unknown; phones: string[]; last_name: string }>(
      `SELECT external_id, timezone, timezone_source, grade, fields, last_name,
              (SELECT array_agg(e164 ORDER BY dial_order) FROM lead_phones p WHERE p.lead_id = l.id) AS phones
       FROM leads l WHERE list_id = $1 ORDER BY external_id`, [ids.listId]);
    expect(leads.rows).toEqual([
      { external_id: '1', timezone: 'America/New_York', timezone_source: 'area_code', grade: 'A', fields: { plan: 'gold' }, last_name: 'Lee', phones: ['+12125550100', '+13125550101'] },
      { external_id: '2', timezone: 'America/Denver', timezone_source: 'explicit', grade: 'B', fields: { plan: 'silver' }, last_name: 'Ray', phones: ['+12125550102'] },
      { external_id: '4', timezone: 'Europe/London', timezone_source: 'region', grade: 'C', fields: {}, last_name: 'Fox', phones: ['+442079460000'] },
      { external_id: '5', timezone: 'America/New_York', timezone_source: 'postal_code', grade: 'C', fields: { plan: 'bronze' }, last_name: 'Kim, Jr.', phones: ['+14155550103', '+12125550102'] },
      { external_id: '7', timezone: 'America/Los_Angeles', timezone_source: 'area_code', grade: 'C', fields: {}, last_name: 'Two\nlines', phones: ['+16505550104'] },
      { external_id: '8', timezone: 'America/Anchorage', timezone_source: 'area_code', grade: 'C', fields: {}, last_name: 'Poe', phones: ['+19075550105'] },
    ]);
  });

  it('importing the same file twice adds nobody the second time', async () => {
    const ids = await setup();
    await importFile(ids, createReadStream(fixture));
    const again = await importFile(ids, createReadStream(fixture));
    expect(again.counts).toEqual({ rowsRead: 9, imported: 0, duplicates: 7, invalid: 2, dncMatched: 0, footerRows: 0, consentChanged: 0 });
    // Each of the 7 is listed: the repeat in the file, and the people the campaign already had.
    const repeated = (await listImportErrors(pool, again.id)).filter((problem) => problem.reason.includes(': not added again'));
    expect(repeated).toMatchObject([
      ...[[2, '1'], [3, '2'], [5, '4']].map(([row, id]) => ({ rowNumber: row, column: 'CustomerId', reason: `external id ${id} is already in the campaign: not added again` })),
      { rowNumber: 6, column: 'CustomerId', reason: 'same person as row 2 (same external id 1): not added again' },
      ...[[7, '5'], [9, '7'], [10, '8']].map(([row, id]) => ({ rowNumber: row, column: 'CustomerId', reason: `external id ${id} is already in the campaign: not added again` })),
    ]);
    const total = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM leads WHERE campaign_id = $1', [ids.campaignId]);
    expect(total.rows[0]?.n).toBe(6);
  });

  it('says a repeated row\'s consent to prerecorded messages is taken when the file has a consent column, and only then', async () => {
    const ids = await setup();
    const withConsent = parseMappingFlags('external_id=Id,phone=Phone,prerecorded_consent=Consent');
    const csv = 'Id,Phone,Consent\nc1,2125550140,no\nc1,2125550140,yes\n';
    const run = async (): Promise<{ reason: string; code: string | null; params: Record<string, string> }[]> => {
      const record = await createLeadImport(pool, { ...ids, fileName: 'consent.csv', mapping: withConsent });
      await runLeadImport(pool, { importId: record.id, ...ids, input: Readable.from([csv]), mapping: withConsent });
      return (await listImportErrors(pool, record.id)).map(({ reason, code, params }) => ({ reason, code, params }));
    };
    expect(await run()).toEqual([
      { reason: 'same person as row 2 (same external id c1): not added again; what it says of consent to prerecorded messages is taken (a withdrawal on any row of the person stands)', code: 'same_external_id_in_file', params: { value: 'c1', firstRow: '2' } },
    ]);
    expect(await run()).toEqual([
      { reason: 'external id c1 is already in the campaign: not added again; what it says of consent to prerecorded messages is taken (a withdrawal on any row of the person stands)', code: 'external_id_in_campaign', params: { value: 'c1' } },
      { reason: 'same person as row 2 (same external id c1): not added again; what it says of consent to prerecorded messages is taken (a withdrawal on any row of the person stands)', code: 'same_external_id_in_file', params: { value: 'c1', firstRow: '2' } },
    ]);
  });

  it("two imports at once giving people the campaign has their consent in another order both load, with no deadlock", async () => {
    const ids = await setup();
    const withConsent = parseMappingFlags('external_id=Id,phone=Phone,prerecorded_consent=Consent');
    const run = async (csv: string) => {
      const record = await createLeadImport(pool, { ...ids, fileName: 'consent.csv', mapping: withConsent });
      const counts = await runLeadImport(pool, { importId: record.id, ...ids, input: Readable.from([csv]), mapping: withConsent });
      return { counts, status: (await getLeadImport(pool, record.id))?.status };
    };
    await run('Id,Phone,Consent\nc1,2125550141,yes\nc2,2125550142,yes\n');
    // The second person's lead held elsewhere stops the first import as it takes their consent; the
    // second import, its rows the other way round, comes then.
    const results = await interleave(pool, {
      hold: (holder) => holder.query("SELECT 1 FROM leads WHERE campaign_id = $1 AND external_id = 'c2' FOR UPDATE", [ids.campaignId]),
      first: () => run('Id,Phone,Consent\nc2,2125550142,no\nc1,2125550141,no\n'),
      second: () => run('Id,Phone,Consent\nc1,2125550141,no\nc2,2125550142,no\n'),
    });
    expect(results).toMatchObject([{ status: 'done', counts: { consentChanged: 2 } }, { status: 'done', counts: { consentChanged: 0 } }]);
    const consents = await pool.query('SELECT external_id, prerecorded_consent FROM leads WHERE campaign_id = $1 ORDER BY external_id', [ids.campaignId]);
    expect(consents.rows).toEqual([{ external_id: 'c1', prerecorded_consent: false }, { external_id: 'c2', prerecorded_consent: false }]);
  });

  it('two imports of one file into one campaign at once add each person once', async () => {
    const ids = await setup();
    const other = await ensureList(pool, { campaignId: ids.campaignId, name: 'autumn', defaultRegion: 'US' });
    const [a, b] = await Promise.all([importFile(ids, createReadStream(fixture)), importFile({ ...ids, listId: other.id }, createReadStream(fixture))]);
    expect(a.counts.imported + b.counts.imported).toBe(6);
    expect(a.counts.duplicates + b.counts.duplicates).toBe(8);
    const total = await pool.query<{ n: number; phones: number }>(
      'SELECT count(*)::int AS n, (SELECT count(*)::int FROM lead_phones p JOIN leads l ON l.id = p.lead_id WHERE l.campaign_id = $1) AS phones FROM leads WHERE campaign_id = $1',
      [ids.campaignId]);
    expect(total.rows[0]).toEqual({ n: 6, phones: 8 });
  });

  it('dedupes by first phone against other lists of the campaign when there is no external id', async () => {
    const ids = await setup();
    const byPhone = parseMappingFlags('phone=Phone,first_name=First');
    const run = async (listName: string, csv: string) => {
      const list = await ensureList(pool, { campaignId: ids.campaignId, name: listName, defaultRegion: 'US' });
      const record = await createLeadImport(pool, { campaignId: ids.campaignId, listId: list.id, fileName: 'x.csv', mapping: byPhone });
      return runLeadImport(pool, { importId: record.id, campaignId: ids.campaignId, listId: list.id, input: Readable.from([csv]), mapping: byPhone });
    };
    expect(await run('a', 'Phone,First\n2125550100,Ann\n212-555-0100,Ann again\n')).toMatchObject({ imported: 1, duplicates: 1 });
    expect(await run('b', 'First,Phone\nAnn,+1 (212) 555-0100\nBo,3125550101\n')).toMatchObject({ imported: 1, duplicates: 1 });
  });

  it('refuses a mapping naming columns the file lacks, and marks the import failed', async () => {
    const ids = await setup();
    const bad = parseMappingFlags('phone=Telephone');
    const record = await createLeadImport(pool, { ...ids, fileName: 'x.csv', mapping: bad });
    await expect(runLeadImport(pool, { importId: record.id, ...ids, input: Readable.from(['Phone\n2125550100\n']), mapping: bad })).rejects.toThrow(MappingError);
    expect(await getLeadImport(pool, record.id)).toMatchObject({ status: 'failed', error: expect.stringContaining('Telephone') });
  });

  it('reads mapping files and rejects unknown keys with a clear message', () => {
    expect(parseMappingFile('phones: [Phone, Mobile]\nfirst_name: First\nfields:\n  plan: Plan\n')).toEqual({ phones: ['Phone', 'Mobile'], first_name: 'First', fields: { plan: 'Plan' } });
    expect(() => parseMappingFlags('phone=A,nickname=B')).toThrow(/unknown mapping key "nickname"/);
    expect(() => parseMappingFile('first_name: First\n')).toThrow(/phones/);
  });
});
