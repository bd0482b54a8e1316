// Supervision sessions kept in step with the agent's calls, as a call centre expects them.
// Listen and whisper snoop the agent's phone leg, which stays up from login to logout: they follow
// the agent from call to call until the supervisor ends them, and each call they go on into gets an
// evidence entry of its own, so the record names every call a supervisor heard. Barge puts the
// supervisor's phone into the agent's own bridge, which outlives the call: left alone it would be
// bridged with every later customer, so barge is taken only on a call and ends when that call
// leaves the agent. Every session ends when the agent logs out or loses their phone leg (the
// engine's agent_state_changed to logged_out). The engine's commands come in through onCommands.
// However a session ends, the supervisor's wallboard is told why (onEnded), so it does not go on
// showing a session that is over, and the evidence log gets an `ended` entry: why, and who ended
// it when a staff member did (End), so the record says until when a supervisor was on the line.
// While the call the agent is on has its recording paused for card details (PCI DSS), the
// supervisor hears none of it, whatever the mode: the telephony mutes what their phone hears
// (what they say still goes through, so a whisper or barge goes on), from the session's start if
// the recording is paused then, and lets it through again once the recording goes on or the call
// leaves the agent. Each such pause and resumption is on the record (`listening_paused`,
// `listening_resumed`), and a supervisor whose phone the PBX would not mute is hung up (no one
// hears card details), their wallboard told why (`listening_not_paused`).

import type { Logger } from 'pino';
import { staffShown, type ActingStaff } from '../../core/acting-staff.js';
import type { Command } from '../../core/commands.js';
import type { SupervisionEvidence } from '../pg/supervision-sessions.js';
import { isRecordingPaused } from '../../core/engine/recording-pause.js';
import { isAriError } from '../ari/ari-errors.js';
import { ApiError } from './api-error.js';
import type { EngineApi } from './engine-api.js';

export type SupervisionMode = 'listen' | 'whisper' | 'barge';

/** The telephony adapter's supervision operations. */
export interface SupervisionTelephony {
  /** `replaces`: an open session on the same agent whose supervisor phone the new one takes over
   * (ending it once the new one stands), so a refused start leaves it as it was. */
  supervise(request: { agentId: string; supervisorEndpoint: string; mode: SupervisionMode; listeningPaused: boolean; replaces?: string }): Promise<{ sessionId: string; ended: Promise<void> }>;
  endSupervision(sessionId: string): Promise<void>;
  /** Mutes what the supervisor hears of the call, or lets it through again. */
  setListeningPaused(sessionId: string, paused: boolean): Promise<void>;
}

export interface SupervisionRequest {
  agentId: string;
  /** The agent's display name, as refusals name them to the supervisor (by their id without one). */
  agentName?: string | null;
  supervisorEndpoint: string;
  mode: SupervisionMode;
  /** The supervisor: their token's identity (their sessions are theirs, whatever the name) and,
   * as it names them, who each evidence entry says. */
  by: ActingStaff;
  /** Their own open session on the same agent this one takes the place of (listen to whisper,
   * say): ended once every check has passed, left as it is when the new one is refused. */
  replaces?: string;
}

/** Why a session ended: its barged call left the agent, the agent logged out or lost their phone,
 * a call it went on into could not be put on the record, or its phone was hung up (End, or the
 * supervisor's own phone). */
export type SupervisionEndReason = 'call_ended' | 'agent_logged_out' | 'evidence_not_written' | 'hung_up' | 'listening_not_paused';

/** Why a session ended as its evidence says: as the wallboard is told, except that a phone hung
 * up at a staff member's request (End, DELETE /api/supervision/sessions/{id}) says so. */
export type SupervisionEndRecorded = SupervisionEndReason | 'ended_by_staff';

interface Staff {
  name: string;
  role: string;
}

export interface SupervisionEnded {
  sessionId: string;
  agentId: string;
  mode: SupervisionMode;
  by: ActingStaff;
  reason: SupervisionEndReason;
}

/** A session still open on this node, as GET /api/supervision/sessions lists it. */
export interface OpenSupervision {
  sessionId: string;
  agentId: string;
  mode: SupervisionMode;
  /** Who started it (name and role). */
  by: Staff;
  /** The identity of the token that started it: the sessions of the one asking are told apart by it. */
  byId: string;
  /** When it started (the engine's clock). */
  since: string;
  nodeId: string;
  /** The supervisor hears nothing of the call just now: its recording is paused (card details). */
  listeningPaused: boolean;
}

