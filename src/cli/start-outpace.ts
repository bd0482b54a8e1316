// Starts a whole Outpace node: Postgres and Redis connections, the telephony adapter, the engine
// runtime and the HTTP API. `outpace serve`, the demo and the end-to-end tests all use this.

import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { createPbxProbe, type PbxProbe } from '../adapters/ami/pbx-probe.js';
import { createAriTelephony, type ReturnCallHandler } from '../adapters/ari/ari-telephony.js';
import { buildApp } from '../adapters/http/build-app.js';
import type { RouteSpec } from '../adapters/http/route-spec.js';
import { pacingPagePlugin } from '../adapters/http/routes/pacing-page-routes.js';
import { desktopPagesPlugin } from '../adapters/http/routes/desktop-routes.js';
import { ariRecordingDeleter, ariRecordingFetcher } from '../adapters/ari/stored-recordings.js';
import { pbxMediaOrNull } from '../adapters/ari/pbx-media.js';
import { LiveHub } from '../adapters/http/ws/live-hub.js';
import { SupervisionFollower } from '../adapters/http/supervision-follower.js';
import { recordSupervision } from '../adapters/pg/supervision-sessions.js';
import { WallboardSource } from '../adapters/http/ws/wallboard-snapshot.js';
import { SignInGuard } from '../adapters/http/sign-in-guard.js';
import { createAuthenticator } from '../adapters/http/authenticate.js';
import { findTokenByHash } from '../adapters/pg/api-token-repository.js';
import { createPool, type Pool } from '../adapters/pg/pool.js';
import { createRedis } from '../adapters/redis/connection.js';
import { RedisErrorWatch } from '../adapters/redis/redis-error-watch.js';
import { redisUrlToUse, type PasswordAnswers } from '../adapters/redis/unneeded-password.js';
import { EngineRuntime } from '../runtime/engine-runtime.js';
import { PgEngineStore } from '../runtime/pg-engine-store.js';
import { openNodeSpool } from './node-spool.js';
import { httpListenError } from './http-listen-error.js';
import { OpenedResources } from './opened-resources.js';
import { nodeFileOf } from '../runtime/write-spool.js';
import { PersonalCallbackDialer } from '../runtime/personal-callback-dialer.js';
import { PreviewDeadlines } from '../runtime/preview-deadlines.js';
import { EvidenceSealer } from '../runtime/evidence-sealer.js';
import { returnCallLine } from '../runtime/return-call-line.js';
import { allRoutes } from './all-routes.js';
import { startObservability } from './observability.js';
import { readinessChecks } from './readiness-checks.js';
import { startNodeJobs } from './node-jobs.js';
import { countedPreDialCheck } from './counted-pre-dial-check.js';
import { uploadBodyPlugin } from '../adapters/http/upload-body.js';
import { createMetrics, type Metrics } from '../adapters/metrics/metrics.js';
import { steadyClock } from '../runtime/steady-clock.js';
import { countPlaybackFailure, countReturnCall, countReturnCallEndedByUs, countReturnCallHungUp, countReturnCallToAgent, observeDbQuery, observePacingStep, setLiveConnections, setNodeDialLimit, setTrunkDemand } from '../adapters/metrics/runtime-setters.js';
import { presenceTtlMs } from '../adapters/redis/node-presence.js';
import { HeldMissedNotices } from '../adapters/redis/held-missed-notices.js';
import { TrunkShareKeeper, type NodeDialRate } from '../runtime/trunk-share-keeper.js';
import { trunkDemandOf } from '../core/pacing/trunk-share.js';

export interface StartOutpaceOptions {
  config: Config;
  logger: Logger;
  /** Checks the engine's invariants after every step (demo and tests). */
  checkInvariants?: boolean;
  /** Listen on this port instead of the configured one (0 = any free port). */
  port?: number;
  /** The system clock the engine's clock follows (steady-clock.ts): tests move it on to reach a
   * time limit, or step it. */
  clock?: () => number;
  /** The database pool the command checked its start on (the node ends it when it closes); else
   * the node opens its own. */
  pool?: Pool;
  /** Redis's answer to a password alone, had by the command's start check (reachServices); else
   * the node asks Redis itself. */
  redisPasswordAnswers?: PasswordAnswers;
}

