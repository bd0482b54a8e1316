// Exports a spreadsheet opens right and the import reads back: a list loaded from Excel's
// Windows-1252 CSV, downloaded with `bom=true` (what the pages' download buttons ask for) starts
// with a UTF-8 byte order mark, so a spreadsheet shows its accented names; without it the file is
// as scripts read it. The download loads into another campaign with every name and number kept
// (the other numbers of a lead are in one cell, `other_phones`). A cell the export protects from
// being run as a formula (`'=SUM(A1)`, or a tab or carriage return first) loads back as it was,
// apostrophe dropped; a name that starts with an apostrophe of its own (`'Ohana`) keeps it.

import { describe, expect, it } from 'vitest';
import { evidenceRoutes } from '../../../src/adapters/http/routes/evidence-routes.js';
import { leadExportRoutes } from '../../../src/adapters/http/routes/lead-export-routes.js';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { uploadAndWait, useUploadApi } from '../../helpers/upload-api.js';
import { toWindows1252 } from '../../helpers/windows-1252.js';

const api = useUploadApi('export-round-trip', {
  routes: (pool) => [...leadExportRoutes({ pool }), ...evidenceRoutes({ pool })], truncate: ['evidence_log'],
});
const pool = api.pool;
const headers = { authorization: 'Bearer mgr' };
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Uploads `body` into a new campaign's list and waits for the import; the campaign, list and import ids. */
async function load(body: Buffer, map: string) {
  const campaignId = (await createCampaign(pool, { name: `trip-${Math.random()}`, timezone: 'America/New_York', seedDispositions: false })).id;
  const { status, importId, listId } = await uploadAndWait(api, campaignId, map, body);
  expect(status?.status).toBe('done');
  return { campaignId, listId, importId };
}

async function people(campaignId: string) {
  const rows = await pool.query<{ external_id: string; first_name: string; last_name: string; city: string; phones: string[] }>(
    `SELECT external_id, first_name, last_name, fields->>'city' AS city, (SELECT array_agg(e164 ORDER BY dial_order) FROM lead_phones p WHERE p.lead_id = l.id) AS phones
     FROM leads l WHERE campaign_id = $1 ORDER BY external_id`, [campaignId]);
  return rows.rows;
}

