// startSimPbx: an HTTP + WebSocket server speaking the subset of Asterisk ARI the dialer uses,
// plus a small AMI server. Outcomes come from the traffic model or from the number's last digit.

import websocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '../../core/random.js';
import { trafficModel, type TrafficModelOverrides } from '../traffic/traffic-model.js';
import { AmiServer } from './ami-server.js';
import { AriError } from './ari-error.js';
import { failBridgeRecording } from './bridge-recording.js';
import { BridgeRegistry, bridgeJson } from './bridge-registry.js';
import { ChannelRegistry, channelJson, type MuteDirection } from './channel-registry.js';
import { EventBus, type EventListener } from './event-bus.js';
import { IdSource } from './id-source.js';
import { trackHttpSessions, type HttpSessionCounts } from './http-sessions.js';
import { callerHangsUp, callerPresses, placeInboundCall, type InboundCall } from './inbound.js';
import { builtInSounds, type SoundLibrary } from './media-durations.js';
import { emptyCounters, type AgentPhoneFault, type OutcomeMode, type PbxContext, type SimPbxCounters } from './pbx-context.js';
import { PlaybackRegistry } from './playback-registry.js';
import { RecordingStore } from './recording-store.js';
import { apiDocsRoutes } from './rest/api-docs-routes.js';
import { ariAuthHook } from './rest/ari-auth.js';
import { bridgeRoutes } from './rest/bridge-routes.js';
import { channelRoutes } from './rest/channel-routes.js';
import { eventsRoute } from './rest/events-route.js';
import { playbackRoutes } from './rest/playback-routes.js';
import { recordingRoutes } from './rest/recording-routes.js';
import { soundRoutes } from './rest/sound-routes.js';
import { systemRoutes } from './rest/system-routes.js';
import { Scheduler } from './scheduler.js';
import type { BridgeJson, ChannelJson } from './ari-types.js';

export interface SimPbxOptions {
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** HTTP port; 0 (default) takes any free port. */
  port?: number;
  /** AMI port; 0 (default) takes any free port; null disables AMI. */
  amiPort?: number | null;
  /** ARI and AMI credentials; default dialer/dialer. */
  username?: string;
  password?: string;
  /** Stasis app names the PBX knows from the start; the first is the one the AMD dialplan calls. */
  apps?: string[];
  /** Seed of the traffic model's draws. */
  seed?: number;
  /** Knobs of the traffic model (defaults for the rest). */
  traffic?: TrafficModelOverrides;
  /** 1 = real time; 0.1 makes every simulated delay ten times shorter. */
  timeScale?: number;
  /** 'model' (default): the traffic model decides; 'digit': the number's last digit, as the test dialplan. */
  outcomes?: OutcomeMode;
  /** Numbers of desks the agents call (a verification desk): answered by a person who stays on the
   * line until hung up, whatever the outcomes. Digits, as dialled, with or without '+'. */
  desks?: readonly string[];
  /** The asterisk_id / entity id reported. */
  asteriskId?: string;
  /** Sounds the PBX has besides its built-in ones (name as after `sound:`, and how long it plays):
   * playing any other sound fails, as on an Asterisk without the file. */
  sounds?: SoundLibrary;
  /** Built-in sounds this PBX lacks, as an Asterisk whose sound files were not all installed. */
  withoutSounds?: readonly string[];
  /** Stored recordings the PBX holds from its start (name, how long it plays in ms): prompts
   * recorded on the PBX, which `recording:` media play; playing any other recording fails. */
  storedRecordings?: Readonly<Record<string, number>>;
  /** HTTP sessions open at once past which a connection is closed at once, as http.conf's
   * sessionlimit has Asterisk do; default none. */
  sessionLimit?: number | null;
}

export type AnsweredListener = (request: { method: string; path: string; status: number }) => void;

