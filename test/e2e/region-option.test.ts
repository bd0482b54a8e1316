// `outpace import` and `outpace dnc import` refuse a region with no numbering plan before reading
// anything: a list stored under UK (for GB) would read every national number as not a number, and
// a DNC file read so would add none of them.

import { describe, expect, it } from 'vitest';
import { runOutpace, type OutpaceRun } from '../helpers/outpace-cli.js';

const outpace = (...args: string[]): Promise<OutpaceRun> => runOutpace(args);

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
