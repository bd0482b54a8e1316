// `outpace dnc import <file>` as a user runs it: the line that says what the file gave (read,
// added, already listed, invalid), the column the numbers were read from, the first lines that are
// not numbers, and a CRM report's footer ending the file skipped and said so.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestPool, testDatabaseUrl, truncateTables } from '../../helpers/db.js';
import { runOutpace } from '../../helpers/outpace-cli.js';

const pool = createTestPool(1);
const dir = mkdtempSync(join(tmpdir(), 'outpace-cli-dnc-'));
const env = { ...process.env, DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: 'silent' };

afterAll(async () => {
  await pool.end();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => truncateTables(pool, ['dnc_entries', 'evidence_log']));

/** Writes `text` as the file `name`, imports it onto the global list as crm-opt-outs, and gives the lines the command wrote. */
async function importFile(name: string, text: string): Promise<string[]> {
  const file = join(dir, name);
  writeFileSync(file, text);
  const ran = await runOutpace(['dnc', 'import', file, '--name', 'crm-opt-outs'], env);
  expect(ran.code, ran.stderr).toBe(0);
  return ran.stdout.split('\n');
}

describe('outpace dnc import', () => {
  it("says what the file gave in one line, and skips a Salesforce report's footer, said apart", async () => {
    await pool.query("INSERT INTO dnc_entries (campaign_id, e164, source) VALUES (NULL, '+12125550101', 'api')");
    const lines = await importFile('opt-outs.csv', '"Phone","Full Name"\n"(212) 555-0100","Ann Lee"\n"212-555-0101","Bo Roy"\n"12","Cy Day"\n\n"Grand Totals (3 records)"\n\n'
      + '"Confidential Information - Do Not Distribute"\n"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n');
    expect(lines).toEqual([
      'numbers read from column "Phone"',
      'read 3, added 1, already listed 1, invalid 1',
      "  the last 3 lines are a report's footer (totals, confidentiality and copyright lines): skipped",
      '  line 4: "12" (not a valid number for US: too short for a number of country code +1)',
      '',
    ]);
    const listed = await pool.query<{ e164: string; reason: string | null }>('SELECT e164, reason FROM dnc_entries ORDER BY e164');
    expect(listed.rows).toEqual([{ e164: '+12125550100', reason: 'list crm-opt-outs' }, { e164: '+12125550101', reason: null }]);
  }, 60_000);

  it('skips the footer saved without its quotes, the copyright line split at its comma into two cells', async () => {
    const lines = await importFile('opt-outs-unquoted.csv', 'Phone,Full Name\n(212) 555-0120,Ann Lee\n212-555-0121,Bo Roy\n\nGrand Totals (2 records)\n\n'
      + 'Confidential Information - Do Not Distribute\nCopyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\n');
    expect(lines).toEqual([
      'numbers read from column "Phone"',
      'read 2, added 2, already listed 0, invalid 0',
      "  the last 3 lines are a report's footer (totals, confidentiality and copyright lines): skipped",
      '',
    ]);
  }, 60_000);

  it('says a campaign that does not exist, or an expiry passed, rather than load a list that blocks nothing', async () => {
    const file = join(dir, 'to-missing.txt');
    writeFileSync(file, '(212) 555-0130\n');
    const missing = await runOutpace(['dnc', 'import', file, '--campaign', '987654321'], env);
    expect([missing.code, missing.stderr.trim()]).toEqual([1, 'outpace: campaign 987654321 does not exist']);
    const stale = await runOutpace(['dnc', 'import', file, '--expires', '2020-01-01T00:00:00Z'], env);
    expect([stale.code, stale.stderr.trim()]).toEqual([1, 'outpace: expiresAt 2020-01-01T00:00:00.000Z has passed: give a time to come, or none for an entry that does not expire']);
    expect((await pool.query('SELECT 1 FROM dnc_entries')).rowCount).toBe(0);
  }, 60_000);
});
