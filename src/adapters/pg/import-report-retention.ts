// How long an import's error report is kept: its rows quote the rows the import refused, names and
// numbers included, which serve only to mend and load the file again, soon after the import. The
// hourly housekeeping job deletes them the retention after the import finished (storage
// limitation); the import's counts stay, and it is marked, so that its report is said to be
// deleted rather than shown empty as if nothing was refused.

import { withTransaction, type Pool } from './pool.js';

/** Imports whose report one transaction deletes at most: short ones keep locks and WAL bursts small. */
const pruneBatch = 200;

/** Deletes the error report rows of the imports finished before `before`, marking each import's
 * report deleted at `at`, a batch of imports at a time; returns how many rows went. */
export async function pruneImportErrorReports(pool: Pool, input: { before: Date; at: Date }, batch = pruneBatch): Promise<{ imports: number; rows: number }> {
  const total = { imports: 0, rows: 0 };
  for (;;) {
    const done = await withTransaction(pool, async (client) => {
      const marked = await client.query<{ id: string }>(
        `UPDATE lead_imports SET errors_deleted_at = $2 WHERE id IN (
           SELECT id FROM lead_imports WHERE errors_deleted_at IS NULL AND finished_at < $1 ORDER BY finished_at LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING id`,
        [input.before, input.at, batch]);
      const ids = marked.rows.map((row) => row.id);
      const deleted = ids.length === 0 ? { rowCount: 0 } : await client.query('DELETE FROM lead_import_errors WHERE import_id = ANY($1::uuid[])', [ids]);
      return { imports: ids.length, rows: deleted.rowCount ?? 0 };
    });
    total.imports += done.imports;
    total.rows += done.rows;
    if (done.imports < batch) return total;
  }
}
