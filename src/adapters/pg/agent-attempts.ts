// The attempt row of a dial made for one agent (a personal callback, a manual dial), written when
// its lead is leased, before anything is dialled; and its end when the engine refuses the dial
// (the agent took a call meanwhile), cancelled, not counted as a dial.

import { DbError } from './db-error.js';
import type { Queryable } from './pool.js';

export interface AgentAttemptInput {
  campaignId: string;
  leadId: string;
  phoneId: string;
  e164: string;
  agentId: string;
  nodeId: string;
  now: Date;
}

/** Writes the attempt; its id. */
export async function createAgentAttempt(db: Queryable, input: AgentAttemptInput): Promise<string> {
  const attempt = await db.query<{ id: string }>(
    `INSERT INTO attempts (campaign_id, lead_id, phone_id, e164, agent_id, status, created_at, node_id, lead_grade)
     VALUES ($1, $2, $3, $4, $5, 'created', $6, $7, (SELECT grade FROM leads WHERE id = $2)) RETURNING id`,
    [input.campaignId, input.leadId, input.phoneId, input.e164, input.agentId, input.now, input.nodeId],
  );
  const id = attempt.rows[0]?.id;
  if (!id) throw new DbError('NOT_FOUND', 'attempt insert returned no row');
  return id;
}

/** Ends an attempt the engine refused before dialling, with why; false when it had gone further. */
export async function cancelUndialledAttempt(db: Queryable, input: { attemptId: string; now: Date; cause: string }): Promise<boolean> {
  const closed = await db.query(
    `UPDATE attempts SET status = 'ended', outcome = 'cancelled', ended_at = $2, cause_txt = $3
     WHERE id = $1 AND status = 'created' AND ended_at IS NULL`,
    [input.attemptId, input.now, input.cause],
  );
  return (closed.rowCount ?? 0) > 0;
}
