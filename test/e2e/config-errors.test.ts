// A bad configuration as an operator meets it: `outpace serve` and `outpace migrate` stop before
// they connect to anything, with a non-zero exit and one line naming the key, and the environment
// variable when one gave the value.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOutpace, type OutpaceRun } from '../helpers/outpace-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'outpace-config-errors-'));

async function outpace(env: Record<string, string>, ...args: string[]): Promise<Pick<OutpaceRun, 'code' | 'stderr'>> {
  // Nothing answers at this database: a configuration taken as good would fail on connecting.
  const base = { PATH: process.env.PATH ?? '', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' };
  const { code, stderr } = await runOutpace(args, { ...base, ...env });
  return { code, stderr };
}

describe('a bad configuration at the command line', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the variable of a bad value from the environment, and what a number must be', async () => {
    const [fraction, word] = await Promise.all([
      outpace({ MAX_DIALS_PER_SECOND: '2.5' }, 'migrate'),
      outpace({ HTTP_PORT: 'eighty' }, 'serve', '--no-migrate'),
    ]);
    expect(fraction).toEqual({ code: 1, stderr: 'outpace: config: engine.maxDialsPerSecond (MAX_DIALS_PER_SECOND): expected a whole number\n' });
    expect(word).toEqual({ code: 1, stderr: 'outpace: config: http.port (HTTP_PORT): expected number\n' });
  }, 60_000);

  it('names the key of a bad value or an unknown key in the file OUTPACE_CONFIG names', async () => {
    const file = join(dir, 'outpace.yaml');
    writeFileSync(file, 'http:\n  port: "8080"\nengin:\n  tickMs: 100\n');
    expect(await outpace({ OUTPACE_CONFIG: file }, 'migrate'))
      .toEqual({ code: 1, stderr: 'outpace: config: http.port: expected number; config: unknown key engin\n' });
  }, 60_000);
});
