// Lists as spreadsheets and other tools really save them, through the upload API and the import
// job: Excel's CSV from a European machine (semicolons, Windows-1252), its "Unicode text" (tabs,
// UTF-16), header names typed in another case, rows of empty cells below the data, and phone
// numbers as people and spreadsheets write them. Every good row loads; every bad one is named.

import { describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { ensureList } from '../../../src/adapters/pg/lead-import-repository.js';
import { toWindows1252 } from '../../helpers/windows-1252.js';
import { uploadAndWait, useUploadApi } from '../../helpers/upload-api.js';

const api = useUploadApi('upload-spreadsheet-files');
const { pool } = api;
const MAP = 'first_name=First,last_name=Last,phone=Phone';

/** Uploads `body` into a new campaign and waits for its import job to end. */
async function upload(body: Buffer | string, map = MAP) {
  const campaignId = (await createCampaign(pool, { name: `sheet-${Math.random()}`, timezone: 'America/New_York', seedDispositions: false })).id;
  const { status, report } = await uploadAndWait(api, campaignId, map, body);
  return { status, report: report.trim().split('\n').slice(1), campaignId };
}

async function leadsOf(campaignId: string): Promise<{ name: string; phones: string[] }[]> {
  const leads = await pool.query<{ name: string; phones: string[] }>(
    `SELECT concat_ws(' ', first_name, last_name) AS name, (SELECT array_agg(e164 ORDER BY dial_order) FROM lead_phones p WHERE p.lead_id = l.id) AS phones
     FROM leads l WHERE campaign_id = $1 ORDER BY id`, [campaignId]);
  return leads.rows;
}

describe('cell separators', () => {
  it('reads a semicolon-separated file, as Excel saves CSV where the comma is the decimal mark, in Windows-1252', async () => {
    const csv = 'Prénom;Nom;Téléphone;Solde\r\nJosé;Muñoz;2125550101;12,50\r\n"Zoë; Jr.";Brontë;2125550102;3,00\r\n';
    const { status, report, campaignId } = await upload(toWindows1252(csv), 'first_name=Prénom,last_name=Nom,phone=Téléphone,field.balance=Solde');
    expect(status).toMatchObject({ status: 'done', rowsRead: 2, imported: 2, invalid: 0 });
    expect(await leadsOf(campaignId)).toEqual([{ name: 'José Muñoz', phones: ['+12125550101'] }, { name: 'Zoë; Jr. Brontë', phones: ['+12125550102'] }]);
    const balances = await pool.query<{ balance: string }>("SELECT fields->>'balance' AS balance FROM leads WHERE campaign_id = $1 ORDER BY id", [campaignId]);
    expect(balances.rows.map((r) => r.balance)).toEqual(['12,50', '3,00']);
    expect(report).toHaveLength(1); // the note that the file was read as Windows-1252
  });

  it('reads a tab-separated file, and Excel\'s "Unicode text": UTF-16 with tabs', async () => {
    const text = 'First\tLast\tPhone\r\nJosé\tMuñoz, Jr.\t(212) 555-0101\r\nAnn\tLee\t212.555.0102\r\n';
    const unicodeText = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    for (const body of [Buffer.from(text), unicodeText]) {
      const { status, campaignId } = await upload(body);
      expect(status).toMatchObject({ status: 'done', imported: 2, invalid: 0 });
      expect(await leadsOf(campaignId)).toEqual([{ name: 'José Muñoz, Jr.', phones: ['+12125550101'] }, { name: 'Ann Lee', phones: ['+12125550102'] }]);
    }
  });

  it('still reads a comma-separated file whose cells hold semicolons and tabs', async () => {
    const { status, campaignId } = await upload('First,Last,Phone,Note\nAnn,Lee,2125550101,a;b;c;d\nBo,Li,2125550102,"x\ty"\n', `${MAP},field.note=Note`);
    expect(status).toMatchObject({ status: 'done', imported: 2, invalid: 0 });
    expect((await leadsOf(campaignId)).map((l) => l.name)).toEqual(['Ann Lee', 'Bo Li']);
  });
});

describe('a sep= first line', () => {
  it('reads the separator a sep= line names and the header from the line after, numbering rows as Excel shows them (the line hidden)', async () => {
    const cases: [string, string][] = [['sep=;', ';'], ['sep=,', ','], ['sep=\t', '\t'], ['"sep=;";;', ';'], ['SEP=,', ',']];
    for (const [sepLine, sep] of cases) {
      const rows = [['First', 'Last', 'Phone', 'Note'], ['Ann', 'Lee', '2125550101', '"a;b,c"'], ['Bo', 'Li', 'nope', 'x']];
      const lines = [sepLine, ...rows.map((cells) => cells.join(sep))];
      const { status, report, campaignId } = await upload(`${lines.join('\r\n')}\r\n`, `${MAP},field.note=Note`);
      expect(status, sepLine).toMatchObject({ status: 'done', rowsRead: 2, imported: 1, invalid: 1 });
      expect(await leadsOf(campaignId)).toEqual([{ name: 'Ann Lee', phones: ['+12125550101'] }]);
      const notes = await pool.query<{ note: string }>("SELECT fields->>'note' AS note FROM leads WHERE campaign_id = $1", [campaignId]);
      expect(notes.rows).toEqual([{ note: 'a;b,c' }]);
      expect(report[0], sepLine).toMatch(/^3,/);
    }
  });
});

describe('header names', () => {
  it('finds a mapped column whose header differs in case or spaces, and names the one it cannot find', async () => {
    const { status, campaignId } = await upload('FIRST ,  last  name,Phone\u00a0 number\nAnn,Lee,2125550101\n', 'first_name=First,last_name=Last Name,phone=phone number');
    expect(status).toMatchObject({ status: 'done', imported: 1, invalid: 0 });
    expect(await leadsOf(campaignId)).toEqual([{ name: 'Ann Lee', phones: ['+12125550101'] }]);
    const missing = await upload('First,Last,Phone\nAnn,Lee,2125550101\n', 'first_name=First,last_name=Surname,phone=Phone');
    expect(missing.status).toMatchObject({
      status: 'failed', error: 'columns not in the file header: Surname (header: First, Last, Phone)',
      errorCode: 'columns_missing', errorParams: { columns: 'Surname', header: 'First, Last, Phone' },
    });
  });
});

describe('empty rows', () => {
  it('leaves out the rows of empty cells a spreadsheet saves below the data, as it does empty lines, and numbers rows as the sheet does', async () => {
    const csv = 'First,Last,Phone,,,\r\nAnn,Lee,2125550101,,,\r\n,,,,,\r\n\r\n , ,,,,\r\nBo,Li,nope,,,\r\n,,,,,\r\n,,,,,\r\n';
    const { status, report, campaignId } = await upload(csv);
    expect(status).toMatchObject({ status: 'done', rowsRead: 2, imported: 1, invalid: 1 });
    expect(await leadsOf(campaignId)).toEqual([{ name: 'Ann Lee', phones: ['+12125550101'] }]);
    expect(report).toEqual(['6,,row rejected: no valid phone number', '6,Phone,phone ignored: not a phone number']);
  });
});

describe('a CRM report\'s footer', () => {
  it('skips the totals, confidentiality and copyright lines ending a Salesforce report, counting them apart; such a line between rows is a bad row', async () => {
    const csv = '"First Name","Last Name","Phone"\n"Ann","Lee","(212) 555-0101"\n"Total"\n"Bo","Li","nope"\n"Cy","Fox","(212) 555-0103"\n\n'
      + '"Grand Totals (4 records)"\n\n"Confidential Information - Do Not Distribute"\n"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n';
    const { status, report, campaignId } = await upload(csv, 'first_name=First Name,last_name=Last Name,phone=Phone');
    expect(status).toMatchObject({ status: 'done', rowsRead: 4, imported: 2, invalid: 2, footerRows: 3 });
    expect((await leadsOf(campaignId)).map((l) => l.name)).toEqual(['Ann Lee', 'Cy Fox']);
    expect(report).toEqual([
      '3,Phone,row rejected: no phone number (its Phone cell is empty)',
      '4,,row rejected: no valid phone number', '4,Phone,phone ignored: not a phone number',
    ]);
  });

  it('skips the footer saved without its quotes, its copyright and totals split at their commas into two cells; a company named Total Care is a lead', async () => {
    const csv = 'Company,Phone\nAcme,(212) 555-0111\nTotal Care,(212) 555-0112\n\nGrand Totals (1,234 records)\n\n'
      + 'Confidential Information - Do Not Distribute\nCopyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\n';
    const { status, report, campaignId } = await upload(csv, 'first_name=Company,phone=Phone');
    expect(status).toMatchObject({ status: 'done', rowsRead: 2, imported: 2, invalid: 0, footerRows: 3 });
    expect((await leadsOf(campaignId)).map((l) => l.name)).toEqual(['Acme', 'Total Care']);
    expect(report).toEqual([]);
  });
});

describe('a row without a phone', () => {
  it('names the phone column whose cell is empty, and each number refused, in English and as codes a page words in its language', async () => {
    const { status, report } = await upload('First,Last,Phone,Other\nAnn,Lee,,\nBo,Li,nope,\nCy,Fox,2125550103,312-555-0104 / nope-0000000\n', `${MAP},phone2=Other`);
    expect(status).toMatchObject({ status: 'done', rowsRead: 3, imported: 1, invalid: 2 });
    expect(report).toEqual([
      '2,"Phone, Other",row rejected: no phone number (its Phone and Other cells are empty)',
      '3,,row rejected: no valid phone number', '3,Phone,phone ignored: not a phone number',
      '4,Other,"phone ignored: ""nope-0000000"": not a valid number for US: too short for a number of country code +1"',
    ]);
    expect(status?.problemSamples).toEqual([
      { row: 2, column: 'Phone, Other', reason: 'row rejected: no phone number (its Phone and Other cells are empty)', reasonCode: 'no_phone', reasonParams: { columns: 'Phone, Other' } },
      { row: 3, column: null, reason: 'row rejected: no valid phone number', reasonCode: 'no_valid_phone', reasonParams: {} },
      { row: 3, column: 'Phone', reason: 'phone ignored: not a phone number', reasonCode: 'phone_ignored', reasonParams: { refusal: 'not_a_number' } },
      {
        row: 4, column: 'Other', reason: 'phone ignored: "nope-0000000": not a valid number for US: too short for a number of country code +1', reasonCode: 'phone_ignored',
        reasonParams: { refusal: 'not_valid_for_region', region: 'US', why: 'too_short', countryCode: '1', part: 'nope-0000000' },
      },
    ]);
  });

  it('says why a number is none of the list\'s country: a digit short, one too many, a wrong exchange, or a calling code no country has', async () => {
    const phones = ['555-0100', '212555010012', '(212) 155-0100 home', '+999 1234567'];
    const csv = `First,Last,Phone\n${phones.map((phone, i) => `P${i},Doe,"${phone}"`).join('\n')}\n`;
    const { status, report } = await upload(csv);
    expect(status).toMatchObject({ status: 'done', rowsRead: 4, imported: 0, invalid: 4 });
    const refusals = (status?.problemSamples ?? []).filter((p) => p.reasonCode === 'phone_ignored').map((p) => [p.row, p.reason, p.reasonParams]);
    expect(refusals).toEqual([
      [2, 'phone ignored: not a valid number for US: too short for a number of country code +1', { refusal: 'not_valid_for_region', region: 'US', why: 'too_short', countryCode: '1' }],
      [3, 'phone ignored: not a valid number for US: too long for a number of country code +1', { refusal: 'not_valid_for_region', region: 'US', why: 'too_long', countryCode: '1' }],
      [4, 'phone ignored: not a valid North American number: its exchange (the three digits after the area code 212) is 155, and no exchange starts with 0 or 1',
        { refusal: 'not_valid_nanp', why: 'exchange_starts_0_1', areaCode: '212', exchange: '155' }],
      [5, 'phone ignored: not a valid number: no country has the calling code it starts with', { refusal: 'not_valid_for_region', region: 'US', why: 'unknown_country_code' }],
    ]);
    expect(report.filter((line) => line.includes('phone ignored'))).toEqual([
      '2,Phone,phone ignored: not a valid number for US: too short for a number of country code +1',
      '3,Phone,phone ignored: not a valid number for US: too long for a number of country code +1',
      '4,Phone,"phone ignored: not a valid North American number: its exchange (the three digits after the area code 212) is 155, and no exchange starts with 0 or 1"',
      '5,Phone,phone ignored: not a valid number: no country has the calling code it starts with',
    ]);
  });
});

/** What a number written with 011 first in a North American list is told. */
const exitCodeHint = '; 011 is the international dialling prefix from North America, read here as the + before a country code: '
  + 'write a number of another country with + and its country code (+44 20 7183 8750, not 011 44 20 7183 8750)';

describe('011 first in a list of a North American region', () => {
  it('reads it as the international dialling prefix, not a trunk 0: a number valid after it is that country\'s, one not says so', async () => {
    const csv = 'First,Last,Phone\nA,Niue,(011) 683-4002\nB,London,011 44 20 7183 875\nC,Dublin,011 353 1 234 5678\n';
    const { status, report, campaignId } = await upload(csv);
    expect(status).toMatchObject({ status: 'done', rowsRead: 3, imported: 1, invalid: 2 });
    // Ten digits in all are a North American number with a bad area code, not Niue's +683 4002.
    expect(await leadsOf(campaignId)).toEqual([{ name: 'C Dublin', phones: ['+35312345678'] }]);
    const niue = 'phone ignored: not a valid North American number: its area code (the first three of its ten digits) is 011, and no area code starts with 0 or 1';
    const uk = 'phone ignored: not a valid number: a number of country code +44 (United Kingdom) in a list whose region is US, but no number there is in that range; '
      + `the list takes numbers of other countries written with + and their country code, as this one is: check its digits${exitCodeHint}`;
    const samples = (status?.problemSamples ?? []).filter((p) => p.column !== null).map((p) => [p.row, p.reason, p.reasonParams]);
    expect(samples).toEqual([
      [2, niue, { refusal: 'not_valid_nanp', why: 'area_code_starts_0_1', areaCode: '011', exchange: '683' }],
      [3, uk, { refusal: 'not_valid_for_country', region: 'US', why: 'no_such_range', country: 'GB', countryCode: '44', exitCode: '011' }],
    ]);
    expect(report.filter((line) => /^[23],Phone/.test(line))).toEqual([`2,Phone,"${niue}"`, `3,Phone,"${uk}"`]);
  });
});

describe('words a list manager knows', () => {
  it('names the wrong part of a North American number, the country of a number of another, and the range of a priority', async () => {
    const csv = 'First,Last,Phone,Prio\nA,Doe,(212) 055-0100,\nB,Doe,(011) 555-0100,\nC,Doe,(911) 555-0100,\nD,Doe,+44 20 7183 87,\n'
      + 'E,Doe,2125550100,99999999999999999999\nF,Doe,2125550101,1.5\n';
    const { status, report } = await upload(csv, `${MAP},priority=Prio`);
    expect(status).toMatchObject({ status: 'done', rowsRead: 6, imported: 2, invalid: 4 });
    const nanp = 'phone ignored: not a valid North American number:';
    const uk = 'phone ignored: not a valid number: a number of country code +44 (United Kingdom) in a list whose region is US, but no number there has that many digits; '
      + 'the list takes numbers of other countries written with + and their country code, as this one is: check its digits';
    // Ten digits with 011 first: a North American number's shape, its area code wrong.
    const areaCode011 = `${nanp} its area code (the first three of its ten digits) is 011, and no area code starts with 0 or 1`;
    const samples = (status?.problemSamples ?? []).filter((p) => p.column !== null).map((p) => [p.row, p.reason, p.reasonCode, p.reasonParams]);
    expect(samples).toEqual([
      [2, `${nanp} its exchange (the three digits after the area code 212) is 055, and no exchange starts with 0 or 1`, 'phone_ignored',
        { refusal: 'not_valid_nanp', why: 'exchange_starts_0_1', areaCode: '212', exchange: '055' }],
      [3, areaCode011, 'phone_ignored', { refusal: 'not_valid_nanp', why: 'area_code_starts_0_1', areaCode: '011', exchange: '555' }],
      [4, `${nanp} 911, where its area code should be (the first three of its ten digits), is a service code like 411 or 911, not an area code`, 'phone_ignored',
        { refusal: 'not_valid_nanp', why: 'area_code_service', areaCode: '911', exchange: '555' }],
      [5, uk, 'phone_ignored', { refusal: 'not_valid_for_country', region: 'US', why: 'invalid_length', country: 'GB', countryCode: '44' }],
      [6, 'priority "99999999999999999999" is out of range (-1000000 to 1000000), used 0', 'priority_out_of_range',
        { priority: '99999999999999999999', min: '-1000000', max: '1000000' }],
      [7, 'priority "1.5" is not a whole number, used 0', 'priority_not_whole', { priority: '1.5' }],
    ]);
    // The error report says the same.
    expect(report.filter((line) => !line.includes('no valid phone number'))).toEqual([
      `2,Phone,"${nanp} its exchange (the three digits after the area code 212) is 055, and no exchange starts with 0 or 1"`,
      `3,Phone,"${areaCode011}"`,
      `4,Phone,"${nanp} 911, where its area code should be (the first three of its ten digits), is a service code like 411 or 911, not an area code"`,
      `5,Phone,"${uk}"`,
      '6,Prio,"priority ""99999999999999999999"" is out of range (-1000000 to 1000000), used 0"',
      '7,Prio,"priority ""1.5"" is not a whole number, used 0"',
    ]);
  });
});

describe('a service code where an exchange or area code should be', () => {
  it('refuses 211...911 as the exchange (the library takes them for valid) or the area code, saying which; the good row loads', async () => {
    const csv = 'First,Last,Phone\nA,Doe,212-911-4567\nB,Doe,+1 416 411 0188\nC,Doe,(646) 611-0142 home\nD,Doe,311-555-0100\nE,Doe,212-555-0143\n';
    const { status, report, campaignId } = await upload(csv);
    expect(status).toMatchObject({ status: 'done', rowsRead: 5, imported: 1, invalid: 4 });
    expect(await leadsOf(campaignId)).toEqual([{ name: 'E Doe', phones: ['+12125550143'] }]);
    const exchange = (areaCode: string, code: string) => `phone ignored: not a valid North American number: its exchange (the three digits after the area code ${areaCode}) `
      + `is ${code}, a service code like 411 or 911, not an exchange`;
    const samples = (status?.problemSamples ?? []).filter((p) => p.column !== null).map((p) => [p.row, p.reason, p.reasonParams]);
    expect(samples).toEqual([
      [2, exchange('212', '911'), { refusal: 'not_valid_nanp', why: 'exchange_service', areaCode: '212', exchange: '911' }],
      [3, exchange('416', '411'), { refusal: 'not_valid_nanp', why: 'exchange_service', areaCode: '416', exchange: '411' }],
      [4, exchange('646', '611'), { refusal: 'not_valid_nanp', why: 'exchange_service', areaCode: '646', exchange: '611' }],
      [5, 'phone ignored: not a valid North American number: 311, where its area code should be (the first three of its ten digits), is a service code like 411 or 911, not an area code',
        { refusal: 'not_valid_nanp', why: 'area_code_service', areaCode: '311', exchange: '555' }],
    ]);
    expect(report.filter((line) => line.includes('a service code'))).toHaveLength(4); // the error report says the same
  });
});

describe('the country of a shared calling code', () => {
  it('names the country a bad number\'s digits point to (Canada for +1 416, Kazakhstan for +7 701), or the code\'s countries when they do not tell', async () => {
    const campaignId = (await createCampaign(pool, { name: `shared-${Math.random()}`, timezone: 'Europe/London', seedDispositions: false })).id;
    await ensureList(pool, { campaignId, name: 'spring', defaultRegion: 'GB' });
    const csv = 'First,Last,Phone\nA,Doe,+1 416 555 010\nB,Doe,+7 701 234 56\nC,Doe,+1 999 555 01\nD,Doe,+1 212 555 010\n';
    const { status } = await uploadAndWait(api, campaignId, MAP, csv);
    const named = (status?.problemSamples ?? []).filter((p) => p.column !== null).map((p) => [p.row, /\(([^)]*)\)/.exec(p.reason)?.[1], p.reasonParams]);
    expect(named).toEqual([
      [2, 'Canada', { refusal: 'not_valid_for_country', region: 'GB', why: 'too_short', country: 'CA', countryCode: '1' }],
      [3, 'Kazakhstan', { refusal: 'not_valid_for_country', region: 'GB', why: 'too_short', country: 'KZ', countryCode: '7' }],
      [4, 'North American Numbering Plan: United States, Canada and 23 more',
        { refusal: 'not_valid_for_country', region: 'GB', why: 'too_short', countries: expect.stringMatching(/^US,CA,AG,.*,VI$/) as unknown, countryCode: '1' }],
      [5, 'United States', { refusal: 'not_valid_for_country', region: 'GB', why: 'too_short', country: 'US', countryCode: '1' }],
    ]);
  });
});

