// The return-call line: a person calling back a number the campaigns present comes into the app
// from the return-call dialplan (`return,<dialled number>`). The line asks what the call is to
// hear; a number no campaign presents is hung up unanswered. Otherwise the call is answered; when
// the plan offers an agent's route, the channel becomes the attempt's customer call (the engine's
// from then on) and the engine is asked for a ready agent, who has the caller bridged to them as
// any answered call. With none to spare, and the campaign letting callers wait, the caller waits on
// hold (music, in a holding bridge named after the attempt; so does one whose agent's bridge failed
// with no other to spare, put there when the engine says so) until the engine puts them through to
// an agent (the channel moves to the agent's bridge) or lets them go at the end of the wait: the
// line takes the channel back and plays the message. With none, the campaign's message is played;
// the opt-out key, pressed during it or a moment after, puts the number on the list before the
// call is hung up; so does the end of that moment. A channel that came in through the dialplan is
// the app's only while it is in Stasis: its StasisEnd ends it.

import type { Logger } from 'pino';
import { parseStasisArgs } from './app-args.js';
import { toAriError } from './ari-errors.js';
import type { AriEvent, AriEventOf } from './ari-events.js';
import type { AriRest } from './ari-port.js';
import { holdBridgeId } from './channel-ids.js';
import { ensureBridge } from './ensure-bridge.js';

export interface IncomingReturnCall {
  channelId: string;
  /** The number dialled, as the dialplan gives it. */
  dialled: string;
  /** The caller's number as the PBX has it ('' when withheld). */
  caller: string;
}

/** What a return call hears, and what the line is told of it. */
export interface ReturnCallPlan {
  media: string;
  /** The key that stops further calls; null: none offered. */
  optOutDigit: string | null;
  /** The caller pressed the key: resolves once the number is on the list. */
  optOut(): Promise<void>;
  /** The call is over, hung up by either side, having heard the message. */
  ended(optedOut: boolean): void;
  /** A way to an agent of the campaign before the message; absent: the message only. */
  toAgent?: ReturnCallAgentRoute;
}

/** The caller put through to an agent as the attempt `attemptId` of `campaignId`. */
export interface ReturnCallAgentRoute {
  attemptId: string;
  campaignId: string;
  /** Asks the engine for a ready agent, the channel already the attempt's call: the agent's id,
   * `waiting` when the caller is to wait on hold for one (`wait` is told how that ends), or none.
   * Synchronous, so no event of the channel slips between. */
  reserve(wait: ReturnCallWait): ReturnCallReservation;
  /** No agent took the caller (or they left first): the attempt is let go, the message plays. */
  release(): void;
  /** The caller is with the engine, on their way to `agentId` (the bridge is not made yet). */
  putThrough(agentId: string): void;
}

export type ReturnCallReservation = { kind: 'agent'; agentId: string } | { kind: 'waiting' } | { kind: 'none' };

/** How a caller's time with the engine (on hold, or being put through) ends, as the engine tells it. */
export interface ReturnCallWait {
  /** No agent took them in time (or their agent's bridge failed with no other to spare, and the
   * campaign lets nobody wait): the channel is the line's again, to hear the message. */
  released(): void;
  /** An agent has them, or the call ended: nothing more of the call is the line's. */
  over(): void;
  /** Put through at once, their agent's bridge failed with no other to spare: they wait on hold
   * for one, and the line puts them in their holding bridge as for a caller waiting from the start. */
  held(): void;
}

/** How the line hands a channel to the customer calls, and takes it back. */
export interface InboundChannels {
  take(attemptId: string, campaignId: string, channelId: string): void;
  forget(attemptId: string): void;
  /** The call's channel is being put in its holding bridge, waiting for an agent (`settled` once
   * that is done, or given up): a move to an agent's bridge waits for it, so the late hold cannot
   * pull the caller back out of the agent's bridge. */
  holding(attemptId: string, settled: Promise<void>): void;
  /** The call's channel is in its holding bridge: the customer calls take the bridge down once it
   * has moved on to an agent, or ended. */
  onHold(attemptId: string): void;
}

/** null: no campaign presents the number dialled. */
export type ReturnCallHandler = (call: IncomingReturnCall) => Promise<ReturnCallPlan | null>;

type Cancel = () => void;

export interface ReturnCallsOptions {
  handler: ReturnCallHandler;
  rest: (operation: string) => AriRest;
  setTimer: (run: () => void, ms: number) => Cancel;
  /** Where a caller put through to an agent goes: the customer calls. */
  inbound: InboundChannels;
  /** How long the key is waited for once the message is over. */
  keyWaitMs: number;
  /** The music a caller waiting for an agent hears. */
  holdMusicClass: string;
  logger: Logger;
}

export const returnCallKeyWaitMs = 5_000;

interface ReturnCall {
  channelId: string;
  plan: ReturnCallPlan | null;
  playbackId: string | null;
  optedOut: boolean;
  over: boolean;
  wait: Cancel | null;
}

/** A caller with the engine (on hold for an agent, or being put through to one): the engine's
 * call until it lets them go, or an agent has them, or they hang up. */
