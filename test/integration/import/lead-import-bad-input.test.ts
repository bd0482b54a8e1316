// Imports of damaged files: a bad row is reported with its row number and every good row is
// still loaded; a failure part way keeps what was loaded and counted, and says which rows failed.

import { Readable } from 'node:stream';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { campaignLeadsLeft } from '../../../src/adapters/pg/campaign-lead-zones.js';
import { explainLead } from '../../../src/adapters/pg/lead-explainer.js';
import { parseMappingFlags } from '../../../src/adapters/pg/lead-import-mapping.js';
import { createLeadImport, ensureList, getLeadImport, listImportErrors } from '../../../src/adapters/pg/lead-import-repository.js';
import { runLeadImport } from '../../../src/adapters/pg/lead-import.js';
import { loadMigrations } from '../../../src/adapters/pg/migrate.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';

const pool = createTestPool();
const mapping = parseMappingFlags('external_id=Id,first_name=First,last_name=Last,phone=Phone,field.note=Note');
const HEADER = 'Id,First,Last,Phone,Note';

async function setup(timezone = 'America/Chicago'): Promise<{ campaignId: string; listId: string }> {
  const campaign = await createCampaign(pool, { name: `bad-input-${Math.random()}`, timezone, seedDispositions: false });
  const list = await ensureList(pool, { campaignId: campaign.id, name: 'spring', defaultRegion: 'US' });
  return { campaignId: campaign.id, listId: list.id };
}

/** Runs an import of `csv` in 4-row chunks loaded one at a time; the counts, or the error thrown. */
async function importCsv(ids: { campaignId: string; listId: string }, csv: string) {
  const record = await createLeadImport(pool, { ...ids, fileName: 'bad.csv', mapping });
  const outcome = await runLeadImport(pool, { importId: record.id, ...ids, input: Readable.from([csv]), mapping, chunkRows: 4, mergeConcurrency: 1 })
    .then((counts) => ({ counts, error: null }), (error: unknown) => ({ counts: null, error: error as Error }));
  return { id: record.id, ...outcome };
}

async function namesInList(listId: string): Promise<string[]> {
  const rows = await pool.query<{ first_name: string }>('SELECT first_name FROM leads WHERE list_id = $1 ORDER BY external_id::int', [listId]);
  return rows.rows.map((r) => r.first_name);
}

/** Ten people, Ann (row 2) to Jo (row 11), each with their own New York number. */
const people = ['Ann', 'Bo', 'Cy', 'Di', 'Ed', 'Flo', 'Gus', 'Hal', 'Ivy', 'Jo'];
const row = (i: number, first = people[i - 1]): string => `${i},${first},Doe,212555${String(100 + i).padStart(4, '0')},`;

beforeEach(async () => truncateTables(pool, ['campaigns', 'dnc_entries', 'lead_imports']));
afterAll(async () => pool.end());

describe('NUL characters', () => {
  it('rejects the row with a NUL in a cell and loads every other row', async () => {
    const ids = await setup();
    const lines = people.map((_, i) => row(i + 1));
    lines[5] = row(6, 'Fl\u0000o');
    lines[8] = `9,Ivy,Doe,2125550109,bad\u0000note`;
    const { id, counts, error } = await importCsv(ids, `${HEADER}\n${lines.join('\n')}\n`);
    expect(error).toBeNull();
    expect(counts).toEqual({ rowsRead: 10, imported: 8, duplicates: 0, invalid: 2, dncMatched: 0, footerRows: 0, consentChanged: 0 });
    expect(await namesInList(ids.listId)).toEqual(['Ann', 'Bo', 'Cy', 'Di', 'Ed', 'Gus', 'Hal', 'Jo']);
    expect(await listImportErrors(pool, id)).toMatchObject([
      { rowNumber: 7, column: 'First', reason: expect.stringContaining('NUL') },
      { rowNumber: 10, column: 'Note', reason: expect.stringContaining('NUL') },
    ]);
  });
});

describe('a chunk the database refuses', () => {
  it('names the chunk\'s rows, and keeps the counts and the row problems gathered so far', async () => {
    const ids = await setup();
    // A refusal the reader cannot foresee (CHECK constraints hold on the trusted bulk path too).
    await pool.query(`ALTER TABLE leads ADD CONSTRAINT test_refuse_gus CHECK (first_name IS DISTINCT FROM 'Gus') NOT VALID`);
    try {
      const lines = people.map((_, i) => row(i + 1));
      lines[2] = '3,Cy,Doe,not a phone,';
      const { id, error } = await importCsv(ids, `${HEADER}\n${lines.join('\n')}\n`);
      // Rows 2, 4, 5, 6 load; the chunk of rows 7-10 (Gus on row 8) is refused.
      expect(error?.message).toMatch(/rows 7[–-]10/);
      expect(await namesInList(ids.listId)).toEqual(['Ann', 'Bo', 'Di', 'Ed']);
      const record = await getLeadImport(pool, id);
      expect(record).toMatchObject({ status: 'failed', imported: 4, invalid: 1, error: expect.stringMatching(/rows 7[–-]10/) });
      expect(record?.rowsRead).toBeGreaterThanOrEqual(9);
      expect(await listImportErrors(pool, id)).toMatchObject([{ rowNumber: 4, column: null, reason: 'row rejected: no valid phone number' }, { rowNumber: 4, column: 'Phone', reason: 'phone ignored: not a phone number' }]);
    } finally {
      await pool.query('ALTER TABLE leads DROP CONSTRAINT test_refuse_gus');
    }
  });
});

