// Live updates for the agent desktop and the supervisor wallboard over WebSocket.
//
//   /ws/agent?token=T[&agentId=A]   an agent's own events (staff may name the agent to watch)
//   /ws/supervisor?token=T          every agent's state changes and a wallboard snapshot each second
//
// Server -> client (JSON text frames):
//   { type: 'hello', role, agentId, serverTime, stopping }
//   { type: 'node_stopping' }                                 the node is stopping: finish the call, log in again after
//   { type: 'agent', agent: AgentView }                       state changed, or the call's recording paused or resumed (and every 5 s as heartbeat)
//   { type: 'call', attemptId, status: 'reserved'|'talking' } a call for the agent: fetch the screen pop
//   { type: 'call_closed', attemptId, outcome }                the customer's leg is gone
//   { type: 'missed', notices: [{ reason, detail?, atMs }] }   to an agent's own desktop as it opens: what it would have
//                                                              said (a refusal, a hold's time limit, a third party gone)
//                                                              while none was open, oldest first (kept in Redis)
//   { type: 'wallboard', snapshot }                            supervisors, every second
//   { type: 'supervision_ended', sessionId, agentId, mode,     to the wallboards of the supervisor who started the
//     reason }                                                 session, however it ended (see supervision-follower.ts)
//   { type: 'pong', serverTime }                               answer to { type: 'ping' }
// Close codes: 4401 bad or missing token, 4403 not allowed, 4429 too many wrong tokens from the
// address (try again in a minute).
//
// Fed from the runtime's command observer: the hub reads the engine state after each step, so
// what it sends is what the API would answer at the same moment.

import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { agentPhoneFailures } from '../../../core/agent-phone-failure.js';
import type { Command } from '../../../core/commands.js';
import type { Authenticator } from '../authenticate.js';
import type { EngineApi } from '../engine-api.js';
import type { Principal } from '../principal.js';
import type { SignInGuard } from '../sign-in-guard.js';
import type { SupervisionEnded } from '../supervision-follower.js';
import { agentsAndSupervisors, staff } from '../principal.js';
import { agentView } from '../routes/agent-routes.js';
import type { WallboardSource } from './wallboard-snapshot.js';
import { missedNoticesKeptMs, type MissedNotice } from '../../redis/missed-notices.js';

export type CommandObserver = (sink: (commands: readonly Command[], nowMs: number) => void) => void;

export interface LiveHubDeps {
  engine: EngineApi;
  observe: CommandObserver;
  authenticate: Authenticator;
  /** The HTTP routes' guard: wrong tokens offered by a stream count as the routes' do. */
  signInGuard?: SignInGuard;
  wallboard: WallboardSource;
  logger: Logger;
  wallboardEveryMs?: number;
  heartbeatMs?: number;
  /** How often the tokens of open streams are looked up again: a revoked one closes its streams. */
  tokenRecheckMs?: number;
  /** Told the streams open after each opens or closes. */
  onConnections?: (open: { agents: number; supervisors: number }) => void;
  /** Where notices for agents with no desktop open wait for the next one (any node's). */
  missedNotices: MissedNoticeStore;
}

export interface MissedNoticeStore {
  keep(agentId: string, notice: MissedNotice): Promise<void>;
  /** The agent's notices since `sinceMs`, oldest first; taken, so said once. */
  take(agentId: string, sinceMs: number): Promise<MissedNotice[]>;
}

/** A socket that lags this far behind is dropped; the client reconnects and resynchronises. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** What the agent's desktop says of a state change beyond the state itself: a problem (the PBX
 * refused what the agent asked, a third party left the call, the agent's phone line ended or
 * their phone did not answer at login, was busy or could not be reached, which logged them out) or news (a hold reached its limit). */
type NoticeKind = 'problem' | 'news';

/** A handover the agent did not end is off: the customer is still theirs (commands.ts HandoverEnd). */
const HANDOVER_ENDED = new Set(['handover_failed', 'handover_left', 'handover_phone_lost']);

/** The notice a reason makes, if any: the desktop says these, and keeps them while it is closed. */
function noticeOf(reason: string, detail: string | undefined): NoticeKind | null {
  if (reason === 'hold_time_limit') return 'news';
  if (HANDOVER_ENDED.has(reason)) return 'problem';
  if (reason === 'phone_lost' || (agentPhoneFailures as readonly string[]).includes(reason)) return 'problem';
  if (reason.startsWith('pbx_refused_') || (reason === 'third_party_ended' && detail !== undefined)) return 'problem';
  return null;
}

