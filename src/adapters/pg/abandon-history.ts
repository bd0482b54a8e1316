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

/** SQL (parameters named): the events abandonment counts over [`from`, `to`), each at its answer
 * time (`at`): the live answers (`live`, and `abandoned` among them) at their live time, and with
 * `withMachines` the machine answers (`machine`) at their answer time; `carry` names more columns
 * of the attempt to keep (', lead_id'). The headline, its ledger and every breakdown of it count
 * these alike, so a call dialled at 09:59:58 and answered at 10:00:03 falls at 10:00 in each. */
export function abandonEventsSql(p: { campaign: string; from: string; to: string; withMachines: string; carry?: string }): string {
  const carry = p.carry ?? '';
  return `SELECT live_at AS at, true AS live, abandoned, false AS machine${carry}
       FROM attempts WHERE campaign_id = ${p.campaign} AND live_at >= ${p.from} AND live_at < ${p.to} AND NOT no_person
       UNION ALL
       SELECT answered_at, false, false, true${carry}
       FROM attempts
       WHERE ${p.withMachines} AND campaign_id = ${p.campaign} AND created_at >= ${p.from}::timestamptz - interval '1 hour' AND created_at < ${p.to}
         AND live_at IS NULL AND outcome = 'machine' AND answered_at >= ${p.from} AND answered_at < ${p.to}`;
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
    `WITH events AS (${abandonEventsSql({ campaign: '$1', from: '$2', to: '$3', withMachines: '$7' })}), stretched AS (
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