interface WaitingCall {
  call: ReturnCall;
  plan: ReturnCallPlan;
  route: ReturnCallAgentRoute;
  /** The hold being set up: what comes after it waits for it. */
  held: Promise<void>;
  over: boolean;
}

export class ReturnCalls {
  private readonly calls = new Map<string, ReturnCall>();
  private readonly byPlayback = new Map<string, ReturnCall>();
  private readonly waiting = new Map<string, WaitingCall>();

  constructor(private readonly options: ReturnCallsOptions) {}

  /** Channels of return calls in progress. */
  channelIds(): string[] {
    return [...this.calls.keys()];
  }

  /** Handles one event; false when it is about no return call. */
  handle(event: AriEvent): boolean {
    switch (event.type) {
      case 'StasisStart': return this.onStasisStart(event);
      case 'ChannelDtmfReceived': return this.onCall(event.channel.id, (call) => void this.onKey(call, event.digit));
      case 'PlaybackFinished': return this.onPlaybackFinished(event.playback.id);
      case 'StasisEnd':
      case 'ChannelDestroyed': return this.onCall(event.channel.id, (call) => this.end(call));
      default: return false;
    }
  }

  /** The call's channel was found gone (after a gap in the events). */
  lost(channelId: string): void {
    const call = this.calls.get(channelId);
    if (call) this.end(call);
  }

  private onStasisStart(event: AriEventOf<'StasisStart'>): boolean {
    const entry = parseStasisArgs(event.args);
    if (entry.kind !== 'return') return false;
    const call: ReturnCall = { channelId: event.channel.id, plan: null, playbackId: null, optedOut: false, over: false, wait: null };
    this.calls.set(call.channelId, call);
    void this.start(call, { channelId: call.channelId, dialled: entry.dialled, caller: event.channel.caller.number });
    return true;
  }

  private onCall(channelId: string, act: (call: ReturnCall) => void): boolean {
    const call = this.calls.get(channelId);
    if (!call) return false;
    act(call);
    return true;
  }

  private async start(call: ReturnCall, incoming: IncomingReturnCall): Promise<void> {
    let plan: ReturnCallPlan | null;
    try {
      plan = await this.options.handler(incoming);
    } catch (error) {
      this.options.logger.error({ channelId: call.channelId, err: error }, 'what a return call is to hear could not be found; hung up');
      await this.hangup(call);
      return;
    }
    if (plan === null) {
      this.options.logger.warn({ channelId: call.channelId, number: incoming.dialled }, 'a call came in on a number no campaign presents; hung up unanswered');
      await this.hangup(call);
      return;
    }
    call.plan = plan;
    if (call.over) {
      plan.toAgent?.release();
      plan.ended(false);
      return;
    }
    if (plan.toAgent) {
      if (!(await this.answer(call))) {
        plan.toAgent.release();
        return;
      }
      if (this.putThrough(call, plan, plan.toAgent)) return;
    }
    await this.answerAndPlay(call, plan, plan.toAgent === undefined);
  }

  /** Answers the call; false when it is over (hung up meanwhile, or the answer failed and it is hung up). */
  private async answer(call: ReturnCall): Promise<boolean> {
    try {
      await this.options.rest('answer').answer(call.channelId);
    } catch (error) {
      if (!call.over) {
        this.options.logger.warn({ channelId: call.channelId, err: toAriError(error, 'answer').message }, 'a return call could not be answered; hung up');
        await this.hangup(call);
      }
      return false;
    }
    return !call.over;
  }

  /** Hands the answered channel to the engine's calls and asks for an agent: true when one took the
   * caller or they wait on hold for one (the line lets the channel go), false when none did (the
   * channel is the line's again). */
  private putThrough(call: ReturnCall, plan: ReturnCallPlan, route: ReturnCallAgentRoute): boolean {
    this.options.inbound.take(route.attemptId, route.campaignId, call.channelId);
    let reservation: ReturnCallReservation = { kind: 'none' };
    try {
      reservation = route.reserve({
        released: () => this.takeBack(route.attemptId), over: () => this.waitOver(route.attemptId), held: () => this.holdAfterAll(route.attemptId),
      });
    } catch (error) {
      this.options.logger.error({ channelId: call.channelId, err: error }, 'the engine could not be asked for an agent for a return call; its message plays');
    }
    if (reservation.kind === 'none') {
      this.options.inbound.forget(route.attemptId);
      route.release();
      return false;
    }
    // From here the channel's events are the engine call's: the line forgets it without ending it,
    // until the engine lets the caller go (a wait over, or an agent's bridge failed with no other).
    call.over = true;
    this.calls.delete(call.channelId);
    const waiting: WaitingCall = { call, plan, route, held: Promise.resolve(), over: false };
    this.waiting.set(route.attemptId, waiting);
    if (reservation.kind === 'agent') route.putThrough(reservation.agentId);
    else this.startHold(waiting);
    return true;
  }

  /** The caller waits on hold: a move to an agent's bridge waits for the hold to be made. */
  private startHold(waiting: WaitingCall): void {
    waiting.held = this.hold(waiting);
    this.options.inbound.holding(waiting.route.attemptId, waiting.held);
  }

