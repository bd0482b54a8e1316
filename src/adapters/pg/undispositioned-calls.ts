// An agent's calls that ended without a disposition: the agent was logged out in wrap-up, the
// auto wrap-up moved on before one was given, or the node that carried the call went away.
// The desktop lists them so that each can still be dispositioned.

import { leadFullName } from './lead-repository.js';
import type { Queryable } from './pool.js';

export interface UndispositionedCall {
  attemptId: string;
  campaignId: string;
  campaignName: string;
  leadName: string;
  connectedAt: Date;
  endedAt: Date;
}

interface Row {
  id: string;
  campaign_id: string;
  campaign_name: string;
  first_name: string | null;
  last_name: string | null;
  connected_at: Date;
  ended_at: Date;
}

/** The look-back of the follow-up count, and the grace a wrap-up gets before its call counts. */
export const undispositionedWindowMs = 24 * 3_600_000;
export const dispositionGraceMs = 5 * 60_000;

/** Per campaign: calls dialled in the last day, put through to an agent, that ended over the
 * grace ago without a disposition (the metrics gauge behind follow-up alerts). A call the agent
 * left the campaign's message on owes none: its outcome is known. */
export async function countUndispositionedCalls(db: Queryable, campaignIds: readonly string[], now: Date): Promise<Map<string, number>> {
  if (campaignIds.length === 0) return new Map();
  const result = await db.query<{ campaign_id: string; n: number }>(
    `SELECT a.campaign_id::text, count(*)::int AS n
       FROM attempts a
      WHERE a.campaign_id = ANY($1::bigint[]) AND a.created_at >= $2 AND a.connected_at IS NOT NULL AND a.ended_at <= $3
        AND a.message_left_at IS NULL AND NOT EXISTS (SELECT 1 FROM dispositions d WHERE d.attempt_id = a.id)
      GROUP BY a.campaign_id`,
    [campaignIds, new Date(now.getTime() - undispositionedWindowMs), new Date(now.getTime() - dispositionGraceMs)],
  );
  return new Map(result.rows.map((row) => [row.campaign_id, row.n]));
}

/** Newest first, ended at or after `since`, at most `limit`. */
export async function undispositionedCalls(db: Queryable, agentId: string, since: Date, limit = 20): Promise<UndispositionedCall[]> {
  const result = await db.query<Row>(
    `SELECT a.id::text, a.campaign_id::text, c.name AS campaign_name, l.first_name, l.last_name, a.connected_at, a.ended_at
       FROM attempts a
       JOIN leads l ON l.id = a.lead_id
       JOIN campaigns c ON c.id = a.campaign_id
      WHERE a.agent_id = $1 AND a.connected_at IS NOT NULL AND a.ended_at >= $2
        AND a.message_left_at IS NULL AND NOT EXISTS (SELECT 1 FROM dispositions d WHERE d.attempt_id = a.id)
      ORDER BY a.ended_at DESC
      LIMIT $3`,
    [agentId, since, limit],
  );
  return result.rows.map((row) => ({
    attemptId: row.id, campaignId: row.campaign_id, campaignName: row.campaign_name,
    leadName: leadFullName(row.first_name, row.last_name), connectedAt: row.connected_at, endedAt: row.ended_at,
  }));
}
