// An upload with a stray opening quote early in a large file, through the upload API and the
// import job: the reading stops once the row it opens outgrows any real row, rather than holding
// the rest of the file as one cell, with the rows before it loaded and the row named. A long
// genuine multi-line cell below that size still loads.

import { describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { MAX_RECORD_BYTES } from '../../../src/adapters/pg/lead-import-records.js';
import { uploadAndWait, useUploadApi } from '../../helpers/upload-api.js';

const api = useUploadApi('upload-unclosed-quote');
const { pool } = api;

const MAP = 'external_id=Id,first_name=First,last_name=Last,phone=Phone,field.note=Note';
const HEADER = 'Id,First,Last,Phone,Note';
/** Person `i`, on row i + 1, with a number of their own. */
const row = (i: number): string => `${i},P${i},Doe,212${String(5_000_000 + i).padStart(7, '0')},note ${i}`;
const rows = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, k) => row(from + k));

/** Uploads `csv` and waits for its import job to end; the import once ended, and its error report. */
async function upload(csv: string) {
  const campaignId = (await createCampaign(pool, { name: `quote-${Math.random()}`, timezone: 'America/New_York', seedDispositions: false })).id;
  const { status, report } = await uploadAndWait(api, campaignId, MAP, csv);
  return { status, report, campaignId };
}

async function idsOf(campaignId: string): Promise<number[]> {
  const leads = await pool.query<{ id: number }>('SELECT external_id::int AS id FROM leads WHERE campaign_id = $1 ORDER BY 1', [campaignId]);
  return leads.rows.map((lead) => lead.id);
}

describe('a stray opening quote in a large upload', () => {
  it('stops at the row it opens once that row outgrows any real one, naming it, with the rows before loaded', async () => {
    // Person 41's cell opens a quote nothing closes; the rows after it hold three times the limit.
    const after = rows(42, 42 + Math.ceil((3 * MAX_RECORD_BYTES) / row(42).length));
    const csv = [HEADER, ...rows(1, 40), '41,"P41,Doe,2125000041,', ...after].join('\r\n') + '\r\n';
    expect(csv.length).toBeGreaterThan(3 * MAX_RECORD_BYTES);
    const { status, report, campaignId } = await upload(csv);
    expect(status).toMatchObject({ status: 'failed', rowsRead: 40, imported: 40, invalid: 0 });
    expect(status?.error).toMatch(/^reading the CSV failed at row 42: the row starting on line 42 runs past 1 MiB without ending: a quote opened in it is most likely never closed/);
    expect(status?.error).toMatch(/The rows before are loaded/);
    expect(await idsOf(campaignId)).toEqual(rows(1, 40).map((_, i) => i + 1));
    expect(report.trim()).toBe('row,column,reason');
  });

  it('still loads a row with a long multi-line cell below the limit, and the rows after it', async () => {
    // A call history of half the limit in a column not mapped (a mapped one is cut to 500 characters).
    const history = 'Called back, left a message.\nWants a quote for the "Plus" plan.\n'.repeat(Math.floor(MAX_RECORD_BYTES / 2 / 66));
    const withHistory = (line: string, cell = ''): string => `${line},${cell}`;
    const csv = [`${HEADER},History`, withHistory(row(1)), withHistory('2,P2,Doe,2125000002,"12 Main St\nSpringfield, IL 62701"', `"${history.replaceAll('"', '""')}"`),
      ...rows(3, 5).map((line) => withHistory(line))].join('\n') + '\n';
    const { status, report, campaignId } = await upload(csv);
    expect(status).toMatchObject({ status: 'done', rowsRead: 5, imported: 5, invalid: 0, error: null });
    expect(report.trim()).toBe('row,column,reason');
    expect(await idsOf(campaignId)).toEqual([1, 2, 3, 4, 5]);
    const stored = await pool.query<{ note: string }>("SELECT fields->>'note' AS note FROM leads WHERE campaign_id = $1 AND external_id = '2'", [campaignId]);
    expect(stored.rows[0]?.note).toBe('12 Main St\nSpringfield, IL 62701');
  });
});