export class LiveHub {
  private readonly agentSockets = new Map<string, Set<WebSocket>>();
  private readonly supervisorSockets = new Set<WebSocket>();
  /** Sockets opened by agents for themselves (the others follow an agent for a supervisor). */
  private readonly ownDesktops = new WeakSet<WebSocket>();
  /** Who opened each wallboard: news of a supervision session goes to its supervisor's only. */
  private readonly wallboardOwners = new WeakMap<WebSocket, Principal>();
  private readonly timers: NodeJS.Timeout[] = [];
  /** The token each open stream was opened with. */
  private readonly streamTokens = new Map<WebSocket, string>();

  constructor(private readonly deps: LiveHubDeps) {
    deps.observe((commands) => {
      try {
        this.onCommands(commands);
      } catch (error) {
        deps.logger.error({ err: error }, 'live hub failed to forward commands');
      }
    });
  }

  /** Registers the WebSocket routes; pass to buildApp's `plugins`. */
  readonly plugin = async (app: FastifyInstance): Promise<void> => {
    if (!app.hasDecorator('websocketServer')) await app.register(websocket);
    // The token is in the query string: keep these requests out of the info-level access log.
    app.get('/ws/agent', { websocket: true, logLevel: 'warn', schema: { hide: true } }, (socket, request) => {
      this.accept(socket, this.acceptAgent(socket, request));
    });
    app.get('/ws/supervisor', { websocket: true, logLevel: 'warn', schema: { hide: true } }, (socket, request) => {
      this.accept(socket, this.acceptSupervisor(socket, request));
    });
    this.timers.push(setInterval(() => { void this.pushWallboard(); }, this.deps.wallboardEveryMs ?? 1_000));
    this.timers.push(setInterval(() => this.heartbeat(), this.deps.heartbeatMs ?? 5_000));
    this.timers.push(setInterval(() => { void this.recheckTokens(); }, this.deps.tokenRecheckMs ?? 30_000));
    app.addHook('onClose', async () => this.close());
  };

  connections(): { agents: number; supervisors: number } {
    let agents = 0;
    for (const set of this.agentSockets.values()) agents += set.size;
    return { agents, supervisors: this.supervisorSockets.size };
  }

  private countConnections(): void {
    this.deps.onConnections?.(this.connections());
  }

  /** Tells every desktop and wallboard that the node is stopping. */
  announceStopping(): void {
    const message = { type: 'node_stopping' };
    for (const set of this.agentSockets.values()) for (const socket of set) this.send(socket, message);
    for (const socket of this.supervisorSockets) this.send(socket, message);
  }

  /** Tells the supervisor's wallboards on this node that their session is over, and why. */
  supervisionEnded(ended: SupervisionEnded): void {
    const message = { type: 'supervision_ended', sessionId: ended.sessionId, agentId: ended.agentId, mode: ended.mode, reason: ended.reason };
    for (const socket of this.supervisorSockets) {
      const owner = this.wallboardOwners.get(socket);
      // The token's own identity: another token of the same name is someone else's wallboard.
      if (owner?.id === ended.by.id) this.send(socket, message);
    }
  }

  close(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    for (const set of this.agentSockets.values()) for (const socket of set) socket.close(1001, 'server stopping');
    for (const socket of this.supervisorSockets) socket.close(1001, 'server stopping');
  }

  /** A stream that could not be opened (the token's lookup failed: the database away) is closed
   * with an error the desktop retries on; the failure must not go unhandled and stop the node. */
  private accept(socket: WebSocket, accepting: Promise<void>): void {
    accepting.catch((error: unknown) => {
      this.deps.logger.error({ err: error }, 'a live stream could not be opened');
      socket.close(1011, 'the stream could not be opened; try again');
    });
  }

  private async principalOf(socket: WebSocket, request: FastifyRequest, roles: readonly string[]): Promise<Principal | null> {
    const guard = this.deps.signInGuard;
    const waitMs = guard?.waitMs(request.ip) ?? 0;
    if (waitMs > 0) {
      socket.close(4429, `too many wrong tokens from this address; try again in ${Math.ceil(waitMs / 1000)} s`);
      return null;
    }
    const token = new URL(request.url, 'http://local').searchParams.get('token');
    const principal = token ? await this.deps.authenticate(`Bearer ${token}`) : null;
    if (!principal) {
      if (token) guard?.noteFailure(request.ip);
      socket.close(4401, 'a valid token is required');
      return null;
    }
    if (!roles.includes(principal.role)) {
      socket.close(4403, `role ${principal.role} may not open this stream`);
      return null;
    }
    if (token) {
      this.streamTokens.set(socket, token);
      socket.on('close', () => this.streamTokens.delete(socket));
    }
    return principal;
  }

