// DNC files as people really have them, through POST /api/dnc/import: a CRM's export with the
// number in a column other than the first, Excel's CSV UTF-8 (byte order mark, CRLF, a note over
// two lines), a European Excel file (semicolons, Windows-1252), a tab-separated one, the leads
// download, a CRM report ending in its footer. Every number of the phone column is listed (of a
// leads download, every number of a lead); a report's footer is skipped, not read as numbers; a
// file whose rows a stray quote runs together adds nothing.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { dncRoutes } from '../../../src/adapters/http/routes/dnc-routes.js';
import { uploadBodyPlugin } from '../../../src/adapters/http/upload-body.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createTestPool, truncateTables } from '../../helpers/db.js';
import { toWindows1252 } from '../../helpers/windows-1252.js';

const pool = createTestPool();
let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp({
    routes: dncRoutes({ pool }), authenticate: createAuthenticator([{ token: 'mgr', role: 'manager', name: 'Mia' }], null),
    logger: createLogger({ level: 'silent' }), plugins: [uploadBodyPlugin(4096)],
  });
});
afterAll(async () => {
  await app.close();
  await pool.end();
});
beforeEach(async () => truncateTables(pool, ['dnc_entries', 'evidence_log']));

async function importDnc(body: Buffer | string) {
  const response = await app.inject({
    method: 'POST', url: '/api/dnc/import?list=registry', headers: { authorization: 'Bearer mgr', 'content-type': 'text/csv' }, payload: body,
  });
  const listed = await pool.query<{ e164: string }>('SELECT e164 FROM dnc_entries ORDER BY e164');
  return { status: response.statusCode, json: response.json<Record<string, unknown>>(), listed: listed.rows.map((r) => r.e164) };
}

