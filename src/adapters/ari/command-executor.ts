// Executes the core's telephony commands through the ARI port. Call-level failures never throw:
// they become core inputs (originate_failed, bridge_failed, agent_leg_down, ...) so the engine's
// view stays consistent with the PBX, and they are logged with their AriError code.

import type { Logger } from 'pino';
import type { TelephonyCommand } from '../../core/commands.js';
import type { Input } from '../../core/inputs.js';
import type { AgentLeg, AgentLegs } from './agent-legs.js';
import { appArgs } from './app-args.js';
import { AriError, channelAfterRefusal, isAriError, toAriError, type AriErrorCode } from './ari-errors.js';
import type { AriRest } from './ari-port.js';
import { agentBridgeId, agentLegChannelId, holdBridgeId, playbackId, thirdPartyBridgeId } from './channel-ids.js';
import type { ConcurrencyLimiter } from './concurrency-limiter.js';
import type { CustomerCall, CustomerCalls } from './customer-calls.js';
import { customerEndpoint } from './endpoint-template.js';
import { ensureBridge } from './ensure-bridge.js';
import { dialplanVariables } from './dialplan-variables.js';
import { mediaList } from './media-list.js';
import type { ThirdPartyLine, ThirdPartyLines } from './third-party-lines.js';

export type { TelephonyCommand };

/** The caller's last word on a dial, asked when its turn to be sent comes: false keeps it unsent
 * (the caller has said why). */
export type ClearToDial = () => Promise<boolean>;

export interface ExecutorConfig {
  app: string;
  customerEndpointTemplate: string;
  callerId: string | undefined;
  amdContext: string;
  recordingFormat: string;
  holdMusicClass: string;
  /** How long an agent's phone rings at login: not answered by then, the PBX gives it up (cause 19). */
  agentRingSeconds: number;
  recordingName: (attemptId: string) => string;
}

export interface ExecutorDeps {
  rest: (operation: string) => AriRest;
  linkUp: () => boolean;
  calls: CustomerCalls;
  legs: AgentLegs;
  thirdParties: ThirdPartyLines;
  originates: ConcurrencyLimiter;
  /** An originate that timed out once it may have reached the PBX: its channel, should the PBX
   * still make it, is hung up when it shows (given-up-dials.ts). */
  gaveUp: (channelId: string, ringTimeoutMs: number) => void;
  emit: (input: Input) => void;
  logger: Logger;
}

/** How long a call whose hang-up found no channel waits for its end's event before it is ended. */
export const goneCallGraceMs = 1_000;

/** The PBX's answers to an agent phone's originate that say the phone cannot be reached: an
 * unknown technology or endpoint, or one with no contact registered ("Allocation failed"). */
const phoneRefusals: ReadonlySet<AriErrorCode> = new Set<AriErrorCode>(['ARI_ALLOCATION_FAILED', 'ARI_BAD_REQUEST', 'ARI_NOT_FOUND']);

export class CommandExecutor {
  /** Agent leg ids must not repeat across engine restarts (a leg may outlive the engine). */
  private legSeq = Date.now();
  /** Calls whose customer was left with a third party in a bridge of their own. */
  private readonly handedOff = new Set<string>();
  /** The bridge of each call whose paused recording waits there to go on, once resumed: one
   * started then paused would keep a moment of what is said (card details), and Asterisk refuses
   * to pause a recording not yet under way. */
  private readonly pausedToStart = new Map<string, string>();

  constructor(private readonly config: ExecutorConfig, private readonly deps: ExecutorDeps) {}

  async execute(command: TelephonyCommand, clearToDial?: ClearToDial): Promise<void> {
    switch (command.type) {
      case 'originate': return this.originate(command, clearToDial);
      case 'start_amd': return this.startAmd(command);
      case 'bridge_call': return this.bridgeCall(command);
      case 'unbridge_call': return this.unbridgeCall(command);
      case 'play_media': return this.playMedia(command);
      case 'hangup_call': return this.hangupCall(command);
      case 'dial_agent': return this.dialAgent(command);
      case 'hangup_agent': return this.hangupAgent(command);
      case 'start_recording': return this.startRecording(command);
      case 'stop_recording': return this.stopRecordingOnDemand(command);
      case 'set_recording_paused': return this.setRecordingPaused(command);
      case 'set_call_held': return this.setCallHeld(command);
      case 'set_agent_muted': return this.setAgentMuted(command);
      case 'transfer_call': return this.transferCall(command);
      case 'start_consult': return this.startConsult(command);
      case 'return_agent_leg': return this.returnAgentLeg(command.agentId);
      case 'drop_message': return this.dropMessage(command);
      case 'listen_for_greeting_end': return this.listenForGreetingEnd(command.attemptId, command.silenceMs);
      case 'dial_third_party': return this.dialThirdParty(command);
      case 'hang_up_third_party': return this.hangUpThirdParty(command.attemptId);
      case 'hand_off_third_party': return this.handOffThirdParty(command);
    }
  }

