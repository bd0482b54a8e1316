// The node's bare address, the first one a person types (http://127.0.0.1:8080/), opens the staff
// pages rather than answering 404.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { desktopPagesPlugin } from '../../../src/adapters/http/routes/desktop-routes.js';
import { createLogger } from '../../../src/adapters/log/logger.js';

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp({ routes: [], logger: createLogger({ level: 'silent' }), plugins: [desktopPagesPlugin], authenticate: createAuthenticator([], null) });
});
afterAll(async () => {
  await app.close();
});

describe("the node's bare address", () => {
  it('sends the browser to the campaigns page, which is served', async () => {
    const root = await app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/campaigns/');
    expect((await app.inject({ method: 'GET', url: '/campaigns/' })).statusCode).toBe(200);
  });
});