describe('DNC files', () => {
  it('reads the phone column of a CRM export in Excel\'s CSV UTF-8: named by its header, quotes and a note over two lines understood', async () => {
    const csv = '\ufeffName,Phone,Notes\r\n"Smith, John",(212) 555-0100,"asked twice\r\nsee 2125550199"\r\nJosé Muñoz,+44 20 7946 0958,\r\nBad,12,\r\n';
    const { status, json, listed } = await importDnc(Buffer.from(csv));
    expect(status).toBe(200);
    expect(json).toMatchObject({ column: 'Phone', read: 3, added: 2, invalid: 1, invalidSamples: [{ line: 5, text: '12', reason: 'not a valid number for US: too short for a number of country code +1', reasonCode: 'not_valid_for_region', reasonParams: { region: 'US', why: 'too_short', countryCode: '1' } }] });
    expect(listed).toEqual(['+12125550100', '+442079460958']);
  });

  it('reads a semicolon-separated Windows-1252 file and a tab-separated one', async () => {
    const european = await importDnc(toWindows1252('Nom;Téléphone;Montant\r\nAgnès;0044 20 7946 0958;12,50\r\nRenée;(212) 555-0101;3,00\r\n'));
    expect(european).toMatchObject({ status: 200, json: { column: 'Téléphone', read: 2, added: 2, invalid: 0 }, listed: ['+12125550101', '+442079460958'] });
    const tabs = await importDnc('Account number\tName\tMobile\n7\tAnn\t212-555-0102\n');
    expect(tabs).toMatchObject({ status: 200, json: { column: 'Mobile', read: 1, added: 1, invalid: 0 } });
  });

  it("reads the numbers, not the kind of number a column before them names (a CRM's Phone type, Phone)", async () => {
    const { json, listed } = await importDnc('Name,Phone Type,Phone Number,Account number\nAnn,Mobile,,4410002211\nBo,Home,(212) 555-0104,4410002212\n');
    expect(json).toMatchObject({ column: 'Phone Number', read: 1, added: 1, invalid: 0 });
    expect(listed).toEqual(['+12125550104']);
  });

  it('reads the separator a sep= first line names and the header from the line after', async () => {
    const semicolons = await importDnc('sep=;\r\nName;Phone\r\n"Lee, Ann";(212) 555-0100\r\nBo;12\r\n');
    expect(semicolons).toMatchObject({
      status: 200, json: { column: 'Phone', read: 2, added: 1, invalid: 1, invalidSamples: [{ line: 4, text: '12' }] }, listed: ['+12125550100'],
    });
    const tabs = await importDnc('\ufeffsep=\t\nName\tMobile\nAnn\t212-555-0102\n');
    expect(tabs).toMatchObject({ status: 200, json: { column: 'Mobile', read: 1, added: 1, invalid: 0 } });
  });

  it('blocks every number of each lead of a leads download, other_phones too, read without the apostrophes that protect them', async () => {
    const header = 'lead_id,campaign,list,external_id,first_name,last_name,phone,other_phones,status,stage,grade,priority,timezone,postal_code,dials,'
      + 'last_outcome,last_called_at,next_dial_at,last_disposition,last_disposition_notes,last_disposition_at\r\n';
    const rows = "101,Spring,spring,C1,Ann,Lee,'+12125550101,'+13125550102 +14155550103,done,closed,C,0,America/New_York,10001,2,answered,,,DNC,,\r\n"
      + "102,Spring,spring,C2,Zoë,Brontë,'+442079460958,,new,new,C,0,,,0,,,,,,\r\n";
    const { status, json, listed } = await importDnc(Buffer.from(header + rows));
    expect(status).toBe(200);
    expect(json).toMatchObject({ column: 'phone', otherNumbersColumn: 'other_phones', read: 4, added: 4, invalid: 0 });
    expect(listed).toEqual(['+12125550101', '+13125550102', '+14155550103', '+442079460958']);
  });

  it('reads the phone column, and other_phones beside it, whichever of the two comes first', async () => {
    const { json, listed } = await importDnc('first_name,other_phones,phone\nAnn,+13125550102 +14155550103,+12125550101\n');
    expect(json).toMatchObject({ column: 'phone', otherNumbersColumn: 'other_phones', read: 3, added: 3, invalid: 0 });
    expect(listed).toEqual(['+12125550101', '+13125550102', '+14155550103']);
  });

  it('still reads a plain list of numbers, one a line, with no header', async () => {
    const { json, listed } = await importDnc('2125550100\n(212) 555-0101\n\n2125550100\n');
    expect(json).toMatchObject({ read: 3, added: 2, alreadyListed: 0, invalid: 0 });
    expect(listed).toEqual(['+12125550100', '+12125550101']);
  });

  it("skips a Salesforce report's footer ending the file, counted apart, rather than read its lines as numbers refused", async () => {
    const footer = '\r\n"Grand Totals (3 records)"\r\n\r\n"Confidential Information - Do Not Distribute"\r\n'
      + '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\r\n';
    const report = await importDnc(`"Phone","Full Name"\r\n"(212) 555-0100","Ann Lee"\r\n"212-555-0101","Bo Roy"\r\n"12","Cy Day"\r\n${footer}`);
    expect(report).toMatchObject({
      status: 200, json: { column: 'Phone', footerRows: 3, read: 3, added: 2, invalid: 1, invalidSamples: [{ line: 4, text: '12' }] },
      listed: ['+12125550100', '+12125550101'],
    });
    // A footer's line between numbers is a line as any other.
    const between = await importDnc('Phone\n2125550102\nGrand Totals (1 record)\n2125550103\n');
    expect(between.json).toMatchObject({ footerRows: 0, read: 3, added: 2, invalid: 1, invalidSamples: [{ line: 3, text: 'Grand Totals (1 record)' }] });
    const evidence = await pool.query<{ payload: Record<string, unknown> }>("SELECT payload FROM evidence_log WHERE kind = 'dnc_list_imported' ORDER BY id");
    expect(evidence.rows.map((r) => r.payload.footerRows)).toEqual([3, 0]);
  });

  it('adds nothing from a file whose rows a stray quote runs together, naming the lines, in English and as a code a page words', async () => {
    const { status, json, listed } = await importDnc('Phone,Name\n2125550100,"Kim\n2125550101,Lee\n2125550102,Roy\n');
    expect(status).toBe(400);
    expect(json.message).toMatch(/line 2 .*never closed.*nothing was added/);
    expect(json.details).toMatchObject({ reasonCode: 'unclosed_quote', reasonParams: { startLine: '2' } });
    expect(listed).toEqual([]);
  });
});