  /** The dial's last checks run once its turn to be sent comes, not before it waits for it: under
   * a burst that wait can last seconds, past a calling window's end or a DNC entry's arrival. */
  private async originate(command: Extract<TelephonyCommand, { type: 'originate' }>, clearToDial?: ClearToDial): Promise<void> {
    const { attemptId, campaignId } = command;
    if (!this.deps.linkUp()) {
      this.refuseOriginate(attemptId, 'ARI_DISCONNECTED: telephony is down');
      return;
    }
    // Registered first: the first events of the channel can beat the REST response.
    const call = this.deps.calls.register(attemptId, campaignId);
    await this.deps.originates.run(async () => {
      if (!this.stillToSend(call)) return;
      if (clearToDial && !(await this.cleared(call, clearToDial))) return;
      // Hung up, or the link lost, while the last check ran.
      if (!this.stillToSend(call)) return;
      call.originate = 'in_flight';
      try {
        await this.deps.rest('originate').originate({
          channelId: attemptId,
          endpoint: customerEndpoint(command.endpointTemplate ?? this.config.customerEndpointTemplate, command.phone),
          app: this.config.app,
          appArgs: appArgs.customer(campaignId, attemptId),
          ...(command.callerId === null ? {} : { callerId: command.callerId }),
          timeoutSec: Math.max(1, Math.round(command.ringTimeoutMs / 1000)),
          variables: dialplanVariables(this.config.app, command),
        });
        call.originate = 'done';
        this.deps.logger.debug({ attemptId, campaignId }, 'originated');
        // Hung up while the request was on its way (the hang-up found no channel yet).
        if (call.withdrawn && this.deps.calls.get(attemptId) === call) await this.hangupQuietly(this.channelOf(attemptId));
      } catch (error) {
        this.originateFailed(call, toAriError(error, 'originate'), command.ringTimeoutMs);
      }
    });
  }

  /** False, with the core told, when the dial must not go out after all: the engine hung it up
   * while it waited (it is not dialled at all), or the link dropped meanwhile. */
  private stillToSend(call: CustomerCall): boolean {
    const { attemptId } = call;
    if (this.deps.calls.get(attemptId) !== call) return false;
    if (call.withdrawn) {
      this.deps.calls.forget(attemptId);
      this.deps.emit({ type: 'originate_failed', attemptId, reason: 'not dialled: the call was hung up before its dial was sent', notSent: true });
      return false;
    }
    if (!this.deps.linkUp()) {
      this.deps.calls.forget(attemptId);
      this.refuseOriginate(attemptId, 'ARI_DISCONNECTED: telephony went down before the originate was sent');
      return false;
    }
    return true;
  }

  /** The caller's last word: a dial it refuses is dropped quietly (the caller has said why), one
   * it failed to judge goes back to the core unsent. */
  private async cleared(call: CustomerCall, clearToDial: ClearToDial): Promise<boolean> {
    const { attemptId } = call;
    try {
      if (await clearToDial()) return true;
      if (this.deps.calls.get(attemptId) === call) this.deps.calls.forget(attemptId);
      return false;
    } catch (error: unknown) {
      if (this.deps.calls.get(attemptId) === call) this.deps.calls.forget(attemptId);
      this.deps.logger.error({ attemptId, err: error }, 'the last check of a dial failed; not dialled');
      this.deps.emit({ type: 'originate_failed', attemptId, reason: `not dialled: ${error instanceof Error ? error.message : String(error)}`, notSent: true });
      return false;
    }
  }

  /** A dial given up unsent (it waited past its timeout for a socket to the PBX) rang no one and
   * counts as no dial; one that timed out once sent may have created its channel all the same. */
  private originateFailed(call: CustomerCall, error: AriError, ringTimeoutMs: number): void {
    // Do not leave such a channel ringing untracked, made by now or later.
    if (error.code === 'ARI_TIMEOUT') this.giveUp(call.channelId, ringTimeoutMs);
    if (this.deps.calls.get(call.attemptId) !== call) return; // events already ended it
    this.deps.calls.forget(call.attemptId);
    this.deps.logger.error({ attemptId: call.attemptId, code: error.code, err: error }, 'originate failed');
    const notSent = error.code === 'ARI_NOT_SENT';
    this.deps.emit({ type: 'originate_failed', attemptId: call.attemptId, reason: `${error.code}: ${error.message}`, ...(notSent ? { notSent } : {}) });
  }

  private refuseOriginate(attemptId: string, reason: string): void {
    this.deps.logger.warn({ attemptId }, 'originate refused: telephony is down');
    this.deps.emit({ type: 'originate_failed', attemptId, reason, notSent: true });
  }

  private async startAmd(command: Extract<TelephonyCommand, { type: 'start_amd' }>): Promise<void> {
    const call = this.deps.calls.get(command.attemptId);
    if (!call) {
      this.deps.logger.warn({ attemptId: command.attemptId }, 'start_amd for a call that is not tracked');
      return;
    }
    call.amdPending = true;
    try {
      // The channel leaves Stasis (StasisEnd, not a hang-up) and comes back with `amd,...` args.
      await this.deps.rest('continueInDialplan').continueInDialplan(call.channelId, {
        context: this.config.amdContext, extension: 's', priority: 1,
      });
    } catch (error) {
      const failure = toAriError(error, 'continueInDialplan');
      call.amdPending = false;
      this.deps.logger.error({ attemptId: call.attemptId, code: failure.code, err: failure }, 'AMD continue failed');
      // A vanished channel reports its own end; otherwise let the engine decide without AMD.
      if (failure.code !== 'ARI_NOT_FOUND' && this.deps.calls.get(call.attemptId) === call) {
        this.deps.emit({ type: 'amd_result', attemptId: call.attemptId, verdict: 'notsure', detail: `continue failed: ${failure.code}` });
      }
    }
  }

