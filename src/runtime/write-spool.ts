// Writes of the record that the database did not take in time, kept on disk in order until it
// does: one JSON line each, in a file of the node's own, so that they outlive a database outage of
// any length and a restart of the node (with the same NODE_ID). While the spool holds anything,
// later writes join its end rather than overtaking it, so what happened to a call is written in
// the order it happened.

import { appendFile, mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One write as kept: which write, with its arguments (dates kept as dates). */
export interface SpooledWrite {
  write: string;
  args: unknown[];
}

/** A date, tagged so that it reads back as one (JSON would leave a string). */
interface TaggedDate {
  $date: string;
}

function encode(entry: SpooledWrite): string {
  return JSON.stringify(entry, function (this: Record<string, unknown>, key, value: unknown) {
    const original = this[key];
    return original instanceof Date ? { $date: original.toISOString() } satisfies TaggedDate : value;
  });
}

function decode(line: string): SpooledWrite {
  return JSON.parse(line, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && Object.keys(value).length === 1 && typeof (value as TaggedDate).$date === 'string') {
      return new Date((value as TaggedDate).$date);
    }
    return value;
  }) as SpooledWrite;
}

/** A node's own file in `dir` (its id made safe for a file name): `kind-<id>.ext`. */
export const nodeFileOf = (dir: string, nodeId: string, kind: string, ext: string): string => join(dir, `${kind}-${nodeId.replace(/[^\w.-]/g, '_')}.${ext}`);

/** The spool file of a node in `dir`. */
export const spoolFileOf = (dir: string, nodeId: string): string => nodeFileOf(dir, nodeId, 'writes', 'jsonl');

export class WriteSpool {
  private entries: SpooledWrite[] = [];
  /** File operations one after another: an append never races a rewrite. */
  private chain: Promise<void> = Promise.resolve();

  private constructor(readonly file: string) {}

  /** The spool in `file`, with what a previous run left in it. A line that does not read back
   * (the run died writing it) is left out and counted. */
  static async open(dir: string, nodeId: string): Promise<{ spool: WriteSpool; unreadable: number }> {
    await mkdir(dir, { recursive: true });
    const spool = new WriteSpool(spoolFileOf(dir, nodeId));
    let unreadable = 0;
    const text = await readFile(spool.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        spool.entries.push(decode(line));
      } catch {
        unreadable += 1;
      }
    }
    return { spool, unreadable };
  }

  /** Writes waiting; while there are any, new writes join the end. */
  get size(): number {
    return this.entries.length;
  }

  /** The oldest write waiting, or undefined. */
  first(): SpooledWrite | undefined {
    return this.entries[0];
  }

  /** Keeps a write at the end, on disk before this resolves. */
  async append(entry: SpooledWrite): Promise<void> {
    const line = `${encode(entry)}\n`;
    await this.serially(async () => {
      await appendFile(this.file, line, 'utf8');
      this.entries.push(decode(line));
    });
  }

  /** The oldest write is in the database: it leaves the spool at once, and the file is rewritten
   * whole, then swapped in, so a crash leaves the old file or the new one (a rewrite that fails
   * leaves the old one, put right by the next). */
  async dropFirst(): Promise<void> {
    await this.serially(async () => {
      this.entries.shift();
      const temporary = `${this.file}.next`;
      await writeFile(temporary, this.entries.map((entry) => `${encode(entry)}\n`).join(''), 'utf8');
      await rename(temporary, this.file);
    });
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const run = this.chain.then(work);
    this.chain = run.catch(() => undefined);
    return run;
  }
}

/** The spool files in `dir` of other node ids that still hold writes: a node restarted under
 * another NODE_ID leaves them there for that id to write. */
export async function otherNodesSpools(dir: string, nodeId: string): Promise<string[]> {
  const own = spoolFileOf(dir, nodeId);
  const names = await readdir(dir).catch(() => []);
  const files = names.filter((name) => /^writes-.+\.jsonl$/.test(name)).map((name) => join(dir, name)).filter((file) => file !== own);
  const holding = await Promise.all(files.map(async (file) => ((await stat(file)).size > 0 ? file : null)));
  return holding.filter((file): file is string => file !== null);
}