describe('a foreign number written without its country code', () => {
  it('says which likely countries it reads as a number of, and to write it with + and its country code', async () => {
    const { status, report } = await upload('First,Last,Phone\nA,Doe,020 7183 8750\nB,Doe,212 555 010\nC,Doe,0412 345 678\n');
    const hint = '; it could be a number as written in United Kingdom, Germany and 3 more, without its country code: '
      + 'write a number of another country with + and its country code (+44 20 7183 8750, not 020 7183 8750)';
    expect((status?.problemSamples ?? []).filter((p) => p.column !== null).map((p) => [p.row, p.reason, p.reasonParams])).toEqual([
      [2, `phone ignored: not a valid number for US: too long for a number of country code +1${hint}`,
        { refusal: 'not_valid_for_region', region: 'US', why: 'too_long', countryCode: '1', nationalIn: 'GB,DE,IT,NZ,IN' }],
      // A number of the list's own country, one digit short: no hint.
      [3, 'phone ignored: not a valid number for US: too short for a number of country code +1', { refusal: 'not_valid_for_region', region: 'US', why: 'too_short', countryCode: '1' }],
      // Ten digits, as an Australian mobile is written at home: no area code starts with 0.
      [4, 'phone ignored: not a valid North American number: its area code (the first three of its ten digits) is 041, and no area code starts with 0 or 1; '
        + 'it could be a number as written in Ireland, France and 6 more, without its country code: '
        + 'write a number of another country with + and its country code (+44 20 7183 8750, not 020 7183 8750)',
      { refusal: 'not_valid_nanp', why: 'area_code_starts_0_1', areaCode: '041', exchange: '234', nationalIn: 'IE,FR,DE,NL,BE,IT,AU,ZA' }],
    ]);
    expect(report.filter((line) => line.includes(hint))).toHaveLength(1); // the error report says the same
  });
});

