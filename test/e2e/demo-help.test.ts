// `outpace demo --help` names the pacing modes `--mode` takes, as the README's flag table does: a
// newcomer reading the help learns the choices without a refused run first.

import { describe, expect, it } from 'vitest';
import { runOutpace } from '../helpers/outpace-cli.js';

describe('outpace demo --help', () => {
  it('names each pacing mode --mode takes', async () => {
    const help = await runOutpace(['demo', '--help']);
    expect(help.code).toBe(0);
    // commander wraps the description: read it as one line.
    const mode = /--mode <mode>([\s\S]*?)\n\s+--/.exec(help.stdout)?.[1]?.replace(/\s+/g, ' ') ?? '';
    expect(mode).toMatch(/progressive, power \(dial level 1\.5\) or predictive/);
  }, 60_000);
});