  private async bridgeCall(command: Extract<TelephonyCommand, { type: 'bridge_call' }>): Promise<void> {
    const { attemptId, agentId } = command;
    const call = this.deps.calls.get(attemptId);
    if (!call) {
      this.deps.emit({ type: 'bridge_failed', attemptId, agentId, reason: 'call is not tracked by the telephony adapter' });
      return;
    }
    call.bridgingTo = agentId;
    call.bridged = false;
    try {
      // A caller being put on hold is moved to the agent once in the holding bridge: the two moves
      // in flight at once could land in either order, the late hold taking them from their agent.
      const hold = call.inbound?.holdSettled;
      if (hold) await hold;
      // Let go by the engine while the hold settled: the caller is the line's again, not the agent's.
      if (this.deps.calls.get(attemptId) !== call) return;
      await this.deps.rest('addToBridge').addToBridge(agentBridgeId(agentId), [call.channelId]);
      if (this.deps.calls.get(attemptId) !== call) {
        await this.letGoLateBridge(call, agentId);
        return;
      }
      this.deps.calls.markBridged(call, agentId);
      // Put back on hold while the bridge hung (made after their reservation ran out): the holding
      // bridge is the new hold's, not the one this bridge took the caller from.
      if (call.inbound?.holdSettled === hold) await this.leaveWaitOnHold(call);
    } catch (error) {
      const failure = toAriError(error, 'addToBridge');
      call.bridgingTo = null;
      // A customer who hangs up just as the bridge is made is a race, not a fault.
      const level = failure.code === 'ARI_NOT_FOUND' ? 'warn' : 'error';
      this.deps.logger[level]({ attemptId, agentId, code: failure.code, err: failure.message }, 'bridge_call failed');
      if (!call.bridged) this.deps.emit({ type: 'bridge_failed', attemptId, agentId, reason: `${failure.code}: ${failure.message}` });
    }
  }

  /** A bridge made after the engine let the call go (a caller back to the return-call line to hear
   * its message once their agent's reservation ran out, or a call that ended): the engine knows
   * nothing of it, and the agent may be given the next call, so the channel is taken back out at
   * once rather than left with the agent while the line plays to it and hangs it up. */
  private async letGoLateBridge(call: CustomerCall, agentId: string): Promise<void> {
    try {
      await this.deps.rest('removeFromBridge').removeFromBridge(agentBridgeId(agentId), [call.channelId]);
      this.deps.logger.warn({ attemptId: call.attemptId, agentId }, 'a call let go by the engine taken out of the agent bridge it reached too late');
    } catch (error) {
      const failure = toAriError(error, 'removeFromBridge');
      if (failure.code !== 'ARI_NOT_FOUND') this.deps.logger.error({ attemptId: call.attemptId, agentId, code: failure.code, err: failure.message }, 'a call let go by the engine could not be taken out of the agent bridge it reached too late');
    }
  }

  /** Takes a customer whose bridge came too late back out of the agent's bridge. A customer no
   * longer there (gone, or moved on to another agent's bridge) is what was wanted. */
  private async unbridgeCall(command: Extract<TelephonyCommand, { type: 'unbridge_call' }>): Promise<void> {
    const { attemptId, agentId } = command;
    const call = this.deps.calls.get(attemptId);
    if (call?.bridgingTo === agentId) call.bridgingTo = null;
    try {
      await this.deps.rest('removeFromBridge').removeFromBridge(agentBridgeId(agentId), [this.channelOf(attemptId)]);
      this.deps.logger.warn({ attemptId, agentId }, 'customer taken out of an agent bridge confirmed too late');
    } catch (error) {
      const failure = toAriError(error, 'removeFromBridge');
      this.deps.logger.info({ attemptId, agentId, code: failure.code, err: failure.message }, 'late bridge: customer no longer in the agent bridge');
    }
  }

  private async playMedia(command: Extract<TelephonyCommand, { type: 'play_media' }>): Promise<void> {
    const call = this.deps.calls.get(command.attemptId);
    if (!call) {
      this.deps.logger.warn({ attemptId: command.attemptId }, 'play_media for a call that is not tracked');
      return;
    }
    const id = playbackId(call.attemptId, ++call.playbackSeq);
    this.deps.calls.addPlayback(call, id, command.purpose);
    try {
      await this.deps.rest('play').play(call.channelId, id, mediaList(command.media));
    } catch (error) {
      const failure = toAriError(error, 'play');
      // A channel that left (the customer hung up as the request went) missed nothing it could hear.
      const channel = channelAfterRefusal(failure);
      this.deps.logger[channel === 'up' ? 'error' : 'warn']({ attemptId: call.attemptId, purpose: command.purpose, code: failure.code, err: failure }, 'play_media failed');
      // Nothing will play, so nothing will finish: tell the engine now so it does not wait.
      this.deps.calls.refusePlayback(id, channel);
    }
  }

