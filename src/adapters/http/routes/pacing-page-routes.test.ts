// The pacing page's files and its history route through the real app builder.

import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createPacingHistory, recordPacingSample } from '../../metrics/pacing-history.js';
import { readyAgent, runningDriver } from '../../metrics/metrics-test-helpers.js';
import { createAuthenticator } from '../authenticate.js';
import { buildApp } from '../build-app.js';
import { pacingPagePlugin, pacingPageRoutes } from './pacing-page-routes.js';

let app: FastifyInstance | null = null;

afterEach(async () => {
  await app?.close();
  app = null;
});

async function pacingApp(): Promise<FastifyInstance> {
  const history = createPacingHistory();
  const d = runningDriver();
  readyAgent(d, 'ag1');
  recordPacingSample(history, d.state, d.nowMs);
  const tokens = [
    { token: 'viewer-token-1', role: 'viewer' as const, name: 'Wall' },
    { token: 'agent-token-1', role: 'agent' as const, agentId: 'ag1', name: 'Ann' },
  ];
  app = await buildApp({
    routes: pacingPageRoutes({ history, now: () => d.nowMs }),
    authenticate: createAuthenticator(tokens, null),
    logger: pino({ level: 'silent' }),
    plugins: [pacingPagePlugin],
  });
  return app;
}

describe('pacing page', () => {
  it('gives the history to staff tokens only', async () => {
    const server = await pacingApp();
    expect((await server.inject({ method: 'GET', url: '/api/pacing/history' })).statusCode).toBe(401);
    const asAgent = await server.inject({ method: 'GET', url: '/api/pacing/history', headers: { authorization: 'Bearer agent-token-1' } });
    expect(asAgent.statusCode).toBe(403);
    const response = await server.inject({ method: 'GET', url: '/api/pacing/history?campaign=c1', headers: { authorization: 'Bearer viewer-token-1' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      intervalMs: 5_000, windowMs: 3_600_000,
      campaigns: [{ campaignId: 'c1', regime: 'us', samples: [{ agentsReady: 1, agentsStaffed: 1, abandonBudget: 0.03 }] }],
    });
  });

  it('serves the page and its scripts without a token', async () => {
    const server = await pacingApp();
    const page = await server.inject({ method: 'GET', url: '/pacing/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('pacing.js');
    const script = await server.inject({ method: 'GET', url: '/pacing/svg-chart.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    const bare = await server.inject({ method: 'GET', url: '/pacing' });
    expect(bare.statusCode).toBe(302);
    expect(bare.headers.location).toBe('/pacing/');
  });
});
