// Supervisor sessions on an agent's leg. Listen and whisper: a snoop channel on the agent's leg
// (spy both; whisper out for whisper) and the supervisor's phone meet in a bridge of their own.
// Barge: the supervisor's phone joins the agent's bridge. Each channel is put into its bridge when
// its StasisStart arrives, since a channel can only be bridged once it is in the app. A session
// lasts until it is ended or one of its channels goes (the supervisor hangs up; a snoop goes with
// the leg it snoops, leaving the app with no ChannelDestroyed); the caller learns of its end,
// however it came, through `ended`. A session that takes the place of another (a switch of mode on
// the same agent) takes over its supervisor phone: its own snoop or bridge is made first, then the
// phone is moved into it and the old session's parts go, so the supervisor stays on the line and a
// PBX that refuses the new session leaves the old one as it was.
// While the call's recording is paused for card details (PCI DSS) the supervisor hears nothing of
// the call: their phone's outgoing audio is muted (ARI `POST /channels/{id}/mute?direction=out`),
// in every mode, so what reaches them through the snoop or the agent's bridge stops at their
// phone; what they say still goes (a whisper still coaches the agent, a barge still speaks). A
// phone whose session starts paused is muted before it is bridged, so no word gets through first.

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
  /** An open session on the same agent, to the same phone, whose supervisor phone this one takes over. */
  replaces?: string;
  /** The call's recording is paused already: the supervisor's phone joins muted. */
  listeningPaused?: boolean;
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
  supervisorEndpoint: string;
  supervisorChannelId: string;
  snoopChannelId: string | null;
  /** The bridge the supervisor joins: the session's own, or the agent's for barge. */
  bridgeId: string;
  ownBridge: boolean;
  /** Its channels' requests were all answered: from then on the PBX has them while they last. */
  started: boolean;
  /** What the supervisor should hear: nothing while the call's recording is paused. */
  listeningPaused: boolean;
  /** The supervisor's phone is in the app (answered): the PBX takes a mute of it, and it can be
   * moved into another bridge. */
  phoneInApp: boolean;
  /** Mutes and unmutes of the phone, one after another, so the last asked is the one that holds. */
  muting: Promise<void>;
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
    const replaced = this.phoneToTakeOver(request);
    const session: Session = {
      sessionId, agentId: request.agentId, mode: request.mode, supervisorEndpoint: request.supervisorEndpoint,
      supervisorChannelId: replaced?.supervisorChannelId ?? `${sessionId}-phone`,
      snoopChannelId: barge ? null : `${sessionId}-snoop`, bridgeId: barge ? leg.bridgeId : `${sessionId}-bridge`, ownBridge: !barge,
      started: false, listeningPaused: request.listeningPaused === true, phoneInApp: false, muting: Promise.resolve(), ended, markEnded,
    };
    if (replaced === null) this.track(session);
    else this.sessions.set(session.sessionId, session);
    try {
      const rest = this.deps.rest('supervise');
      if (session.ownBridge) await rest.createBridge(session.bridgeId, 'mixing', session.bridgeId);
      if (session.snoopChannelId !== null) {
        this.byChannel.set(session.snoopChannelId, session);
        await rest.snoop(leg.channelId, {
          snoopId: session.snoopChannelId, spy: 'both', whisper: request.mode === 'whisper' ? 'out' : 'none',
          app: this.deps.app, appArgs: appArgs.snoop(sessionId),
        });
      }
      if (replaced !== null) {
        await this.takeOverPhone(session, replaced);
        return this.started(session);
      }
      await rest.originate({
        channelId: session.supervisorChannelId, endpoint: request.supervisorEndpoint, app: this.deps.app,
        appArgs: appArgs.supervisor(sessionId),
      });
    } catch (error) {
      // A replaced session keeps its phone: only what was made for this one goes.
      if (replaced !== null && this.byChannel.get(session.supervisorChannelId) !== session) session.supervisorChannelId = '';
      await this.teardown(session);
      throw toAriError(error, 'supervise');
    }
    // One replaced on another phone ends once the PBX has taken the new one's: refused, it goes on.
    const other = request.replaces === undefined ? undefined : this.sessions.get(request.replaces);
    if (other !== undefined && other.agentId === request.agentId) await this.teardown(other);
    return this.started(session);
  }

  private started(session: Session): SupervisionStarted {
    session.started = true;
    this.deps.logger.info({ sessionId: session.sessionId, agentId: session.agentId, mode: session.mode }, 'supervision started');
    return { sessionId: session.sessionId, ended: session.ended };
  }

  /** The open session whose phone a new one takes over: the one it replaces, if it is on the same
   * agent and rings the same phone (another phone is rung, the old session ended once it is). */
  private phoneToTakeOver(request: SuperviseRequest): Session | null {
    if (request.replaces === undefined) return null;
    const replaced = this.sessions.get(request.replaces);
    if (!replaced || !replaced.started || replaced.agentId !== request.agentId || replaced.supervisorEndpoint !== request.supervisorEndpoint) return null;
    return replaced;
  }

  /** Moves the replaced session's phone into the new session's bridge (a phone still ringing joins
   * it when answered), then ends the replaced session without hanging up the phone. A move the PBX
   * refuses leaves the phone where it was, with the replaced session. The phone keeps its mute:
   * muted first when the new session must not be heard and the old one could, let through again
   * only once it is in the new bridge. */
  private async takeOverPhone(session: Session, replaced: Session): Promise<void> {
    const phone = replaced.supervisorChannelId;
    this.byChannel.set(phone, session);
    session.phoneInApp = replaced.phoneInApp;
    session.muting = replaced.muting;
    const wasMuted = replaced.phoneInApp && replaced.listeningPaused;
    try {
      if (replaced.phoneInApp) {
        if (session.listeningPaused && !wasMuted) await this.inTurn(session, () => this.mutePhone(session, true));
        await this.deps.rest('addToBridge').addToBridge(session.bridgeId, [phone]);
      }
    } catch (error) {
      this.byChannel.set(phone, replaced);
      throw error;
    }
    replaced.supervisorChannelId = '';
    await this.teardown(replaced);
    if (wasMuted && !session.listeningPaused) await this.unmuteTakenOver(session);
  }

  /** A phone taken over muted whose new session may hear the call: a refusal keeps it silent, which
   * is the safe side, and is logged. */
  private async unmuteTakenOver(session: Session): Promise<void> {
    try {
      await this.inTurn(session, () => this.mutePhone(session, false));
    } catch (error) {
      this.deps.logger.warn({ sessionId: session.sessionId, err: error }, 'supervisor phone taken over muted could not be let through again');
    }
  }

  async endSupervision(sessionId: string): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new AriError('ARI_UNKNOWN_SESSION', 'endSupervision', `no supervision session ${sessionId}`);
    await this.teardown(session);
    this.deps.logger.info({ sessionId }, 'supervision ended');
  }

  /** Mutes what the supervisor hears of the call (the call's recording paused) or lets it through
   * again; a phone not yet in the app is muted as it joins. Rejects with the PBX's refusal. */
  async setListeningPaused(sessionId: string, paused: boolean): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (!session) throw new AriError('ARI_UNKNOWN_SESSION', 'setListeningPaused', `no supervision session ${sessionId}`);
    session.listeningPaused = paused;
    if (!session.phoneInApp) return;
    await this.inTurn(session, () => this.mutePhone(session, paused));
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
    if (event.type === 'StasisStart') {
      if (baseId === session.supervisorChannelId) session.phoneInApp = true;
      void this.join(session, baseId, parseStasisArgs(event.args).kind);
    }
    else void this.teardown(session);
    return true;
  }

  private async join(session: Session, channelId: string, kind: string): Promise<void> {
    try {
      // In the app (handle marked it so): muted before it is bridged, so no word gets through first.
      if (channelId === session.supervisorChannelId && session.listeningPaused) await this.inTurn(session, () => this.mutePhone(session, true));
      await this.deps.rest('addToBridge').addToBridge(session.bridgeId, [channelId]);
      this.deps.logger.debug({ sessionId: session.sessionId, channel: kind }, 'supervision channel bridged');
    } catch (error) {
      this.deps.logger.error({ sessionId: session.sessionId, err: toAriError(error, 'addToBridge') }, 'supervision channel could not be bridged; ending the session');
      await this.teardown(session);
    }
  }

  private async mutePhone(session: Session, muted: boolean): Promise<void> {
    try {
      await this.deps.rest('muteOutgoing').muteOutgoing(session.supervisorChannelId, muted);
    } catch (error) {
      throw toAriError(error, 'muteOutgoing');
    }
  }

  private inTurn(session: Session, act: () => Promise<void>): Promise<void> {
    const turn = session.muting.then(act);
    session.muting = turn.catch(() => undefined);
    return turn;
  }

  private track(session: Session): void {
    this.sessions.set(session.sessionId, session);
    this.byChannel.set(session.supervisorChannelId, session);
    if (session.snoopChannelId !== null) this.byChannel.set(session.snoopChannelId, session);
  }

  /** Hangs up the session's channels and destroys its own bridge; missing ones are fine. A phone
   * handed on to the session that replaced it (its id cleared) is left up. */
  private async teardown(session: Session): Promise<void> {
    if (this.sessions.get(session.sessionId) !== session) return;
    this.sessions.delete(session.sessionId);
    const ids = [session.supervisorChannelId, session.snoopChannelId].filter((id): id is string => id !== null && id !== '');
    for (const id of ids) if (this.byChannel.get(id) === session) this.byChannel.delete(id);
    session.markEnded();
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
