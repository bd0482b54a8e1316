// The directories `outpace serve` writes to: the write spool (engine.writeSpoolDir) and the upload
// directory (engine.uploadDir). serve stops at start on a spool it cannot use, and a list upload
// fails on an upload directory it cannot write; the doctor says so first, without making either:
// a directory still to be made is judged by the nearest one above it that is there.

import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import type { Finding } from './doctor-checks.js';

type Judged = { ok: true; path: string; exists: boolean } | { ok: false; path: string; problem: string };

const problems: Readonly<Record<string, string>> = { EACCES: 'permission denied', EROFS: 'a read-only file system', EPERM: 'not permitted' };

function codeOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code ?? (error instanceof Error ? error.message : String(error));
}

/** Whether this process could make (if need be) and write the directory `dir`. */
async function judgeDirectory(dir: string): Promise<Judged> {
  const path = resolve(dir);
  let probe = path;
  for (;;) {
    try {
      if (!(await stat(probe)).isDirectory()) {
        return { ok: false, path, problem: probe === path ? 'it is a file, not a directory' : `${probe} is a file, not a directory` };
      }
      await access(probe, constants.W_OK | constants.X_OK);
      return { ok: true, path, exists: probe === path };
    } catch (error: unknown) {
      const code = codeOf(error);
      // Not there, or a file on the way to it (ENOTDIR): judged by what is above.
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(probe) !== probe) {
        probe = dirname(probe);
        continue;
      }
      const said = problems[code] ?? code;
      return { ok: false, path, problem: probe === path ? said : `${probe}: ${said}` };
    }
  }
}

function lineFor(judged: Judged, dir: string, fix: string): Pick<Finding, 'state' | 'line'> {
  const where = judged.path === dir ? `"${dir}"` : `"${dir}" (${judged.path})`;
  if (!judged.ok) return { state: 'failed', line: `${where} cannot be used (${judged.problem}): ${fix}` };
  return { state: 'ok', line: judged.exists ? `${judged.path} can be written` : `${judged.path} will be made at start (not there yet)` };
}

export async function checkWriteSpool(dir: string): Promise<Finding> {
  const name = 'write spool';
  if (dir === '') {
    return { name, state: 'skipped', line: "none (WRITE_SPOOL_DIR, engine.writeSpoolDir, is ''): writes the database does not take in time are lost" };
  }
  const fix = "set WRITE_SPOOL_DIR (engine.writeSpoolDir) to a directory this node may write, or to '' to keep no spool";
  return { name, ...lineFor(await judgeDirectory(dir), dir, fix) };
}

export async function checkUploadDir(dir: string): Promise<Finding> {
  const fix = 'set UPLOAD_DIR (engine.uploadDir) to a directory this node may write';
  return { name: 'upload directory', ...lineFor(await judgeDirectory(dir), dir, fix) };
}

/** Both directories of the node's configuration, spool first. */
export function checkDirectories(engine: Config['engine']): Promise<Finding[]> {
  return Promise.all([checkWriteSpool(engine.writeSpoolDir), checkUploadDir(engine.uploadDir)]);
}
