// Liveness, readiness and the scrape endpoint through the real app builder.

import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createMetrics } from '../../metrics/metrics.js';
import { createAuthenticator } from '../authenticate.js';
import { buildApp } from '../build-app.js';
import type { RouteSpec } from '../route-spec.js';
import { NotReady } from '../../not-ready.js';
import { healthRoutes } from './health-routes.js';
import { metricsRoutes } from './metrics-routes.js';

let app: FastifyInstance | null = null;

async function appWith(routes: RouteSpec[]): Promise<FastifyInstance> {
  app = await buildApp({ routes, authenticate: createAuthenticator([], null), logger: pino({ level: 'silent' }) });
  return app;
}

afterEach(async () => {
  await app?.close();
  app = null;
});

describe('health routes', () => {
  it('answers /health without a token even when a dependency is down', async () => {
    const server = await appWith(healthRoutes({ checks: { postgres: () => Promise.reject(new Error('down')) } }));
    const response = await server.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok' });
  });

  it('is ready when every check passes, with the status of each', async () => {
    const server = await appWith(healthRoutes({ checks: { postgres: async () => {}, redis: async () => {}, pbx: async () => {} } }));
    const response = await server.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ status: string; checks: Record<string, { ok: boolean }> }>();
    expect(body.status).toBe('ready');
    expect(Object.keys(body.checks).sort()).toEqual(['pbx', 'postgres', 'redis']);
    expect(Object.values(body.checks).every((c) => c.ok)).toBe(true);
  });

  it('is unavailable (503) when a check fails or hangs past the timeout, saying why only in a check\'s own category', async () => {
    const server = await appWith(healthRoutes({
      timeoutMs: 50,
      checks: {
        postgres: async () => {},
        redis: () => Promise.reject(new NotReady('Redis: unreachable')),
        ami: () => Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:5038')),
        pbx: () => new Promise<void>(() => {}),
      },
    }));
    const response = await server.inject({ method: 'GET', url: '/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      status: 'unavailable',
      checks: {
        postgres: { ok: true }, redis: { ok: false, error: 'Redis: unreachable' }, ami: { ok: false, error: 'failed' },
        pbx: { ok: false, error: 'no answer within 50 ms' },
      },
    });
    expect(response.body).not.toContain('10.1.2.3');
  });

  it('logs a check failing other than with a NotReady once, not at every probe, until it passes again', async () => {
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push((JSON.parse(line) as { check?: string; msg: string }).msg) });
    let failure: Error | null = new Error('connect ECONNREFUSED');
    app = await buildApp({
      routes: healthRoutes({ checks: { ami: () => (failure === null ? Promise.resolve() : Promise.reject(failure)) } }),
      authenticate: createAuthenticator([], null), logger,
    });
    const probe = async (): Promise<number> => (await (app as FastifyInstance).inject({ method: 'GET', url: '/ready' })).statusCode;
    for (let i = 0; i < 3; i += 1) expect(await probe()).toBe(503);
    expect(warnings.filter((msg) => msg === 'readiness check failed')).toHaveLength(1);
    failure = null;
    expect(await probe()).toBe(200);
    failure = new Error('socket hang up');
    expect(await probe()).toBe(503);
    expect(await probe()).toBe(503);
    expect(warnings.filter((msg) => msg === 'readiness check failed')).toHaveLength(2);
  });
});

describe('metrics route', () => {
  it('serves the registry in the Prometheus text format without a token', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.dials.inc({ campaign: 'c1' }, 3);
    const server = await appWith(metricsRoutes(metrics.registry));
    const response = await server.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.body).toContain('outpace_dials_total{campaign="c1"} 3');
  });
});
