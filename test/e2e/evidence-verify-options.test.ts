// `outpace evidence verify --batch`: a value that is no whole number above 0 is refused naming the
// option, before anything connects, not read as far as its digits go ("5k" as 5 links a batch).

import { describe, expect, it } from 'vitest';
import { runOutpace } from '../helpers/outpace-cli.js';

describe('outpace evidence verify --batch', () => {
  it('refuses a batch that is no whole number above 0, naming the option', async () => {
    // Nothing answers at this database: a batch taken as good would fail on connecting.
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' };
    for (const batch of ['5k', '2.5', '0', '1e3x']) {
      const run = await runOutpace(['evidence', 'verify', '--batch', batch], env);
      expect({ code: run.code, stderr: run.stderr }, batch).toEqual({
        code: 1, stderr: `error: option '--batch <n>' argument '${batch}' is invalid. expected a whole number above 0\n(add --help for usage)\n`,
      });
    }
  }, 60_000);
});