export interface OutpaceNode {
  url: string;
  app: FastifyInstance;
  /** Every route the app serves, as declared (roles, inputs). */
  routes: RouteSpec[];
  runtime: EngineRuntime;
  pool: Pool;
  redis: Redis;
  nodeId: string;
  /** Stops the node, letting calls in progress finish for `drainMs` (default: the configured
   * drain). Stopping already: hangs up what is left at once. */
  close(drainMs?: number): Promise<void>;
}

// The AMI and ARI adapters name their component in their own log records: a second name given
// here would repeat the key in every record, which a strict JSON reader refuses.

/** The AMI health probe, when AMI is enabled in the configuration. */
function pbxProbe(config: Config, logger: Logger, onCapacity: (free: number | null) => void): PbxProbe | null {
  if (!config.ami.enabled) return null;
  return createPbxProbe({
    host: config.ami.host, port: config.ami.port, username: config.ami.user, password: config.ami.password,
    maxChannels: config.ami.maxChannels, onCapacity,
  }, logger);
}

function ariTelephony(config: Config, logger: Logger, metrics: Metrics, returnCalls: ReturnCallHandler) {
  return createAriTelephony({
    url: config.ari.url, user: config.ari.user, password: config.ari.password, app: config.ari.app,
    holdMusicClass: config.ari.holdMusicClass, customerEndpointTemplate: config.endpoints.customer, amdContext: config.endpoints.amdContext,
    agentRingSeconds: config.endpoints.agentRingSeconds,
    reconnectMinMs: config.ari.reconnectMinMs, reconnectMaxMs: config.ari.reconnectMaxMs, maxConnections: config.ari.maxConnections,
    onPlaybackFailed: ({ campaignId, purpose }) => countPlaybackFailure(metrics, campaignId, purpose),
    returnCalls,
  }, logger);
}

/** A node started without NODE_ID is named for this run only: after a restart, the writes left in
 * its spool and the calls it left open are another name's, and nothing takes them up. */
function thisRunsNodeId(logger: Logger): string {
  const nodeId = `${hostname()}-${process.pid}`;
  logger.warn({ nodeId }, 'NODE_ID is not set: this node is named for this run only, so a restart will not write what its spool keeps or take up the calls it leaves; set NODE_ID to a name that stays');
  return nodeId;
}

/** Only the configuration gives an admin's or a manager's token (the API issues agents' alone): a
 * node without one answers 401 to everyone who would set it up, and nothing else would say why. */
function warnWithoutManagerToken(config: Config, logger: Logger): void {
  if (config.auth.tokens.some((entry) => entry.role === 'admin' || entry.role === 'manager')) return;
  logger.warn('no admin or manager token is configured (auth.tokens): no one can create or start a campaign or issue an agent\'s token on this node; put tokens in the YAML file OUTPACE_CONFIG names');
}

/** How often writes waiting in the spool are offered to the database again. */
const spoolDrainEveryMs = 5_000;

/** The engine's clock, on the monotonic clock and following the system clock's steps (a step is
 * logged and counted, its offset shown while it is caught up). */
function engineClock(options: StartOutpaceOptions, metrics: Metrics, logger: Logger): () => number {
  const clock = steadyClock({
    ...(options.clock ? { wallMs: options.clock } : {}),
    onStep: ({ offsetMs, followed }) => {
      metrics.clockSteps.inc({ followed });
      logger.warn({ offsetMs: Math.round(offsetMs), followed }, followed === 'slewed'
        ? "the system clock stepped: the engine's clock catches it up at most 0.5% off real time, its deadlines kept"
        : "the system clock stepped 10 s or more: the engine's clock follows it at once, moving the deadlines of calls in progress");
    },
  });
  // Both kinds of step at zero from the start, so that a rate of them is 0 rather than absent.
  for (const followed of ['slewed', 'at_once'] as const) metrics.clockSteps.inc({ followed }, 0);
  metrics.clockOffset.set(0);
  // Read on every step of the engine: the gauge is set only when the offset moved a millisecond.
  let shownMs = 0;
  return () => {
    const now = clock.nowMs();
    const offsetMs = clock.offsetMs();
    if (Math.abs(offsetMs - shownMs) >= 1) {
      shownMs = offsetMs;
      metrics.clockOffset.set(offsetMs / 1000);
    }
    return now;
  };
}

