// The telephony adapter: ARI events in as core inputs, the core's telephony commands out as ARI
// requests, supervisor sessions, and a connection that is kept up forever and reconciled each
// time it opens (after a reconnect, and at the first, where a previous run may have left
// channels). The runtime sees only the Telephony interface.

import type { Logger } from 'pino';
import type { Input } from '../../core/inputs.js';
import { AgentLegs } from './agent-legs.js';
import { toAriError } from './ari-errors.js';
import { connectAriClient, routeLibraryNotices } from './ari-client-connection.js';
import type { AriEvent } from './ari-events.js';
import { AriLink, type AriLinkStatus } from './ari-link.js';
import type { AriConnector, AriRest } from './ari-port.js';
import { defaultAriMaxConnections } from './ari-request-agent.js';
import { defaultRecordingName } from './channel-ids.js';
import { CommandExecutor, type ClearToDial, type TelephonyCommand } from './command-executor.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { CustomerCalls, type PlaybackFailure } from './customer-calls.js';
import { GivenUpDials } from './given-up-dials.js';
import { inboundChannelsOf } from './inbound-channels.js';
import { LeftoverChannels, type LeftoverConversation } from './leftover-channels.js';
import { reconcileChannels, type TrackedChannel } from './reconcile.js';
import { ReturnCalls, returnCallKeyWaitMs, type ReturnCallHandler } from './return-calls.js';
import { Supervision, type SuperviseRequest, type SupervisionStarted } from './supervision.js';
import { ThirdPartyLines } from './third-party-lines.js';

export type { TelephonyCommand } from './command-executor.js';
export type { LeftoverConversation } from './leftover-channels.js';
export type { PlaybackFailure } from './customer-calls.js';
export type { IncomingReturnCall, ReturnCallAgentRoute, ReturnCallHandler, ReturnCallPlan, ReturnCallWait } from './return-calls.js';
export type TelephonyStatus = AriLinkStatus;

export interface Telephony {
  /** Connects; reconnects with backoff forever. Resolves once the first attempt is up or failed. */
  start(emit: (input: Input) => void): Promise<void>;
  /** Never throws for call-level failures: emits originate_failed / bridge_failed instead. */
  execute(command: TelephonyCommand, clearToDial?: ClearToDial): Promise<void>;
  supervise(request: SuperviseRequest): Promise<SupervisionStarted>;
  endSupervision(sessionId: string): Promise<void>;
  /** Mutes (or lets through again) what the session's supervisor hears of the call. */
  setListeningPaused(sessionId: string, paused: boolean): Promise<void>;
  recordingName(attemptId: string): string;
  /** Agents whose phone is still in a conversation a previous run left (see leftover-channels.ts), with when it was found. */
  agentsHeldOver(): ReadonlyMap<string, number>;
  /** Conversations of an agent with a customer that a previous run left going on. */
  leftoverConversations(): LeftoverConversation[];
  /** The state of the call's recording on the PBX (`recording`, `paused`...), null when there is none. */
  recordingState(attemptId: string): Promise<string | null>;
  /** Takes up a leftover conversation as the engine's own call; false when it is no longer going on. */
  adoptConversation(request: AdoptionRequest): boolean;
  status(): TelephonyStatus;
  stop(): Promise<void>;
}

export interface AdoptionRequest {
  attemptId: string;
  /** The customer's channel: the attempt's id, or the one a person who called back came in on. */
  customerChannelId: string;
  /** A person who called back: their channel's end (StasisEnd) is the call's. */
  inbound: boolean;
  campaignId: string;
  agentId: string;
  /** The call's recording is going on (or paused) on the PBX: stopped when the call ends. */
  recorded: boolean;
  /** The agent had turned their microphone off, as the crashed run kept it. */
  muted: boolean;
}

export interface AriTelephonyOptions {
  /** Base URL of the PBX's HTTP server, e.g. http://127.0.0.1:8088 */
  url: string;
  user: string;
  password: string;
  app: string;
  /** Music on hold class a customer on hold hears. */
  holdMusicClass?: string;
  /** How long an agent's phone rings at login before it is given up. */
  agentRingSeconds?: number;
  /** Customer dial string: `{number}` = E.164 digits without '+', `{e164}` = with it. */
  customerEndpointTemplate: string;
  callerId?: string;
  /** Dialplan context (extension `s`) that runs AMD() and re-enters Stasis with `amd,<status>,<cause>`. */
  amdContext?: string;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** How often the events socket is pinged; one not answered within the timeout is taken as dropped. */
  livenessIntervalMs?: number;
  livenessTimeoutMs?: number;
  /** Originates in flight at once. */
  originateConcurrency?: number;
  requestTimeoutMs?: number;
  /** REST sockets open to the PBX at once, at most: requests past them wait for a free one. */
  maxConnections?: number;
  /** How long a `;1` hang-up with cause 0 waits for the cause of its `;2` half. */
  peerCauseWaitMs?: number;
  recordingFormat?: string;
  /** Replaces the ARI client library (defaults to ari-client). */
  connect?: AriConnector;
  /** Each message (safe harbor, machine message) the PBX did not play to a call still on the line. */
  onPlaybackFailed?: (failure: PlaybackFailure) => void;
  /** The clock of the times given to the core (default: the wall clock). */
  nowMs?: () => number;
  /** What a person calling back a number the campaigns present hears (see return-calls.ts);
   * absent: such calls are hung up as channels of no call of ours. */
  returnCalls?: ReturnCallHandler;
  /** How long a return call waits for the opt-out key once its message is over. */
  returnCallKeyWaitMs?: number;
}