  /**
   * The agent reached an answering machine: it leaves the agent's bridge (the agent's next call
   * joins that bridge), its recording stops, and the message plays to it, or the PBX listens for
   * the end of its greeting first (the core then asks for the message); the core hangs up when it
   * has played. One that could not be taken out of the bridge is hung up rather than left there.
   */
  private async dropMessage(command: Extract<TelephonyCommand, { type: 'drop_message' }>): Promise<void> {
    const { attemptId, agentId } = command;
    try {
      await this.deps.rest('removeFromBridge').removeFromBridge(agentBridgeId(agentId), [this.channelOf(attemptId)]);
    } catch (error) {
      const failure = toAriError(error, 'removeFromBridge');
      // Gone already: the call ends by itself.
      if (failure.code === 'ARI_NOT_FOUND') return;
      this.deps.logger.error({ attemptId, agentId, code: failure.code, err: failure.message }, 'drop_message: the machine could not leave the agent\'s bridge; hanging it up');
      await this.hangupQuietly(this.channelOf(attemptId));
      return;
    }
    const call = this.deps.calls.get(attemptId);
    if (call?.recordingName) await this.stopRecording(call.recordingName);
    if (command.listenForMs > 0) await this.listenForGreetingEnd(attemptId, command.listenForMs);
    else await this.playMedia({ type: 'play_media', attemptId, media: command.media, purpose: 'machine_message' });
  }

  /** Talk detection on the machine's channel: ChannelTalkingStarted, then ChannelTalkingFinished
   * once it has been quiet `silenceMs`. Refused, the core hears no talk and plays the message
   * after that silence anyway. */
  private async listenForGreetingEnd(attemptId: string, silenceMs: number): Promise<void> {
    try {
      await this.deps.rest('setChannelVariable').setChannelVariable(this.channelOf(attemptId), 'TALK_DETECT(set)', String(silenceMs));
    } catch (error) {
      const failure = toAriError(error, 'setChannelVariable');
      if (failure.code === 'ARI_NOT_FOUND') return;
      this.deps.logger.warn({ attemptId, code: failure.code, err: failure.message }, 'the PBX would not listen for the end of the machine\'s greeting; the message starts without it');
    }
  }

  private async hangupCall(command: Extract<TelephonyCommand, { type: 'hangup_call' }>): Promise<void> {
    const call = this.deps.calls.get(command.attemptId);
    if (call && call.originate !== 'done') call.withdrawn = true;
    // One still waiting for a slot has no channel: it is dropped when its turn comes.
    if (call?.originate === 'queued') return;
    const gone = await this.hangupQuietly(this.channelOf(command.attemptId));
    // Its channel already gone and its end never heard (lost with a dropped events socket): the
    // call ends here, after a moment for an end crossing the request, or it would wait for ever.
    if (gone && call?.originate === 'done') {
      setTimeout(() => {
        if (this.deps.calls.get(command.attemptId) === call) this.deps.calls.endLost(command.attemptId, 'gone before its hang-up');
      }, goneCallGraceMs).unref();
    }
  }

  private async dialAgent(command: Extract<TelephonyCommand, { type: 'dial_agent' }>): Promise<void> {
    const { agentId } = command;
    const previous = this.deps.legs.forAgent(agentId);
    if (!this.deps.linkUp()) {
      this.deps.logger.warn({ agentId }, 'dial_agent refused: telephony is down');
      this.deps.emit({ type: 'agent_leg_down', agentId, cause: 0 });
      return;
    }
    const leg = this.deps.legs.register(agentId, agentLegChannelId(agentId, ++this.legSeq));
    if (previous) void this.hangupQuietly(previous.channelId);
    let originating = false;
    try {
      await this.ensureBridge(leg.bridgeId);
      originating = true;
      await this.deps.originates.run(() => this.deps.rest('originate').originate({
        channelId: leg.channelId, endpoint: command.endpoint, app: this.config.app, appArgs: appArgs.agent(agentId),
        timeoutSec: this.config.agentRingSeconds,
      }));
      leg.originated = true;
      this.deps.logger.info({ agentId, channelId: leg.channelId }, 'agent leg dialled');
    } catch (error) {
      const failure = toAriError(error, 'dialAgent');
      this.deps.logger.error({ agentId, code: failure.code, err: failure }, 'dial_agent failed');
      // The PBX refused to place the call to the phone (no such endpoint, or none registered): the
      // agent is told their phone could not be reached. A request that never reached the PBX, or
      // the agent's bridge failing, says nothing of the phone, and is not blamed on it.
      if (originating && phoneRefusals.has(failure.code)) leg.dialStatus = 'CHANUNAVAIL';
      this.deps.legs.end(leg, 0);
    }
  }

  /** The agent's phone answered: put it into the agent's bridge, then report the leg up. */
  async legAnswered(leg: AgentLeg): Promise<void> {
    try {
      await this.deps.rest('addToBridge').addToBridge(leg.bridgeId, [leg.channelId]);
      this.deps.legs.markUp(leg);
    } catch (error) {
      const failure = toAriError(error, 'addToBridge');
      this.deps.logger.error({ agentId: leg.agentId, code: failure.code, err: failure }, 'agent leg could not join its bridge; hanging it up');
      await this.hangupQuietly(leg.channelId);
    }
  }

  private async hangupAgent(command: Extract<TelephonyCommand, { type: 'hangup_agent' }>): Promise<void> {
    const leg = this.deps.legs.forAgent(command.agentId);
    if (!leg) {
      this.deps.logger.debug({ agentId: command.agentId }, 'hangup_agent: no leg');
      return;
    }
    const gone = await this.hangupQuietly(leg.channelId);
    if (gone) this.deps.legs.end(leg, 0); // it vanished without a ChannelDestroyed we saw
  }

