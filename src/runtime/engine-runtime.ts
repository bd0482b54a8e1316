// The live engine: the core in its loop, effects through the command router, campaigns kept in
// step with the database under Redis leases, and the telephony adapter feeding events back.
// It is what `outpace serve` and the demo run, and what the HTTP API talks to.

import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CallStatus } from '../core/call.js';
import type { Command } from '../core/commands.js';
import type { EngineState } from '../core/engine-state.js';
import { campaignIsIdle } from '../core/handover-partners.js';
import type { Input } from '../core/inputs.js';
import type { EngineApi } from '../adapters/http/engine-api.js';
import { claimAgentLogin, releaseAgentLogin } from '../adapters/redis/agent-login-claim.js';
import { campaignLeaseHolder } from '../adapters/redis/campaign-lease.js';
import { AriAppInUseError, claimAriApp, claimAriAppAtStart, releaseAriApp } from '../adapters/redis/ari-app-claim.js';
import { clearNodePresence, markNodePresent, nodeLastSeen, nodePresenceKey, presenceTtlMs, presentNodeUrl } from '../adapters/redis/node-presence.js';
import { previewLeaseMs } from '../adapters/pg/preview-attempts.js';
import { CampaignSync } from './campaign-sync.js';
import { CommandRouter } from './command-router.js';
import { ConversationAdopter, type ConversationTelephony } from './conversation-adopter.js';
import { EngineLoop, type CommandSink } from './engine-loop.js';
import { PacingModelKeeper } from './pacing-model-keeper.js';
import { RestartRecovery } from './restart-recovery.js';
import type { PgEngineStore } from './pg-engine-store.js';
import type { PreDialCheck, TelephonyPort } from './telephony-port.js';

/** The telephony adapter as the runtime drives it (the ARI adapter implements this). */
export interface TelephonyDriver extends TelephonyPort, ConversationTelephony {
  start(emit: (input: Input) => void): Promise<void>;
  stop(): Promise<void>;
  /** Agents whose phone is still in a conversation a previous run left, with when it was found. */
  agentsHeldOver(): ReadonlyMap<string, number>;
}

export interface EngineRuntimeOptions {
  nodeId: string;
  tickMs: number;
  campaignLeaseMs: number;
  /** How long a lead leased for a dial stays this node's; renewed at a third of it while its call goes on. */
  leadLeaseMs: number;
  checkInvariants: boolean;
  /** The ARI application the node runs under, claimed for it alone (see ari-app-claim.ts). */
  ariApp?: string;
  clock?: () => number;
  onTickDuration?: (seconds: number) => void;
}

export interface EngineRuntimeDeps {
  store: PgEngineStore;
  redis: Redis;
  telephony: TelephonyDriver;
  preDialCheck: PreDialCheck | null;
  logger: Logger;
}

const SYNC_EVERY_MS = 2_000;
/** Calls that may yet be answered by a person and need a ready agent. */
const stillSeekingAgent: ReadonlySet<CallStatus> = new Set(['dialing', 'ringing', 'amd', 'waiting_agent']);
/** How long a stop lets calls in progress finish when the caller does not say. */
export const defaultDrainMs = 30_000;
/** How long a preview dial is refused after its attempt was closed undialled: outlasts a dial
 * request that read the attempt just before it closed. */
const closedPreviewFenceMs = 60_000;

export class EngineRuntime implements EngineApi {
  readonly loop: EngineLoop;
  private readonly router: CommandRouter;
  private readonly campaigns: CampaignSync;
  private readonly models: PacingModelKeeper;
  private readonly recovery: RestartRecovery;
  private syncTimer: NodeJS.Timeout | null = null;
  private presenceTimer: NodeJS.Timeout | null = null;
  private marking: Promise<void> = Promise.resolve();
  private syncing: Promise<void> = Promise.resolve();
  /** Wall time by which a stop hangs up what is left; null while the node is not stopping. */
  private drainDeadline: number | null = null;
  private leadLeaseTimer: NodeJS.Timeout | null = null;
  private leaseRounds = 0;
  private readonly drainListeners: Array<() => void> = [];
  /** Where agents and other nodes reach this node, once it listens. */
  private publicUrl = '';
  /** Preview attempts being closed undialled (or just closed), until when (wall time) a
   * preview_dial of one is refused. */
  private readonly undialledPreviews = new Map<string, number>();

