// Agent login sessions: at most one open per agent (a unique partial index enforces it).

import type { ActingStaff } from '../../core/acting-staff.js';
import { withTransaction, type Pool, type Queryable } from './pool.js';

export interface AgentSession {
  id: string;
  agentId: string;
  campaignId: string | null;
  nodeId: string | null;
  loginAt: Date;
  logoutAt: Date | null;
  /** The staff member who logged the agent out, if one did. */
  logoutBy: ActingStaff | null;
}

interface SessionRow {
  id: string;
  agent_id: string;
  campaign_id: string | null;
  node_id: string | null;
  login_at: Date;
  logout_at: Date | null;
  logout_by: ActingStaff | null;
}

const toSession = (row: SessionRow): AgentSession => ({
  id: String(row.id),
  agentId: row.agent_id,
  campaignId: row.campaign_id === null ? null : String(row.campaign_id),
  nodeId: row.node_id,
  loginAt: row.login_at,
  logoutAt: row.logout_at,
  logoutBy: row.logout_by ?? null,
});

/** Opens a session; a session left open (crash, lost logout) is closed at the new login time. */
export async function openAgentSession(
  pool: Pool,
  input: { agentId: string; campaignId: string | null; nodeId?: string | null; at: Date },
): Promise<AgentSession> {
  return withTransaction(pool, async (client) => {
    await client.query(
      'UPDATE agent_sessions SET logout_at = greatest(login_at, $2) WHERE agent_id = $1 AND logout_at IS NULL',
      [input.agentId, input.at],
    );
    const result = await client.query<SessionRow>(
      'INSERT INTO agent_sessions (agent_id, campaign_id, node_id, login_at) VALUES ($1, $2, $3, $4) RETURNING *',
      [input.agentId, input.campaignId, input.nodeId ?? null, input.at],
    );
    const row = result.rows[0];
    if (!row) throw new Error('session insert returned no row');
    return toSession(row);
  });
}

/** Closes the agent's open session and open state row; false when none was open. `by`: the staff
 * member who logged the agent out, if one did. */
export async function closeAgentSession(pool: Pool, input: { agentId: string; at: Date; by?: ActingStaff | null }): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    await client.query('UPDATE agent_state_log SET to_at = greatest(from_at, $2) WHERE agent_id = $1 AND to_at IS NULL', [input.agentId, input.at]);
    const result = await client.query(
      'UPDATE agent_sessions SET logout_at = greatest(login_at, $2), logout_by = $3 WHERE agent_id = $1 AND logout_at IS NULL',
      [input.agentId, input.at, input.by ?? null],
    );
    return (result.rowCount ?? 0) > 0;
  });
}

/**
 * Closes, at `at`, the sessions a node that died left open (and their agents' open state rows),
 * for one campaign or all, but those of `exceptAgents`: without it they would run on until each
 * agent's next login and count the time between as logged in. Returns the agents whose session closed.
 */
export async function closeAgentSessionsOfNode(
  pool: Pool,
  input: { nodeId: string; campaignId?: string | null; at: Date; exceptAgents?: readonly string[] },
): Promise<string[]> {
  return withTransaction(pool, async (client) => {
    const closed = await client.query<{ agent_id: string }>(
      `UPDATE agent_sessions SET logout_at = greatest(login_at, $3)
       WHERE node_id = $1 AND logout_at IS NULL AND ($2::bigint IS NULL OR campaign_id = $2) AND agent_id <> ALL($4::text[])
       RETURNING agent_id`,
      [input.nodeId, input.campaignId ?? null, input.at, input.exceptAgents ?? []],
    );
    const agents = closed.rows.map((row) => row.agent_id);
    if (agents.length > 0) {
      await client.query('UPDATE agent_state_log SET to_at = greatest(from_at, $2) WHERE agent_id = ANY($1::text[]) AND to_at IS NULL', [agents, input.at]);
    }
    return agents;
  });
}

/** The nodes but `exceptNode` with agent sessions of the campaign still open: the taker of the
 * campaign closes those of a node that went away, calls or none. */
export async function nodesWithOpenSessions(db: Queryable, input: { campaignId: string; exceptNode: string }): Promise<string[]> {
  const result = await db.query<{ node_id: string }>(
    'SELECT DISTINCT node_id FROM agent_sessions WHERE logout_at IS NULL AND campaign_id = $1 AND node_id IS NOT NULL AND node_id <> $2 ORDER BY node_id',
    [input.campaignId, input.exceptNode],
  );
  return result.rows.map((row) => row.node_id);
}

export async function getOpenAgentSession(db: Queryable, agentId: string): Promise<AgentSession | null> {
  const result = await db.query<SessionRow>('SELECT * FROM agent_sessions WHERE agent_id = $1 AND logout_at IS NULL', [agentId]);
  return result.rows[0] ? toSession(result.rows[0]) : null;
}

/** The agent's open session when it is on a node other than `nodeId` (a login there, not here). */
export async function openAgentSessionElsewhere(db: Queryable, agentId: string, nodeId: string): Promise<AgentSession | null> {
  const session = await getOpenAgentSession(db, agentId);
  return session !== null && session.nodeId !== null && session.nodeId !== nodeId ? session : null;
}

export async function listOpenAgentSessions(db: Queryable, campaignId?: string): Promise<AgentSession[]> {
  const result = await db.query<SessionRow>(
    'SELECT * FROM agent_sessions WHERE logout_at IS NULL AND ($1::bigint IS NULL OR campaign_id = $1) ORDER BY login_at',
    [campaignId ?? null],
  );
  return result.rows.map(toSession);
}

/** The agent's sessions overlapping [from, to), oldest first. */
export async function listAgentSessions(db: Queryable, input: { agentId: string; from: Date; to: Date }): Promise<AgentSession[]> {
  const result = await db.query<SessionRow>(
    'SELECT * FROM agent_sessions WHERE agent_id = $1 AND login_at < $3 AND (logout_at IS NULL OR logout_at > $2) ORDER BY login_at, id',
    [input.agentId, input.from, input.to],
  );
  return result.rows.map(toSession);
}
