// The simulated person, machine or phone at the far end of an answered call. A person left alone
// (no bridge partner, nothing playing) hangs up when their patience runs out; once bridged with
// someone they talk for their talk time; during a message they may press 1 to opt out.

import { channelTimer, emitChannelEvent } from './channel-events.js';
import type { SimChannel } from './channel-registry.js';
import { Cause } from './causes.js';
import { hangupByFarEnd } from './hangup.js';
import type { FarEnd, PbxContext } from './pbx-context.js';
import { greetingBegins } from './talk-detect.js';

/** Starts the far end's clocks at answer. */
export function farEndAnswered(ctx: PbxContext, channel: SimChannel): void {
  const far = ctx.farEnds.get(channel.id);
  if (far === undefined) return;
  const { hangupAfterAnswerMs, dtmfAfterAnswerMs } = far.script;
  if (hangupAfterAnswerMs !== null) {
    channelTimer(ctx, channel, hangupAfterAnswerMs, () => hangupByFarEnd(ctx, channel, Cause.normalClearing));
  }
  if (dtmfAfterAnswerMs !== null) channelTimer(ctx, channel, dtmfAfterAnswerMs, () => pressDigit(ctx, channel, '1'));
  greetingBegins(ctx, far, channel);
  reconsider(ctx, far);
}

/** A playback started or ended on `channelId`. */
export function farEndMediaChanged(ctx: PbxContext, channelId: string): void {
  const far = ctx.farEnds.get(channelId);
  if (far !== undefined) reconsider(ctx, far);
}

/** `channelId` entered or left a bridge, or its bridge partners changed. */
export function farEndBridgeChanged(ctx: PbxContext, channelId: string): void {
  const far = ctx.farEnds.get(channelId);
  if (far !== undefined) reconsider(ctx, far);
}

/** The far end sends a DTMF digit (also used by POST /channels/{id}/dtmf). */
export function pressDigit(ctx: PbxContext, channel: SimChannel, digit: string): void {
  if (!ctx.channels.has(channel.id)) return;
  ctx.counters.dtmf++;
  emitChannelEvent(ctx, channel, 'ChannelDtmfReceived', { digit, duration_ms: 100 });
}

function reconsider(ctx: PbxContext, far: FarEnd): void {
  const channel = ctx.channels.get(far.channelId);
  if (channel === undefined || channel.state !== 'Up' || channel.hangingUp) return;
  const bridged = hasBridgePartner(ctx, channel);
  const playing = ctx.playbacks.isPlaying(channel.id);
  startTalkIfBridged(ctx, far, channel, bridged);
  armPatience(ctx, far, channel, !bridged && !playing);
  armOptOut(ctx, far, channel, playing);
}

function startTalkIfBridged(ctx: PbxContext, far: FarEnd, channel: SimChannel, bridged: boolean): void {
  if (!bridged || far.talkStarted || far.script.talkMs === null) return;
  far.talkStarted = true;
  channelTimer(ctx, channel, far.script.talkMs, () => hangupByFarEnd(ctx, channel, Cause.normalClearing));
}

function armPatience(ctx: PbxContext, far: FarEnd, channel: SimChannel, alone: boolean): void {
  if (alone && far.patience === null && far.script.patienceMs !== null && !far.talkStarted) {
    far.patience = channelTimer(ctx, channel, far.script.patienceMs, () => hangupByFarEnd(ctx, channel, Cause.normalClearing));
  } else if (!alone && far.patience !== null) {
    far.patience();
    far.patience = null;
  }
}

function armOptOut(ctx: PbxContext, far: FarEnd, channel: SimChannel, playing: boolean): void {
  const delay = far.script.optOutAfterPlaybackMs;
  if (playing && far.optOut === null && delay !== null) {
    far.optOut = channelTimer(ctx, channel, delay, () => {
      far.script = { ...far.script, optOutAfterPlaybackMs: null };
      far.optOut = null;
      pressDigit(ctx, channel, '1');
    });
  } else if (!playing && far.optOut !== null) {
    far.optOut();
    far.optOut = null;
  }
}

function hasBridgePartner(ctx: PbxContext, channel: SimChannel): boolean {
  if (channel.bridgeId === null) return false;
  const bridge = ctx.bridges.get(channel.bridgeId);
  return bridge !== undefined && bridge.type === 'mixing' && bridge.members.some((id) => id !== channel.id);
}
