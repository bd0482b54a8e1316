// `outpace import` into a campaign that does not exist says so, as the API does, rather than
// showing the database's refusal; nothing is created.

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestPool, testDatabaseUrl } from '../../helpers/db.js';
import { outpaceNodeArgs } from '../../helpers/outpace-cli.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const run = promisify(execFile);
const pool = createTestPool(1);
const dir = mkdtempSync(join(tmpdir(), 'outpace-missing-campaign-'));

afterAll(async () => {
  await pool.end();
  rmSync(dir, { recursive: true, force: true });
});

describe('outpace import into a campaign that does not exist', () => {
  it('fails naming the campaign, and makes no list', async () => {
    const file = join(dir, 'leads.csv');
    writeFileSync(file, 'Phone\n+12125550100\n');
    const failed = await run(process.execPath, outpaceNodeArgs(['import', file, '--campaign', '999998', '--list', 'x', '--map', 'phone=Phone']), {
      cwd: root, env: { ...process.env, DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: 'silent' },
    }).then(() => null, (error: unknown) => error as { code?: number; stderr?: string });
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('campaign 999998 does not exist');
    expect(failed?.stderr).not.toContain('fkey');
    expect((await pool.query('SELECT 1 FROM lists WHERE campaign_id = 999998')).rowCount).toBe(0);
  }, 60_000);
});