export interface SupervisionFollowerDeps {
  /** Writes an evidence entry (recordSupervision). */
  record: (evidence: SupervisionEvidence) => Promise<void>;
  engine: Pick<EngineApi, 'state' | 'nodeId' | 'nowMs'>;
  telephony: SupervisionTelephony;
  logger: Logger;
  /** Told once of each started session's end, for the supervisor's wallboard. */
  onEnded?: (ended: SupervisionEnded) => void;
}

interface FollowedSession {
  sessionId: string;
  agentId: string;
  mode: SupervisionMode;
  by: ActingStaff;
  startedAtMs: number;
  /** The call a barge joined; null for listen and whisper, which follow the agent. */
  bargedCall: string | null;
  /** Calls already on the record for the session. */
  heard: Set<string>;
  /** The call its last entry named (campaign always, call and lead when on one). */
  last: SupervisionEvidence['call'] | null;
  /** Who asked for it to be ended, while their request is under way. */
  endingFor: Staff | null;
  /** The supervisor's phone hears nothing of the call (asked of the telephony). */
  listeningPaused: boolean;
  /** The PBX refused to let the phone hear the call again: it hears nothing still, until a later
   * pause and resumption of the recording unmute it. */
  unmuteRefused: boolean;
}

/** The supervised agent as the supervisor knows them: by display name, else as "agent <id>". */
const agentNamed = (request: SupervisionRequest): string => request.agentName ?? `agent ${request.agentId}`;

/** Whisper and barge put the supervisor's voice on the call (the agent's, or both sides'). */
const speaks = (mode: SupervisionMode): boolean => mode !== 'listen';

export class SupervisionFollower {
  private readonly sessions = new Map<string, FollowedSession>();
  /** Whispers and barges being started, by agent. */
  private readonly startingVoices = new Map<string, { mode: SupervisionMode; by: Staff }>();
  /** Sessions a new one is being started in place of: a second request to replace one (a switch
   * pressed twice) is refused rather than starting two sessions on the supervisor's one phone. */
  private readonly beingReplaced = new Set<string>();

  constructor(private readonly deps: SupervisionFollowerDeps) {}

  /**
   * Starts a session and writes its first evidence entry; a session whose record cannot be written
   * is ended (no one listens in without a trace). A barge is refused unless the agent is on a call,
   * and a whisper or barge while another supervisor's is on (the customer would hear both).
   */
  async supervise(request: SupervisionRequest): Promise<{ sessionId: string }> {
    const replaced = request.replaces === undefined ? null : this.replaceable(request, request.replaces);
    if (replaced === null) return this.checkedStart(request, null);
    this.beingReplaced.add(replaced.sessionId);
    try {
      return await this.checkedStart(request, replaced);
    } finally {
      this.beingReplaced.delete(replaced.sessionId);
    }
  }

  private async checkedStart(request: SupervisionRequest, replaced: FollowedSession | null): Promise<{ sessionId: string }> {
    const bargedCall = request.mode === 'barge' ? this.callOf(request.agentId) : null;
    if (request.mode === 'barge' && bargedCall === null) {
      throw new ApiError('conflict', `${agentNamed(request)} is not on a call: barge joins a call and ends with it (listen or whisper follow the agent)`);
    }
    if (bargedCall !== null) this.refuseBargeAsGuest(request.agentId, bargedCall);
    if (!speaks(request.mode)) return this.startInPlaceOf(replaced, request, bargedCall);
    this.refuseSecondVoice(request, replaced);
    // Held while the supervisor's phone rings, so two asking at once do not both get through.
    this.startingVoices.set(request.agentId, { mode: request.mode, by: request.by });
    try {
      return await this.startInPlaceOf(replaced, request, bargedCall);
    } finally {
      this.startingVoices.delete(request.agentId);
    }
  }