describe('stray quotes', () => {
  it('reports a row whose opening quote swallowed the rows after it, and loads the rest', async () => {
    const ids = await setup();
    const csv = [HEADER, row(1), '2,"Bo,Doe,2125550102,', row(3), row(4), '5,Ed,"Kim, Jr.",2125550105,', row(6), row(7)].join('\n');
    const { id, counts, error } = await importCsv(ids, `${csv}\n`);
    expect(error).toBeNull();
    expect(await namesInList(ids.listId)).toEqual(['Ann', 'Flo', 'Gus']);
    expect(counts).toMatchObject({ imported: 3, invalid: 1 });
    expect(await listImportErrors(pool, id)).toMatchObject([
      { rowNumber: 3, column: null, reason: expect.stringMatching(/^row 3 spans lines 3[–-]6 \(unclosed quote\?\)/) },
    ]);
  });

  it('reports a swallowed row even when the quote closes on the next line', async () => {
    const ids = await setup();
    const csv = [HEADER, row(1), '2,"Bo,Doe,2125550102,', '3,Cy,"Kim",2125550103,', row(4)].join('\n');
    const { id, error } = await importCsv(ids, `${csv}\n`);
    expect(error).toBeNull();
    expect(await namesInList(ids.listId)).toEqual(['Ann', 'Di']);
    expect(await listImportErrors(pool, id)).toMatchObject([
      { rowNumber: 3, column: null, reason: expect.stringMatching(/^row 3 spans lines 3[–-]4 \(unclosed quote\?\)/) },
    ]);
  });

  it('keeps the rows before a quote never closed and reports the rows from it on', async () => {
    const ids = await setup();
    // More rows than a chunk before the stray quote, so some are still waiting to load.
    const csv = [HEADER, ...[1, 2, 3, 4, 5, 6].map((i) => row(i)), '7,"Gus,Doe,2125550107,', row(8), row(9)].join('\n');
    const { id, counts, error } = await importCsv(ids, `${csv}\n`);
    expect(error).toBeNull();
    expect(await namesInList(ids.listId)).toEqual(['Ann', 'Bo', 'Cy', 'Di', 'Ed', 'Flo']);
    expect(counts).toMatchObject({ imported: 6, invalid: 1 });
    expect(await getLeadImport(pool, id)).toMatchObject({ status: 'done', imported: 6 });
    expect(await listImportErrors(pool, id)).toMatchObject([
      { rowNumber: 8, column: null, reason: expect.stringMatching(/line 8.*never closed.*lines 8[–-]10/) },
    ]);
  });

  it('still loads genuine multi-line cells: a name on two lines, an address with a comma on its second line', async () => {
    const ids = await setup();
    const csv = [HEADER, row(1), '2,Bo,"Two\nlines",2125550102,', '3,Cy,Doe,2125550103,"12 Main St\nSpringfield, IL 62701"', '4,Di,Doe,2125550104,"""Quoted""\nnote"', row(5)].join('\n');
    const { id, counts, error } = await importCsv(ids, `${csv}\n`);
    expect(error).toBeNull();
    expect(counts).toMatchObject({ imported: 5, invalid: 0 });
    expect(await listImportErrors(pool, id)).toMatchObject([]);
    const notes = await pool.query<{ last_name: string; note: string | null }>("SELECT last_name, fields->>'note' AS note FROM leads WHERE list_id = $1 ORDER BY external_id::int", [ids.listId]);
    expect(notes.rows.slice(1, 4)).toEqual([
      { last_name: 'Two\nlines', note: null }, { last_name: 'Doe', note: '12 Main St\nSpringfield, IL 62701' }, { last_name: 'Doe', note: '"Quoted"\nnote' },
    ]);
  });
});

