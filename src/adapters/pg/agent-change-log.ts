// Who may dial and listen is a matter of record too: an agent added, renamed, given another phone or
// other groups, stopped from logging in, and each token given out or taken back, kept in the
// evidence log in the same transaction as the change, with who made it. This is what an auditor
// asks after a lost phone or someone who left ("when did their access end, and who ended it?").
// Team changes belong to no campaign: their entries have none.

import { getAgent, upsertAgent, type Agent, type AgentInput } from './agent-repository.js';
import { issueToken, revokeAgentTokens } from './api-token-repository.js';
import { appendEvidence, type EvidenceEntry } from './evidence-log-repository.js';
import { withTransaction, type Pool, type Queryable } from './pool.js';
import { noteChange, type ValueChange } from './campaign-change-log.js';

/** The evidence kinds of the team's changes. */
export const agentChangeKinds = ['agent_created', 'agent_changed', 'agent_token_issued', 'agent_tokens_revoked'] as const;

/** Who made a change, and when (the database clock when left out). */
export interface ChangeAuthor {
  by: string;
  now?: Date;
}

/** What the log keeps of an agent: what a manager sets (not the campaign they last worked). */
function fieldsOf(agent: Agent): { name: string; endpoint: string | null; active: boolean; groups: string[] } {
  return { name: agent.name, endpoint: agent.endpoint, active: agent.active, groups: agent.groups };
}

/** The fields that differ between two states of an agent. */
function agentChanges(before: Agent, after: Agent): Record<string, ValueChange> {
  const from = fieldsOf(before);
  const to = fieldsOf(after);
  const changes: Record<string, ValueChange> = {};
  for (const key of Object.keys(to) as Array<keyof typeof to>) noteChange(changes, key, from[key], to[key]);
  return changes;
}

/** Creates or changes an agent and keeps what changed; an agent who may no longer log in loses
 * every token in the same transaction. The agent as stored. */
export async function saveAgentLogged(pool: Pool, input: AgentInput, author: ChangeAuthor): Promise<Agent> {
  return withTransaction(pool, async (client) => {
    const before = await getAgent(client, input.id, { forUpdate: true });
    const agent = await upsertAgent(client, input);
    const at = author.now;
    if (!before) {
      await appendEvidence(client, { kind: 'agent_created', at, payload: { agentId: agent.id, by: author.by, agent: fieldsOf(agent) } });
    } else {
      const changes = agentChanges(before, agent);
      if (Object.keys(changes).length > 0) await appendEvidence(client, { kind: 'agent_changed', at, payload: { agentId: agent.id, by: author.by, changes } });
    }
    if (!agent.active) await revokeLogged(client, agent.id, author, 'may no longer log in');
    return agent;
  });
}

/** Gives the agent a new token (its secret is returned once, and never logged). */
export async function issueAgentTokenLogged(pool: Pool, agent: Pick<Agent, 'id' | 'name'>, author: ChangeAuthor, hash: (token: string) => string): Promise<{ token: string; id: string }> {
  return withTransaction(pool, async (client) => {
    const issued = await issueToken(client, { role: 'agent', name: agent.name, agentId: agent.id }, hash);
    await appendEvidence(client, { kind: 'agent_token_issued', at: author.now, payload: { agentId: agent.id, by: author.by, tokenId: issued.id } });
    return issued;
  });
}

/** Takes back every token of the agent at once; how many were still valid. */
export async function revokeAgentTokensLogged(pool: Pool, agentId: string, author: ChangeAuthor): Promise<number> {
  return withTransaction(pool, (client) => revokeLogged(client, agentId, author, 'revoked'));
}

/** Revokes and, when a token was still valid, keeps why; nothing is written when none was. */
async function revokeLogged(db: Queryable, agentId: string, author: ChangeAuthor, why: 'revoked' | 'may no longer log in'): Promise<number> {
  const revoked = await revokeAgentTokens(db, agentId);
  if (revoked > 0) {
    await appendEvidence(db, { kind: 'agent_tokens_revoked', at: author.now, payload: { agentId, by: author.by, revoked, why } });
  }
  return revoked;
}

/** The team's changes, newest first: of one agent, or of all; `beforeId` pages on. */
export async function agentChangeHistory(
  db: Queryable, query: { agentId?: string; beforeId?: string; limit: number },
): Promise<EvidenceEntry[]> {
  const result = await db.query<{ id: string; at: Date; kind: string; payload: Record<string, unknown> }>(
    `SELECT id, at, kind, payload FROM evidence_log
      WHERE campaign_id IS NULL AND kind = ANY($1::text[])
        AND ($2::text IS NULL OR payload->>'agentId' = $2)
        AND ($3::bigint IS NULL OR id < $3)
      ORDER BY id DESC LIMIT $4`,
    [agentChangeKinds, query.agentId ?? null, query.beforeId ?? null, query.limit],
  );
  return result.rows.map((row) => ({ id: String(row.id), at: row.at, campaignId: null, kind: row.kind, attemptId: null, leadId: null, payload: row.payload }));
}
