// `outpace import` and `outpace dnc import` say a mistyped path in words, naming the file, before
// they connect or import anything: not a Node error code, nor a stack trace from a stream.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOutpace } from '../../helpers/outpace-cli.js';
import { testDatabaseUrl } from '../../helpers/db.js';
import { testRedisUrl } from '../../helpers/redis.js';

const dir = mkdtempSync(join(tmpdir(), 'outpace-command-files-'));
const leads = join(dir, 'leads.csv');
writeFileSync(leads, 'Phone\n2125550111\n');
const missing = join(dir, 'nope.csv');

const outpace = (args: string[]) => runOutpace(args, { ...process.env, DATABASE_URL: testDatabaseUrl(), REDIS_URL: testRedisUrl() });

describe('files named on the command line', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('dnc import names a file of numbers that is not there, without a stack trace', async () => {
    const run = await outpace(['dnc', 'import', missing]);
    expect(run).toMatchObject({ code: 1, stderr: `outpace: cannot read the file of numbers ${missing}: no such file\n` });
  }, 60_000);

  it('import names a leads file or a mapping file that is not there', async () => {
    const noLeads = await outpace(['import', missing, '--campaign', '1', '--list', 'x', '--map', 'phone=Phone']);
    expect(noLeads).toMatchObject({ code: 1, stderr: `outpace: cannot read the leads file ${missing}: no such file\n` });
    const noMapping = await outpace(['import', leads, '--campaign', '1', '--list', 'x', '--mapping', join(dir, 'map.yaml')]);
    expect(noMapping).toMatchObject({ code: 1, stderr: `outpace: cannot read the mapping file ${join(dir, 'map.yaml')}: no such file\n` });
  }, 60_000);

  it('import refuses an error report it could not write before it imports anything', async () => {
    const report = join(dir, 'no-such-dir', 'errors.csv');
    const run = await outpace(['import', leads, '--campaign', '1', '--list', 'x', '--map', 'phone=Phone', '--errors', report]);
    expect(run).toMatchObject({ code: 1, stdout: '', stderr: `outpace: cannot write the error report ${report}: no such directory\n` });
  }, 60_000);

  it('import and dnc import take a campaign id that is a number', async () => {
    for (const args of [['import', leads, '--list', 'x', '--map', 'phone=Phone'], ['dnc', 'import', leads]]) {
      const run = await outpace([...args, '--campaign', 'spring']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("option '--campaign <id>' argument 'spring' is invalid. expected a campaign id (a number)");
    }
  }, 60_000);
});