/** Starts a node; one that fails part way closes what it had opened, the last first, and
 * throws the error that stopped it. */
export async function startOutpace(options: StartOutpaceOptions): Promise<OutpaceNode> {
  const opened = new OpenedResources(options.logger);
  try {
    return await startNode(options, opened);
  } catch (error: unknown) {
    await opened.closeAll();
    throw error;
  }
}

async function startNode(options: StartOutpaceOptions, opened: OpenedResources): Promise<OutpaceNode> {
  const { logger } = options;
  // Every connection of the node (its own, the job queues') uses the URL Redis takes without a warning of ioredis's.
  const config = { ...options.config, redis: { ...options.config.redis, url: await redisUrlToUse(options.config.redis.url, logger.child({ component: 'redis' }), { answers: options.redisPasswordAnswers }) } };
  const nodeId = config.engine.nodeId || thisRunsNodeId(logger);
  warnWithoutManagerToken(config, logger);
  const pool = options.pool ?? createPool({ url: config.database.url, poolMax: config.database.poolMax });
  opened.add('the database pool', () => pool.end());
  // Every Redis connection of the node says its errors in the node's log, once while Redis is away.
  const redisErrors = new RedisErrorWatch(logger.child({ component: 'redis' }), config.redis.url);
  const redis = createRedis(config.redis, { connectionName: nodeId, errors: redisErrors });
  opened.add('the Redis connection', () => redis.disconnect());
  const metrics = createMetrics();
  const clock = engineClock(options, metrics, logger);
  const spool = await openNodeSpool(config.engine.writeSpoolDir, nodeId, logger.child({ component: 'store' }));
  const store = new PgEngineStore(pool, {
    ...(spool ? { spool, onSpooled: (waiting: number) => metrics.dbWritesSpooled.set(waiting) } : {}),
    nodeId, leadLeaseMs: config.engine.leadLeaseMs, writeRetryMs: config.engine.writeRetryMinutes * 60_000, agentEndpointTemplate: config.endpoints.agent, defaultCallerId: config.endpoints.callerId, onQuery: (operation, seconds) => observeDbQuery(metrics, operation, seconds),
    logger: logger.child({ component: 'store' }), onWriteRetry: (operation) => metrics.dbWriteRetries.inc({ operation }),
    onWriteLost: (operation) => metrics.dbWritesLost.inc({ operation }),
    // The jobs start below, before the engine closes any call.
    sendWebhooks: (ids) => jobs.webhooks.send(ids).catch((error: unknown) => logger.warn({ err: error }, "queueing a call's CRM webhooks failed; the sweep sends them")),
  });
  // A person calling back a number the campaigns present goes to a ready agent of the campaign, or
  // hears its message; the opt-out key goes through the same durable write as the safe-harbor
  // message's. The engine is made below, with the telephony the line is part of.
  let engine: EngineRuntime | null = null;
  const returnCalls = returnCallLine({
    pool, defaultCallerId: config.endpoints.callerId, addOptOut: (campaignId, e164, source) => store.addDnc(campaignId, e164, source),
    engine: () => engine, nodeId, onPutThrough: (campaignId) => countReturnCallToAgent(metrics, campaignId),
    onCallerHungUp: (campaignId, onHold) => countReturnCallHungUp(metrics, campaignId, onHold),
    onEndedByUs: (campaignId) => countReturnCallEndedByUs(metrics, campaignId),
    onEnded: (campaignId, optedOut) => countReturnCall(metrics, campaignId, optedOut), nowMs: clock, logger: logger.child({ component: 'return-calls' }),
  });
  const telephony = ariTelephony(config, logger, metrics, returnCalls);
  const runtime = new EngineRuntime(
    { store, redis, telephony, preDialCheck: countedPreDialCheck(pool, metrics), logger: logger.child({ component: 'engine' }) },
    { nodeId, ariApp: config.ari.app, tickMs: config.engine.tickMs, campaignLeaseMs: config.engine.campaignLeaseMs, leadLeaseMs: config.engine.leadLeaseMs, checkInvariants: options.checkInvariants ?? false,
      clock, onTickDuration: (seconds) => observePacingStep(metrics, seconds) },
  );
  engine = runtime;
  // The trunk's calls-per-second limit, shared by every campaign this node drives (and the nodes
  // that name the same trunk).
  const setDialLimit = (input: NodeDialRate) => {
    runtime.submit(input);
    setNodeDialLimit(metrics, config.engine.trunk, input.perSecond);
  };
  const trunkDemand = () => {
    const demand = trunkDemandOf(runtime.state());
    setTrunkDemand(metrics, config.engine.trunk, demand);
    return demand;
  };
  const trunkShare = new TrunkShareKeeper({ redis, submit: setDialLimit, demand: trunkDemand, logger: logger.child({ component: 'trunk' }) }, {
    nodeId, trunk: config.engine.trunk, trunkDialsPerSecond: config.engine.trunkDialsPerSecond, nodeDialsPerSecond: config.engine.maxDialsPerSecond,
    membershipTtlMs: presenceTtlMs(config.engine.campaignLeaseMs),
  });
  await trunkShare.start();
  opened.add('the trunk share', () => trunkShare.stop());
  // A first agent logging in makes the node ask for its share at once, not at its next renewal.
  runtime.observe((commands) => {
    if (commands.some((command) => command.type === 'agent_state_changed' && command.from === 'logged_out')) void trunkShare.demandMayHaveRisen();
  });
  const probe = pbxProbe(config, logger, (free) => observability.pbxHealth.capacity(free));
  const observability = startObservability(metrics, runtime, pool, () => telephony.status(), probe);
  opened.add('the metrics sampling', () => observability.stop());
  const personalCallbacks = new PersonalCallbackDialer({
    pool, engine: runtime, nodeId, leaseMs: config.engine.leadLeaseMs, logger: logger.child({ component: 'callbacks' }),
  });
  runtime.observe((commands) => personalCallbacks.onCommands(commands));
  const previewDeadlines = new PreviewDeadlines({ pool, engine: runtime, nodeId, logger: logger.child({ component: 'preview' }) });
  const jobs = await startNodeJobs(config, { pool, logger, redisErrors }, {
    onCallbackDue: () => void personalCallbacks.refresh(),
    onWebhookTry: (result) => metrics.webhookTries.inc({ result }),
  });
  opened.add('the job queues', () => jobs.close());
  const authenticate = createAuthenticator(config.auth.tokens, (hash) => findTokenByHash(pool, hash));
  const signInGuard = new SignInGuard(config.http.failedSignInsPerMinute);
  const wallboard = new WallboardSource({ pool, engine: runtime, redis, logger: logger.child({ component: 'wallboard' }) });
  // Notices still held for Redis when the node stops are kept beside its write spool for its next start.
  const missedNotices = new HeldMissedNotices(redis, logger.child({ component: 'live' }), {
    ...(spool ? { file: nodeFileOf(config.engine.writeSpoolDir, nodeId, 'notices', 'json') } : {}),
  });
  await missedNotices.restore();
  // Notices restored are kept again for the next start.
  opened.add('the missed notices', () => missedNotices.stop());
  const liveHub = new LiveHub({
    engine: runtime, observe: (sink) => runtime.observe(sink), authenticate, signInGuard, wallboard, logger: logger.child({ component: 'live' }),
    onConnections: (open) => setLiveConnections(metrics, open),
    missedNotices,
  });
  // Supervision sessions follow the agent's calls: a barge ends with its call, every session with the login.
  const supervision = new SupervisionFollower({
    record: (evidence) => recordSupervision(pool, evidence), engine: runtime, telephony, logger: logger.child({ component: 'supervision' }),
    onEnded: (ended) => liveHub.supervisionEnded(ended),
  });
  runtime.observe((commands) => supervision.onCommands(commands));
  runtime.onDrainStart(() => metrics.draining.set(1));
  runtime.onDrainStart(() => liveHub.announceStopping());
  // The port opens before the engine starts (which may take a while: the PBX, a spool to write):
  // /health answers from now on, /ready and every other route once it has started.
  let started = false;
  const routes = allRoutes({
    pool, engine: runtime, agentEndpointTemplate: config.endpoints.agent, metrics: observability.metrics,
    history: observability.history,
    importQueue: jobs.importQueue, uploadDir: jobs.uploadDir, callbackTimers: jobs.callbackTimers, webhooks: jobs.webhooks,
    nodeId, supervision, fetchRecording: ariRecordingFetcher(config.ari), deleteRecording: ariRecordingDeleter(config.ari), pbxMedia: pbxMediaOrNull(config.ari),
    logger: logger.child({ component: 'http' }), wallboard,
    checks: readinessChecks(pool, { client: redis, errors: redisErrors }, () => observability.pbxHealth.check(), { started: () => started, draining: () => runtime.draining() }),
  });
  const app = await buildApp({
    routes, authenticate, signInGuard, trustProxy: config.http.trustProxy, logger: logger.child({ component: 'http' }),
    plugins: [uploadBodyPlugin(config.http.uploadLimitMb), pacingPagePlugin, desktopPagesPlugin, liveHub.plugin], starting: () => !started,
  });
  opened.add('the HTTP app', () => app.close());
  const listenPort = options.port ?? config.http.port;
  await app.listen({ host: config.http.host, port: listenPort }).catch((error: unknown) => {
    throw httpListenError(error, config.http.host, listenPort);
  });
  // What a previous run left in the spool is written before that run's open calls are closed as
  // interrupted (their closes may be among it); then, while anything waits, every few seconds.
  metrics.dbWritesSpooled.set(spool?.size ?? 0);
  await store.drainSpool();
  const spoolTimer = setInterval(() => {
    if (spool && spool.size > 0) void store.drainSpool().catch((error: unknown) => logger.error({ err: error }, 'writing the spool to the database failed; tried again shortly'));
  }, spoolDrainEveryMs);
  spoolTimer.unref();
  opened.add('the spool timer', () => clearInterval(spoolTimer));
  // A failed start undoes itself.
  await runtime.start();
  opened.add('the engine', () => runtime.stop(0));
  wallboard.startSharing();
  opened.add('the wallboard sharing', () => wallboard.stopSharing());
  personalCallbacks.start();
  opened.add('the personal callbacks', () => personalCallbacks.stop());
  previewDeadlines.start();
  opened.add('the preview deadlines', () => previewDeadlines.stop());
  const sealer = new EvidenceSealer({ db: pool, logger: logger.child({ component: 'evidence' }), everyMs: config.engine.evidenceSealMs });
  sealer.start();
  opened.add('the evidence sealer', () => sealer.stop());
  await probe?.start();
  if (probe) opened.add('the PBX probe', () => probe.stop());
  started = true;
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.http.port;
  const host = config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host;
  await runtime.announceUrl(config.http.publicUrl || `http://${hostname()}:${port}`);
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`, app, routes, runtime, pool, redis, nodeId,
    close: async (drainMs = config.engine.drainSeconds * 1_000) => {
      if (closing) {
        runtime.endDrain();
        return closing;
      }
      closing = closeNode(drainMs);
      return closing;
    },
  };

  async function closeNode(drainMs: number): Promise<void> {
    // A draining node starts no calls: its share of the trunk goes to the others at once (not
    // awaited first: the drain must begin in this turn, before anything else is let in).
    const leavingTrunk = trunkShare.stop();
    personalCallbacks.stop();
    previewDeadlines.stop();
    await runtime.stop(drainMs);
    clearInterval(spoolTimer);
    await leavingTrunk;
    await wallboard.stopSharing();
    observability.stop();
    await jobs.close();
    await probe?.stop();
    await app.close();
    await missedNotices.stop();
    redis.disconnect();
    // After the last writes (the engine's, the API's, the jobs'): what they wrote is sealed.
    await sealer.stop();
    await pool.end();
  }
}