  private async startRecording(command: Extract<TelephonyCommand, { type: 'start_recording' }>): Promise<void> {
    if (this.startsPaused(command.attemptId, agentBridgeId(command.agentId), command.paused)) return;
    const name = this.config.recordingName(command.attemptId);
    try {
      await this.deps.rest('recordBridge').recordBridge(agentBridgeId(command.agentId), name, this.config.recordingFormat, command.append === true ? 'append' : 'overwrite');
      const call = this.deps.calls.get(command.attemptId);
      if (call) call.recordingName = name;
      else await this.stopRecording(name); // the customer left while the request was on its way
    } catch (error) {
      // The caller tells the core, so the desktop shows the call unrecorded, and keeps no recording name.
      throw toAriError(error, 'recordBridge');
    }
  }

  /** Stops the recording the agent asked to stop (gone already is stopped); rejects with any
   * other refusal, which the caller tells the core. What was recorded stays on the PBX. */
  private async stopRecordingOnDemand(command: Extract<TelephonyCommand, { type: 'stop_recording' }>): Promise<void> {
    const call = this.deps.calls.get(command.attemptId);
    const name = call?.recordingName ?? this.config.recordingName(command.attemptId);
    this.pausedToStart.delete(command.attemptId);
    try {
      await this.deps.rest('stopRecording').stopRecording(name);
    } catch (error) {
      if (!isAriError(error, 'ARI_NOT_FOUND')) throw toAriError(error, 'stopRecording');
    }
    // Nothing left to stop when the call ends.
    if (call) call.recordingName = null;
  }

  /** Rejects with the PBX's refusal: the caller tells the core, which keeps what is really so. */
  private async setRecordingPaused(command: Extract<TelephonyCommand, { type: 'set_recording_paused' }>): Promise<void> {
    const waiting = this.pausedToStart.get(command.attemptId);
    if (waiting !== undefined) {
      if (!command.paused) await this.startPausedRecording(command.attemptId, waiting);
      return;
    }
    const name = this.deps.calls.get(command.attemptId)?.recordingName ?? this.config.recordingName(command.attemptId);
    try {
      await this.deps.rest('setRecordingPaused').setRecordingPaused(name, command.paused);
    } catch (error) {
      throw toAriError(error, 'setRecordingPaused');
    }
  }

  /** Whether the call's recording, going on in `bridgeId` after a handover, waits there paused
   * until resumed; a recording waiting elsewhere before is replaced either way. */
  private startsPaused(attemptId: string, bridgeId: string, paused: boolean | undefined): boolean {
    // A call already ended keeps nothing waiting: its end has cleared the list.
    if (paused === true && this.deps.calls.get(attemptId)) this.pausedToStart.set(attemptId, bridgeId);
    else this.pausedToStart.delete(attemptId);
    return paused === true;
  }

  /** A paused recording waiting in `bridgeId` is resumed: it goes on there, appended. Rejects with
   * the PBX's refusal: the core keeps the call paused, and its time limit asks again. */
  private async startPausedRecording(attemptId: string, bridgeId: string): Promise<void> {
    const name = this.config.recordingName(attemptId);
    try {
      await this.deps.rest('recordBridge').recordBridge(bridgeId, name, this.config.recordingFormat, 'append');
    } catch (error) {
      throw toAriError(error, 'recordBridge');
    }
    this.pausedToStart.delete(attemptId);
    const call = this.deps.calls.get(attemptId);
    if (call) call.recordingName = name;
    else await this.stopRecording(name); // the customer left while the request was on its way
  }

  /**
   * Holds the customer in a holding bridge of their own with music, away from the agent, and
   * brings them back into the agent's bridge. Adding a channel to a bridge takes it out of the one
   * it was in. The agent's bridge keeps its recording, so the hold shows in it as the agent alone.
   * Rejects with the PBX's refusal: the caller tells the core, which keeps the customer where they are.
   */
  private async setCallHeld(command: Extract<TelephonyCommand, { type: 'set_call_held' }>): Promise<void> {
    const { attemptId, agentId, held } = command;
    const call = this.deps.calls.get(attemptId);
    try {
      if (held) {
        await this.holdCustomer(attemptId, agentId);
      } else {
        await this.deps.rest('addToBridge').addToBridge(agentBridgeId(agentId), [this.channelOf(attemptId)]);
        if (call) call.held = false;
        await this.destroyHoldBridge(attemptId);
      }
    } catch (error) {
      // A hold that did not happen leaves no bridge behind.
      if (held && !call?.held) await this.destroyHoldBridge(attemptId);
      throw toAriError(error, 'setCallHeld');
    }
  }

  /** Mutes what the agent says on their phone leg (audio into the PBX, so nobody in their bridge
   * hears it). Rejects when the PBX refuses or the agent has no leg: the caller tells the core. */
  private async setAgentMuted(command: Extract<TelephonyCommand, { type: 'set_agent_muted' }>): Promise<void> {
    const leg = this.deps.legs.forAgent(command.agentId);
    if (!leg?.up) throw new Error(`agent ${command.agentId} has no phone leg up`);
    try {
      await this.deps.rest('muteIncoming').muteIncoming(leg.channelId, command.muted);
    } catch (error) {
      throw toAriError(error, 'muteIncoming');
    }
  }

