// How long the CRM webhook bodies delivered are kept: a disposition's names the person, holds
// their number, custom fields and the agent's notes, a copy the CRM has taken. Once delivered it
// serves only to look back at what was sent, so it goes after the retention (storage
// limitation). Pending and failed ones stay (a failed one waits for a manager to send it again),
// and so do erasure notices, which hold ids only and say the CRM was told of an erasure once.

import type { Queryable } from './pool.js';

/** Rows one statement deletes at most: short statements keep locks and WAL bursts small. */
const pruneBatch = 5_000;

/** Deletes the deliveries delivered before `before`, but erasure notices, a batch at a time; returns how many. */
export async function pruneDeliveredWebhooks(db: Queryable, before: Date, batch = pruneBatch): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await db.query(
      `DELETE FROM webhook_deliveries WHERE id IN (
         SELECT id FROM webhook_deliveries WHERE status = 'delivered' AND event <> 'lead_erased' AND delivered_at < $1 ORDER BY delivered_at LIMIT $2)`,
      [before, batch]);
    const deleted = result.rowCount ?? 0;
    total += deleted;
    if (deleted < batch) return total;
  }
}
