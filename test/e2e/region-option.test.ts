// `outpace import` and `outpace dnc import` refuse a region with no numbering plan before reading
// anything: a list stored under UK (for GB) would read every national number as not a number, and
// a DNC file read so would add none of them.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

async function outpace(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? '' };
  }
}

describe('--region', () => {
  it.each([
    [['import', 'leads.csv', '--campaign', '1', '--list', 'uk', '--region', 'UK']],
    [['dnc', 'import', 'numbers.txt', '--region', 'uk']],
  ])('%j is refused with the option named', async (args) => {
    const ran = await outpace(...args);
    expect(ran.code).not.toBe(0);
    expect(ran.stderr).toContain("option '--region <code>' argument");
    expect(ran.stderr).toContain('expected an ISO 3166 region with a phone numbering plan, such as US, GB (not UK) or CN');
  });
});
