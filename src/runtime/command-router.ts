// Carries out the core's commands: leases leads, dials through the telephony port after the
// last compliance check, and persists attempts, agent states, decisions and DNC additions.
// Failures become inputs (leads_leased with nothing, originate_failed) so the core stays right.

import type { Logger } from 'pino';
import type { Command, TelephonyCommand } from '../core/commands.js';
import type { Input } from '../core/inputs.js';
import type { EngineStore } from './engine-store.js';
import { KeyedSerialQueue } from './keyed-serial-queue.js';
import { isTelephonyCommand, type PreDialCheck, type TelephonyPort } from './telephony-port.js';

export interface CommandRouterDeps {
  store: EngineStore;
  telephony: TelephonyPort;
  preDialCheck: PreDialCheck | null;
  submit: (input: Input) => void;
  /** The time now, for the last check of a dial that waited for its turn to be sent. */
  nowMs: () => number;
  logger: Logger;
}

export class CommandRouter {
  /** A logout is in the log with its reason: one the agent did not ask for (their phone hung up)
   * as a warning, since they stop getting calls until they log in again. */
  private logLogout(command: Extract<Command, { type: 'agent_state_changed' }>): void {
    const fields = { agentId: command.agentId, campaignId: command.campaignId, reason: command.reason, from: command.from };
    if (command.reason === 'phone_lost') this.deps.logger.warn(fields, "agent logged out: their phone's line ended");
    else if (command.reason === 'phone_not_answered') this.deps.logger.warn(fields, "agent not logged in: their phone did not answer");
    else if (command.reason === 'phone_busy') this.deps.logger.warn(fields, 'agent not logged in: their phone was busy');
    else if (command.reason === 'phone_unreachable') this.deps.logger.warn(fields, 'agent not logged in: their phone could not be reached');
    else this.deps.logger.info(fields, 'agent logged out');
  }

  private readonly perAttempt = new KeyedSerialQueue();
  /** An agent's state log rows must be written in order, one transaction at a time. */
  private readonly perAgent = new KeyedSerialQueue();
  private readonly recordings = new Map<string, string>();
  /** Dials not yet sent to the PBX (they wait for their turn, then the last check and the write
   * come first), and whether the core hung the call up meanwhile: then it is not dialled at all. */
  private readonly notYetDialled = new Map<string, { hungUp: boolean }>();
  private pending = 0;

  constructor(private readonly deps: CommandRouterDeps) {}

  route(commands: readonly Command[], nowMs: number): void {
    for (const command of commands) {
      this.pending += 1;
      this.execute(command, nowMs)
        .catch((error: unknown) => this.deps.logger.error({ err: error, command: command.type }, 'command failed'))
        .finally(() => { this.pending -= 1; });
    }
  }

  /** Commands still being carried out. */
  inFlight(): number {
    return this.pending;
  }

  /** A recording started before this run (a conversation taken up after a restart), kept with its attempt when it closes. */
  keepRecording(attemptId: string, recordingName: string): void {
    this.recordings.set(attemptId, recordingName);
  }

