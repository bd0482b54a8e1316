// Bearer-token authentication: static tokens from the configuration, then tokens issued and
// stored (hashed) by the application, e.g. one per agent.

import { createHash } from 'node:crypto';
import type { AuthToken } from '../../config/schema.js';
import type { Principal } from './principal.js';

/** Looks up a token the application issued; null when unknown. */
export type IssuedTokenLookup = (tokenHash: string) => Promise<Principal | null>;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function createAuthenticator(configured: readonly AuthToken[], issued: IssuedTokenLookup | null) {
  const byToken = new Map<string, Principal>(
    configured.map((t) => [t.token, { role: t.role, name: t.name, agentId: t.agentId ?? null }]),
  );
  return async (authorization: string | undefined): Promise<Principal | null> => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const token = match?.[1];
    if (!token) return null;
    return byToken.get(token) ?? (issued ? issued(hashToken(token)) : null);
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
