// How long the CRM webhook bodies delivered are kept: a disposition's names the person, holds
// their number, custom fields and the agent's notes, a copy the CRM has taken. Once delivered it
// serves only to look back at what was sent, so it goes after the retention (storage
// limitation). Pending ones stay, and so do erasure notices, which hold ids only and say the CRM
// was told of an erasure once (a failed one must still reach it). A failed one waits for a manager
// to send it again, but not for ever: its body goes the same retention after its last try, the
// row staying (event, URL, tries, the last refusal) so that operators still see it failed.

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

/** Deletes the bodies of the deliveries that failed for good with their last try before `before`,
 * but erasure notices', a batch at a time, marking each deleted at `at`; returns how many. Such a
 * delivery is no longer sent again (reopenWebhookDelivery). */
export async function pruneFailedWebhookBodies(db: Queryable, input: { before: Date; at: Date }, batch = pruneBatch): Promise<number> {
  let total = 0;
  for (;;) {
    const result = await db.query(
      `UPDATE webhook_deliveries SET payload = NULL, payload_deleted_at = $2 WHERE id IN (
         SELECT id FROM webhook_deliveries WHERE status = 'failed' AND payload IS NOT NULL AND event <> 'lead_erased' AND last_try_at < $1
         ORDER BY last_try_at LIMIT $3)
       AND status = 'failed'`,
      [input.before, input.at, batch]);
    const cleared = result.rowCount ?? 0;
    total += cleared;
    if (cleared < batch) return total;
  }
}
