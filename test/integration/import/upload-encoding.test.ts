// Uploads in the encodings spreadsheets save CSV in, through the upload API and the import job:
// a Windows-1252 file (Excel's "CSV" on Windows) keeps its accented names, said so or not; a
// UTF-8 file is read as it is; a file that is UTF-8 and then not stops with a clear error rather
// than turning letters into U+FFFD; an encoding the import does not read is refused.

import { describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { toWindows1252 } from '../../helpers/windows-1252.js';
import { csvUploadHeaders, useUploadApi } from '../../helpers/upload-api.js';

const api = useUploadApi('upload-encoding');
const { pool } = api;

const headers = csvUploadHeaders;
const MAP = 'external_id=Id,first_name=First,last_name=Last,phone=Phone,field.note=Note';
const rows = [['1', 'Ann', 'Lee', '2125550101', 'plain'], ['2', 'José', 'Muñoz', '2125550102', 'owes €40'], ['3', 'Zoë', 'Brontë', '2125550103', '“VIP”']];
/** Three people: Ann's row in ASCII, the others' not. */
const csvText = (header = 'Id,First,Last,Phone,Note'): string => `${header}\r\n${rows.map((r) => r.join(',')).join('\r\n')}\r\n`;
const expected = rows.map(([, first, last, , note]) => ({ first_name: first, last_name: last, note }));

async function campaign(): Promise<string> {
  return (await createCampaign(pool, { name: `enc-${Math.random()}`, timezone: 'America/New_York', seedDispositions: false })).id;
}

interface ImportStatus { status: string; imported: number; error: string | null; progress: { readAs: string | null } | null }

/** Uploads `body` and waits for its import job to end; the response, and the import once ended. */
async function upload(body: Buffer, query = '', map = MAP, contentType = 'text/csv') {
  const campaignId = await campaign();
  const response = await api.app.inject({
    method: 'POST', url: `/api/campaigns/${campaignId}/imports?list=spring&map=${encodeURIComponent(map)}${query}`, headers: { ...headers, 'content-type': contentType }, payload: body,
  });
  if (response.statusCode !== 202) return { response, status: null, report: '', campaignId };
  const { importId } = response.json<{ importId: string }>();
  let status: ImportStatus | null = null;
  for (let i = 0; i < 200 && (status === null || status.status === 'queued' || status.status === 'running'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = (await api.app.inject({ method: 'GET', url: `/api/imports/${importId}`, headers })).json<ImportStatus>();
  }
  const report = (await api.app.inject({ method: 'GET', url: `/api/imports/${importId}/errors.csv`, headers })).body;
  return { response, status, report, campaignId };
}

async function leadsOf(campaignId: string): Promise<{ first_name: string; last_name: string; note: string }[]> {
  const leads = await pool.query<{ first_name: string; last_name: string; note: string }>(
    "SELECT first_name, last_name, fields->>'note' AS note FROM leads WHERE campaign_id = $1 ORDER BY external_id", [campaignId]);
  return leads.rows;
}

describe('upload encodings', () => {
  it('reads a Windows-1252 file uploaded as the default UTF-8 as Windows-1252, and says so in the report on the first row it shows on', async () => {
    const { status, report, campaignId } = await upload(toWindows1252(csvText()));
    expect(await leadsOf(campaignId)).toEqual(expected);
    expect(status).toMatchObject({ status: 'done', imported: 3, progress: { readAs: 'windows-1252' } });
    // José's row, the first that is not ASCII; the only entry.
    expect(report.trim().split('\n')).toEqual(['row,column,reason', expect.stringMatching(/^3,,"the file is not UTF-8 \(this row is the first with a byte that is not\): read as Windows-1252/)]);
  });

  it('reads a Windows-1252 file sent as text/plain as Windows-1252 too: the body reaches the import as its bytes', async () => {
    const { status, campaignId } = await upload(toWindows1252(csvText()), '', MAP, 'text/plain');
    expect(await leadsOf(campaignId)).toEqual(expected);
    expect(status).toMatchObject({ status: 'done', imported: 3, progress: { readAs: 'windows-1252' } });
  });

  it('reads a file uploaded as windows-1252 or latin1 so, its header too, with no note', async () => {
    const header = 'Id,Prénom,Nom,Téléphone,Note';
    const map = 'external_id=Id,first_name=Prénom,last_name=Nom,phone=Téléphone,field.note=Note';
    for (const encoding of ['windows-1252', 'Latin1']) {
      const { status, report, campaignId } = await upload(toWindows1252(csvText(header)), `&encoding=${encoding}`, map);
      expect(status, encoding).toMatchObject({ status: 'done', imported: 3 });
      expect(await leadsOf(campaignId), encoding).toEqual(expected);
      expect(report.trim()).toBe('row,column,reason');
    }
  });

  it('reads a UTF-8 file as it is, with or without a byte order mark', async () => {
    for (const bom of ['', '\ufeff']) {
      const { status, report, campaignId } = await upload(Buffer.from(bom + csvText(), 'utf8'), bom ? '&encoding=UTF-8' : '');
      expect(await leadsOf(campaignId)).toEqual(expected);
      expect(status).toMatchObject({ status: 'done', imported: 3 });
      expect(report.trim()).toBe('row,column,reason');
    }
  });

  it('stops at a byte that is not UTF-8 in a file that is UTF-8 before it, keeping the rows before and naming the row', async () => {
    const body = Buffer.concat([Buffer.from(csvText(), 'utf8'), toWindows1252('4,Renée,Roy,2125550104,x\r\n5,Bo,Doe,2125550105,\r\n')]);
    const { status, campaignId } = await upload(body);
    expect(status?.error).toMatch(/^reading the CSV failed at row 5: byte 0xE9 is not UTF-8.*import it again with the encoding windows-1252$/);
    expect(status).toMatchObject({ status: 'failed', imported: 3, errorCode: 'not_utf8', errorParams: { byte: '0xE9', row: '5' } });
    expect(await leadsOf(campaignId)).toEqual(expected);
  });

  it('refuses an encoding it does not read, naming the ones it does', async () => {
    const { response } = await upload(Buffer.from(csvText()), '&encoding=utf-16');
    expect(response.statusCode).toBe(400);
    expect(response.json<{ message: string }>().message)
      .toBe('query.encoding: "utf-16" is not an encoding the import reads: give utf-8 (the default) or windows-1252 (also taken as latin1, cp1252 or iso-8859-1)');
    const imports = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM lead_imports');
    expect(imports.rows[0]?.n).toBe(0);
  });
});
