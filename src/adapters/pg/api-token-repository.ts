// Issued API tokens: created with a random secret, looked up by hash, revoked by id.

import { randomBytes } from 'node:crypto';
import type { Role } from '../../config/schema.js';
import type { Queryable } from './pool.js';

export interface IssuedToken {
  id: string;
  role: Role;
  name: string;
  agentId: string | null;
}

/** Creates a token and returns its secret, which is not stored and cannot be read again. */
export async function issueToken(
  db: Queryable,
  input: { role: Role; name: string; agentId?: string | null },
  hash: (token: string) => string,
): Promise<{ token: string; id: string }> {
  const token = `op_${randomBytes(24).toString('base64url')}`;
  const result = await db.query<{ id: string }>(
    'INSERT INTO api_tokens (token_hash, role, name, agent_id) VALUES ($1, $2, $3, $4) RETURNING id',
    [hash(token), input.role, input.name, input.agentId ?? null],
  );
  return { token, id: String(result.rows[0]?.id) };
}

export async function findTokenByHash(db: Queryable, tokenHash: string): Promise<IssuedToken | null> {
  const result = await db.query<{ id: string; role: Role; name: string; agent_id: string | null }>(
    // An agent's token works only while the agent is active: one issued as they were deactivated
    // (after the revocation ran) must not outlive it.
    `SELECT t.id, t.role, t.name, t.agent_id FROM api_tokens t LEFT JOIN agents a ON a.id = t.agent_id
     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.agent_id IS NULL OR a.active)`,
    [tokenHash],
  );
  const row = result.rows[0];
  return row ? { id: String(row.id), role: row.role, name: row.name, agentId: row.agent_id } : null;
}

export async function revokeAgentTokens(db: Queryable, agentId: string): Promise<number> {
  const result = await db.query('UPDATE api_tokens SET revoked_at = now() WHERE agent_id = $1 AND revoked_at IS NULL', [agentId]);
  return result.rowCount ?? 0;
}
