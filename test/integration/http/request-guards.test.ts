// What the API reads of a request before it knows who sent it: nothing. A caller without a valid
// token is refused before its body is read or parsed (a flood of large bodies from anyone could
// otherwise stall the node's pacing while each was parsed); a JSON body past 1 MB is refused; a
// file (a DNC list) comes as a stream with its own, larger limit. Every answer, a page's above
// all, says it is not to be framed by another page nor run anything but the node's own scripts.
// An address guessing tokens is refused before its next guess is looked up.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { desktopPagesPlugin } from '../../../src/adapters/http/routes/desktop-routes.js';
import { dncRoutes } from '../../../src/adapters/http/routes/dnc-routes.js';
import { SignInGuard } from '../../../src/adapters/http/sign-in-guard.js';
import { uploadBodyPlugin } from '../../../src/adapters/http/upload-body.js';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { createTestPool } from '../../helpers/db.js';

const pool = createTestPool(2);
let app: FastifyInstance;
const json = { 'content-type': 'application/json' };
const manager = { authorization: 'Bearer mgr-token' };

beforeAll(async () => {
  app = await buildApp({
    routes: dncRoutes({ pool }), logger: createLogger({ level: 'silent' }), plugins: [uploadBodyPlugin(16), desktopPagesPlugin],
    authenticate: createAuthenticator([{ token: 'mgr-token', role: 'manager', name: 'Mia' }], null),
  });
});
afterAll(async () => {
  await app.close();
  await pool.end();
});

describe('request bodies', () => {
  it('are not read from a caller without a valid token', async () => {
    const anonymous = await app.inject({ method: 'POST', url: '/api/dnc', headers: json, payload: '{not json' });
    expect(anonymous.statusCode).toBe(401);
    const badToken = await app.inject({ method: 'POST', url: '/api/dnc', headers: { ...json, authorization: 'Bearer nope-nope' }, payload: '{not json' });
    expect(badToken.statusCode).toBe(401);
    // With a token, the same body is read and refused for what it is.
    expect((await app.inject({ method: 'POST', url: '/api/dnc', headers: { ...json, ...manager }, payload: '{not json' })).statusCode).toBe(400);
  });

  it('are refused past 1 MB of JSON, while a file may be larger', async () => {
    const big = JSON.stringify({ phone: '+12125550100', reason: 'x'.repeat(1_100_000) });
    expect((await app.inject({ method: 'POST', url: '/api/dnc', headers: { ...json, ...manager }, payload: big })).statusCode).toBe(413);
    const file = `phone\n${'not a number\n'.repeat(100_000)}`;
    const imported = await app.inject({ method: 'POST', url: '/api/dnc/import?list=big', headers: { ...manager, 'content-type': 'text/plain' }, payload: file });
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ read: 100_000, invalid: 100_000, added: 0 });
  });

  it('come back with the headers that keep pages from being framed or running scripts of elsewhere', async () => {
    for (const url of ['/agent/', '/wallboard/', '/api/dnc/check?phone=2125550100']) {
      const answer = await app.inject({ method: 'GET', url, headers: manager });
      expect(answer.statusCode, url).toBe(200);
      expect(answer.headers, url).toMatchObject({
        'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer',
        'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
      });
      expect(answer.headers['content-security-policy']).toMatch(/^default-src 'self';/);
    }
  });
});

describe('wrong tokens', () => {
  it('past the limit refuse the address with 429 and Retry-After before its next token is looked up; behind a trusted proxy, each client on its own', async () => {
    let lookups = 0;
    const known = createAuthenticator([{ token: 'mgr-token', role: 'manager', name: 'Mia' }], null);
    const guarded = await buildApp({
      routes: dncRoutes({ pool }), logger: createLogger({ level: 'silent' }), signInGuard: new SignInGuard(3), trustProxy: ['127.0.0.1'],
      authenticate: async (authorization) => {
        lookups += 1;
        return known(authorization);
      },
    });
    try {
      const check = (token: string, client: string) => guarded.inject({
        method: 'GET', url: '/api/dnc/check?phone=2125550100', headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': client },
      });
      // Requests with no token at all guess nothing: a page before sign-in is not locked out.
      for (let i = 0; i < 5; i++) {
        const bare = await guarded.inject({ method: 'GET', url: '/api/dnc/check?phone=2125550100', headers: { 'x-forwarded-for': '203.0.113.5' } });
        expect(bare.statusCode).toBe(401);
      }
      for (const guess of ['a1', 'a2', 'a3']) expect((await check(guess, '203.0.113.5')).statusCode).toBe(401);
      const refused = await check('mgr-token', '203.0.113.5');
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ error: 'too_many_failures', message: expect.stringMatching(/try again in \d+ s/) });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(lookups).toBe(8);
      // Another client behind the same proxy is not the guesser.
      expect((await check('mgr-token', '203.0.113.6')).statusCode).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
