// Callbacks due now per campaign, for the metrics gauge (overdue ones: callback-follow-up.ts).

import type { Queryable } from './pool.js';

/** Open callbacks whose time has come (marked due, or pending past their due time). */
export async function countDueCallbacks(db: Queryable, now: Date): Promise<Map<string, number>> {
  const result = await db.query<{ campaign_id: string; n: number }>(
    `SELECT campaign_id, count(*)::int AS n FROM callbacks
     WHERE status = 'due' OR (status = 'pending' AND due_at <= $1) GROUP BY campaign_id`,
    [now],
  );
  return new Map(result.rows.map((r) => [String(r.campaign_id), r.n]));
}