describe('exports a spreadsheet reads as UTF-8, and the import reads back', () => {
  it('gives a list\'s leads with a byte order mark when asked, and they load back with their accented names', async () => {
    const excel = toWindows1252('Id,Prénom,Nom,Téléphone,Portable,Bureau,Ville\r\nC1,José,Muñoz,(212) 555-0101,312 555 0102,415 555 0103,Zürich\r\nC2,Zoë,Brontë,+44 20 7946 0958,,,Besançon\r\n');
    const first = await load(excel, 'external_id=Id,first_name=Prénom,last_name=Nom,phone=Téléphone,phone2=Portable,phone3=Bureau,field.city=Ville');
    const loaded = await people(first.campaignId);
    expect(loaded.map((p) => `${p.first_name} ${p.last_name}, ${p.city}, ${p.phones.join(' ')}`))
      .toEqual(['José Muñoz, Zürich, +12125550101 +13125550102 +14155550103', 'Zoë Brontë, Besançon, +442079460958']);

    const plain = await api.app.inject({ method: 'GET', url: `/api/lists/${first.listId}/leads.csv`, headers });
    expect(plain.rawPayload.subarray(0, 7).toString()).toBe('lead_id');
    const forExcel = await api.app.inject({ method: 'GET', url: `/api/lists/${first.listId}/leads.csv?bom=true`, headers });
    expect(forExcel.statusCode).toBe(200);
    expect(forExcel.rawPayload.subarray(0, 3)).toEqual(BOM);
    expect(forExcel.rawPayload.subarray(3)).toEqual(plain.rawPayload);

    const again = await load(forExcel.rawPayload, 'external_id=external_id,first_name=first_name,last_name=last_name,phone=phone,phone2=other_phones,field.city=city');
    expect(await people(again.campaignId)).toEqual(loaded);
  });

  it('loads back the cells it protected from spreadsheets as they were, and keeps an apostrophe of a name\'s own', async () => {
    const risky = 'Id,First,Last,Phone,Ville\n-A1,=SUM(A1),+Plus,2125550101,@home\nC2,\'Ohana,-,2125550102,"=HYPERLINK(""x"",""y"")"\nC3,Ann,@Lee,2125550103,-3\n';
    const first = await load(Buffer.from(risky), 'external_id=Id,first_name=First,last_name=Last,phone=Phone,field.city=Ville');
    const loaded = await people(first.campaignId);
    expect(loaded.map((p) => [p.external_id, p.first_name, p.last_name, p.city])).toEqual([
      ['-A1', '=SUM(A1)', '+Plus', '@home'], ['C2', "'Ohana", '-', '=HYPERLINK("x","y")'], ['C3', 'Ann', '@Lee', '-3'],
    ]);

    const exported = (await api.app.inject({ method: 'GET', url: `/api/lists/${first.listId}/leads.csv?bom=true`, headers })).rawPayload;
    const text = exported.toString('utf8');
    // Protected as a spreadsheet needs; a plain number and a name's own apostrophe left as they are.
    for (const cell of ["'-A1", "'=SUM(A1)", "'+Plus", "'@home", ",'Ohana,", "'-,", '"\'=HYPERLINK(""x"",""y"")"', "'@Lee", ',-3']) expect(text).toContain(cell);
    expect(text).not.toContain("''Ohana");

    const again = await load(exported, 'external_id=external_id,first_name=first_name,last_name=last_name,phone=phone,field.city=city');
    expect(await people(again.campaignId)).toEqual(loaded);
  });

  it('loads back a cell protected for its leading tab or carriage return without the apostrophe', async () => {
    const first = await load(Buffer.from('Id,First,Last,Phone,Ville\nT1,Ann,Lee,2125550101,Boston\n'), 'external_id=Id,first_name=First,last_name=Last,phone=Phone,field.city=Ville');
    // Text an edit or a CRM left starting with a tab or a carriage return, as the export protects it.
    await pool.query("UPDATE leads SET first_name = E'\\tAnn', fields = jsonb_build_object('city', E'\\rBoston') WHERE campaign_id = $1", [first.campaignId]);
    const exported = (await api.app.inject({ method: 'GET', url: `/api/lists/${first.listId}/leads.csv`, headers })).rawPayload;
    expect(exported.toString('utf8')).toContain(`'\tAnn`);
    const again = await load(exported, 'external_id=external_id,first_name=first_name,last_name=last_name,phone=phone,field.city=city');
    // The blank after the apostrophe goes as any cell's leading blanks do.
    expect((await people(again.campaignId)).map((p) => [p.first_name, p.city])).toEqual([['Ann', 'Boston']]);
  });

  it('gives the evidence log and an import\'s error report with a byte order mark when asked', async () => {
    const { campaignId, importId } = await load(Buffer.from('Id,First,Phone\nC1,Renée,2125550101\nC2,Zoë,nope\n'), 'external_id=Id,first_name=First,phone=Phone');
    const evidence = await api.app.inject({ method: 'GET', url: `/api/campaigns/${campaignId}/evidence.csv?bom=true`, headers });
    expect(evidence.rawPayload.subarray(0, 3)).toEqual(BOM);
    expect(evidence.rawPayload.subarray(3, 5).toString()).toBe('id');
    const report = await api.app.inject({ method: 'GET', url: `/api/imports/${importId}/errors.csv?bom=1`, headers });
    expect(report.rawPayload.subarray(0, 3)).toEqual(BOM);
    expect(report.rawPayload.subarray(3).toString()).toContain('3,Phone,phone ignored: not a phone number');
    const refused = await api.app.inject({ method: 'GET', url: `/api/imports/${importId}/errors.csv?bom=perhaps`, headers });
    expect(refused.statusCode).toBe(400);
  });
});
