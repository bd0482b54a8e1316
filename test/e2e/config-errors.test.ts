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

  it('names the key of a bad value or an unknown key, and the file OUTPACE_CONFIG names it is in', async () => {
    const file = join(dir, 'outpace.yaml');
    writeFileSync(file, 'http:\n  port: "8080"\nengin:\n  tickMs: 100\nengine:\n  bogusKey: 1\n');
    expect(await outpace({ OUTPACE_CONFIG: file }, 'migrate')).toEqual({
      code: 1,
      stderr: `outpace: config: http.port (in ${file}): expected number; config: engine (in ${file}): unknown key bogusKey; config: unknown key engin (in ${file})\n`,
    });
  }, 60_000);

  it('says of a bad value the environment gives over the file its variable, not the file', async () => {
    const file = join(dir, 'port.yaml');
    writeFileSync(file, 'http:\n  port: 8080\n');
    expect(await outpace({ OUTPACE_CONFIG: file, HTTP_PORT: '0' }, 'migrate'))
      .toEqual({ code: 1, stderr: 'outpace: config: http.port (HTTP_PORT): must be a whole number from 1 to 65535; got 0\n' });
  }, 60_000);

  it('tells `outpace doctor` which file holds the bad value to correct', async () => {
    const file = join(dir, 'doctor.yaml');
    writeFileSync(file, 'engine:\n  maxDialsPerSecond: -3\n');
    const { code, stdout } = await runOutpace(['doctor'], { PATH: process.env.PATH ?? '', OUTPACE_CONFIG: file, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(code).toBe(1);
    expect(stdout).toContain(`✗ configuration: config: engine.maxDialsPerSecond (in ${file}): must be a whole number from 0 to 1000; got -3: correct the value in the file or the environment variable named\n`);
  }, 60_000);
});