  /** Rejects, the hold not made, when the customer is gone before it is: the callers then take
   * the holding bridge down, which the call's end (callEnded) found no hold to do. */
  private async holdCustomer(attemptId: string, agentId: string): Promise<void> {
    const call = this.deps.calls.get(attemptId);
    this.stillOnTheLine(call, 'setCallHeld');
    const holdBridge = holdBridgeId(attemptId);
    await this.ensureBridge(holdBridge, 'holding', agentBridgeId(agentId));
    this.stillOnTheLine(call, 'createBridge');
    await this.deps.rest('startBridgeMoh').startBridgeMoh(holdBridge, this.config.holdMusicClass);
    this.stillOnTheLine(call, 'startBridgeMoh');
    await this.deps.rest('addToBridge').addToBridge(holdBridge, [this.channelOf(attemptId)]);
    this.stillOnTheLine(call, 'addToBridge');
    call.held = true;
  }

  /** Throws ARI_NOT_FOUND (a race, not a fault) once the call has ended: its end can beat the
   * answer to a request made for it. */
  private stillOnTheLine(call: CustomerCall | undefined, operation: string): asserts call is CustomerCall {
    if (call === undefined || !this.isTracked(call)) throw new AriError('ARI_NOT_FOUND', operation, 'the customer left as the request was carried out');
  }

  private isTracked(call: CustomerCall): boolean {
    return this.deps.calls.get(call.attemptId) === call;
  }

  /**
   * A consultation: the customer on hold (unless already), then the colleague's phone leg into
   * the agent's bridge, where the two speak. The core hears consult_joined, or consult_failed
   * (and hold_failed when the hold itself was refused).
   */
  private async startConsult(command: Extract<TelephonyCommand, { type: 'start_consult' }>): Promise<void> {
    const { attemptId, agentId, colleagueId } = command;
    const fail = (error: unknown, operation: string) => {
      const failure = toAriError(error, operation);
      this.deps.logger.error({ attemptId, agentId, colleagueId, code: failure.code, err: failure.message }, 'start_consult failed');
      this.deps.emit({ type: 'consult_failed', attemptId, agentId: colleagueId, reason: `${failure.code}: ${failure.message}` });
    };
    const refused = command.holdCustomer ? await this.holdBeforeAside(attemptId, agentId) : null;
    if (refused) {
      fail(refused, 'setCallHeld');
      return;
    }
    const leg = this.deps.legs.forAgent(colleagueId);
    if (!leg?.up) {
      this.deps.emit({ type: 'consult_failed', attemptId, agentId: colleagueId, reason: `agent ${colleagueId} has no phone leg up` });
      return;
    }
    try {
      await this.deps.rest('addToBridge').addToBridge(agentBridgeId(agentId), [leg.channelId]);
      leg.visiting = agentBridgeId(agentId);
      this.deps.emit({ type: 'consult_joined', attemptId, agentId: colleagueId });
    } catch (error) {
      fail(error, 'addToBridge');
    }
  }

  /** Holds the customer before the agent speaks to someone else (a colleague, a third party); the
   * PBX's refusal, when it refused (the core is told hold_failed, and no bridge is left behind). */
  private async holdBeforeAside(attemptId: string, agentId: string): Promise<AriError | null> {
    try {
      await this.holdCustomer(attemptId, agentId);
      return null;
    } catch (error) {
      if (!this.deps.calls.get(attemptId)?.held) await this.destroyHoldBridge(attemptId);
      this.deps.emit({ type: 'hold_failed', attemptId, held: true });
      return toAriError(error, 'setCallHeld');
    }
  }

  /** A leg away for a consultation goes back into its own bridge; one at home stays. */
  private async returnAgentLeg(agentId: string): Promise<void> {
    const leg = this.deps.legs.forAgent(agentId);
    if (!leg || leg.visiting === null) return;
    await this.deps.rest('addToBridge').addToBridge(leg.bridgeId, [leg.channelId]).then(() => {
      leg.visiting = null;
    }, (error: unknown) => {
      this.deps.logger.error({ agentId, err: toAriError(error, 'addToBridge').message }, 'an agent leg could not go back to its bridge after a consultation');
    });
  }

  /**
   * Moves the customer (from the first agent's bridge, or their hold) into the colleague's bridge,
   * once the colleague's phone is home from a consultation. The recording in the first agent's
   * bridge is stopped once the customer has left it; the core has it go on, appended (paused
   * still, if it was), in the colleague's bridge. A refused move leaves everything as it was and
   * is reported as bridge_failed for the colleague.
   */
  private async transferCall(command: Extract<TelephonyCommand, { type: 'transfer_call' }>): Promise<void> {
    const { attemptId, fromAgentId, toAgentId } = command;
    const call = this.deps.calls.get(attemptId);
    if (!call) {
      this.deps.emit({ type: 'bridge_failed', attemptId, agentId: toAgentId, reason: 'call is not tracked by the telephony adapter' });
      return;
    }
    try {
      // After a consultation the colleague's phone goes home first: the customer joins them there.
      await this.returnAgentLeg(toAgentId);
      const leg = this.deps.legs.forAgent(toAgentId);
      // A colleague whose phone has gone has an empty bridge: the customer would wait there alone.
      if (!leg?.up) throw new Error(`agent ${toAgentId} has no phone leg up`);
      if (leg.visiting) throw new Error(`agent ${toAgentId}'s phone is still away from their bridge`);
      await this.deps.rest('addToBridge').addToBridge(agentBridgeId(toAgentId), [this.channelOf(attemptId)]);
    } catch (error) {
      const failure = toAriError(error, 'addToBridge');
      // A customer who hangs up as they are handed over is a race, not a fault.
      const level = failure.code === 'ARI_NOT_FOUND' ? 'warn' : 'error';
      this.deps.logger[level]({ attemptId, fromAgentId, toAgentId, code: failure.code, err: failure.message }, 'transfer_call failed');
      this.deps.emit({ type: 'bridge_failed', attemptId, agentId: toAgentId, reason: `${failure.code}: ${failure.message}` });
      return;
    }
    call.bridgingTo = toAgentId;
    await this.leaveHold(call);
    if (call.recordingName !== null) await this.stopRecording(call.recordingName);
    call.bridged = false;
    this.deps.calls.markBridged(call, toAgentId);
  }