  constructor(private readonly deps: EngineRuntimeDeps, private readonly options: EngineRuntimeOptions) {
    this.loop = new EngineLoop({
      clock: options.clock ?? Date.now, tickMs: options.tickMs, logger: deps.logger, checkInvariants: options.checkInvariants,
      ...(options.onTickDuration ? { onTickDuration: options.onTickDuration } : {}),
    });
    const submit = (input: Input): void => { this.loop.submit(input); };
    this.router = new CommandRouter({
      store: deps.store, telephony: deps.telephony, preDialCheck: deps.preDialCheck, submit, nowMs: () => this.loop.nowMs(), logger: deps.logger,
    });
    this.loop.onCommands((commands, nowMs) => this.router.route(commands, nowMs));
    this.loop.onCommands((commands) => this.releaseLoginsEnded(commands));
    this.campaigns = new CampaignSync({
      store: deps.store, redis: deps.redis, nodeId: options.nodeId, leaseMs: options.campaignLeaseMs, submit,
      nowMs: () => this.loop.nowMs(), logger: deps.logger, isIdle: (campaignId) => campaignIsIdle(this.loop.state, campaignId),
    });
    this.models = new PacingModelKeeper({ store: deps.store, logger: deps.logger });
    const adopter = new ConversationAdopter({
      store: deps.store, telephony: deps.telephony, submit: (input) => this.loop.submit(input),
      keepRecording: (attemptId, name) => this.router.keepRecording(attemptId, name), nowMs: () => this.loop.nowMs(), logger: deps.logger,
    });
    this.recovery = new RestartRecovery({
      nodeId: options.nodeId, store: deps.store, telephony: deps.telephony, adopter,
      agentIds: () => this.loop.state.agents.keys(), nowMs: () => this.loop.nowMs(), logger: deps.logger,
    });
  }

  /** Adds an observer of every command (metrics, agent desktops). */
  observe(sink: CommandSink): void {
    this.loop.onCommands(sink);
  }

  /**
   * Comes up after a clean stop or a crash alike (see restart-recovery.ts for what a crash left).
   * A start that fails leaves nothing running: no presence mark (other nodes take over its calls
   * at once), no PBX link, no campaign lease.
   */
  async start(): Promise<void> {
    try {
      await this.startSteps();
    } catch (error: unknown) {
      this.deps.logger.error({ err: error }, 'engine failed to start; undoing what it started');
      await this.undoStart();
      throw error;
    }
  }

  private async startSteps(): Promise<void> {
    // Read before this run marks itself: when the last run was last seen, if it died.
    const lastSeen = await nodeLastSeen(this.deps.redis, this.options.nodeId).catch(() => null);
    await this.claimAriApp();
    await this.keepPresent();
    let linked = false;
    await this.deps.telephony.start((input) => {
      this.loop.submit(input);
      if (input.type !== 'telephony_up') return;
      linked = true;
      this.recovery.linkUp();
    });
    await this.recovery.beforeCampaigns(lastSeen, linked);
    await this.syncCampaigns();
    await this.recovery.afterCampaigns(lastSeen);
    this.loop.start();
    this.syncTimer = setInterval(() => { void this.periodicSync(); }, SYNC_EVERY_MS);
    this.leadLeaseTimer = setInterval(() => { void this.keepLeadsLeased(); }, Math.max(100, Math.floor(Math.min(this.options.leadLeaseMs, previewLeaseMs) / 3)));
  }

  submit(input: Input): Command[] {
    if (input.type === 'preview_dial' && this.previewClosing(input.lead.attemptId)) {
      return [{ type: 'input_rejected', input: input.type, code: 'unknown_call', message: `preview ${input.lead.attemptId} was skipped` }];
    }
    return this.loop.submit(input);
  }

  /**
   * Closes a preview undialled with `close` (its skip), unless the engine is dialling it: null
   * then, or when `close` found it closed (null); otherwise what `close` answered. Checked and
   * fenced in one turn: from the check until a while after the close, a preview_dial of the
   * attempt is refused, so no call starts under it.
   */
  async closeUndialledPreview<T>(attemptId: string, close: () => Promise<T | null>): Promise<T | null> {
    if (this.loop.state.calls.has(attemptId)) return null;
    this.forgetClosedPreviews();
    this.undialledPreviews.set(attemptId, Number.POSITIVE_INFINITY);
    let closed: T | null = null;
    try {
      closed = await close();
      return closed;
    } finally {
      if (closed !== null) this.undialledPreviews.set(attemptId, Date.now() + closedPreviewFenceMs);
      else this.undialledPreviews.delete(attemptId);
    }
  }

