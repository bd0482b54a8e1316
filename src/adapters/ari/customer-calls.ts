// Customer calls the adapter has originated, and the translation of their ARI events into core
// inputs. Calls are keyed by the channel id we chose (the attempt id) and registered before the
// originate is sent, because events can arrive before the REST response that caused them. A
// caller put through from the return-call line keeps the channel id the PBX gave it.

import type { PlaybackPurpose } from '../../core/commands.js';
import type { Input } from '../../core/inputs.js';
import type { ChannelAfterRefusal } from './ari-errors.js';
import { amdVerdict, parseStasisArgs } from './app-args.js';
import type { AriEvent, AriEventOf } from './ari-events.js';
import type { AriChannelSnapshot } from './ari-port.js';
import { agentBridgeId, attemptOfRecording, channelHalf } from './channel-ids.js';
import { resolveEndCause, type HangupCause } from './end-cause.js';

export type Cancel = () => void;
export type SetTimer = (run: () => void, ms: number) => Cancel;

export interface CustomerCall {
  attemptId: string;
  campaignId: string;
  /** Its channel: the attempt id, or the PBX's own for a caller who came in. */
  channelId: string;
  ringing: boolean;
  answered: boolean;
  /** The last non-empty Dial dialstatus seen for the channel. */
  lastDialStatus: string;
  /** Some event of the `;2` half was seen, so it is a Local pair whose far cause may follow. */
  peerSeen: boolean;
  peerEnd: HangupCause | null;
  /** The `;1` half ended with cause 0 and the far cause is awaited. */
  pendingEnd: { own: HangupCause; cancel: Cancel } | null;
  /** Agent the call is being bridged to, and whether call_bridged was emitted. */
  bridgingTo: string | null;
  bridged: boolean;
  playbackSeq: number;
  playbacks: Set<string>;
  /** A hang-up of the channel was asked for (by us or the far end): a playback failing from then
   * on was cut off by it, as Asterisk reports one (recording 15), not unplayable. */
  hangingUp: boolean;
  recordingName: string | null;
  /** Moved to its holding bridge by the agent's hold (see command-executor.ts). */
  held: boolean;
  /** Where its originate is: waiting for a slot, sent and not answered yet, or done. Until done
   * the PBX may rightly not have the channel, so a reconcile does not count it lost. */
  originate: 'queued' | 'in_flight' | 'done';
  /** Hung up by the engine before its originate was done: not dialled, or hung up once it is. */
  withdrawn: boolean;
  /** Sent into the AMD dialplan and its verdict not heard yet. */
  amdPending: boolean;
  /** Came in from the dialplan (a return call): the app is told nothing of its channel once it
   * leaves Stasis, so its StasisEnd ends it, with the cause of its hang-up request if one came.
   * `onHold`: in its holding bridge, waiting for an agent (the return-call line put it there);
   * `holdSettled`: the line's move of it into that bridge, which a move to an agent waits for. */
  inbound: { hangupCause: number | null; onHold?: boolean; holdSettled?: Promise<void> } | null;
}

export interface CustomerCallsOptions {
  emit: (input: Input) => void;
  setTimer: SetTimer;
  /** How long to wait for the `;2` cause after the `;1` half ended with cause 0. */
  peerCauseWaitMs: number;
  onEnded: (call: CustomerCall) => void;
  onUnexpected: (message: string, fields: Record<string, unknown>) => void;
  /** A message the call did not hear though it was still on the line. */
  onPlaybackFailed: (failure: PlaybackFailure) => void;
}

/** How long a play refused as if its channel were leaving waits for the hang-up to show before it
 * counts as a message not heard. */
const leavingGraceMs = 1_000;

export interface PlaybackFailure {
  campaignId: string;
  attemptId: string;
  purpose: PlaybackPurpose;
}

/** Whose playback it is, what for, and whether the PBX said it started playing. */
interface PlaybackOwner {
  attemptId: string;
  purpose: PlaybackPurpose;
  started: boolean;
}

/** How a caller's channel ended, from the cause of its hang-up request (Normal Clearing without one). */
function inboundEndCause(cause: number | null): HangupCause {
  return cause === null || cause === 16 ? { cause: 16, causeText: 'Normal Clearing' } : { cause, causeText: `cause ${cause}` };
}

export class CustomerCalls {
  private readonly calls = new Map<string, CustomerCall>();
  private readonly byChannel = new Map<string, CustomerCall>();
  private readonly playbackOwners = new Map<string, PlaybackOwner>();

  constructor(private readonly options: CustomerCallsOptions) {}