  /** The session `sessionId` a new one may take the place of: open, the supervisor's own (by their
   * token) and on the same agent. */
  private replaceable(request: SupervisionRequest, sessionId: string): FollowedSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new ApiError('not_found', `supervision session ${sessionId}, to be replaced, is not open (it has ended, or is held by another node)`);
    if (session.by.id !== request.by.id) throw new ApiError('forbidden', `supervision session ${sessionId} was started by ${session.by.name}: only one's own session is replaced`);
    if (this.beingReplaced.has(sessionId)) {
      throw new ApiError('conflict', `supervision session ${sessionId} is already being replaced by another request: a session is replaced once (replace the one that started)`);
    }
    if (session.agentId !== request.agentId) {
      throw new ApiError('invalid_request', `supervision session ${sessionId} is on agent ${session.agentId}, not ${request.agentId}: a session is replaced by one on the same agent`);
    }
    return session;
  }

  /** Every check passed: the new session takes over the replaced one's phone (the supervisor has
   * one), which ends once the new one stands, as ended by the supervisor; a new one the PBX refuses
   * leaves the replaced one as it was. */
  private async startInPlaceOf(replaced: FollowedSession | null, request: SupervisionRequest, bargedCall: string | null): Promise<{ sessionId: string }> {
    if (replaced === null) return this.start(request, bargedCall);
    replaced.endingFor = staffShown(request.by);
    try {
      return await this.start(request, bargedCall);
    } catch (error: unknown) {
      if (this.sessions.has(replaced.sessionId)) replaced.endingFor = null;
      throw error;
    }
  }

  /** Only one supervisor speaks on an agent's calls at a time: a whisper or barge is refused while
   * another (started or starting) is on, naming who has it; any number may listen. The session
   * being replaced does not count: its voice goes with it. */
  private refuseSecondVoice(request: SupervisionRequest, replaced: FollowedSession | null): void {
    const open = [...this.sessions.values()].find((s) => s !== replaced && s.agentId === request.agentId && speaks(s.mode));
    const holder = open ?? this.startingVoices.get(request.agentId);
    if (holder === undefined) return;
    const doing = holder.mode === 'barge' ? 'barging in on' : 'whispering to';
    throw new ApiError('conflict', `${holder.by.name} (${holder.by.role}) is already ${doing} ${agentNamed(request)}: only one supervisor speaks on a call at a time (listen, or ask them to end theirs)`);
  }

  private async start(request: SupervisionRequest, bargedCall: string | null): Promise<{ sessionId: string }> {
    const listeningPaused = this.recordingPausedOn(request.agentId, bargedCall);
    const started = await this.deps.telephony.supervise({
      agentId: request.agentId, supervisorEndpoint: request.supervisorEndpoint, mode: request.mode, listeningPaused,
      ...(request.replaces === undefined ? {} : { replaces: request.replaces }),
    });
    const session: FollowedSession = {
      sessionId: started.sessionId, agentId: request.agentId, mode: request.mode, by: request.by, startedAtMs: this.deps.engine.nowMs(), bargedCall, heard: new Set(), last: null, endingFor: null,
      listeningPaused, unmuteRefused: false,
    };
    // Followed before the first entry is written, so a call that begins meanwhile is not missed.
    this.sessions.set(session.sessionId, session);
    void started.ended.then(() => this.closed(session, 'hung_up'));
    const call = bargedCall ?? this.callOf(request.agentId);
    if (call !== null) session.heard.add(call);
    try {
      await this.record(session, call, 'started');
    } catch (error: unknown) {
      // Never started as far as the supervisor knows: their wallboard is not told it ended.
      this.sessions.delete(session.sessionId);
      await this.deps.telephony.endSupervision(session.sessionId).catch(() => undefined);
      throw error;
    }
    if (listeningPaused) this.recordListening(session, 'listening_paused');
    // The barged call may have ended while the supervisor's phone was being rung.
    if (bargedCall !== null && this.callOf(request.agentId) !== bargedCall) this.end(session, 'call_ended');
    // The recording may have been paused or resumed meanwhile.
    else this.followRecordingPause(session);
    return { sessionId: session.sessionId };
  }

  /** The sessions open on this node, oldest first: a supervisor who closed their wallboard finds
   * (and ends) a listen still following an agent. */
  openSessions(): OpenSupervision[] {
    return [...this.sessions.values()].sort((a, b) => a.startedAtMs - b.startedAtMs).map((session) => ({
      sessionId: session.sessionId, agentId: session.agentId, mode: session.mode, by: staffShown(session.by),
      byId: session.by.id, since: new Date(session.startedAtMs).toISOString(), nodeId: this.deps.engine.nodeId(),
      listeningPaused: session.listeningPaused || session.unmuteRefused,
    }));
  }

  /** Hangs up the session's phone; `by`, the staff member asking, is named in its `ended` entry. */
  async endSupervision(sessionId: string, by?: Staff): Promise<void> {
    const session = this.sessions.get(sessionId);
    if (session && by) session.endingFor = by;
    try {
      await this.deps.telephony.endSupervision(sessionId);
    } catch (error: unknown) {
      if (session) session.endingFor = null;
      throw error;
    }
  }

  /** Told of every command the engine emits (runtime.observe): moves of supervised agents and calls closed. */
  onCommands(commands: readonly Command[]): void {
    if (this.sessions.size === 0) return;
    for (const command of commands) {
      if (command.type === 'agent_state_changed') this.agentMoved(command);
      else if (command.type === 'attempt_closed') this.callClosed(command.summary.attemptId);
    }
    // Each step, as a pause can also end without a command of its own (the PBX refused it).
    for (const session of this.sessions.values()) this.followRecordingPause(session);
  }

  /** Mutes the supervisor while the call they hear has its recording paused, and lets the call
   * through again once it goes on (or the call leaves the agent). */
  private followRecordingPause(session: FollowedSession): void {
    const paused = this.recordingPausedOn(session.agentId, session.bargedCall);
    if (paused === session.listeningPaused) return;
    session.listeningPaused = paused;
    this.deps.telephony.setListeningPaused(session.sessionId, paused).then(
      () => {
        if (!paused) session.unmuteRefused = false;
        return this.recordListening(session, paused ? 'listening_paused' : 'listening_resumed');
      },
      (error: unknown) => {
        if (isAriError(error, 'ARI_UNKNOWN_SESSION')) return;
        if (paused) {
          this.deps.logger.error({ err: error, sessionId: session.sessionId }, 'the supervisor phone could not be muted while the recording is paused; ending the session');
          this.end(session, 'listening_not_paused');
        } else {
          // Muted still: the supervisor hears nothing rather than too much, and may start again;
          // the session says so, as the wallboard shows it.
          session.unmuteRefused = true;
          this.deps.logger.warn({ err: error, sessionId: session.sessionId }, 'the supervisor phone could not be let hear the call again');
        }
      },
    );
  }

  /** Whether the call the session hears (the barged call, or the agent's) is on and has its recording paused. */
  private recordingPausedOn(agentId: string, bargedCall: string | null): boolean {
    const state = this.deps.engine.state();
    const callId = bargedCall ?? state.agents.get(agentId)?.callId ?? null;
    const call = callId === null ? undefined : state.calls.get(callId);
    return call !== undefined && call.status === 'connected' && isRecordingPaused(call);
  }

  /** A pause or resumption of the supervisor's hearing on the record, on the call it concerns. */
  private recordListening(session: FollowedSession, entry: 'listening_paused' | 'listening_resumed'): void {
    const callId = session.bargedCall ?? this.deps.engine.state().agents.get(session.agentId)?.callId ?? session.last?.attemptId ?? null;
    this.record(session, callId, entry).catch((error: unknown) => {
      this.deps.logger.error({ err: error, sessionId: session.sessionId, entry }, 'a pause of what the supervisor hears could not be recorded');
    });
  }

  private agentMoved(move: Extract<Command, { type: 'agent_state_changed' }>): void {
    for (const session of this.sessionsOf(move.agentId)) {
      // A barge is taken only while the agent talks, and talking's every move leaves the call.
      if (move.to === 'logged_out' || session.mode === 'barge') this.end(session, move.to === 'logged_out' ? 'agent_logged_out' : 'call_ended');
      else if (move.to === 'talking' && move.attemptId !== null) this.hear(session, move.attemptId);
    }
  }

  private callClosed(attemptId: string): void {
    for (const session of this.sessions.values()) if (session.bargedCall === attemptId) this.end(session, 'call_ended');
  }

  /** A listen or whisper session goes on into the agent's next call: on the record, or ended. */
  private hear(session: FollowedSession, attemptId: string): void {
    if (session.heard.has(attemptId)) return;
    session.heard.add(attemptId);
    this.record(session, attemptId, 'next_call').catch((error: unknown) => {
      this.deps.logger.error({ err: error, sessionId: session.sessionId, attemptId }, 'supervision of the next call could not be recorded; ending the session');
      this.end(session, 'evidence_not_written');
    });
  }

  private end(session: FollowedSession, reason: SupervisionEndReason): void {
    if (!this.closed(session, reason)) return;
    this.deps.logger.info({ sessionId: session.sessionId, agentId: session.agentId, mode: session.mode, reason }, 'supervision ended by the engine');
    this.deps.telephony.endSupervision(session.sessionId).catch((error: unknown) => {
      // Already gone (the supervisor hung up, the snoop went with the leg): nothing left to end.
      if (!isAriError(error, 'ARI_UNKNOWN_SESSION')) this.deps.logger.warn({ err: error, sessionId: session.sessionId }, 'ending a supervision session failed');
    });
  }

  /** Forgets the session, tells the supervisor's wallboard why and puts its end on the record;
   * false when it was over already. */
  private closed(session: FollowedSession, reason: SupervisionEndReason): boolean {
    if (!this.sessions.delete(session.sessionId)) return false;
    this.deps.onEnded?.({ sessionId: session.sessionId, agentId: session.agentId, mode: session.mode, by: session.by, reason });
    const byStaff = reason === 'hung_up' ? session.endingFor : null;
    this.recordEnd(session, byStaff ? 'ended_by_staff' : reason, byStaff).catch((error: unknown) => {
      // The session is over either way: the log says so, and why its record is missing.
      this.deps.logger.error({ err: error, sessionId: session.sessionId, reason }, 'the end of a supervision session could not be recorded');
    });
    return true;
  }

  /** The `ended` entry: in the campaign of the last call named, on that call if the session was still on it. */
  private async recordEnd(session: FollowedSession, reason: SupervisionEndRecorded, by: Staff | null): Promise<void> {
    const onNow = session.bargedCall ?? this.callOf(session.agentId);
    const last = session.last;
    const stillOn = last !== null && onNow !== null && last.attemptId === onNow;
    await this.deps.record({
      sessionId: session.sessionId, agentId: session.agentId, mode: session.mode, by: session.by, nodeId: this.deps.engine.nodeId(), entry: 'ended',
      call: { campaignId: last?.campaignId ?? this.deps.engine.state().agents.get(session.agentId)?.campaignId ?? null, attemptId: stillOn ? onNow : null, leadId: stillOn ? last.leadId : null },
      end: { reason, by },
    });
  }

  private async record(session: FollowedSession, attemptId: string | null, entry: 'started' | 'next_call' | 'listening_paused' | 'listening_resumed'): Promise<void> {
    const state = this.deps.engine.state();
    const call = attemptId === null ? undefined : state.calls.get(attemptId);
    const named = { campaignId: call?.campaignId ?? state.agents.get(session.agentId)?.campaignId ?? null, attemptId, leadId: call?.leadId ?? null };
    session.last = named;
    await this.deps.record({
      sessionId: session.sessionId, agentId: session.agentId, mode: session.mode, by: session.by, nodeId: this.deps.engine.nodeId(), entry, call: named,
    });
  }

  /** A barge joins the agent's own bridge: one whose phone is in a colleague's call (consulted
   * before a handover) has theirs empty, and the supervisor would wait there alone. */
  private refuseBargeAsGuest(agentId: string, attemptId: string): void {
    const host = this.deps.engine.state().calls.get(attemptId)?.agentId;
    if (host !== undefined && host !== null && host !== agentId) {
      throw new ApiError('conflict', `agent ${agentId} is in agent ${host}'s call, consulted before a handover: barge in on ${host}, or listen to ${agentId}`);
    }
  }

  /** The call the agent is talking on, if any. */
  private callOf(agentId: string): string | null {
    const agent = this.deps.engine.state().agents.get(agentId);
    return agent?.status === 'talking' ? agent.callId : null;
  }

  private sessionsOf(agentId: string): FollowedSession[] {
    return [...this.sessions.values()].filter((session) => session.agentId === agentId);
  }
}
