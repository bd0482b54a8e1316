// /ready says why a dependency is not ready, in a category an operator can act on ("ARI:
// credentials refused", "database: unreachable"), and nothing more: it takes no token, so no
// address, port, user or password goes out, and no driver's message (which names them).

import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPbxProbe, type PbxProbe } from '../../../src/adapters/ami/pbx-probe.js';
import { createAriTelephony, type Telephony } from '../../../src/adapters/ari/ari-telephony.js';
import { createAuthenticator } from '../../../src/adapters/http/authenticate.js';
import { buildApp } from '../../../src/adapters/http/build-app.js';
import { healthRoutes } from '../../../src/adapters/http/routes/health-routes.js';
import { createMetrics } from '../../../src/adapters/metrics/metrics.js';
import { createPool, type Pool } from '../../../src/adapters/pg/pool.js';
import { createRedis } from '../../../src/adapters/redis/connection.js';
import { RedisErrorWatch } from '../../../src/adapters/redis/redis-error-watch.js';
import { readinessChecks, type WatchedRedis } from '../../../src/cli/readiness-checks.js';
import { PbxHealthMonitor } from '../../../src/runtime/pbx-health.js';
import { startSimPbx } from '../../../src/sim/pbx/sim-pbx.js';
import { testDatabaseUrl } from '../../helpers/db.js';
import { freePort } from '../../helpers/free-port.js';
import { testRedisUrl } from '../../helpers/redis.js';

const logger = pino({ level: 'silent' });
const secrets = ['s3cret-db', 's3cret-redis', 'wrong-ari-password', 'wrong-ami-password', 'ready-user'];
const cleanups: Array<() => Promise<unknown> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Readiness {
  status: string;
  checks: Record<string, { ok: boolean; error?: string }>;
}

/** The node's own checks behind the real route, over the given dependencies. */
async function readyRoute(pool: Pool, redis: WatchedRedis, telephony: Telephony, probe: PbxProbe | null): Promise<FastifyInstance> {
  const monitor = new PbxHealthMonitor({ link: () => telephony.status(), probe, metrics: createMetrics({ defaultMetrics: false }), submit: () => undefined });
  const app = await buildApp({
    routes: healthRoutes({ checks: readinessChecks(pool, redis, () => monitor.check(), { started: () => true, draining: () => false }) }),
    authenticate: createAuthenticator([], null), logger,
  });
  cleanups.push(() => app.close());
  return app;
}

function pool(url: string): Pool {
  const created = createPool({ url, poolMax: 1 });
  created.on('error', () => undefined);
  cleanups.push(() => created.end());
  return created;
}

function redis(url: string): WatchedRedis {
  const errors = new RedisErrorWatch(logger);
  const client = createRedis({ url, keyPrefix: 'ready-reasons:' }, { errors });
  cleanups.push(() => client.disconnect());
  return { client, errors };
}

/** The test Redis's address, with a user and password it does not know. */
function withUnknownUser(url: string): string {
  const parsed = new URL(url);
  parsed.username = 'ready-user';
  parsed.password = 's3cret-redis';
  return parsed.toString();
}

async function ari(url: string, password: string): Promise<Telephony> {
  const telephony = createAriTelephony({
    url, user: 'ready-user', password, app: 'ready-reasons', customerEndpointTemplate: 'Local/{number}@sim-pstn',
    reconnectMinMs: 60_000, reconnectMaxMs: 60_000, requestTimeoutMs: 1_000,
  }, logger);
  await telephony.start(() => undefined);
  cleanups.push(() => telephony.stop());
  return telephony;
}

async function readiness(app: FastifyInstance): Promise<{ statusCode: number; body: string; json: Readiness }> {
  const response = await app.inject({ method: 'GET', url: '/ready' });
  return { statusCode: response.statusCode, body: response.body, json: response.json<Readiness>() };
}

function expectNothingOfUse(body: string, ports: readonly number[]): void {
  expect(body).not.toMatch(/127\.0\.0\.1|localhost|ECONN/);
  for (const secret of secrets) expect(body).not.toContain(secret);
  for (const port of ports) expect(body).not.toMatch(new RegExp(`\\b${port}\\b`));
}