  private previewClosing(attemptId: string): boolean {
    return (this.undialledPreviews.get(attemptId) ?? 0) > Date.now();
  }

  private forgetClosedPreviews(): void {
    const now = Date.now();
    for (const [attemptId, until] of this.undialledPreviews) if (until <= now) this.undialledPreviews.delete(attemptId);
  }

  state(): EngineState {
    return this.loop.state;
  }

  nowMs(): number {
    return this.loop.nowMs();
  }

  steps(): number {
    return this.loop.steps();
  }

  /** How many rounds of lease renewals (see keepLeadsLeased) have ended: one that ends after
   * something changed has seen it, so a wait on what it must not renew need not guess a time. */
  leaseRenewalRounds(): number {
    return this.leaseRounds;
  }

  syncCampaigns(): Promise<void> {
    this.syncing = this.syncing.then(() => this.campaigns.sync()).catch((error: unknown) => {
      this.deps.logger.error({ err: error }, 'campaign sync failed');
    });
    return this.syncing;
  }

  nodeId(): string {
    return this.options.nodeId;
  }

  campaignDriver(campaignId: string): Promise<string | null> {
    return campaignLeaseHolder(this.deps.redis, campaignId);
  }

  nodeUrl(nodeId: string): Promise<string | null> {
    return presentNodeUrl(this.deps.redis, nodeId);
  }

  claimAgentLogin(agentId: string): Promise<string | null> {
    return claimAgentLogin(this.deps.redis, agentId, this.options.nodeId);
  }

  releaseAgentLogin(agentId: string): Promise<void> {
    return releaseAgentLogin(this.deps.redis, agentId, this.options.nodeId);
  }

  /** An agent logged out here may log in on another node at once: the claim of the login that
   * ended would otherwise hold that node off for the rest of its few seconds. */
  private releaseLoginsEnded(commands: readonly Command[]): void {
    for (const command of commands) {
      if (command.type !== 'agent_state_changed' || command.to !== 'logged_out') continue;
      this.releaseAgentLogin(command.agentId).catch((error: unknown) => this.deps.logger.warn({ err: error, agentId: command.agentId }, 'the login claim of an agent logged out was not given back; it lapses by itself'));
    }
  }

  /** The address this node is reached at, announced with its presence from now on. */
  announceUrl(url: string): Promise<void> {
    this.publicUrl = url;
    return this.markPresent();
  }

  invariantViolationCount(): number {
    return this.loop.invariantViolationCount();
  }

  /** Adds a listener told once, when the node starts stopping (metrics, agent desktops). */
  onDrainStart(listener: () => void): void {
    this.drainListeners.push(listener);
  }

  /** True from the moment the node starts stopping: it takes no new dials or agent logins. */
  draining(): boolean {
    return this.drainDeadline !== null;
  }

  agentsHeldOver(): ReadonlyMap<string, number> {
    return this.deps.telephony.agentsHeldOver();
  }

