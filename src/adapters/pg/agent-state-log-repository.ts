// The log of agent states (ready, paused, reserved, talking, wrap_up...): one row per interval,
// the current one open (to_at NULL). Feeds occupancy and pause reports.

import type { ActingStaff } from '../../core/acting-staff.js';
import { withTransaction, type Pool, type Queryable } from './pool.js';

export interface AgentStateInterval {
  id: string;
  agentId: string;
  campaignId: string | null;
  state: string;
  reason: string | null;
  /** The staff member who put the agent in this state (a pause they forced); null: not staff. */
  by: ActingStaff | null;
  fromAt: Date;
  toAt: Date | null;
}

interface StateRow {
  id: string;
  agent_id: string;
  campaign_id: string | null;
  state: string;
  reason: string | null;
  by: ActingStaff | null;
  from_at: Date;
  to_at: Date | null;
}

const toInterval = (row: StateRow): AgentStateInterval => ({
  id: String(row.id),
  agentId: row.agent_id,
  campaignId: row.campaign_id === null ? null : String(row.campaign_id),
  state: row.state,
  reason: row.reason,
  by: row.by,
  fromAt: row.from_at,
  toAt: row.to_at,
});

/** Closes the agent's current interval at `at` and opens the new state. */
export async function recordAgentState(
  pool: Pool,
  input: { agentId: string; campaignId: string | null; state: string; reason?: string | null; by?: ActingStaff | null; at: Date },
): Promise<AgentStateInterval> {
  return withTransaction(pool, async (client) => {
    await client.query('UPDATE agent_state_log SET to_at = greatest(from_at, $2) WHERE agent_id = $1 AND to_at IS NULL', [input.agentId, input.at]);
    const result = await client.query<StateRow>(
      'INSERT INTO agent_state_log (agent_id, campaign_id, state, reason, by, from_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
      [input.agentId, input.campaignId, input.state, input.reason ?? null, input.by ?? null, input.at],
    );
    const row = result.rows[0];
    if (!row) throw new Error('agent state insert returned no row');
    return toInterval(row);
  });
}

/** Intervals overlapping [from, to) for an agent, oldest first. */
export async function listAgentStates(db: Queryable, input: { agentId: string; from: Date; to: Date }): Promise<AgentStateInterval[]> {
  const result = await db.query<StateRow>(
    `SELECT * FROM agent_state_log WHERE agent_id = $1 AND from_at < $3 AND (to_at IS NULL OR to_at > $2) ORDER BY from_at, id`,
    [input.agentId, input.from, input.to],
  );
  return result.rows.map(toInterval);
}
