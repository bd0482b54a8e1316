// The `outpace` command run as a user runs it, from the repository's root in a process of its
// own: its exit code and what it wrote, whether it succeeded or not.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { inject } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

export interface OutpaceRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** What node runs for `outpace <args>`: the command built for this run (test/cli-build.ts), or the
 * sources under tsx where no build was made (a file run outside the services project). */
export function outpaceNodeArgs(args: readonly string[]): string[] {
  const built = inject('outpaceCli') as string | undefined;
  return built ? [built, ...args] : ['--import', 'tsx', 'src/cli/main.ts', ...args];
}

/** Runs `outpace <args>`; `env` is the whole environment when given (the test's own otherwise). */
export async function runOutpace(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<OutpaceRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, outpaceNodeArgs(args), { cwd: root, env: env ?? process.env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
