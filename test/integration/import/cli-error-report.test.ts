// `outpace import --errors <file>` writes the error report for the person who ran the import to
// open in a spreadsheet, as the pages' download button gives it: UTF-8 after a byte order mark, so
// that Excel shows the accented column names and values in it right. `--no-bom` leaves the mark
// out for a script that reads the header as plain UTF-8.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/adapters/pg/campaign-repository.js';
import { createTestPool, testDatabaseUrl, truncateTables } from '../../helpers/db.js';
import { runOutpace } from '../../helpers/outpace-cli.js';

const pool = createTestPool(1);
const dir = mkdtempSync(join(tmpdir(), 'outpace-cli-errors-'));
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const env = { ...process.env, DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: 'silent' };

afterAll(async () => {
  await pool.end();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => truncateTables(pool, ['campaigns', 'lead_imports']));

/** Imports a file with one bad number in its accented phone column, ending in a CRM report's
 * footer (skipped, said in the summary, in no report); the report's bytes. */
async function importWithReport(...options: string[]): Promise<Buffer> {
  const campaignId = (await createCampaign(pool, { name: `cli-${Math.random()}`, timezone: 'Europe/Paris', seedDispositions: false })).id;
  const file = join(dir, 'leads.csv');
  const report = join(dir, `report-${campaignId}.csv`);
  writeFileSync(file, 'Id,Prénom,Téléphone\nC1,Zoë,2125550101\nC2,José,pas de numéro\n\n"Grand Totals (2 records)"\n\n'
    + '"Confidential Information - Do Not Distribute"\n"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n');
  const ran = await runOutpace(['import', file, '--campaign', campaignId, '--list', 'printemps', '--map', 'external_id=Id,first_name=Prénom,phone=Téléphone', '--errors', report, '--no-progress', ...options], env);
  expect(ran.code, ran.stderr).toBe(0);
  expect(ran.stdout).toContain('read 2, imported 1, duplicates 0, invalid 1');
  expect(ran.stdout).toContain("the last 3 rows are a report's footer (totals, confidentiality and copyright lines): skipped");
  return readFileSync(report);
}

describe('outpace import --errors', () => {
  it('writes the report with a byte order mark, as the download buttons do, for Excel to show accents right', async () => {
    const report = await importWithReport();
    expect(report.subarray(0, 3)).toEqual(BOM);
    expect(report.subarray(3).toString('utf8')).toBe('row,column,reason\n3,,row rejected: no valid phone number\n3,Téléphone,phone ignored: not a phone number\n');
  }, 60_000);

  it('leaves the mark out with --no-bom, for scripts', async () => {
    const report = await importWithReport('--no-bom');
    expect(report.subarray(0, 17).toString('utf8')).toBe('row,column,reason');
  }, 60_000);

  it('says so in its help', async () => {
    const help = await runOutpace(['import', '--help'], env);
    expect(help.stdout).toContain('--no-bom');
    expect(help.stdout).toMatch(/byte order mark/);
  }, 60_000);
});