  /** A caller put through at once whose agent's bridge failed waits on hold after all. */
  private holdAfterAll(attemptId: string): void {
    const waiting = this.waiting.get(attemptId);
    if (waiting && !waiting.over) this.startHold(waiting);
  }

  /** Music on hold in a holding bridge of the caller's own; one that fails leaves them waiting in
   * silence (an agent or the message still comes). */
  private async hold(waiting: WaitingCall): Promise<void> {
    const { attemptId } = waiting.route;
    const bridgeId = holdBridgeId(attemptId);
    try {
      // Made again for a caller back on hold, it may still be there from their first wait.
      await ensureBridge(this.options.rest, bridgeId, 'holding', bridgeId);
      await this.options.rest('startBridgeMoh').startBridgeMoh(bridgeId, this.options.holdMusicClass);
      // Taken by an agent, gone, or let go meanwhile: the channel is not pulled back on hold.
      if (waiting.over) {
        await this.destroyBridge(bridgeId);
        return;
      }
      this.options.inbound.onHold(attemptId);
      await this.options.rest('addToBridge').addToBridge(bridgeId, [waiting.call.channelId]);
    } catch (error) {
      this.options.logger.warn({ attemptId, err: toAriError(error, 'addToBridge').message }, 'a return call waiting for an agent could not be put on hold; it waits without music');
      // The caller is not in it: a bridge made before the failure would be left behind.
      await this.destroyBridge(bridgeId);
    }
  }

  /** The caller waited their time and no agent took them (or their agent's bridge failed with no
   * other): the channel is the line's again, the attempt is let go, and the message plays. */
  private takeBack(attemptId: string): void {
    const waiting = this.waiting.get(attemptId);
    if (!waiting) return;
    this.waiting.delete(attemptId);
    waiting.over = true;
    this.options.inbound.forget(attemptId);
    const { call, plan, route } = waiting;
    call.over = false;
    this.calls.set(call.channelId, call);
    route.release();
    void waiting.held.then(async () => {
      await this.destroyBridge(holdBridgeId(attemptId));
      if (!call.over) await this.answerAndPlay(call, plan, false);
    });
  }

  private waitOver(attemptId: string): void {
    const waiting = this.waiting.get(attemptId);
    if (!waiting) return;
    waiting.over = true;
    this.waiting.delete(attemptId);
  }

  private async destroyBridge(bridgeId: string): Promise<void> {
    try {
      await this.options.rest('destroyBridge').destroyBridge(bridgeId);
    } catch (error) {
      const failure = toAriError(error, 'destroyBridge');
      if (failure.code !== 'ARI_NOT_FOUND') this.options.logger.warn({ bridgeId, err: failure.message }, 'the holding bridge of a return call could not be removed');
    }
  }

  private async answerAndPlay(call: ReturnCall, plan: ReturnCallPlan, answer = true): Promise<void> {
    const playbackId = `pb-return-${call.channelId}`;
    try {
      if (answer) await this.options.rest('answer').answer(call.channelId);
      call.playbackId = playbackId;
      this.byPlayback.set(playbackId, call);
      await this.options.rest('play').play(call.channelId, playbackId, [plan.media]);
    } catch (error) {
      if (call.over) return;
      this.options.logger.warn({ channelId: call.channelId, media: plan.media, err: toAriError(error, 'play').message }, 'a return call could not be answered or hear its message; hung up');
      await this.hangup(call);
    }
  }

  private async onKey(call: ReturnCall, digit: string): Promise<void> {
    const plan = call.plan;
    if (plan === null || call.optedOut || call.over || digit !== plan.optOutDigit) return;
    call.optedOut = true;
    call.wait?.();
    call.wait = null;
    try {
      await plan.optOut();
    } catch (error) {
      this.options.logger.error({ channelId: call.channelId, err: error }, 'the opt-out of a return call could not be recorded');
    }
    await this.hangup(call);
  }

  /** The message is over: the key is waited for a moment, then the call is hung up. */
  private onPlaybackFinished(playbackId: string): boolean {
    const call = this.byPlayback.get(playbackId);
    if (!call) return false;
    this.byPlayback.delete(playbackId);
    if (!call.optedOut && !call.over) call.wait = this.options.setTimer(() => void this.hangup(call), this.options.keyWaitMs);
    return true;
  }

  private async hangup(call: ReturnCall): Promise<void> {
    if (call.over) return;
    try {
      await this.options.rest('hangup').hangup(call.channelId);
    } catch (error) {
      const failure = toAriError(error, 'hangup');
      if (failure.code !== 'ARI_NOT_FOUND') this.options.logger.warn({ channelId: call.channelId, err: failure.message }, 'a return call could not be hung up');
    }
  }

  private end(call: ReturnCall): void {
    if (call.over) return;
    call.over = true;
    call.wait?.();
    this.calls.delete(call.channelId);
    if (call.playbackId !== null) this.byPlayback.delete(call.playbackId);
    call.plan?.ended(call.optedOut);
  }
}
