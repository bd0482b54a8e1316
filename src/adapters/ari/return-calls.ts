// The return-call line: a person calling back a number the campaigns present comes into the app
// from the return-call dialplan (`return,<dialled number>`). The line asks what the call is to
// hear; a number no campaign presents is hung up unanswered. Otherwise the call is answered; when
// the plan offers an agent's route, the channel becomes the attempt's customer call (the engine's
// from then on) and the engine is asked for a ready agent, who has the caller bridged to them as
// any answered call. With none, the campaign's message is played; the opt-out key, pressed during
// it or a moment after, puts the number on the list before the call is hung up; so does the end of
// that moment. A channel that came in through the dialplan is the app's only while it is in
// Stasis: its StasisEnd ends it.

import type { Logger } from 'pino';
import { parseStasisArgs } from './app-args.js';
import { toAriError } from './ari-errors.js';
import type { AriEvent, AriEventOf } from './ari-events.js';
import type { AriRest } from './ari-port.js';

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
  /** Asks the engine for a ready agent, the channel already the attempt's call: the agent's id, or
   * null when none took the caller. Synchronous, so no event of the channel slips between. */
  reserve(): string | null;
  /** No agent took the caller (or they left first): the attempt is let go, the message plays. */
  release(): void;
  /** The caller is with the engine, on their way to `agentId`. */
  putThrough(agentId: string): void;
}

/** How the line hands a channel to the customer calls, and takes it back. */
export interface InboundChannels {
  take(attemptId: string, campaignId: string, channelId: string): void;
  forget(attemptId: string): void;
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

export class ReturnCalls {
  private readonly calls = new Map<string, ReturnCall>();
  private readonly byPlayback = new Map<string, ReturnCall>();

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
      if (this.putThrough(call, plan.toAgent)) return;
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
   * caller (the line lets the channel go), false when none did (the channel is the line's again). */
  private putThrough(call: ReturnCall, route: ReturnCallAgentRoute): boolean {
    this.options.inbound.take(route.attemptId, route.campaignId, call.channelId);
    let agentId: string | null = null;
    try {
      agentId = route.reserve();
    } catch (error) {
      this.options.logger.error({ channelId: call.channelId, err: error }, 'the engine could not be asked for an agent for a return call; its message plays');
    }
    if (agentId === null) {
      this.options.inbound.forget(route.attemptId);
      route.release();
      return false;
    }
    // From here the channel's events are the engine call's: the line forgets it without ending it.
    call.over = true;
    this.calls.delete(call.channelId);
    route.putThrough(agentId);
    return true;
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
