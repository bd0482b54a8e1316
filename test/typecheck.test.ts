// Tests run through a transpiler that ignores types; this makes the strict type check part of
// the suite, so a type error fails CI.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('typecheck', () => {
  it('compiles the whole project under strict TypeScript without errors', async () => {
    const run = promisify(execFile);
    const result = await run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'], { maxBuffer: 16 * 1024 * 1024 })
      .then(() => '', (error: { stdout?: string }) => error.stdout ?? String(error));
    expect(result).toBe('');
  }, 180_000);
});
