// A campaign's live answers, abandons and machine answers before a cut-off, grouped into
// stretches the core's abandon ledger is seeded with when an engine takes the campaign on.

import type { AbandonHistoryBucket } from '../../core/compliance/abandon-ledger.js';
import type { Queryable } from './pool.js';

export interface AbandonHistoryQuery {
  campaignId: string;
  /** Inclusive: the start of the regime window. */
  from: Date;
  /** Exclusive: when the engine took the campaign on (what follows it records itself). */
  to: Date;
  /** Stretch width before `fineFrom`: the ledger's bucket. */
  bucketMs: number;
  /** From here on, `fineBucketMs` wide stretches: the last quarter hour is counted finely. */
  fineFrom: Date;
  fineBucketMs: number;
}

/** A live answer counts at its live time; a machine answer (no live time) at its answer time.
 * `created_at` bounds the scan to the campaign's index: no call lasts an hour before answering. */
export async function abandonHistory(db: Queryable, q: AbandonHistoryQuery): Promise<AbandonHistoryBucket[]> {
  const result = await db.query<{ at_ms: number; live: number; abandoned: number; machine: number }>(
    `WITH events AS (
       SELECT coalesce(live_at, answered_at) AS at, live_at IS NOT NULL AS live,
              live_at IS NOT NULL AND abandoned AS abandoned, live_at IS NULL AND outcome = 'machine' AS machine
       FROM attempts
       WHERE campaign_id = $1 AND created_at >= $2::timestamptz - interval '1 hour' AND created_at < $3
         AND coalesce(live_at, answered_at) >= $2 AND coalesce(live_at, answered_at) < $3
         AND (live_at IS NOT NULL OR outcome = 'machine')
     ), stretched AS (
       SELECT *, CASE WHEN at >= $4 THEN $5 ELSE $6 END::float8 AS width FROM events
     )
     SELECT (floor(extract(epoch FROM at) * 1000 / width) * width)::float8 AS at_ms,
            count(*) FILTER (WHERE live)::int AS live, count(*) FILTER (WHERE abandoned)::int AS abandoned,
            count(*) FILTER (WHERE machine)::int AS machine
     FROM stretched GROUP BY 1 ORDER BY 1`,
    [q.campaignId, q.from, q.to, q.fineFrom, q.fineBucketMs, q.bucketMs],
  );
  return result.rows.map((row) => ({ atMs: Number(row.at_ms), live: row.live, abandoned: row.abandoned, machine: row.machine }));
}
