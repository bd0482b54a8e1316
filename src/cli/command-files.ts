// The files a command reads and writes, checked before it connects or changes anything: a path
// mistyped is said in words with the file named ("cannot read the leads file x.csv: no such
// file"), not as a Node error code or a stack trace after part of the work is done.

import { constants } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileProblem } from '../config/file-problem.js';

/** The size of a file the command will read; refused, naming it as `what`, when it cannot be read. */
export async function readableFile(path: string, what: string): Promise<number> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    await (await open(path, 'r')).close();
    return info.size;
  } catch (error) {
    throw new Error(`cannot read the ${what} ${path}: ${fileProblem(error)}`);
  }
}

/** Refuses, naming it as `what`, a file the command could not write: its directory missing or
 * closed to this user, or the path a directory. */
export async function writableFilePath(path: string, what: string): Promise<void> {
  try {
    const info = await stat(path).catch((error: unknown) => ((error as { code?: unknown }).code === 'ENOENT' ? null : Promise.reject(error)));
    if (info?.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    await access(info ? path : dirname(path), constants.W_OK);
  } catch (error) {
    const problem = (error as { code?: unknown }).code === 'ENOENT' ? 'no such directory' : fileProblem(error);
    throw new Error(`cannot write the ${what} ${path}: ${problem}`);
  }
}