describe('/ready when a dependency is not ready', () => {
  it('says which and why: ARI refused the credentials, the database and Redis could not be reached', async () => {
    const pbx = await startSimPbx({ apps: ['ready-reasons'], username: 'ready-user', password: 'right-password', amiPort: null });
    cleanups.push(() => pbx.close());
    const app = await readyRoute(
      pool('postgres://outpace:s3cret-db@127.0.0.1:1/outpace'), redis('redis://:s3cret-redis@127.0.0.1:1/0'),
      await ari(pbx.url, 'wrong-ari-password'), null,
    );
    await vi.waitFor(async () => expect((await readiness(app)).json.checks.redis?.error).toBe('Redis: unreachable'), { timeout: 5_000 });
    const { statusCode, body, json } = await readiness(app);
    expect(statusCode).toBe(503);
    expect(json).toMatchObject({
      status: 'unavailable',
      checks: {
        accepting: { ok: true }, postgres: { ok: false, error: 'database: unreachable' },
        redis: { ok: false, error: 'Redis: unreachable' }, pbx: { ok: false, error: 'ARI: credentials refused' },
      },
    });
    expectNothingOfUse(body, [pbx.port]);
  }, 30_000);

  it('says an ARI nobody answers is unreachable, and an AMI that refused the credentials while ARI is up', async () => {
    const database = pool(testDatabaseUrl());
    const store = redis(testRedisUrl());
    const deadPort = await freePort();
    const unreachable = await readyRoute(database, store, await ari(`http://127.0.0.1:${deadPort}`, 'wrong-ari-password'), null);
    await vi.waitFor(async () => expect((await readiness(unreachable)).json.checks.redis?.ok).toBe(true), { timeout: 5_000 });
    const first = await readiness(unreachable);
    expect(first.json.checks).toMatchObject({ postgres: { ok: true }, redis: { ok: true }, pbx: { ok: false, error: 'ARI: unreachable' } });
    expectNothingOfUse(first.body, [deadPort]);

    const pbx = await startSimPbx({ apps: ['ready-reasons'], username: 'ready-user', password: 'right-password', amiPort: 0 });
    cleanups.push(() => pbx.close());
    const probe = createPbxProbe({ host: '127.0.0.1', port: pbx.amiPort ?? 0, username: 'ready-user', password: 'wrong-ami-password', maxChannels: 10, reconnectMinMs: 60_000, reconnectMaxMs: 60_000 }, logger);
    await probe.start();
    cleanups.push(() => probe.stop());
    const refused = await readyRoute(database, store, await ari(pbx.url, 'right-password'), probe);
    const second = await readiness(refused);
    expect(second.statusCode).toBe(503);
    expect(second.json.checks).toMatchObject({ postgres: { ok: true }, redis: { ok: true }, pbx: { ok: false, error: 'AMI: credentials refused' } });
    expectNothingOfUse(second.body, [pbx.port, pbx.amiPort ?? 0]);
  }, 30_000);

  it('says Redis refused the credentials when it does not know the user or password the URL gives', async () => {
    const pbx = await startSimPbx({ apps: ['ready-reasons'], username: 'ready-user', password: 'right-password', amiPort: null });
    cleanups.push(() => pbx.close());
    const redisUrl = withUnknownUser(testRedisUrl());
    const app = await readyRoute(pool(testDatabaseUrl()), redis(redisUrl), await ari(pbx.url, 'right-password'), null);
    await vi.waitFor(async () => expect((await readiness(app)).json.checks.redis?.error).toBe('Redis: credentials refused'), { timeout: 5_000 });
    const { statusCode, body, json } = await readiness(app);
    expect(statusCode).toBe(503);
    expect(json.checks).toMatchObject({ postgres: { ok: true }, redis: { ok: false, error: 'Redis: credentials refused' } });
    expectNothingOfUse(body, [Number(new URL(redisUrl).port || 6379), pbx.port]);
  }, 30_000);
});