  async drain(): Promise<void> {
    while (this.pending > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await this.perAttempt.drain();
    await this.perAgent.drain();
  }

  private async execute(command: Command, nowMs: number): Promise<void> {
    const { store } = this.deps;
    switch (command.type) {
      case 'request_leads': return this.lease(command.campaignId, command.count, command.groups, nowMs);
      case 'originate': return this.originate(command, nowMs);
      case 'hangup_call': {
        const dial = this.notYetDialled.get(command.attemptId);
        if (dial) dial.hungUp = true;
        return this.deps.telephony.execute(command);
      }
      case 'attempt_progress':
        return this.perAttempt.run(command.attemptId, async () => {
          await store.recordAttemptProgress(command.attemptId, command.stage, new Date(command.atMs), command.agentId, command.detail);
          if (command.handover && command.agentId !== null) {
            await store.recordHandover(command.attemptId, { ...command.handover, toAgentId: command.agentId, at: new Date(command.atMs) });
          }
        });
      case 'attempt_closed': {
        const recording = this.recordings.get(command.summary.attemptId) ?? null;
        this.recordings.delete(command.summary.attemptId);
        return this.perAttempt.run(command.summary.attemptId, () => store.closeAttempt(command.summary, recording));
      }
      case 'agent_state_changed':
        if (command.to === 'logged_out') this.logLogout(command);
        return this.perAgent.run(command.agentId, () => store.recordAgentState({
          agentId: command.agentId, campaignId: command.campaignId, from: command.from, to: command.to,
          reason: command.reason, at: new Date(command.atMs), durationMs: command.durationMs, by: command.by,
        }));
      case 'pacing_decided': return store.recordPacingDecision(command.campaignId, command.decision);
      case 'add_dnc': return store.addDnc(command.campaignId, command.phone, command.source);
      case 'input_rejected':
        this.deps.logger.info({ input: command.input, code: command.code }, command.message);
        return undefined;
      case 'start_recording': {
        this.recordings.set(command.attemptId, this.deps.telephony.recordingName(command.attemptId));
        const { onDemand } = command;
        if (onDemand) return this.perAttempt.run(command.attemptId, () => this.recordingOnDemand(command, onDemand));
        return this.perAttempt.run(command.attemptId, () => this.campaignRecording(command));
      }
      // At once, as the start names it and the close reads it.
      case 'forget_recording':
        this.recordings.delete(command.attemptId);
        return undefined;
      case 'stop_recording': return this.perAttempt.run(command.attemptId, () => this.recordingOnDemand(command, command.onDemand));
      case 'set_recording_paused': return this.perAttempt.run(command.attemptId, () => this.setRecordingPaused(command));
      // A hold refused goes back to the core, so the desktop shows where the customer really is; one
      // made is kept with the attempt, for a node taking the conversation up after a crash.
      case 'set_call_held': return this.perAttempt.run(command.attemptId, async () => {
        const done = await this.executeOrReport(command,
          { type: 'hold_failed', attemptId: command.attemptId, held: command.held }, 'the PBX did not put the customer on hold or take them off it');
        if (done) await store.recordHold(command.attemptId, { heldMs: command.heldMs, heldSince: command.held ? new Date(command.atMs) : null });
      });
      case 'hold_changed': return this.perAttempt.run(command.attemptId, () => store.recordHold(command.attemptId, {
        heldMs: command.heldMs, heldSince: command.heldSinceMs === null ? null : new Date(command.heldSinceMs),
      }));
      case 'handover_wait_changed': return this.perAttempt.run(command.attemptId, () => store.recordHandoverWait(command.attemptId, command.wait));
      // So does a mute refused: the desktop shows whether the customer hears the agent. One made is
      // kept with the call, for a node taking it up after a crash.
      case 'set_agent_muted': return this.perAgent.run(command.agentId, async () => {
        const done = await this.executeOrReport(command, { type: 'mute_failed', agentId: command.agentId, muted: command.muted }, 'the PBX did not mute or unmute the agent');
        if (done && command.attemptId !== null) await store.recordAgentMuted(command.attemptId, command.muted);
      });
      // After any hold still being carried out, so the customer ends up with the colleague (or the
      // third party); a message on a machine, once the machine has left the agent's bridge.
      case 'transfer_call':
      case 'start_consult':
      case 'return_agent_leg':
      case 'dial_third_party':
      case 'hand_off_third_party':
      case 'hang_up_third_party':
      case 'drop_message':
      case 'listen_for_greeting_end': return this.perAttempt.run(command.attemptId, () => this.deps.telephony.execute(command));
      // The safe-harbor message waits for nothing: the 2-second rule runs.
      case 'play_media':
        if (command.purpose === 'machine_message') return this.perAttempt.run(command.attemptId, () => this.deps.telephony.execute(command));
        return this.deps.telephony.execute(command);
      default:
        if (isTelephonyCommand(command)) return this.deps.telephony.execute(command);
        return undefined;
    }
  }

  /** Pauses or resumes the recording and keeps the evidence; a refusal is evidence too, and goes
   * back to the core so that the call's state says what the recording really does. */
  private async setRecordingPaused(command: Extract<Command, { type: 'set_recording_paused' }>): Promise<void> {
    let error: string | null = null;
    try {
      await this.deps.telephony.execute(command);
    } catch (failure: unknown) {
      error = failure instanceof Error ? failure.message : String(failure);
      this.deps.logger.error({ err: failure, attemptId: command.attemptId, paused: command.paused }, 'the PBX did not pause or resume the recording');
      this.deps.submit({ type: 'recording_pause_failed', attemptId: command.attemptId, paused: command.paused });
    }
    await this.deps.store.recordRecordingPause({
      campaignId: command.campaignId, attemptId: command.attemptId, agentId: command.agentId, paused: command.paused,
      reason: command.reason, at: new Date(command.atMs), error,
    });
  }

  /** Starts the recording the campaign keeps of every call (or carries it over to the next bridge);
   * a refusal goes back to the core, and a first recording that never started leaves no name with
   * the attempt (the call is not listed as recorded with nothing to download). */
  private async campaignRecording(command: Extract<Command, { type: 'start_recording' }>): Promise<void> {
    try {
      await this.deps.telephony.execute(command);
    } catch (failure: unknown) {
      if (command.append !== true) this.recordings.delete(command.attemptId);
      this.deps.logger.error({ err: failure, attemptId: command.attemptId }, "the PBX did not start the campaign's recording of the call");
      this.deps.submit({ type: 'recording_start_failed', attemptId: command.attemptId });
    }
  }

  /** Starts or stops the recording as the agent asked and keeps the evidence; a refusal is evidence
   * too, and goes back to the core so that the agent sees where the recording really is and may
   * ask again. */
  private async recordingOnDemand(
    command: Extract<Command, { type: 'start_recording' | 'stop_recording' }>, onDemand: { campaignId: string; atMs: number; consentStates?: string[] },
  ): Promise<void> {
    const change = command.type === 'start_recording' ? 'started' : 'stopped';
    let error: string | null = null;
    try {
      await this.deps.telephony.execute(command);
    } catch (failure: unknown) {
      error = failure instanceof Error ? failure.message : String(failure);
      // A first recording that never started leaves nothing to keep with the attempt.
      if (command.type === 'start_recording' && command.append !== true) this.recordings.delete(command.attemptId);
      this.deps.logger.error({ err: failure, attemptId: command.attemptId }, `the PBX did not ${change === 'started' ? 'start' : 'stop'} the recording as the agent asked`);
      this.deps.submit({ type: change === 'started' ? 'recording_start_failed' : 'recording_stop_failed', attemptId: command.attemptId });
    }
    await this.deps.store.recordRecordingOnDemand({
      change, campaignId: onDemand.campaignId, attemptId: command.attemptId, agentId: command.agentId, at: new Date(onDemand.atMs), error,
      ...(onDemand.consentStates ? { consentStates: onDemand.consentStates } : {}),
    });
  }

  /** Carries out a command the PBX may refuse; a refusal is logged and `failed` goes back to the
   * core. Whether the PBX did it. */
  private async executeOrReport(command: TelephonyCommand, failed: Input, what: string): Promise<boolean> {
    try {
      await this.deps.telephony.execute(command);
      return true;
    } catch (failure: unknown) {
      this.deps.logger.error({ err: failure, input: failed }, what);
      this.deps.submit(failed);
      return false;
    }
  }

  private async lease(campaignId: string, count: number, groups: readonly string[], nowMs: number): Promise<void> {
    try {
      const leads = await this.deps.store.leaseLeads(campaignId, count, new Date(nowMs), groups);
      this.deps.submit({ type: 'leads_leased', campaignId, requested: count, leads });
    } catch (error) {
      this.deps.logger.error({ err: error, campaignId }, 'lead lease failed');
      this.deps.submit({ type: 'leads_leased', campaignId, requested: count, leads: [] });
    }
  }

  /** The dial is handed to the PBX at once; its last compliance check and the attempt's write
   * run when its turn to be sent comes (a burst waits for slots), at the time it goes out. A call
   * the core gave up on meanwhile (its dial took too long: the database was slow) is not dialled,
   * and one whose check or write failed is not either: both go back to the core as a failed
   * originate, so no call waits for ever on a dial that was never placed, and no customer is rung
   * by a call the engine has hung up. */
  private async originate(command: Extract<Command, { type: 'originate' }>, nowMs: number): Promise<void> {
    const dial = { hungUp: false };
    this.notYetDialled.set(command.attemptId, dial);
    try {
      await this.deps.telephony.execute(command, () => this.clearToDial(command, Math.max(nowMs, this.deps.nowMs()), dial));
    } finally {
      this.notYetDialled.delete(command.attemptId);
    }
  }

  private async clearToDial(command: Extract<Command, { type: 'originate' }>, nowMs: number, dial: { hungUp: boolean }): Promise<boolean> {
    const { attemptId } = command;
    try {
      const verdict = this.deps.preDialCheck ? await this.deps.preDialCheck(command, nowMs) : { allowed: true as const };
      if (!verdict.allowed) {
        this.deps.submit({ type: 'dial_blocked', attemptId, rule: verdict.rule, reason: verdict.reason });
        return false;
      }
      await this.perAttempt.run(attemptId, () => this.deps.store.recordAttemptProgress(attemptId, 'originated', new Date(nowMs), null, '', command.callerId));
    } catch (error: unknown) {
      this.deps.logger.error({ err: error, attemptId }, 'the dial was not placed: its last check or its write failed');
      this.deps.submit({ type: 'originate_failed', attemptId, reason: `not dialled: ${error instanceof Error ? error.message : String(error)}`, notSent: true });
      return false;
    }
    if (dial.hungUp) {
      this.deps.submit({ type: 'originate_failed', attemptId, reason: 'not dialled: the call was hung up before its dial was sent', notSent: true });
      return false;
    }
    return true;
  }
}
