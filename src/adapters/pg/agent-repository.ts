// Agents: who may log in, their phone, and the campaign they currently work on.

import { rethrowConstraint } from './pg-errors.js';
import type { Queryable } from './pool.js';

export interface Agent {
  id: string;
  name: string;
  /** Dial string of the agent's phone; null means the configured agent endpoint template. */
  endpoint: string | null;
  campaignId: string | null;
  active: boolean;
  /** Lead groups (regions, industries...) the agent is given first, lower case; empty: any call. */
  groups: string[];
}

export interface AgentInput {
  id: string;
  name: string;
  endpoint?: string | null;
  campaignId?: string | null;
  active?: boolean;
  /** Left out: kept as stored. */
  groups?: readonly string[];
}

interface AgentRow {
  id: string;
  name: string;
  endpoint: string | null;
  campaign_id: string | null;
  active: boolean;
  groups: string[];
}

const AGENT_COLUMNS = 'id, name, endpoint, campaign_id, active, groups';

const toAgent = (row: AgentRow): Agent => ({
  id: row.id,
  name: row.name,
  endpoint: row.endpoint,
  campaignId: row.campaign_id === null ? null : String(row.campaign_id),
  active: row.active,
  groups: row.groups,
});

/** Creates or updates an agent; fields left out keep their stored value on update. */
export async function upsertAgent(db: Queryable, input: AgentInput): Promise<Agent> {
  const result = await db
    .query<AgentRow>(
      `INSERT INTO agents (id, name, endpoint, campaign_id, active, groups) VALUES ($1, $2, $3, $4, coalesce($5, true), coalesce($8::text[], '{}'))
       ON CONFLICT (id) DO UPDATE SET
         name = EXCLUDED.name,
         endpoint = CASE WHEN $6 THEN EXCLUDED.endpoint ELSE agents.endpoint END,
         campaign_id = CASE WHEN $7 THEN EXCLUDED.campaign_id ELSE agents.campaign_id END,
         active = coalesce($5, agents.active),
         groups = coalesce($8::text[], agents.groups),
         updated_at = now()
       RETURNING ${AGENT_COLUMNS}`,
      [input.id, input.name, input.endpoint ?? null, input.campaignId ?? null, input.active ?? null, input.endpoint !== undefined, input.campaignId !== undefined,
        input.groups === undefined ? null : [...input.groups]],
    )
    .catch(rethrowConstraint);
  const row = result.rows[0];
  if (!row) throw new Error('agent upsert returned no row');
  return toAgent(row);
}

/** The dial string of the agent's phone: their own, or the node's template with `{agent}` filled in. */
export function agentEndpoint(agent: Pick<Agent, 'id' | 'endpoint'>, template: string): string {
  return agent.endpoint ?? template.replaceAll('{agent}', agent.id);
}

/** `forUpdate`: locks the row until the transaction ends, for a change that compares before and
 * after. FOR NO KEY UPDATE, as the change's own upsert of columns no foreign key points at: a full
 * FOR UPDATE would hold the agent's state log, sessions and callbacks (their keys take KEY SHARE on
 * the agent) until the change commits. */
export async function getAgent(db: Queryable, agentId: string, options: { forUpdate?: boolean } = {}): Promise<Agent | null> {
  const result = await db.query<AgentRow>(`SELECT ${AGENT_COLUMNS} FROM agents WHERE id = $1${options.forUpdate ? ' FOR NO KEY UPDATE' : ''}`, [agentId]);
  return result.rows[0] ? toAgent(result.rows[0]) : null;
}

export async function listAgents(db: Queryable, filter: { campaignId?: string; active?: boolean } = {}): Promise<Agent[]> {
  const result = await db.query<AgentRow>(
    `SELECT ${AGENT_COLUMNS} FROM agents
     WHERE ($1::bigint IS NULL OR campaign_id = $1) AND ($2::boolean IS NULL OR active = $2) ORDER BY id`,
    [filter.campaignId ?? null, filter.active ?? null],
  );
  return result.rows.map(toAgent);
}

export async function setAgentCampaign(db: Queryable, agentId: string, campaignId: string | null): Promise<boolean> {
  const result = await db.query('UPDATE agents SET campaign_id = $2, updated_at = now() WHERE id = $1', [agentId, campaignId]);
  return (result.rowCount ?? 0) > 0;
}
