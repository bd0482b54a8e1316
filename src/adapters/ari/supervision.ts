// Supervisor sessions on an agent's leg. Listen and whisper: a snoop channel on the agent's leg
// (spy both; whisper out for whisper) and the supervisor's phone meet in a bridge of their own.
// Barge: the supervisor's phone joins the agent's bridge. Each channel is put into its bridge when
// its StasisStart arrives, since a channel can only be bridged once it is in the app. A session
// lasts until it is ended or one of its channels goes (the supervisor hangs up; a snoop goes with
// the leg it snoops, leaving the app with no ChannelDestroyed); the caller learns of its end,
// however it came, through `ended`.

import type { Logger } from 'pino';
import type { AgentLegs } from './agent-legs.js';
import { appArgs, parseStasisArgs } from './app-args.js';
import { AriError, isAriError, toAriError } from './ari-errors.js';
import type { AriEvent } from './ari-events.js';
import type { AriRest } from './ari-port.js';
import { channelHalf } from './channel-ids.js';

export type SupervisionMode = 'listen' | 'whisper' | 'barge';

export interface SuperviseRequest {
  agentId: string;
  supervisorEndpoint: string;
  mode: SupervisionMode;
}

export interface SupervisionStarted {
  sessionId: string;
  /** Settles when the session is over, for whatever reason. */
  ended: Promise<void>;
}

interface Session {
  sessionId: string;
  agentId: string;
  mode: SupervisionMode;
  supervisorChannelId: string;
  snoopChannelId: string | null;
  /** The bridge the supervisor joins: the session's own, or the agent's for barge. */
  bridgeId: string;
  ownBridge: boolean;
  /** Its channels' requests were all answered: from then on the PBX has them while they last. */
  started: boolean;
  ended: Promise<void>;
  markEnded: () => void;
}

export interface SupervisionDeps {
  app: string;
  rest: (operation: string) => AriRest;
  linkUp: () => boolean;
  legs: AgentLegs;
  logger: Logger;
}

export class Supervision {
  private readonly sessions = new Map<string, Session>();
  private readonly byChannel = new Map<string, Session>();
  private seq = Date.now();

  constructor(private readonly deps: SupervisionDeps) {}

  async supervise(request: SuperviseRequest): Promise<SupervisionStarted> {
    const leg = this.deps.legs.forAgent(request.agentId);
    if (!leg || !leg.up) throw new AriError('ARI_NO_AGENT_LEG', 'supervise', `agent ${request.agentId} has no phone leg`);
    if (!this.deps.linkUp()) throw new AriError('ARI_DISCONNECTED', 'supervise', 'telephony is down');
    const sessionId = `sup-${request.agentId}-${++this.seq}`;
    const barge = request.mode === 'barge';
    let markEnded = (): void => undefined;
    const ended = new Promise<void>((resolve) => { markEnded = resolve; });
    const session: Session = {
      sessionId, agentId: request.agentId, mode: request.mode, supervisorChannelId: `${sessionId}-phone`,
      snoopChannelId: barge ? null : `${sessionId}-snoop`, bridgeId: barge ? leg.bridgeId : `${sessionId}-bridge`, ownBridge: !barge,
      started: false, ended, markEnded,
    };
    this.track(session);
    try {
      const rest = this.deps.rest('supervise');
      if (session.ownBridge) await rest.createBridge(session.bridgeId, 'mixing', session.bridgeId);
      if (session.snoopChannelId !== null) {
        await rest.snoop(leg.channelId, {
          snoopId: session.snoopChannelId, spy: 'both', whisper: request.mode === 'whisper' ? 'out' : 'none',
          app: this.deps.app, appArgs: appArgs.snoop(sessionId),
        });
      }
      await rest.originate({
        channelId: session.supervisorChannelId, endpoint: request.supervisorEndpoint, app: this.deps.app,
        appArgs: appArgs.supervisor(sessionId),
      });
    } catch (error) {
      await this.teardown(session);
      throw toAriError(error, 'supervise');
    }
    session.started = true;
    this.deps.logger.info({ sessionId, agentId: request.agentId, mode: request.mode }, 'supervision started');
    return { sessionId, ended };
  }

  async endSupervision(sessionId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new AriError('ARI_UNKNOWN_SESSION', 'endSupervision', `no supervision session ${sessionId}`);
    await this.teardown(session);
    this.deps.logger.info({ sessionId }, 'supervision ended');
  }

  /** Channel ids of open sessions, for reconciliation; `started`: the PBX has answered for them all. */
  channels(): Array<{ sessionId: string; channelId: string; started: boolean }> {
    return [...this.byChannel.entries()].map(([channelId, session]) => ({ sessionId: session.sessionId, channelId, started: session.started }));
  }

  /** A session channel vanished while the socket was down: end the whole session. */
  async lost(sessionId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (session) await this.teardown(session);
  }

  /** A session ends when one of its channels leaves the app: Asterisk ends a snoop's subscription
   * at its StasisEnd and sends no ChannelDestroyed for it when it goes with the agent's leg. */
  handle(event: AriEvent): boolean {
    if (event.type !== 'StasisStart' && event.type !== 'StasisEnd' && event.type !== 'ChannelDestroyed') {
      return 'channel' in event && this.byChannel.has(channelHalf(event.channel.id).baseId);
    }
    const { baseId, half } = channelHalf(event.channel.id);
    const session = this.byChannel.get(baseId);
    if (!session) return false;
    if (half === 2) return true;
    if (event.type === 'StasisStart') void this.join(session, baseId, parseStasisArgs(event.args).kind);
    else void this.teardown(session);
    return true;
  }

  private async join(session: Session, channelId: string, kind: string): Promise<void> {
    try {
      await this.deps.rest('addToBridge').addToBridge(session.bridgeId, [channelId]);
      this.deps.logger.debug({ sessionId: session.sessionId, channel: kind }, 'supervision channel bridged');
    } catch (error) {
      this.deps.logger.error({ sessionId: session.sessionId, err: toAriError(error, 'addToBridge') }, 'supervision channel could not be bridged; ending the session');
      await this.teardown(session);
    }
  }

  private track(session: Session): void {
    this.sessions.set(session.sessionId, session);
    this.byChannel.set(session.supervisorChannelId, session);
    if (session.snoopChannelId !== null) this.byChannel.set(session.snoopChannelId, session);
  }

  /** Hangs up the session's channels and destroys its own bridge; missing ones are fine. */
  private async teardown(session: Session): Promise<void> {
    if (this.sessions.get(session.sessionId) !== session) return;
    this.sessions.delete(session.sessionId);
    this.byChannel.delete(session.supervisorChannelId);
    if (session.snoopChannelId !== null) this.byChannel.delete(session.snoopChannelId);
    session.markEnded();
    const ids = [session.supervisorChannelId, session.snoopChannelId].filter((id): id is string => id !== null);
    await Promise.all(ids.map((id) => this.quietly('hangup', (rest) => rest.hangup(id))));
    if (session.ownBridge) await this.quietly('destroyBridge', (rest) => rest.destroyBridge(session.bridgeId));
  }

  private async quietly(operation: string, act: (rest: AriRest) => Promise<void>): Promise<void> {
    try {
      await act(this.deps.rest(operation));
    } catch (error) {
      if (!isAriError(error, 'ARI_NOT_FOUND')) this.deps.logger.warn({ err: toAriError(error, operation) }, 'supervision cleanup step failed');
    }
  }
}