  /**
   * A third party for the agent's call: the customer on hold (unless already), then the third
   * party's line, which joins the agent's bridge once answered (thirdPartyAnswered). The core hears
   * third_party_answered, or third_party_ended (after hold_failed when the hold was refused).
   */
  private async dialThirdParty(command: Extract<TelephonyCommand, { type: 'dial_third_party' }>): Promise<void> {
    const { attemptId, agentId } = command;
    const refused = command.holdCustomer ? await this.holdBeforeAside(attemptId, agentId) : null;
    if (refused) {
      this.deps.emit({ type: 'third_party_ended', attemptId, reason: `the customer could not be put on hold: ${refused.code}` });
      return;
    }
    const line = this.deps.thirdParties.register(attemptId, agentId);
    await this.deps.originates.run(async () => {
      // Hung up (or its call ended) while it waited for a slot: nobody to ring for.
      if (this.deps.thirdParties.forCall(attemptId) !== line) return;
      if (!this.deps.linkUp()) {
        this.deps.thirdParties.end(line, 'telephony is down');
        return;
      }
      try {
        await this.deps.rest('originate').originate({
          channelId: line.channelId,
          endpoint: customerEndpoint(command.endpointTemplate ?? this.config.customerEndpointTemplate, command.number),
          app: this.config.app,
          appArgs: appArgs.thirdParty(attemptId),
          ...(command.callerId === null ? {} : { callerId: command.callerId }),
          timeoutSec: Math.max(1, Math.round(command.ringTimeoutMs / 1000)),
        });
        line.originated = true;
        // Hung up while the request was on its way (the hang-up found no channel yet).
        if (this.deps.thirdParties.forCall(attemptId) !== line) await this.hangupQuietly(line.channelId);
      } catch (error) {
        const failure = toAriError(error, 'originate');
        this.deps.logger.error({ attemptId, agentId, code: failure.code, err: failure.message }, 'dial_third_party failed');
        this.deps.thirdParties.end(line, `could not be dialled: ${failure.code}`);
        if (failure.code === 'ARI_TIMEOUT') this.giveUp(line.channelId, command.ringTimeoutMs);
      }
    });
  }

  /** The third party answered: into the agent's bridge, then the core hears it. */
  async thirdPartyAnswered(line: ThirdPartyLine): Promise<void> {
    try {
      await this.deps.rest('addToBridge').addToBridge(agentBridgeId(line.agentId), [line.channelId]);
      this.deps.thirdParties.reportAnswered(line);
    } catch (error) {
      const failure = toAriError(error, 'addToBridge');
      this.deps.logger.error({ attemptId: line.attemptId, code: failure.code, err: failure.message }, 'a third party could not join the agent; hanging it up');
      this.deps.thirdParties.end(line, `could not be put through: ${failure.code}`);
      await this.hangupQuietly(line.channelId);
    }
  }

  private async hangUpThirdParty(attemptId: string): Promise<void> {
    const line = this.deps.thirdParties.forCall(attemptId);
    if (line && await this.hangupQuietly(line.channelId)) this.deps.thirdParties.end(line, 'hung up');
  }

  /**
   * Leaves the customer with the third party: the two move into a bridge of their own (out of the
   * agent's bridge and the customer's hold), where the call's recording goes on if it was being
   * recorded. If the PBX refuses, all three are put in the agent's bridge, as the core then has it.
   */
  private async handOffThirdParty(command: Extract<TelephonyCommand, { type: 'hand_off_third_party' }>): Promise<void> {
    const { attemptId, agentId } = command;
    const line = this.deps.thirdParties.forCall(attemptId);
    const call = this.deps.calls.get(attemptId);
    const bridgeId = thirdPartyBridgeId(attemptId);
    try {
      if (!line?.answered || !call) throw new Error('the customer or the third party is no longer on the line');
      await this.ensureBridge(bridgeId);
      await this.deps.rest('addToBridge').addToBridge(bridgeId, [this.channelOf(attemptId), line.channelId]);
    } catch (error) {
      const failure = toAriError(error, 'addToBridge');
      this.deps.logger.error({ attemptId, agentId, code: failure.code, err: failure.message }, 'hand_off_third_party failed; all three are put with the agent');
      // One by one: a line already gone (the third party hung up meanwhile) fails its own add
      // only, not the customer's, who would otherwise be left in no bridge once their hold goes.
      await this.deps.rest('addToBridge').addToBridge(agentBridgeId(agentId), [this.channelOf(attemptId)]).catch(() => undefined);
      if (line) await this.deps.rest('addToBridge').addToBridge(agentBridgeId(agentId), [line.channelId]).catch(() => undefined);
      await this.destroyBridgeQuietly(bridgeId);
      await this.leaveHold(call);
      this.deps.emit({ type: 'third_party_handoff_failed', attemptId, reason: `${failure.code}: ${failure.message}` });
      return;
    }
    // The customer's end beat the answer: callEnded did not know of this bridge.
    if (!this.isTracked(call)) {
      await this.destroyBridgeQuietly(bridgeId);
      return;
    }
    this.handedOff.add(attemptId);
    call.bridgingTo = null;
    await this.leaveHold(call);
    if (call.recordingName !== null) await this.stopRecording(call.recordingName);
    if (command.record) await this.recordThirdPartyBridge(call, command.recordPaused);
    this.deps.emit({ type: 'third_party_handed_off', attemptId });
  }

