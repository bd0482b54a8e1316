// Every API route with every role: allowed roles get past authorisation, all others get 403,
// no token gets 401, and an agent token cannot act for another agent.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoles } from '../../../src/adapters/http/principal.js';
import type { RouteSpec } from '../../../src/adapters/http/route-spec.js';
import { roleTokens, startTestNode, tokenAgentId, type TestNode } from '../../helpers/outpace-node.js';

let test: TestNode;
let routes: RouteSpec[];

beforeAll(async () => {
  test = await startTestNode({}, 'roles:');
  routes = test.node.routes;
});

afterAll(async () => {
  await test.close();
});

function urlFor(route: RouteSpec, agentId = tokenAgentId): string {
  return route.url
    .replace(':agentId', agentId)
    .replace(':attemptId', randomUUID())
    .replace(/:[A-Za-z]+/g, '999999');
}

async function call(route: RouteSpec, token: string | null, url = urlFor(route)) {
  return test.node.app.inject({
    method: route.method, url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
  });
}

describe('route authorisation', () => {
  it('serves exactly the declared routes, each declaring its roles', () => {
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) expect(route.roles === 'public' || route.roles.length > 0).toBe(true);
  });

  it('lets allowed roles through and refuses every other role with 403', async () => {
    for (const route of routes) {
      if (route.roles === 'public') continue;
      for (const role of allRoles) {
        const response = await call(route, roleTokens[role]);
        const label = `${role} ${route.method} ${route.url} -> ${response.statusCode} ${response.body.slice(0, 120)}`;
        if (route.roles.includes(role)) expect([401, 403], label).not.toContain(response.statusCode);
        else expect(response.statusCode, label).toBe(403);
      }
    }
  });

  it('answers 401 without a token, and public routes need none', async () => {
    for (const route of routes) {
      const response = await call(route, null);
      const label = `${route.method} ${route.url} -> ${response.statusCode}`;
      if (route.roles === 'public') expect([401, 403], label).not.toContain(response.statusCode);
      else expect(response.statusCode, label).toBe(401);
    }
  });

  it("refuses an agent token on another agent's routes", async () => {
    const agentRoutes = routes.filter((r) => r.url.includes(':agentId') && r.roles !== 'public' && r.roles.includes('agent'));
    expect(agentRoutes.length).toBeGreaterThan(3);
    for (const route of agentRoutes) {
      const response = await call(route, roleTokens.agent, urlFor(route, 'someone-else'));
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(403);
    }
  });

  it('documents every route in the OpenAPI document with its roles', async () => {
    const response = await test.node.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{ openapi: string; paths: Record<string, Record<string, { description?: string; security?: unknown }>> }>();
    expect(document.openapi).toMatch(/^3\./);
    for (const route of routes) {
      const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.url}`).toBeDefined();
      if (route.roles !== 'public') expect(operation?.description).toContain(route.roles.join(', '));
    }
  });
});