  register(attemptId: string, campaignId: string, channelId = attemptId): CustomerCall {
    const call: CustomerCall = {
      attemptId, campaignId, channelId, ringing: false, answered: false, lastDialStatus: '', peerSeen: false, peerEnd: null,
      pendingEnd: null, bridgingTo: null, bridged: false, playbackSeq: 0, playbacks: new Set(), hangingUp: false, recordingName: null, held: false,
      originate: 'queued', withdrawn: false, amdPending: false, inbound: null,
    };
    this.calls.set(attemptId, call);
    this.byChannel.set(channelId, call);
    return call;
  }

  /** A caller who came in on `channelId`, answered, taken up as the attempt's customer call: what
   * the engine asks of the attempt is done to that channel, and its events are the call's. */
  takeInbound(attemptId: string, campaignId: string, channelId: string): CustomerCall {
    const call = this.register(attemptId, campaignId, channelId);
    Object.assign(call, { ringing: true, answered: true, originate: 'done', inbound: { hangupCause: null } });
    return call;
  }

  /** A call a crashed run had put through to `agentId`, taken up as it is (nothing is emitted); a
   * person who called back on the channel they came in on. */
  adopt(attemptId: string, campaignId: string, agentId: string, recordingName: string | null, held: boolean,
    channel: { channelId: string; inbound: boolean } = { channelId: attemptId, inbound: false }): CustomerCall {
    const call = this.register(attemptId, campaignId, channel.channelId);
    Object.assign(call, { ringing: true, answered: true, bridgingTo: agentId, bridged: true, recordingName, held, originate: 'done' });
    if (channel.inbound) call.inbound = { hangupCause: null };
    return call;
  }

  /** Forgets a call whose originate failed; nothing is emitted for it. */
  forget(attemptId: string): void {
    const call = this.calls.get(attemptId);
    if (call) this.drop(call);
  }

  get(attemptId: string): CustomerCall | undefined {
    return this.calls.get(attemptId);
  }

  /** The call on `channelId` (a customer's channel, not a Local channel's far half). */
  onChannelId(channelId: string): CustomerCall | undefined {
    return this.byChannel.get(channelId);
  }

  /** The channels of the calls. */
  channelIds(): string[] {
    return [...this.byChannel.keys()];
  }

  /** Calls whose originate is done: the channels the PBX must have if they still exist. */
  dialled(): { attemptId: string; channelId: string }[] {
    return [...this.calls.values()].filter((call) => call.originate === 'done').map(({ attemptId, channelId }) => ({ attemptId, channelId }));
  }

  /** Registers a playback on the call so its PlaybackFinished maps back. */
  addPlayback(call: CustomerCall, id: string, purpose: PlaybackPurpose): void {
    call.playbacks.add(id);
    this.playbackOwners.set(id, { attemptId: call.attemptId, purpose, started: false });
  }

  /** The play request failed, so nothing will play: the engine is told now (finishPlayback). A
   * channel gone or being hung up was not failed, as for a PlaybackFinished; one that may be on its
   * way out is given a moment for its hang-up to show. One the PBX said it started (the request
   * timed out after it did) is playing: its PlaybackFinished, or the catch-up after a reconnect,
   * ends it, since ending it now would hang up on the message. */
  refusePlayback(playbackId: string, channel: ChannelAfterRefusal): void {
    const owner = this.playbackOwners.get(playbackId);
    if (owner?.started === true) return;
    this.finishPlayback(playbackId);
    if (owner === undefined || channel === 'gone') return;
    if (channel === 'up') this.reportFailure(owner);
    else this.options.setTimer(() => this.reportFailure(owner), leavingGraceMs);
  }

  /**
   * Emits playback_finished once for a playback of a live call. `failed` is known from the
   * PlaybackFinished event; without one (its play request failed, or it ended unseen while the
   * socket was down), a playback the PBX was never seen to start counts as not played.
   */
  finishPlayback(playbackId: string, failed?: boolean): void {
    const owner = this.playbackOwners.get(playbackId);
    if (owner === undefined) return;
    this.playbackOwners.delete(playbackId);
    const call = this.calls.get(owner.attemptId);
    if (!call) return;
    call.playbacks.delete(playbackId);
    this.options.emit({ type: 'playback_finished', attemptId: owner.attemptId, failed: failed ?? !owner.started });
  }

  /** Emits call_bridged once, from the REST success or ChannelEnteredBridge, whichever is first. */
  markBridged(call: CustomerCall, agentId: string): void {
    if (call.bridged || !this.calls.has(call.attemptId)) return;
    call.bridged = true;
    this.options.emit({ type: 'call_bridged', attemptId: call.attemptId, agentId });
  }

  /** Ends a call whose channel is gone without a ChannelDestroyed we saw. `unseen`: found gone
   * after a gap in the events (reconciliation), so how it ended is not known, unless the far
   * half's end was seen before the gap. */
  endLost(attemptId: string, causeText: string, unseen = false): void {
    const call = this.calls.get(attemptId);
    if (!call) return;
    call.pendingEnd?.cancel();
    this.finish(call, { cause: 0, causeText }, unseen);
  }