  /** The call's recording goes on, appended, in the bridge of the customer and the third party
   * (paused, until resumed, when it was). */
  private async recordThirdPartyBridge(call: CustomerCall, paused: boolean | undefined): Promise<void> {
    // Ended during the hand-off: its bridge is gone with it.
    if (!this.isTracked(call)) return;
    if (this.startsPaused(call.attemptId, thirdPartyBridgeId(call.attemptId), paused)) return;
    const name = this.config.recordingName(call.attemptId);
    try {
      await this.deps.rest('recordBridge').recordBridge(thirdPartyBridgeId(call.attemptId), name, this.config.recordingFormat, 'append');
      if (this.isTracked(call)) call.recordingName = name;
      else await this.stopRecording(name); // the customer left while the request was on its way
    } catch (error) {
      const failure = toAriError(error, 'recordBridge');
      this.deps.logger.error({ attemptId: call.attemptId, code: failure.code, err: failure.message }, 'the recording could not go on with the third party');
    }
  }

  /** The customer has been moved out of their hold: its bridge goes. */
  private async leaveHold(call: CustomerCall | undefined): Promise<void> {
    if (!call?.held) return;
    call.held = false;
    await this.destroyHoldBridge(call.attemptId);
  }

  /** A person calling back moved from their wait on hold to their agent: its bridge goes. */
  private async leaveWaitOnHold(call: CustomerCall): Promise<void> {
    if (call.inbound?.onHold !== true) return;
    call.inbound.onHold = false;
    await this.destroyHoldBridge(call.attemptId);
  }

  /** The customer's channel is gone: what was kept for it on the PBX goes too. */
  async callEnded(call: CustomerCall): Promise<void> {
    this.pausedToStart.delete(call.attemptId);
    await this.leaveWaitOnHold(call);
    if (this.handedOff.delete(call.attemptId)) await this.destroyBridgeQuietly(thirdPartyBridgeId(call.attemptId));
    if (call.held) await this.destroyHoldBridge(call.attemptId);
    if (call.recordingName !== null) await this.stopRecording(call.recordingName);
  }

  private async destroyHoldBridge(attemptId: string): Promise<void> {
    await this.destroyBridgeQuietly(holdBridgeId(attemptId));
  }

  private async destroyBridgeQuietly(bridgeId: string): Promise<void> {
    try {
      await this.deps.rest('destroyBridge').destroyBridge(bridgeId);
    } catch (error) {
      if (!isAriError(error, 'ARI_NOT_FOUND')) this.deps.logger.warn({ bridgeId, err: error }, 'removing a bridge failed');
    }
  }

  /** The agent stays in their bridge after the customer leaves, so the recording is stopped here. */
  async stopRecording(name: string): Promise<void> {
    try {
      await this.deps.rest('stopRecording').stopRecording(name);
    } catch (error) {
      if (!isAriError(error, 'ARI_NOT_FOUND')) this.deps.logger.warn({ recording: name, err: error }, 'stopping a recording failed');
    }
  }

  /** It may exist already (an earlier login, or a previous run of the engine): that is fine. */
  private async ensureBridge(bridgeId: string, type: 'mixing' | 'holding' = 'mixing', name = bridgeId): Promise<void> {
    await ensureBridge(this.deps.rest, bridgeId, type, name);
  }

  /** The channel of a customer call: the attempt id for a call we originated, the PBX's own for a
   * caller put through from the return-call line (or the attempt id once it is forgotten). */
  private channelOf(attemptId: string): string {
    return this.deps.calls.get(attemptId)?.channelId ?? attemptId;
  }

  /** DELETE a channel; a 404 means it is already gone. Returns whether it was already gone. */
  /** An originate that timed out once sent: its channel is hung up now, and looked out for in case
   * the PBX makes it only after this hang-up. */
  private giveUp(channelId: string, ringTimeoutMs: number): void {
    this.deps.gaveUp(channelId, ringTimeoutMs);
    void this.hangupQuietly(channelId);
  }

  private async hangupQuietly(channelId: string): Promise<boolean> {
    try {
      await this.deps.rest('hangup').hangup(channelId);
      return false;
    } catch (error) {
      const failure = toAriError(error, 'hangup');
      if (failure.code === 'ARI_NOT_FOUND') return true;
      this.deps.logger.error({ channelId, code: failure.code, err: failure }, 'hang-up failed');
      return false;
    }
  }
}