export interface SimPbx {
  /** HTTP base, e.g. http://127.0.0.1:41234 (ARI is under /ari). */
  url: string;
  port: number;
  /** The AMI port, or null when AMI is off. */
  amiPort: number | null;
  counters: SimPbxCounters;
  /** The HTTP sessions (connections) open now, the most open at once, and those refused. */
  httpSessions(): HttpSessionCounts;
  channels(): ChannelJson[];
  bridges(): BridgeJson[];
  /** The music on hold class a bridge plays, null for none (ARI's bridge JSON does not say). */
  bridgeMusic(bridgeId: string): string | null;
  /** The name of the recording a bridge is being recorded under, null for none (for tests). */
  bridgeRecording(bridgeId: string): string | null;
  /** Makes the bridge's recording fail (RecordingFailed with `cause`); false when it has none. */
  failRecording(bridgeId: string, cause: string): boolean;
  /** Leaves the agent's phone (its `sim-agent` extension, e.g. `Local/ann@sim-agent`) ringing
   * unanswered from its next dial on, or answering again (for tests). */
  setAgentPhoneAnswers(agent: string, answers: boolean): void;
  /** Makes the agent's phone busy, unreachable (congestion) or ringing unanswered from its next
   * dial on; null: answering again (for tests). */
  setAgentPhoneFault(agent: string, fault: AgentPhoneFault | null): void;
  /** Leaves every request to add a channel to the bridge unanswered, the channel not added, until
   * the function returned is called: a PBX slow to make a bridge (for tests). */
  holdBridgeAdds(bridgeId: string): () => void;
  /** Leaves every originate unanswered, its channel not made yet, until the function returned is
   * called: a PBX slow to take up requests (for tests). */
  holdOriginates(): () => void;
  /** The directions of audio muted on a channel, e.g. `['in']` (for tests). */
  channelMuted(channelId: string): MuteDirection[];
  /** A call from the public network into the dialplan's app (by default to the return-call
   * context, `return,<to>`); the caller stays on until hung up. Returns its channel. */
  placeInboundCall(call: InboundCall): ChannelJson;
  /** The caller of an inbound call presses keys, or hangs up; false when the call is gone. */
  callerPresses(channelId: string, digits: string): boolean;
  callerHangsUp(channelId: string): boolean;
  /** Changes the ARI and AMI password, as an edit of ari.conf and a reload: clients connected
   * keep their events socket, their requests with the old password are refused (for tests). */
  setPassword(password: string): void;
  /** Observes every event delivered to an app (for tests). */
  onEvent(listener: EventListener): () => void;
  /** Observes every HTTP request once answered, e.g. `DELETE /ari/channels/x` and 404 (for tests). */
  onAnswered(listener: AnsweredListener): () => void;
  close(): Promise<void>;
}

export async function startSimPbx(options: SimPbxOptions = {}): Promise<SimPbx> {
  const host = options.host ?? '127.0.0.1';
  const credentials = { username: options.username ?? 'dialer', password: options.password ?? 'dialer' };
  const ctx = createContext(options);
  const app = await buildHttpServer(ctx, credentials);
  const answeredListeners = new Set<AnsweredListener>();
  app.addHook('onResponse', async (request, reply) => {
    const answered = { method: request.method, path: request.url.split('?')[0] ?? '', status: reply.statusCode };
    for (const listener of answeredListeners) listener(answered);
  });
  const sessions = trackHttpSessions(app.server, options.sessionLimit ?? null);
  await app.listen({ host, port: options.port ?? 0 });
  const port = (app.server.address() as AddressInfo).port;
  const ami = options.amiPort === null ? null : new AmiServer(credentials, { currentCalls: () => ctx.channels.size, startedAtMs: ctx.startedAtMs });
  const amiPort = ami === null ? null : await ami.listen(options.amiPort ?? 0, host);
  return {
    url: `http://${host}:${port}`,
    port,
    amiPort,
    counters: ctx.counters,
    httpSessions: () => ({ ...sessions }),
    channels: () => ctx.channels.list().map(channelJson),
    bridges: () => ctx.bridges.list().map(bridgeJson),
    bridgeMusic: (bridgeId) => ctx.bridges.get(bridgeId)?.mohClass ?? null,
    bridgeRecording: (bridgeId) => ctx.bridges.get(bridgeId)?.recordingName ?? null,
    failRecording: (bridgeId, cause) => {
      const bridge = ctx.bridges.get(bridgeId);
      return bridge !== undefined && failBridgeRecording(ctx, bridge, cause);
    },
    setAgentPhoneAnswers: (agent, answers) => setAgentPhoneFault(ctx, agent, answers ? null : 'rings'),
    setAgentPhoneFault: (agent, fault) => setAgentPhoneFault(ctx, agent, fault),
    holdBridgeAdds: (bridgeId) => holdBridgeAdds(ctx, bridgeId),
    holdOriginates: () => holdOriginates(ctx),
    channelMuted: (channelId) => [...(ctx.channels.get(channelId)?.muted ?? [])].sort(),
    placeInboundCall: (call) => placeInboundCall(ctx, call),
    callerPresses: (channelId, digits) => callerPresses(ctx, channelId, digits),
    callerHangsUp: (channelId) => callerHangsUp(ctx, channelId),
    setPassword: (password) => { credentials.password = password; },
    onEvent: (listener) => ctx.bus.listen(listener),
    onAnswered: (listener) => {
      answeredListeners.add(listener);
      return () => answeredListeners.delete(listener);
    },
    close: async () => {
      ctx.scheduler.close();
      ctx.bus.closeAll();
      await Promise.all([app.close(), ami?.close()]);
    },
  };
}