  /** A token revoked (or its agent made inactive) since its streams opened closes them at the
   * next look-up, as it stops working for requests. A look-up that fails leaves them open. */
  private async recheckTokens(): Promise<void> {
    const byToken = new Map<string, WebSocket[]>();
    for (const [socket, token] of this.streamTokens) byToken.set(token, [...(byToken.get(token) ?? []), socket]);
    for (const [token, sockets] of byToken) {
      const principal = await this.deps.authenticate(`Bearer ${token}`).catch(() => undefined);
      if (principal !== null) continue;
      for (const socket of sockets) socket.close(4401, 'the token was revoked');
    }
  }

  private async acceptAgent(socket: WebSocket, request: FastifyRequest): Promise<void> {
    const principal = await this.principalOf(socket, request, agentsAndSupervisors);
    if (!principal) return;
    const asked = new URL(request.url, 'http://local').searchParams.get('agentId');
    const agentId = principal.role === 'agent' ? principal.agentId : asked;
    if (!agentId || (principal.role === 'agent' && asked !== null && asked !== agentId)) {
      socket.close(4403, 'an agent may follow only their own events');
      return;
    }
    let set = this.agentSockets.get(agentId);
    if (!set) this.agentSockets.set(agentId, (set = new Set()));
    set.add(socket);
    socket.on('close', () => {
      set.delete(socket);
      if (set.size === 0) this.agentSockets.delete(agentId);
      this.countConnections();
    });
    this.countConnections();
    this.listenForPings(socket);
    this.send(socket, { type: 'hello', role: principal.role, agentId, serverTime: this.deps.engine.nowMs(), stopping: this.deps.engine.draining() });
    const agent = this.deps.engine.state().agents.get(agentId);
    this.send(socket, { type: 'agent', agent: agent ? agentView(agent, this.deps.engine) : { id: agentId, status: 'logged_out' } });
    if (agent?.callId && (agent.status === 'reserved' || agent.status === 'talking')) {
      this.send(socket, { type: 'call', attemptId: agent.callId, status: agent.status });
    }
    // Only the agent's own desktop takes them: a supervisor following the agent does not.
    if (principal.role === 'agent') {
      this.ownDesktops.add(socket);
      await this.giveMissed(socket, agentId);
    }
  }

  private async giveMissed(socket: WebSocket, agentId: string): Promise<void> {
    try {
      const notices = await this.deps.missedNotices.take(agentId, this.deps.engine.nowMs() - missedNoticesKeptMs);
      if (notices.length === 0) return;
      // Closed again while they were read: they wait for the next desktop.
      if (socket.readyState !== socket.OPEN) for (const notice of notices) this.keepMissed(agentId, notice);
      else this.send(socket, { type: 'missed', notices });
    } catch (error: unknown) {
      this.deps.logger.warn({ err: error, agentId }, "the agent's missed notices could not be read; they wait for the next desktop");
    }
  }

  private keepMissed(agentId: string, notice: MissedNotice): void {
    this.deps.missedNotices.keep(agentId, notice).catch((error: unknown) => {
      this.deps.logger.warn({ err: error, agentId, reason: notice.reason }, 'a notice for a closed desktop could not be kept');
    });
  }

  private async acceptSupervisor(socket: WebSocket, request: FastifyRequest): Promise<void> {
    const principal = await this.principalOf(socket, request, staff);
    if (!principal) return;
    this.supervisorSockets.add(socket);
    this.wallboardOwners.set(socket, principal);
    socket.on('close', () => {
      this.supervisorSockets.delete(socket);
      this.countConnections();
    });
    this.countConnections();
    this.listenForPings(socket);
    this.send(socket, { type: 'hello', role: principal.role, agentId: null, serverTime: this.deps.engine.nowMs(), stopping: this.deps.engine.draining() });
    this.send(socket, { type: 'wallboard', snapshot: await this.deps.wallboard.snapshot() });
  }

