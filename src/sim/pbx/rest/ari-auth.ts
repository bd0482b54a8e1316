// ARI authentication: HTTP Basic, or `api_key=user:pass` in the query (what ari-client's
// WebSocket uses). Everything under /ari needs one of them.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { isRecord } from './request-params.js';

export interface Credentials {
  username: string;
  password: string;
}

export function isAuthorized(request: FastifyRequest, credentials: Credentials): boolean {
  const expected = `${credentials.username}:${credentials.password}`;
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Basic ')) {
    if (Buffer.from(header.slice(6), 'base64').toString('utf8') === expected) return true;
  }
  const query = request.query;
  const apiKey = isRecord(query) ? query.api_key : undefined;
  return typeof apiKey === 'string' && apiKey === expected;
}

/** An onRequest hook that answers 401 like Asterisk when credentials are missing or wrong. */
export function ariAuthHook(credentials: Credentials) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!request.url.startsWith('/ari')) return;
    if (isAuthorized(request, credentials)) return;
    await reply
      .code(401)
      .header('WWW-Authenticate', 'Basic realm="Asterisk REST Interface"')
      .send({ message: 'Authentication required' });
  };
}