describe('phone numbers as people and spreadsheets write them', () => {
  it('reads 00 before a country code, a number from a column of decimals and one with an extension; names what a spreadsheet lost', async () => {
    const phones = ['(212) 555-0100', '+44 20 7946 0958', '0033 1 42 68 53 00', '212-555-0103 x123', '2.12555E+09', '2125550105.0', '2,12555E+09'];
    const csv = `First,Last,Phone\n${phones.map((phone, i) => `P${i},Doe,"${phone}"`).join('\n')}\n`;
    const { status, report, campaignId } = await upload(csv);
    expect(status).toMatchObject({ status: 'done', rowsRead: 7, imported: 5, invalid: 2 });
    expect(await leadsOf(campaignId)).toEqual([
      { name: 'P0 Doe', phones: ['+12125550100'] }, { name: 'P1 Doe', phones: ['+442079460958'] }, { name: 'P2 Doe', phones: ['+33142685300'] },
      { name: 'P3 Doe', phones: ['+12125550103'] }, { name: 'P5 Doe', phones: ['+12125550105'] },
    ]);
    const lost = (raw: string) => `"phone ignored: ""${raw}"" is scientific notation, as a spreadsheet writes a long number in a column formatted as a number: `
      + 'the digits it does not show are lost. Format the column as text (or a number with no decimals) and save the file again"';
    expect(report).toEqual([
      '5,Phone,extension 123 left out: +12125550103 is dialled without it',
      '6,,row rejected: no valid phone number', `6,Phone,${lost('2.12555E+09')}`,
      '8,,row rejected: no valid phone number', `8,Phone,${lost('2,12555E+09')}`,
    ]);
  });
});

