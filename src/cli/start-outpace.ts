// Starts a whole Outpace node: Postgres and Redis connections, the telephony adapter, the engine
// runtime and the HTTP API. `outpace serve`, the demo and the end-to-end tests all use this.

import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { createAriTelephony } from '../adapters/ari/ari-telephony.js';
import { buildApp } from '../adapters/http/build-app.js';
import { createAuthenticator } from '../adapters/http/authenticate.js';
import { findTokenByHash } from '../adapters/pg/api-token-repository.js';
import { createPool, type Pool } from '../adapters/pg/pool.js';
import { createRedis } from '../adapters/redis/connection.js';
import { EngineRuntime, type TelephonyDriver } from '../runtime/engine-runtime.js';
import { PgEngineStore } from '../runtime/pg-engine-store.js';
import { allRoutes } from './all-routes.js';

export interface StartOutpaceOptions {
  config: Config;
  logger: Logger;
  /** Checks the engine's invariants after every step (demo and tests). */
  checkInvariants?: boolean;
  /** Listen on this port instead of the configured one (0 = any free port). */
  port?: number;
}

export interface OutpaceNode {
  url: string;
  app: FastifyInstance;
  runtime: EngineRuntime;
  pool: Pool;
  redis: Redis;
  nodeId: string;
  close(drainMs?: number): Promise<void>;
}

/** A leased lead is released if its attempt is not closed within this time (crash safety). */
const LEAD_LEASE_MS = 10 * 60_000;

export async function startOutpace(options: StartOutpaceOptions): Promise<OutpaceNode> {
  const { config, logger } = options;
  const nodeId = config.engine.nodeId || `${hostname()}-${process.pid}`;
  const pool = createPool({ url: config.database.url, poolMax: config.database.poolMax });
  const redis = createRedis(config.redis, { connectionName: nodeId });
  const telephony: TelephonyDriver = createAriTelephony({
    url: config.ari.url, user: config.ari.user, password: config.ari.password, app: config.ari.app,
    customerEndpointTemplate: config.endpoints.customer, amdContext: config.endpoints.amdContext,
    reconnectMinMs: config.ari.reconnectMinMs, reconnectMaxMs: config.ari.reconnectMaxMs,
  }, logger.child({ component: 'ari' }));
  const store = new PgEngineStore(pool, { nodeId, leadLeaseMs: LEAD_LEASE_MS });
  const runtime = new EngineRuntime(
    { store, redis, telephony, preDialCheck: null, logger: logger.child({ component: 'engine' }) },
    { nodeId, tickMs: config.engine.tickMs, campaignLeaseMs: config.engine.campaignLeaseMs, checkInvariants: options.checkInvariants ?? false },
  );
  const authenticate = createAuthenticator(config.auth.tokens, (hash) => findTokenByHash(pool, hash));
  const routes = allRoutes({ pool, engine: runtime, agentEndpointTemplate: config.endpoints.agent });
  const app = await buildApp({ routes, authenticate, logger: logger.child({ component: 'http' }) });
  await runtime.start();
  await app.listen({ host: config.http.host, port: options.port ?? config.http.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.http.port;
  const host = config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host;
  return {
    url: `http://${host}:${port}`, app, runtime, pool, redis, nodeId,
    close: async (drainMs?: number) => {
      await runtime.stop(drainMs);
      await app.close();
      redis.disconnect();
      await pool.end();
    },
  };
}
