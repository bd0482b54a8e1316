// The node's write spool (runtime/write-spool.ts), opened at start: what a previous run left in it
// is said, and so are other node ids' spools still holding writes (a node restarted under another
// NODE_ID leaves its writes for that id).

import type { Logger } from 'pino';
import { ConfigError } from '../config/config-error.js';
import { otherNodesSpools, WriteSpool } from '../runtime/write-spool.js';

/** The spool in `dir` for `nodeId`, or null when `dir` is '' (no spool: writes given up are lost). */
export async function openNodeSpool(dir: string, nodeId: string, logger: Logger): Promise<WriteSpool | null> {
  if (dir === '') return null;
  const { spool, unreadable } = await WriteSpool.open(dir, nodeId).catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError('CONFIG_INVALID', [{
      path: 'engine.writeSpoolDir',
      message: `"${dir}" cannot be used (${error.code ?? error.message}): set WRITE_SPOOL_DIR to a directory this node may write, or to '' to keep no spool (writes the database does not take in time are then lost)`,
    }]);
  });
  if (spool.size > 0) logger.warn({ waiting: spool.size, spool: spool.file }, 'writes a previous run kept in the spool are written to the database now');
  if (unreadable > 0) logger.error({ unreadable, spool: spool.file }, 'lines of the write spool could not be read (a run stopped while writing them); those records are lost');
  for (const file of await otherNodesSpools(dir, nodeId)) {
    logger.warn({ spool: file }, "another node id's spool holds writes; start a node with that NODE_ID to write them");
  }
  return spool;
}
