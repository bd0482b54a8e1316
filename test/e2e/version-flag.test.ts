// `outpace --version` names the release that runs, as package.json gives it: the first thing asked
// in a bug report and checked after a deploy (it was refused as an unknown option).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runOutpace } from '../helpers/outpace-cli.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('outpace --version', () => {
  it('prints the release, and the help lists the flag', async () => {
    const [long, short, help] = await Promise.all([runOutpace(['--version']), runOutpace(['-V']), runOutpace(['--help'])]);
    expect(long).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(short).toEqual(long);
    expect(help.stdout).toMatch(/-V, --version\s+print the release of outpace/);
  }, 60_000);
});