describe('a cell holding several numbers', () => {
  it('dials each number of a phone cell that holds several, in order, as the leads download writes them and people type them', async () => {
    const csv = 'First,Last,Phone,Other\nAnn,Lee,2125550100,+13125550101 +14155550102\nBo,Li,2125550103,312-555-0104 / 415-555-0105\nCy,Fox,2125550106,3125550107; nope-0000000\n';
    const { status, report, campaignId } = await upload(csv, `${MAP},phone2=Other`);
    expect(status).toMatchObject({ status: 'done', imported: 3, invalid: 0 });
    expect(await leadsOf(campaignId)).toEqual([
      { name: 'Ann Lee', phones: ['+12125550100', '+13125550101', '+14155550102'] },
      { name: 'Bo Li', phones: ['+12125550103', '+13125550104', '+14155550105'] },
      { name: 'Cy Fox', phones: ['+12125550106', '+13125550107'] },
    ]);
    expect(report).toEqual(['4,Other,"phone ignored: ""nope-0000000"": not a valid number for US: too short for a number of country code +1"']);
  });
});

describe('ZIP codes', () => {
  it('puts back the leading zeros a spreadsheet drops from a ZIP code, so its zone and its state\'s calling hours still hold', async () => {
    // Boston and Hartford ZIPs as Excel saves a column of numbers; a San Juan one; a ZIP+4 typed
    // without its hyphen; a Beverly Hills one with nothing dropped. The Boston lead's mobile is Californian.
    // Fe's, as a file written for Excel keeps a ZIP's zeros: a text formula.
    // Gi's is St John's, in the US Virgin Islands, on the islands' own clock.
    const csv = 'First,Phone,Zip\r\nAnn,4155550101,2134\r\nBo,2125550102,6103\r\nCy,7875550103,901\r\nDi,2125550104,21341234\r\nEd,3105550105,90210\r\nFe,6175550106,="02134"\r\nGi,3407765555,830\r\n';
    const { status, campaignId } = await upload(csv, 'first_name=First,phone=Phone,postal_code=Zip');
    expect(status).toMatchObject({ status: 'done', imported: 7, invalid: 0 });
    const leads = await pool.query<{ first_name: string; postal_code: string; timezone: string; zones: string[]; jurisdictions: string[] }>(
      `SELECT first_name, postal_code, timezone, other_time_zones AS zones, jurisdictions FROM leads WHERE campaign_id = $1 ORDER BY id`, [campaignId]);
    expect(leads.rows.map((l) => [l.first_name, l.postal_code])).toEqual([['Ann', '02134'], ['Bo', '06103'], ['Cy', '00901'], ['Di', '02134-1234'], ['Ed', '90210'], ['Fe', '02134'], ['Gi', '00830']]);
    const ann = leads.rows[0];
    // Dialled only when it is calling time in Boston as well as California, within Massachusetts' hours.
    expect([ann?.timezone, ...(ann?.zones ?? [])]).toEqual(expect.arrayContaining(['America/New_York', 'America/Los_Angeles']));
    expect(ann?.jurisdictions).toContain('US-MA');
    expect(leads.rows[1]?.jurisdictions).toContain('US-CT');
    expect(leads.rows[2]?.timezone).toBe('America/Puerto_Rico');
    expect(leads.rows[6]?.timezone).toBe('America/St_Thomas');
  });

  it('puts back the zeros of a US Virgin Islands ZIP code in a list of the islands, which then names their clock', async () => {
    const campaignId = (await createCampaign(pool, { name: `sheet-${Math.random()}`, timezone: 'America/New_York', seedDispositions: false })).id;
    await ensureList(pool, { campaignId, name: 'spring', defaultRegion: 'VI' });
    // Charlotte Amalie and Christiansted ZIPs as a spreadsheet saves them; Wu's mobile is from New York.
    const { status } = await uploadAndWait(api, campaignId, 'first_name=First,phone=Phone,postal_code=Zip', 'First,Phone,Zip\r\nVi,3407745555,802\r\nWu,2125550107,820\r\n');
    expect(status).toMatchObject({ status: 'done', imported: 2, invalid: 0 });
    const leads = await pool.query<{ first_name: string; postal_code: string; timezone: string; timezone_source: string; zones: string[] }>(
      'SELECT first_name, postal_code, timezone, timezone_source, other_time_zones AS zones FROM leads WHERE campaign_id = $1 ORDER BY id', [campaignId]);
    expect(leads.rows.map((l) => [l.first_name, l.postal_code, l.timezone, l.timezone_source])).toEqual([
      ['Vi', '00802', 'America/St_Thomas', 'postal_code'], ['Wu', '00820', 'America/St_Thomas', 'postal_code'],
    ]);
    expect(leads.rows[1]?.zones).toEqual(['America/New_York']);
  });
});
