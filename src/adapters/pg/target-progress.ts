// What campaign targets count, read from Postgres over a period: leads moved into or past each stage and
// successful dispositions, and the agent time staffed on the campaign (ready, reserved, talking,
// wrap-up) that the pace per agent-hour is measured against.

import { stagesReached } from '../../core/lead-stage-ladder.js';
import type { Queryable } from './pool.js';

export type TargetMeasure = 'valid_contact' | 'appointment' | 'opportunity' | 'success';

export interface TargetWindow {
  campaignId: string;
  from: Date;
  to: Date;
}

/** Dispositions given in the window: by each stage they took the lead to or past (a lead that jumps
 * to an appointment counts for valid contacts too, stagesReached), and those with a success code. */
export async function targetCounts(db: Queryable, window: TargetWindow): Promise<Record<TargetMeasure, number>> {
  const result = await db.query<{ stage_before: string | null; stage_after: string | null; n: number; success: number }>(
    `SELECT d.stage_before, d.stage_after, count(*)::int AS n, count(*) FILTER (WHERE c.success)::int AS success
     FROM dispositions d LEFT JOIN disposition_catalog c ON c.campaign_id = d.campaign_id AND c.code = d.code
     WHERE d.campaign_id = $1 AND d.created_at >= $2 AND d.created_at < $3 GROUP BY 1, 2`,
    [window.campaignId, window.from, window.to],
  );
  const counts: Record<TargetMeasure, number> = { valid_contact: 0, appointment: 0, opportunity: 0, success: 0 };
  for (const row of result.rows) {
    counts.success += row.success;
    for (const stage of stagesReached(row.stage_before, row.stage_after)) if (stage !== 'raw_lead') counts[stage] += row.n;
  }
  return counts;
}

/** Agent seconds staffed on the campaign in the window, up to `now` for states still open. */
export async function staffedSeconds(db: Queryable, window: TargetWindow, now: Date): Promise<number> {
  const result = await db.query<{ seconds: number }>(
    `SELECT coalesce(sum(extract(epoch FROM least(coalesce(to_at, $4), $3) - greatest(from_at, $2))), 0)::float8 AS seconds
     FROM agent_state_log
     WHERE campaign_id = $1 AND state IN ('ready', 'reserved', 'talking', 'wrap_up')
       AND from_at < $3 AND coalesce(to_at, $4) > $2 AND from_at < $4`,
    [window.campaignId, window.from, window.to, now],
  );
  return Math.max(0, result.rows[0]?.seconds ?? 0);
}
