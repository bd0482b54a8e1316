// The `outpace` command as the tests run it in processes of their own: the sources compiled once
// per run to plain JavaScript, as `npm run build` makes them (each module on its own, beside the
// others as under src/), rather than compiled again by tsx in every process, which cost each one
// several seconds more to start than the command itself takes (twice that on a loaded machine).
// The build sits one level below the repository's root, as dist/ does, so what the command finds
// beside its sources (config/default.yaml, the migrations, the web pages) it finds there too.

import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

export interface CliBuild {
  /** The command's entry point. */
  main: string;
  remove(): Promise<void>;
}

export async function buildOutpaceCli(root: string): Promise<CliBuild> {
  await removeBuildsOfEndedRuns(root);
  const outdir = join(root, `.test-build-${process.pid}`);
  const src = join(root, 'src');
  const entryPoints = readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts')).map((file) => join(src, file));
  await build({ entryPoints, outdir, outbase: src, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
  return { main: join(outdir, 'cli', 'main.js'), remove: () => rm(outdir, { recursive: true, force: true }) };
}

/** A run killed before its teardown leaves its build behind: gone once its process is. */
async function removeBuildsOfEndedRuns(root: string): Promise<void> {
  for (const entry of readdirSync(root)) {
    const pid = /^\.test-build-(\d+)$/.exec(entry)?.[1];
    if (pid !== undefined && !processRuns(Number(pid))) await rm(join(root, entry), { recursive: true, force: true });
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