describe('list region', () => {
  it('refuses an upload naming another region than the existing list\'s, naming both', async () => {
    const ids = await setup();
    await expect(ensureList(pool, { campaignId: ids.campaignId, name: 'spring', defaultRegion: 'MX' })).rejects.toThrow(/US.*MX|MX.*US/);
    await expect(ensureList(pool, { campaignId: ids.campaignId, name: 'spring', defaultRegion: 'US' })).resolves.toMatchObject({ id: ids.listId, defaultRegion: 'US', created: false });
    // No region named: the list's own.
    await expect(ensureList(pool, { campaignId: ids.campaignId, name: 'spring' })).resolves.toMatchObject({ id: ids.listId, defaultRegion: 'US' });
    const mexico = await ensureList(pool, { campaignId: ids.campaignId, name: 'mexico', defaultRegion: 'MX' });
    expect(mexico).toMatchObject({ defaultRegion: 'MX', created: true });
  });
});

describe('leads whose zone is the campaign\'s', () => {
  it('follow the campaign\'s zone when it changes', async () => {
    const ids = await setup('UTC');
    // A Russian number: Russia has several zones and the number names none.
    const { counts } = await importCsv(ids, `${HEADER}\n1,Ana,Diaz,+7 495 123 45 67,\n2,Bo,Doe,2125550102,\n`);
    expect(counts).toMatchObject({ imported: 2 });
    const stored = await pool.query<{ first_name: string; timezone: string | null; timezone_source: string }>(
      'SELECT first_name, timezone, timezone_source FROM leads WHERE list_id = $1 ORDER BY external_id::int', [ids.listId]);
    expect(stored.rows).toEqual([
      { first_name: 'Ana', timezone: null, timezone_source: 'campaign_default' },
      { first_name: 'Bo', timezone: 'America/New_York', timezone_source: 'area_code' },
    ]);
    const zones = await pool.query<{ timezone: string }>('SELECT timezone FROM list_time_zones WHERE list_id = $1', [ids.listId]);
    expect(zones.rows.map((z) => z.timezone)).toEqual(['America/New_York']);
    await pool.query(`UPDATE campaigns SET timezone = 'America/Los_Angeles' WHERE id = $1`, [ids.campaignId]);
    expect((await campaignLeadsLeft(pool, ids.campaignId, 'America/Los_Angeles', { maxAttemptsPerLead: 6, maxAttemptsPerPhone: 4 })).zones).toEqual([
      { zone: 'America/Los_Angeles', leads: 1 }, { zone: 'America/New_York', leads: 1 },
    ]);
    const ana = await pool.query<{ id: string }>(`SELECT id::text FROM leads WHERE list_id = $1 AND first_name = 'Ana'`, [ids.listId]);
    expect((await explainLead(pool, ana.rows[0]!.id, new Date()))?.timeZone).toBe('America/Los_Angeles');
  });

  it('the migration lets leads imported before it follow the campaign too', async () => {
    const ids = await setup('UTC');
    const insert = `INSERT INTO leads (list_id, campaign_id, first_name, timezone, timezone_source) VALUES ($1, $2, $3, $4, $5)`;
    await pool.query(insert, [ids.listId, ids.campaignId, 'Ana', 'UTC', 'campaign_default']);
    await pool.query(insert, [ids.listId, ids.campaignId, 'Bo', 'America/New_York', 'area_code']);
    await pool.query(insert, [ids.listId, ids.campaignId, 'Cy', 'Europe/Paris', 'explicit']);
    const migration = (await loadMigrations()).find((m) => m.name === 'campaign_default_zones_follow_campaign');
    expect(migration).toBeDefined();
    await pool.query(migration!.sql);
    const stored = await pool.query('SELECT first_name, timezone, timezone_source FROM leads WHERE list_id = $1 ORDER BY first_name', [ids.listId]);
    expect(stored.rows).toEqual([
      { first_name: 'Ana', timezone: null, timezone_source: 'campaign_default' },
      { first_name: 'Bo', timezone: 'America/New_York', timezone_source: 'area_code' },
      { first_name: 'Cy', timezone: 'Europe/Paris', timezone_source: 'explicit' },
    ]);
  });
});

describe('the import report', () => {
  it('numbers rows as a spreadsheet shows them: blank lines count, a cell broken over lines does not', async () => {
    const ids = await setup();
    const csv = `${HEADER}\n\n${row(1)}\n\n\n2,Bo,Doe,nope,\n3,Cy,Doe,2125550103,"two\nlines"\n4,Di,Doe,nope,\n`;
    const { id } = await importCsv(ids, csv);
    expect((await listImportErrors(pool, id)).filter((p) => p.column === null).map((p) => p.rowNumber)).toEqual([6, 8]);
  });

  it('lists every problem it kept, past a hundred thousand', async () => {
    const ids = await setup();
    const { id } = await importCsv(ids, `${HEADER}\n${row(1)}\n`);
    await pool.query(
      `INSERT INTO lead_import_errors (import_id, row_number, column_name, reason)
       SELECT $1, n, 'Phone', 'phone ignored: not a phone number' FROM generate_series(2, 150001) AS n`, [id]);
    expect(await listImportErrors(pool, id)).toHaveLength(150_000);
  });
});