export const ariTelephonyDefaults = {
  amdContext: 'dialer-amd-continue',
  reconnectMinMs: 500,
  reconnectMaxMs: 30_000,
  livenessIntervalMs: 5_000,
  livenessTimeoutMs: 5_000,
  originateConcurrency: 20,
  requestTimeoutMs: 10_000,
  peerCauseWaitMs: 250,
  recordingFormat: 'wav',
  holdMusicClass: 'default',
  agentRingSeconds: 20,
} as const;

/** The cause text of a call found gone after a gap in the events: what it ended as is not known. */
export const lostInGapText = 'outcome unknown: ended while the PBX connection was down';

export function createAriTelephony(options: AriTelephonyOptions, logger: Logger): Telephony {
  const log = logger.child({ component: 'ari' });
  routeLibraryNotices((text) => log.debug({ library: 'swagger-client' }, text));
  let emit: (input: Input) => void = () => undefined;
  const forward = (input: Input): void => emit(input);

  const calls = new CustomerCalls({
    emit: forward,
    setTimer: (run, ms) => { const timer = setTimeout(run, ms); return () => clearTimeout(timer); },
    peerCauseWaitMs: options.peerCauseWaitMs ?? ariTelephonyDefaults.peerCauseWaitMs,
    onEnded: (call) => void executor.callEnded(call),
    onUnexpected: (message, fields) => log.warn(fields, message),
    onPlaybackFailed: (failure) => options.onPlaybackFailed?.(failure),
  });
  const legs = new AgentLegs({ emit: forward, onAnswered: (leg) => void executor.legAnswered(leg) });
  const thirdParties = new ThirdPartyLines({ emit: forward, onAnswered: (line) => void executor.thirdPartyAnswered(line) });

  // The last moment the PBX was heard from: a call found answered after a gap in its events was
  // answered no earlier than the gap began, and the core counts its 2 seconds from then.
  const nowMs = options.nowMs ?? Date.now;
  let heardAtMs = nowMs();
  let gapStartedAtMs: number | null = null;

  const link: AriLink = new AriLink({
    connect: options.connect ?? connectAriClient,
    connection: {
      url: options.url, user: options.user, password: options.password, app: options.app,
      requestTimeoutMs: options.requestTimeoutMs ?? ariTelephonyDefaults.requestTimeoutMs,
      maxConnections: options.maxConnections ?? defaultAriMaxConnections,
    },
    reconnectMinMs: options.reconnectMinMs ?? ariTelephonyDefaults.reconnectMinMs,
    reconnectMaxMs: options.reconnectMaxMs ?? ariTelephonyDefaults.reconnectMaxMs,
    livenessIntervalMs: options.livenessIntervalMs ?? ariTelephonyDefaults.livenessIntervalMs,
    livenessTimeoutMs: options.livenessTimeoutMs ?? ariTelephonyDefaults.livenessTimeoutMs,
  }, {
    onEvent: (event) => {
      heardAtMs = nowMs();
      route(event);
    },
    onOpen: (rest, reconnect) => reconcile(rest, reconnect),
    onUp: () => {
      heardAtMs = nowMs();
      gapStartedAtMs = null;
      forward({ type: 'telephony_up' });
    },
    onDown: () => {
      gapStartedAtMs ??= heardAtMs;
      forward({ type: 'telephony_down' });
    },
  }, log);

  const restFor = (operation: string): AriRest => link.rest(operation);
  const givenUp = new GivenUpDials({
    hangup: (channelId) => restFor('hangup').hangup(channelId),
    // A lookout lasts minutes: it must not keep a stopped engine's process alive.
    setTimer: (run, ms) => { const timer = setTimeout(run, ms).unref(); return () => clearTimeout(timer); },
    logger: log,
  });
  const supervision = new Supervision({ app: options.app, rest: restFor, linkUp: () => link.isUp(), legs, logger: log });
  const recordingName = (attemptId: string): string => defaultRecordingName(attemptId);
  const leftovers = new LeftoverChannels({ hangup: (channelId) => restFor('hangup').hangup(channelId), logger: log });
  const executor = new CommandExecutor({
    app: options.app,
    customerEndpointTemplate: options.customerEndpointTemplate,
    callerId: options.callerId,
    amdContext: options.amdContext ?? ariTelephonyDefaults.amdContext,
    recordingFormat: options.recordingFormat ?? ariTelephonyDefaults.recordingFormat,
    holdMusicClass: options.holdMusicClass ?? ariTelephonyDefaults.holdMusicClass,
    agentRingSeconds: options.agentRingSeconds ?? ariTelephonyDefaults.agentRingSeconds,
    recordingName,
  }, {
    rest: restFor, linkUp: () => link.isUp(), calls, legs, thirdParties, emit: forward, logger: log,
    originates: new ConcurrencyLimiter(options.originateConcurrency ?? ariTelephonyDefaults.originateConcurrency),
    gaveUp: (channelId, ringTimeoutMs) => givenUp.add(channelId, ringTimeoutMs),
  });

  const setTimer = (run: () => void, ms: number) => { const timer = setTimeout(run, ms); return () => clearTimeout(timer); };
  const returnCalls = options.returnCalls === undefined ? null : new ReturnCalls({
    handler: options.returnCalls, rest: restFor, setTimer, keyWaitMs: options.returnCallKeyWaitMs ?? returnCallKeyWaitMs, logger: log,
    holdMusicClass: options.holdMusicClass ?? ariTelephonyDefaults.holdMusicClass,
    inbound: inboundChannelsOf(calls),
  });

  function route(event: AriEvent): void {
    if (event.type === 'ApplicationReplaced') {
      log.error({ app: options.app }, 'another connection took over the ARI application; reconnecting to take it back');
      link.replaced();
      return;
    }
    if (calls.handle(event) || legs.handle(event) || thirdParties.handle(event) || supervision.handle(event) || returnCalls?.handle(event) === true || leftovers.handle(event)
      || givenUp.handle(event)) return;
    if (event.type === 'StasisStart' && !event.channel.id.endsWith(';2')) void leftovers.entered(event.channel.id);
  }

  /** At every connection: what we track is checked against what exists (after a reconnect), and
   * what exists that we do not track (a previous run's, after a crash) is settled. */
  async function reconcile(rest: AriRest, reconnect: boolean): Promise<void> {
    const tracked = trackedChannels();
    const [channels, application] = await Promise.all([rest.listChannels(), rest.getApplication(options.app)]);
    // Whatever of ours was not tracked when the list was asked for (a call not dialled yet, one
    // whose originate went out meanwhile, a leg taken up meanwhile...) may have a channel by now,
    // or not yet: neither lost nor a previous run's.
    const trackedBefore = new Set(tracked.map((entry) => entry.channelId));
    const pending = ourChannelIds().filter((channelId) => !trackedBefore.has(channelId));
    const report = reconcileChannels(tracked, channels, application, pending);
    if (reconnect) {
      log.info({ gone: report.gone.length, kept: report.kept.length, unsubscribed: report.unsubscribed.map((t) => t.owner),
        untracked: report.untracked.length }, 'reconciled after reconnect');
    }
    for (const entry of report.gone) lose(entry);
    // Settled with none too: a leftover conversation that ended unseen in the gap is let go.
    const bridges = report.untracked.length === 0 ? []
      : await Promise.all(application.bridgeIds.map((id) => rest.getBridge(id).catch(() => ({ id, channels: [] }))));
    await leftovers.settle(report.untracked, bridges);
    // What the gap's lost events would have said of the channels that are still there.
    const byId = new Map(channels.map((channel) => [channel.id, channel]));
    for (const entry of report.kept) {
      const channel = byId.get(entry.channelId);
      if (channel) {
        calls.caughtUp(channel, reconnect ? gapStartedAtMs : null);
        legs.caughtUp(channel);
      }
    }
    await Promise.all(report.kept.map((entry) => catchUpPlaybacks(rest, entry.channelId)));
    if (reconnect) await Promise.all(report.kept.map((entry) => catchUpAmd(rest, entry.channelId)));
  }

  /** The channels that must exist if they still do. One still waiting for (or on) its originate is
   * not lost: its channel may not exist yet. */
  function trackedChannels(): TrackedChannel[] {
    return [
      ...calls.dialled().map(({ attemptId, channelId }) => ({ owner: attemptId, channelId })),
      ...legs.all().filter((leg) => leg.originated).map((leg) => ({ owner: `agent ${leg.agentId}`, channelId: leg.channelId })),
      ...supervision.channels().filter((channel) => channel.started).map(({ sessionId, channelId }) => ({ owner: `supervision ${sessionId}`, channelId })),
      ...thirdParties.channels().filter((line) => line.originated).map((line) => ({ owner: `third party of ${line.attemptId}`, channelId: line.channelId })),
      ...(returnCalls?.channelIds() ?? []).map((channelId) => ({ owner: 'return call', channelId })),
    ];
  }

  /** Every channel of ours, whether its originate is done or not. */
  function ourChannelIds(): string[] {
    return [
      ...calls.channelIds(), ...legs.all().map((leg) => leg.channelId),
      ...supervision.channels().map(({ channelId }) => channelId), ...thirdParties.channels().map((line) => line.channelId),
      ...(returnCalls?.channelIds() ?? []),
    ];
  }

  function lose(entry: TrackedChannel): void {
    log.warn({ owner: entry.owner, channelId: entry.channelId }, 'channel vanished while disconnected');
    const call = calls.onChannelId(entry.channelId);
    if (call) calls.endLost(call.attemptId, lostInGapText, true);
    const leg = legs.all().find((candidate) => candidate.channelId === entry.channelId);
    if (leg) legs.end(leg, 0);
    const line = thirdParties.channels().find((candidate) => candidate.channelId === entry.channelId);
    if (line) thirdParties.end(line, 'lost while telephony was down');
    const session = supervision.channels().find((candidate) => candidate.channelId === entry.channelId);
    if (session) void supervision.lost(session.sessionId);
    returnCalls?.lost(entry.channelId);
  }

  /** Synchronous from the check to the registration: no event can slip between them. */
  function adopt(request: AdoptionRequest): boolean {
    const found = leftovers.agentConversations()
      .find((c) => c.customerChannelId === request.customerChannelId && c.agentId === request.agentId);
    if (!found || !leftovers.release([found.legChannelId, found.customerChannelId])) return false;
    legs.adopt(request.agentId, found.legChannelId);
    setMicrophone(request.agentId, found.legChannelId, request.muted);
    calls.adopt(request.attemptId, request.campaignId, request.agentId, request.recorded ? recordingName(request.attemptId) : null, found.held,
      { channelId: found.customerChannelId, inbound: request.inbound });
    log.info({ attemptId: request.attemptId, agentId: request.agentId }, 'took up a conversation the previous run left going on');
    return true;
  }

  /** ARI does not say whether a channel is muted: the PBX is made to agree with what the crashed
   * run kept (a microphone left off by a mute it never kept would stay off into later calls). */
  function setMicrophone(agentId: string, legChannelId: string, muted: boolean): void {
    restFor('muteIncoming').muteIncoming(legChannelId, muted).catch((error: unknown) => {
      log.error({ agentId, err: toAriError(error, 'muteIncoming').message }, `the microphone of a taken-up agent's phone could not be turned ${muted ? 'off' : 'on'}`);
    });
  }

  /** A call back in our app from the AMD dialplan whose StasisStart (with the verdict) was lost in
   * the gap would wait for it for ever, its person in silence: the verdict is read from the
   * variables AMD() set on the channel. */
  async function catchUpAmd(rest: AriRest, channelId: string): Promise<void> {
    const attemptId = calls.onChannelId(channelId)?.attemptId ?? channelId;
    if (calls.get(attemptId)?.amdPending !== true) return;
    try {
      const status = await rest.channelVariable(attemptId, 'AMDSTATUS');
      if (status === null || status === '') return;
      const cause = await rest.channelVariable(attemptId, 'AMDCAUSE');
      log.warn({ attemptId, status }, 'AMD verdict missed while disconnected; read from the channel');
      calls.amdFound(attemptId, status, cause ?? '', gapStartedAtMs);
    } catch (error) {
      log.error({ attemptId, err: toAriError(error, 'getChannelVariable').message }, 'the AMD verdict of a call back from AMD could not be read after a reconnect');
    }
  }

  /** A playback that ended during the gap would keep the engine waiting for its event. */
  async function catchUpPlaybacks(rest: AriRest, channelId: string): Promise<void> {
    const call = calls.onChannelId(channelId);
    if (!call) return;
    for (const id of [...call.playbacks]) {
      if (!(await rest.playbackExists(id))) calls.finishPlayback(id);
    }
  }

  return {
    async start(listener) {
      emit = listener;
      await link.start();
    },
    async execute(command, clearToDial) {
      await executor.execute(command, clearToDial);
    },
    supervise: (request) => supervision.supervise(request),
    endSupervision: (sessionId) => supervision.endSupervision(sessionId),
    setListeningPaused: (sessionId, paused) => supervision.setListeningPaused(sessionId, paused),
    recordingName,
    agentsHeldOver: () => leftovers.heldAgents(),
    leftoverConversations: () => leftovers.agentConversations(),
    recordingState: (attemptId) => restFor('getLiveRecording').liveRecordingState(recordingName(attemptId)),
    adoptConversation: (request) => adopt(request),
    status: () => link.status(),
    async stop() {
      link.stop();
    },
  };
}