  /**
   * Stops without cutting a conversation short. The campaigns are paused and their leases handed
   * back at once, so another node can dial them for its own agents. Calls still ringing here are
   * put through to the agents waiting for them; then every agent is logged out as soon as their
   * call is over and dispositioned, the desktop working until then. Whatever is left after
   * `drainMs` (or `endDrain`) is hung up. Every write is flushed before it returns.
   */
  async stop(drainMs = defaultDrainMs): Promise<void> {
    if (this.syncTimer) clearInterval(this.syncTimer);
    this.drainDeadline = Date.now() + drainMs;
    // No sync takes a campaign (back) on from here: the API asks for syncs while the node drains.
    this.campaigns.halt();
    for (const listener of this.drainListeners) listener();
    this.pauseOwnedCampaigns();
    await this.syncing;
    // A pass under way when the stop came may have taken a campaign on since.
    this.pauseOwnedCampaigns();
    // Saved before the leases go: the node that takes a campaign on reads what was learned here.
    await this.models.saveAll(this.loop.state, this.campaigns.campaignsKeptHere(), this.nowMs());
    await this.campaigns.releaseAll();
    const { state } = this.loop;
    await this.untilDrained(() => ![...state.calls.values()].some((call) => stillSeekingAgent.has(call.status)));
    for (const agent of state.agents.values()) {
      if (agent.status !== 'logged_out') this.loop.submit({ type: 'agent_logout', agentId: agent.id, afterDisposition: true });
    }
    await this.untilDrained(() => state.calls.size === 0 && [...state.agents.values()].every((a) => a.status === 'logged_out'));
    this.hangUpAll('engine stopping');
    await this.waitFor(() => state.calls.size === 0, 10_000);
    for (const agent of state.agents.values()) {
      if (agent.status !== 'logged_out') this.loop.submit({ type: 'agent_logout', agentId: agent.id });
    }
    await this.waitFor(() => [...state.agents.values()].every((a) => a.status === 'logged_out'), 5_000);
    this.loop.stop();
    if (this.leadLeaseTimer) clearInterval(this.leadLeaseTimer);
    // Every call is over: what the database has not taken yet is kept in the spool from here.
    this.deps.store.stopRetrying?.();
    await this.router.drain();
    await this.deps.store.flushDecisions();
    await this.deps.telephony.stop();
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.presenceTimer = null;
    // A mark already on its way would land after the clear: let it land first.
    await this.marking;
    await clearNodePresence(this.deps.redis, this.options.nodeId).catch(() => undefined);
    await this.releaseAriApp().catch(() => undefined);
    await this.deps.store.clearNodeAlive().catch(() => undefined);
  }

  private async releaseAriApp(): Promise<void> {
    if (this.options.ariApp !== undefined) await releaseAriApp(this.deps.redis, this.options.ariApp, this.options.nodeId);
  }

  private pauseOwnedCampaigns(): void {
    for (const id of this.campaigns.ownedCampaigns()) this.loop.submit({ type: 'campaign_paused', campaignId: id });
  }

  /** Undoes a start that failed, each step whatever the others do; the start's error is what counts. */
  private async undoStart(): Promise<void> {
    this.campaigns.halt();
    this.loop.stop();
    for (const timer of [this.syncTimer, this.leadLeaseTimer, this.presenceTimer]) if (timer) clearInterval(timer);
    this.presenceTimer = null;
    const undo = async (what: string, step: () => Promise<unknown>): Promise<void> => {
      await step().catch((error: unknown) => this.deps.logger.warn({ err: error }, `${what} after the failed start failed`));
    };
    await undo('stopping telephony', () => this.deps.telephony.stop());
    await this.syncing;
    await undo('releasing campaign leases', () => this.campaigns.releaseAll());
    // A mark on its way would land after the removal. When it was last seen stays: what the
    // start left open is closed at that time.
    await this.marking;
    await undo('removing the presence mark', () => this.deps.redis.del(nodePresenceKey(this.options.nodeId)));
    await undo('giving the ARI application back', () => this.releaseAriApp());
    await undo('removing the database heartbeat', () => this.deps.store.clearNodeAlive());
  }

  /** Refuses to start under an ARI application another live node runs under. Redis away, the
   * claim cannot be checked: the start goes on, and the claim is made at the presence renewals. */
  private async claimAriApp(): Promise<void> {
    const app = this.options.ariApp;
    if (app === undefined) return;
    try {
      await claimAriAppAtStart(this.deps.redis, app, this.options.nodeId, this.presenceTtlMs());
    } catch (error: unknown) {
      if (error instanceof AriAppInUseError) throw error;
      this.deps.logger.warn({ err: error, app }, 'whether another node runs under this ARI application could not be checked');
    }
  }

  /** Renews the claim with the presence mark; one found taken (Redis lost it meanwhile) is loud. */
  private async renewAriApp(): Promise<void> {
    const app = this.options.ariApp;
    if (app === undefined) return;
    const holder = await claimAriApp(this.deps.redis, app, this.options.nodeId, this.presenceTtlMs());
    if (holder !== null) this.deps.logger.error({ app, holder }, `node ${holder} runs under this node's ARI application: they take each other's events; give each node its own ari.app`);
  }