function holdBridgeAdds(ctx: PbxContext, bridgeId: string): () => void {
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => { release = resolve; });
  ctx.heldBridgeAdds.set(bridgeId, held);
  return () => {
    if (ctx.heldBridgeAdds.get(bridgeId) === held) ctx.heldBridgeAdds.delete(bridgeId);
    release();
  };
}

function holdOriginates(ctx: PbxContext): () => void {
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => { release = resolve; });
  ctx.heldOriginates = held;
  return () => {
    if (ctx.heldOriginates === held) ctx.heldOriginates = null;
    release();
  };
}

function setAgentPhoneFault(ctx: PbxContext, agent: string, fault: AgentPhoneFault | null): void {
  if (fault === null) ctx.agentPhones.delete(agent);
  else ctx.agentPhones.set(agent, fault);
}

function createContext(options: SimPbxOptions): PbxContext {
  const apps = options.apps ?? ['dialer'];
  const seed = options.seed ?? 1;
  return {
    channels: new ChannelRegistry(),
    bridges: new BridgeRegistry(),
    playbacks: new PlaybackRegistry(),
    recordings: recordingStoreOf(options),
    bus: new EventBus(options.asteriskId ?? '02:00:00:00:00:01'),
    scheduler: new Scheduler(options.timeScale ?? 1),
    ids: new IdSource(),
    farEnds: new Map(),
    counters: emptyCounters(),
    mode: options.outcomes ?? 'model',
    desks: new Set((options.desks ?? []).map((number) => number.replace(/[^0-9]/g, ''))),
    agentPhones: new Map(),
    heldBridgeAdds: new Map(),
    heldOriginates: null,
    model: trafficModel(options.traffic),
    fateRandom: seededRandom(seed, 'sim-pbx-fates'),
    sounds: soundsOf(options),
    dialplanApp: apps[0] ?? 'dialer',
    apps,
    asteriskId: options.asteriskId ?? '02:00:00:00:00:01',
    startedAtMs: Date.now(),
  };
}

function recordingStoreOf(options: SimPbxOptions): RecordingStore {
  const store = new RecordingStore();
  for (const [name, ms] of Object.entries(options.storedRecordings ?? {})) store.stored.set(name, { name, format: 'wav', durationSeconds: ms / 1000 });
  return store;
}

function soundsOf(options: SimPbxOptions): SoundLibrary {
  const lacking = new Set(options.withoutSounds ?? []);
  return Object.fromEntries(Object.entries({ ...builtInSounds, ...options.sounds }).filter(([name]) => !lacking.has(name)));
}

async function buildHttpServer(ctx: PbxContext, credentials: { username: string; password: string }): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  // ARI clients send `Content-Type: application/json` with empty bodies; treat those as no body.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    const raw = typeof text === 'string' ? text : text.toString('utf8');
    if (raw.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(raw));
    } catch {
      done(new AriError(400, { message: 'Invalid JSON body' }), undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, _body, done) => done(null, undefined));
  await app.register(websocket);
  app.addHook('onRequest', ariAuthHook(credentials));
  app.setErrorHandler((error: FastifyError | AriError, _request, reply) => {
    if (error instanceof AriError) return reply.code(error.status).send(error.body);
    return reply.code(error.statusCode ?? 500).send({ message: error.message });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ message: 'Resource not found' }));
  apiDocsRoutes(app);
  eventsRoute(app, ctx);
  systemRoutes(app, ctx);
  channelRoutes(app, ctx);
  bridgeRoutes(app, ctx);
  playbackRoutes(app, ctx);
  recordingRoutes(app, ctx);
  soundRoutes(app, ctx);
  return app;
}