  /** A tracked call as the PBX's channel list shows it after the events socket came back: an
   * answer or a ring whose events were lost in the gap is taken as they would have been (one
   * answered and left unheard would be hung up as unanswered, its customer in silence). */
  caughtUp(channel: AriChannelSnapshot, gapStartedAtMs: number | null = null): void {
    const call = this.byChannel.get(channel.id);
    if (!call) return;
    if (channel.state === 'Up' && !call.answered) {
      call.answered = true;
      this.emit({ type: 'call_answered', attemptId: call.attemptId, ...(gapStartedAtMs === null ? {} : { answeredAtMs: gapStartedAtMs }) });
    } else if (channel.state === 'Ringing') {
      this.ring(call);
    }
  }

  /** A verdict read from the channel's AMDSTATUS and AMDCAUSE after a gap in the events, whose
   * StasisStart was lost in it: it came no earlier than `gapStartedAtMs`. Once per call, whichever
   * of the event and the reading comes first. */
  amdFound(attemptId: string, status: string, cause: string, gapStartedAtMs: number | null): void {
    const call = this.calls.get(attemptId);
    if (call?.amdPending === true) this.amdDecided(call, status, cause, gapStartedAtMs);
  }

  private amdDecided(call: CustomerCall, status: string, cause: string, decidedAtMs: number | null): void {
    call.amdPending = false;
    this.emit({ type: 'amd_result', attemptId: call.attemptId, verdict: amdVerdict(status), detail: cause || status, ...(decidedAtMs === null ? {} : { decidedAtMs }) });
  }

  /** Handles one event; returns false when it is about none of our customer calls. */
  handle(event: AriEvent): boolean {
    switch (event.type) {
      case 'Dial': return this.onDial(event);
      case 'PlaybackStarted': return this.onPlaybackStarted(event);
      case 'PlaybackFinished': return this.onPlaybackFinished(event);
      case 'ChannelHangupRequest': return this.onChannel(event, (call) => {
        call.hangingUp = true;
        if (call.inbound && event.cause !== 0) call.inbound.hangupCause = event.cause;
      });
      case 'StasisEnd': return this.onInboundStasisEnd(event);
      case 'ChannelStateChange': return this.onChannel(event, (call) => { if (event.channel.state === 'Ringing') this.ring(call); });
      case 'StasisStart': return this.onChannel(event, (call) => this.onStasisStart(call, event));
      case 'ChannelTalkingStarted': return this.onChannel(event, (call) => this.emit({ type: 'far_end_talking', attemptId: call.attemptId, talking: true }));
      case 'ChannelTalkingFinished': return this.onChannel(event, (call) => this.emit({ type: 'far_end_talking', attemptId: call.attemptId, talking: false }));
      case 'ChannelDtmfReceived': return this.onChannel(event, (call) => this.emit({ type: 'dtmf_received', attemptId: call.attemptId, digit: event.digit }));
      case 'ChannelEnteredBridge': return this.onChannel(event, (call) => this.onEnteredBridge(call, event));
      case 'ChannelDestroyed': return this.onDestroyed(event);
      case 'RecordingFailed': return this.onRecordingFailed(event);
      default: return false;
    }
  }

  /** The PBX gave up the call's recording (it could not write it): nothing is left to stop at the
   * call's end, and the core no longer counts the call as recorded. */
  private onRecordingFailed(event: AriEventOf<'RecordingFailed'>): boolean {
    const { name, cause } = event.recording;
    const attemptId = attemptOfRecording(name);
    const call = attemptId === null ? undefined : this.calls.get(attemptId);
    if (!call) return false;
    call.recordingName = null;
    this.options.onUnexpected('the PBX gave up the recording of a call', { attemptId: call.attemptId, recording: name, cause });
    this.emit({ type: 'recording_failed', attemptId: call.attemptId });
    return true;
  }

  private onChannel(event: { channel: { id: string } }, act: (call: CustomerCall) => void): boolean {
    const { baseId, half } = channelHalf(event.channel.id);
    const call = this.byChannel.get(baseId);
    if (!call) return false;
    if (half === 2) call.peerSeen = true;
    else act(call);
    return true;
  }

  /** A caller's channel left the app (hung up, or taken away by the dialplan): the call is over.
   * Other calls' channels come back to the app, and tell their end by ChannelDestroyed. */
  private onInboundStasisEnd(event: AriEventOf<'StasisEnd'>): boolean {
    const call = this.byChannel.get(event.channel.id);
    if (!call?.inbound) return false;
    this.finish(call, inboundEndCause(call.inbound.hangupCause));
    return true;
  }

