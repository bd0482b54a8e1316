// What campaign targets count, read from Postgres over a period: leads moved into each stage and
// successful dispositions, and the agent time staffed on the campaign (ready, reserved, talking,
// wrap-up) that the pace per agent-hour is measured against.

import type { Queryable } from './pool.js';

export type TargetMeasure = 'valid_contact' | 'appointment' | 'opportunity' | 'success';

export interface TargetWindow {
  campaignId: string;
  from: Date;
  to: Date;
}

/** Dispositions given in the window: by stage they moved the lead into, and those with a success code. */
export async function targetCounts(db: Queryable, window: TargetWindow): Promise<Record<TargetMeasure, number>> {
  const result = await db.query<Record<TargetMeasure, number>>(
    `SELECT
       count(*) FILTER (WHERE d.stage_after = 'valid_contact' AND d.stage_after IS DISTINCT FROM d.stage_before)::int AS valid_contact,
       count(*) FILTER (WHERE d.stage_after = 'appointment' AND d.stage_after IS DISTINCT FROM d.stage_before)::int AS appointment,
       count(*) FILTER (WHERE d.stage_after = 'opportunity' AND d.stage_after IS DISTINCT FROM d.stage_before)::int AS opportunity,
       count(*) FILTER (WHERE c.success)::int AS success
     FROM dispositions d LEFT JOIN disposition_catalog c ON c.campaign_id = d.campaign_id AND c.code = d.code
     WHERE d.campaign_id = $1 AND d.created_at >= $2 AND d.created_at < $3`,
    [window.campaignId, window.from, window.to],
  );
  return result.rows[0] ?? { valid_contact: 0, appointment: 0, opportunity: 0, success: 0 };
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
