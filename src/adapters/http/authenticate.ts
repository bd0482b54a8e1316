// Bearer-token authentication: static tokens from the configuration, then tokens issued and
// stored (hashed) by the application, e.g. one per agent.

import { createHash } from 'node:crypto';
import type { AuthToken } from '../../config/schema.js';
import type { Principal } from './principal.js';

/** Looks up a token the application issued (`id`: its row); null when unknown. */
export type IssuedTokenLookup = (tokenHash: string) => Promise<Principal | null>;

/** A configured token's identity: a short digest of it, stable while the token is. */
const configuredId = (token: string): string => `config:${hashToken(token).slice(0, 16)}`;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function createAuthenticator(configured: readonly AuthToken[], issued: IssuedTokenLookup | null) {
  const byToken = new Map<string, Principal>(
    configured.map((t) => [t.token, { id: configuredId(t.token), role: t.role, name: t.name, agentId: t.agentId ?? null }]),
  );
  const issuedPrincipal = async (token: string): Promise<Principal | null> => {
    const found = issued ? await issued(hashToken(token)) : null;
    return found && { ...found, id: `token:${found.id}` };
  };
  return async (authorization: string | undefined): Promise<Principal | null> => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const token = match?.[1];
    if (!token) return null;
    return byToken.get(token) ?? issuedPrincipal(token);
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