  /**
   * Marks the node present now and every so often until it has stopped, draining included: a
   * node that takes one of its campaigns on leaves its calls to it. The mark lapses in half a
   * lease, so a node that died is gone before its leases lapse and its campaigns are taken on.
   */
  private async keepPresent(): Promise<void> {
    await this.markPresent();
    this.presenceTimer = setInterval(() => { void this.markPresent(); }, Math.floor(this.presenceTtlMs() / 3));
  }

  presenceTtlMs(): number {
    return presenceTtlMs(this.options.campaignLeaseMs);
  }

  /** In Redis and in the database alike: cut off from one, the node is still seen at work. */
  private markPresent(): Promise<void> {
    const inRedis = markNodePresent(this.deps.redis, this.options.nodeId, this.presenceTtlMs(), this.publicUrl)
      .then(() => this.renewAriApp())
      .catch((error: unknown) => { this.deps.logger.warn({ err: error }, 'marking this node present failed'); });
    const inDatabase = this.deps.store.markNodeAlive()
      .catch((error: unknown) => { this.deps.logger.warn({ err: error }, 'marking this node at work in the database failed'); });
    this.marking = Promise.all([inRedis, inDatabase]).then(() => undefined);
    return this.marking;
  }

  /** Cuts a stop's wait short: what is still going is hung up now (a second signal). */
  endDrain(): void {
    if (this.drainDeadline !== null) this.drainDeadline = Date.now();
  }

  /** Hangs up every call in progress (the end of a drain that took too long). */
  hangUpAll(reason: string): void {
    for (const call of [...this.loop.state.calls.values()]) {
      this.loop.submit({ type: 'call_withdrawn', attemptId: call.attemptId, reason });
    }
  }

  private async periodicSync(): Promise<void> {
    // Not behind the sync, which may be stuck waiting for Redis: the fence must not wait with it.
    this.campaigns.fenceLapsingLeases();
    await this.syncCampaigns();
    await this.models.saveLearning(this.loop.state, this.campaigns.campaignsKeptHere(), this.nowMs());
    await this.releaseDrained();
    await this.deps.store.flushDecisions().catch((error: unknown) => {
      this.deps.logger.error({ err: error }, 'writing pacing decisions failed');
    });
  }

  /** Campaigns no longer driven here leave the engine once nothing of theirs is left on the node;
   * what one stopped here learned since its last save is saved first (one another node drives now
   * is that node's to save). */
  private async releaseDrained(): Promise<void> {
    const drained = this.campaigns.drainedCampaigns();
    if (drained.length === 0) return;
    const kept = new Set(this.campaigns.campaignsKeptHere());
    await this.models.saveAll(this.loop.state, drained.filter((id) => kept.has(id)), this.nowMs());
    this.campaigns.release(drained);
  }

  /** A conversation may outlast the lease of its lead, and an agent may read a preview longer than
   * its lease: renewed, the lead is not dialled again (or offered to another agent) meanwhile. */
  private async keepLeadsLeased(): Promise<void> {
    try {
      await this.renewLeases();
    } finally {
      this.leaseRounds += 1;
    }
  }

  private async renewLeases(): Promise<void> {
    const now = new Date(this.nowMs());
    const inFlight = [...this.loop.state.leadsInFlight];
    const loggedIn = [...this.loop.state.agents.values()].filter((agent) => agent.status !== 'logged_out')
      .map((agent) => ({ agentId: agent.id, campaignId: agent.campaignId }));
    try {
      if (inFlight.length > 0) await this.deps.store.renewLeadLeases(inFlight, now);
      if (loggedIn.length > 0) await this.deps.store.renewPreviewLeases(loggedIn, now);
    } catch (error: unknown) {
      this.deps.logger.error({ err: error }, 'renewing the leases of leads in a call or a preview failed; trying again shortly');
    }
  }

  /** Waits until `done` or the drain's deadline, which a second stop may bring forward. */
  private untilDrained(done: () => boolean): Promise<void> {
    return this.waitUntil(done, () => this.drainDeadline ?? 0);
  }

  private waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    return this.waitUntil(done, () => until);
  }

  private async waitUntil(done: () => boolean, deadline: () => number): Promise<void> {
    while (!done() && Date.now() < deadline()) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