  private onDial(event: AriEventOf<'Dial'>): boolean {
    const call = this.byChannel.get(channelHalf(event.peer.id).baseId);
    if (!call) return false;
    if (event.dialstatus !== '') call.lastDialStatus = event.dialstatus;
    if (event.dialstatus === 'RINGING') this.ring(call);
    return true;
  }

  private ring(call: CustomerCall): void {
    if (call.ringing || call.answered) return;
    call.ringing = true;
    this.emit({ type: 'call_ringing', attemptId: call.attemptId });
  }

  private onStasisStart(call: CustomerCall, event: AriEventOf<'StasisStart'>): void {
    const entry = parseStasisArgs(event.args);
    // A channel that went straight to the AMD dialplan was answered without a first StasisStart.
    if (!call.answered) {
      call.answered = true;
      this.emit({ type: 'call_answered', attemptId: call.attemptId });
    }
    if (entry.kind === 'amd') {
      this.amdDecided(call, entry.status, entry.cause, null);
    } else if (entry.kind !== 'customer') {
      this.options.onUnexpected('customer channel entered Stasis with unexpected args', { attemptId: call.attemptId, args: event.args });
    }
  }

  private onEnteredBridge(call: CustomerCall, event: AriEventOf<'ChannelEnteredBridge'>): void {
    if (call.bridgingTo !== null && event.bridge.id === agentBridgeId(call.bridgingTo)) this.markBridged(call, call.bridgingTo);
  }

  private onPlaybackStarted(event: AriEventOf<'PlaybackStarted'>): boolean {
    const owner = this.playbackOwners.get(event.playback.id);
    if (owner === undefined) return false;
    owner.started = true;
    return true;
  }

  /** `failed` is also how Asterisk ends a file cut off by a hang-up: only one that failed while the
   * line stayed up could not be played (a missing or misnamed file), and that is worth a warning. */
  private onPlaybackFinished(event: AriEventOf<'PlaybackFinished'>): boolean {
    const { id, state, media_uri: media } = event.playback;
    const owner = this.playbackOwners.get(id);
    if (owner === undefined) return false;
    const failed = state === 'failed' && this.calls.get(owner.attemptId)?.hangingUp === false;
    if (failed) {
      this.options.onUnexpected('the PBX could not play the media to the call (a missing or misnamed file?): recorded as not played',
        { attemptId: owner.attemptId, purpose: owner.purpose, playbackId: id, media });
      this.reportFailure(owner);
    }
    this.finishPlayback(id, failed);
    return true;
  }

  /** Reports a message not heard by a call still on the line. */
  private reportFailure(owner: PlaybackOwner): void {
    const call = this.calls.get(owner.attemptId);
    if (call === undefined || call.hangingUp) return;
    this.options.onPlaybackFailed({ campaignId: call.campaignId, attemptId: call.attemptId, purpose: owner.purpose });
  }

  private onDestroyed(event: AriEventOf<'ChannelDestroyed'>): boolean {
    const { baseId, half } = channelHalf(event.channel.id);
    const call = this.byChannel.get(baseId);
    if (!call) return false;
    const cause: HangupCause = { cause: event.cause, causeText: event.cause_txt };
    if (half === 2) {
      call.peerSeen = true;
      call.peerEnd = cause;
      if (call.pendingEnd) {
        call.pendingEnd.cancel();
        this.finish(call, call.pendingEnd.own);
      }
      return true;
    }
    // Congestion (and busy, at times) destroys `;1` (cause 0) before `;2` (cause 34 or 17): give
    // the far cause a moment. A Dial status says the far half dialled even before any of its events.
    if (cause.cause === 0 && (call.peerSeen || call.lastDialStatus !== '') && call.peerEnd === null) {
      const cancel = this.options.setTimer(() => this.finish(call, cause), this.options.peerCauseWaitMs);
      call.pendingEnd = { own: cause, cancel };
      return true;
    }
    this.finish(call, cause);
    return true;
  }

  private finish(call: CustomerCall, own: HangupCause, unseen = false): void {
    if (this.calls.get(call.attemptId) !== call) return;
    const { cause, causeText } = resolveEndCause(own, call.peerEnd);
    this.drop(call);
    this.emit({ type: 'call_ended', attemptId: call.attemptId, cause, causeText, dialStatus: call.lastDialStatus, ...(unseen && call.peerEnd === null ? { unseen: true } : {}) });
    this.options.onEnded(call);
  }

  private drop(call: CustomerCall): void {
    call.pendingEnd?.cancel();
    call.pendingEnd = null;
    this.calls.delete(call.attemptId);
    if (this.byChannel.get(call.channelId) === call) this.byChannel.delete(call.channelId);
    for (const id of call.playbacks) this.playbackOwners.delete(id);
  }

  private emit(input: Input): void {
    this.options.emit(input);
  }
}