  private listenForPings(socket: WebSocket): void {
    socket.on('message', (data) => {
      let message: unknown;
      try {
        message = JSON.parse(String(data));
      } catch {
        return;
      }
      if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'ping') {
        this.send(socket, { type: 'pong', serverTime: this.deps.engine.nowMs() });
      }
    });
  }

  private onCommands(commands: readonly Command[]): void {
    const changed = new Map<string, Extract<Command, { type: 'agent_state_changed' }>>();
    for (const command of commands) {
      if (command.type === 'agent_state_changed') changed.set(command.agentId, command);
      else if (command.type === 'attempt_closed' && command.summary.agentId) {
        this.toAgent(command.summary.agentId, { type: 'call_closed', attemptId: command.summary.attemptId, outcome: command.summary.outcome });
      } else if (command.type === 'set_recording_paused') {
        // Resumed at the time limit too: the desktop shows whether the call is being recorded, and
        // the wallboard's tile at once (a supervisor listening hears nothing meanwhile).
        const agent = this.deps.engine.state().agents.get(command.agentId);
        if (agent) this.toAgentAndSupervisors(agent.id, { type: 'agent', agent: agentView(agent, this.deps.engine), reason: command.paused ? 'recording_paused' : 'recording_resumed' });
      } else if (command.type === 'agent_move_pending') {
        this.pushAgent(command.agentId, 'move_pending');
      } else if (command.type === 'handover_changed') {
        // Ended by other than the agent handing over, that agent is told why the customer is still theirs.
        command.agentIds.forEach((agentId, i) => this.pushAgent(agentId, i === 0 && command.ended ? `handover_${command.ended}` : 'handover'));
      } else if (command.type === 'set_call_held') {
        // Ended by its time limit, the desktop says why the customer is back.
        this.pushAgent(command.agentId, command.held ? 'call_held' : command.reason === 'time_limit' ? 'hold_time_limit' : 'call_resumed');
      } else if (command.type === 'start_recording') {
        this.pushAgent(command.agentId, 'recording_started');
      } else if (command.type === 'stop_recording') {
        this.pushAgent(command.agentId, 'recording_stopped');
      } else if (command.type === 'pbx_refused') {
        this.pushAgent(command.agentId, `pbx_refused_${command.action}`);
      } else if (command.type === 'third_party_changed') {
        // Ended by other than the agent, the desktop says why (not answered, busy, hung up).
        this.pushAgent(command.agentId, `third_party_${command.stage}`, command.stage === 'ended' && command.detail !== '' ? `${command.name}: ${command.detail}` : undefined);
      } else if (command.type === 'set_agent_muted') {
        this.pushAgent(command.agentId, command.muted ? 'muted' : 'unmuted');
      }
    }
    for (const [agentId, change] of changed) {
      const agent = this.deps.engine.state().agents.get(agentId);
      if (!agent) continue;
      this.pushAgent(agentId, change.reason);
      if ((change.to === 'reserved' || change.to === 'talking') && change.attemptId) {
        this.toAgent(agentId, { type: 'call', attemptId: change.attemptId, status: change.to });
      }
    }
  }

  private pushAgent(agentId: string, reason: string, detail?: string): void {
    const agent = this.deps.engine.state().agents.get(agentId);
    if (!agent) return;
    const said = detail === undefined ? {} : { detail };
    const notice = noticeOf(reason, detail);
    if (notice !== null && !this.desktopOpen(agentId)) this.keepMissed(agentId, { reason, ...said, atMs: this.deps.engine.nowMs() });
    this.toAgentAndSupervisors(agent.id, { type: 'agent', agent: agentView(agent, this.deps.engine), reason, ...said, ...(notice === null ? {} : { notice }) });
  }

  private desktopOpen(agentId: string): boolean {
    return [...this.agentSockets.get(agentId) ?? []].some((socket) => this.ownDesktops.has(socket) && socket.readyState === socket.OPEN);
  }

  private toAgent(agentId: string, message: object): void {
    for (const socket of this.agentSockets.get(agentId) ?? []) this.send(socket, message);
  }

  private toAgentAndSupervisors(agentId: string, message: object): void {
    this.toAgent(agentId, message);
    for (const socket of this.supervisorSockets) this.send(socket, message);
  }

  private heartbeat(): void {
    for (const [agentId, sockets] of this.agentSockets) {
      const agent = this.deps.engine.state().agents.get(agentId);
      const view = agent ? agentView(agent, this.deps.engine) : { id: agentId, status: 'logged_out' };
      for (const socket of sockets) this.send(socket, { type: 'agent', agent: view });
    }
  }

  private async pushWallboard(): Promise<void> {
    if (this.supervisorSockets.size === 0) return;
    try {
      const message = { type: 'wallboard', snapshot: await this.deps.wallboard.snapshot() };
      for (const socket of this.supervisorSockets) this.send(socket, message);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'wallboard snapshot failed');
    }
  }

  private send(socket: WebSocket, message: object): void {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.terminate();
      return;
    }
    socket.send(JSON.stringify(message));
  }
}
