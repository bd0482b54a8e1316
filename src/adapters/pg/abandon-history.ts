// A campaign's live answers, abandons and machine answers before a cut-off, grouped into
// stretches the core's abandon ledger is seeded with when an engine takes the campaign on.

import { ledgerBucketMs, quarterHourBucketMs, quarterHourMs, type AbandonHistoryBucket } from '../../core/compliance/abandon-ledger.js';
import { regimeRules, type AbandonRegime } from '../../core/compliance/abandon-regime.js';
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
  /** Only regimes that count AMD false positives need machine answers. */
  withMachines: boolean;
}

/**
 * Live answers count at their live time and are read through the live-answer index, so a 30-day
 * window costs the live answers in it, not every dial. A call that reached no person (an answering
 * machine the agent left the message on, a disposition that says so) is no live answer. Machine
 * answers (no live time) count at
 * their answer time; they are read only when asked for, over the campaign's dials of the window
 * (24 hours where they are counted; no call rings for an hour before it is answered).
 */
export async function abandonHistory(db: Queryable, q: AbandonHistoryQuery): Promise<AbandonHistoryBucket[]> {
  const result = await db.query<{ at_ms: number; live: number; abandoned: number; machine: number }>(
    `WITH events AS (
       SELECT live_at AS at, true AS live, abandoned, false AS machine
       FROM attempts WHERE campaign_id = $1 AND live_at >= $2 AND live_at < $3 AND NOT no_person
       UNION ALL
       SELECT answered_at, false, false, true
       FROM attempts
       WHERE $7 AND campaign_id = $1 AND created_at >= $2::timestamptz - interval '1 hour' AND created_at < $3
         AND live_at IS NULL AND outcome = 'machine' AND answered_at >= $2 AND answered_at < $3
     ), stretched AS (
       SELECT *, CASE WHEN at >= $4 THEN $5 ELSE $6 END::float8 AS width FROM events
     )
     SELECT (floor(extract(epoch FROM at) * 1000 / width) * width)::float8 AS at_ms,
            count(*) FILTER (WHERE live)::int AS live, count(*) FILTER (WHERE abandoned)::int AS abandoned,
            count(*) FILTER (WHERE machine)::int AS machine
     FROM stretched GROUP BY 1 ORDER BY 1`,
    [q.campaignId, q.from, q.to, q.fineFrom, q.fineBucketMs, q.bucketMs, q.withMachines],
  );
  return result.rows.map((row) => ({ atMs: Number(row.at_ms), live: row.live, abandoned: row.abandoned, machine: row.machine }));
}

/** The regime window up to `before`, in the ledger's stretches (its last quarter hour finely). */
export function regimeWindowHistory(db: Queryable, campaignId: string, regime: AbandonRegime, before: Date): Promise<AbandonHistoryBucket[]> {
  return abandonHistory(db, {
    campaignId, from: new Date(before.getTime() - regimeRules[regime].windowMs), to: before, bucketMs: ledgerBucketMs(regime),
    fineFrom: new Date(before.getTime() - quarterHourMs), fineBucketMs: quarterHourBucketMs,
    withMachines: regimeRules[regime].countsAmdFalsePositives,
  });
}
