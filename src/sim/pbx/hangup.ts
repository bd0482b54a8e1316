// Hang-up sequences, event for event as the recordings show them: our DELETE (before and after
// answer), the far end hanging up, and the final ChannelDestroyed. With Local channels both
// halves go, the one hung up first.

import { leaveBridgeOnHangup } from './bridging.js';
import { emitChannelEvent, emitDial, emitDialplanStep, emitHangupRequest } from './channel-events.js';
import type { SimChannel } from './channel-registry.js';
import { Cause, causeText, explicitSoftHangup } from './causes.js';
import type { PbxContext } from './pbx-context.js';
import { dropPlaybacksOnHangup } from './playback.js';
import { exitStasis } from './stasis.js';

/** DELETE /channels/{id}. */
export function hangupByApi(ctx: PbxContext, channel: SimChannel, cause: number): void {
  if (channel.hangingUp) return;
  ctx.counters.hungUpByApi++;
  const peer = peerOf(ctx, channel);
  markHangingUp(channel, peer);
  emitHangupRequest(ctx, channel, explicitSoftHangup, true);
  // A call that came in is no dial of ours to withdraw, answered or not.
  if (channel.state !== 'Up' && channel.role !== 'snoop' && channel.role !== 'inbound') {
    withdrawRingingCall(ctx, channel, peer, cause);
    return;
  }
  leaveCall(ctx, channel);
  if (peer === null) {
    destroyChannel(ctx, channel, cause);
    return;
  }
  emitHangupRequest(ctx, peer, Cause.normalClearing, false);
  destroyChannel(ctx, channel, cause);
  emitHangupRequest(ctx, peer, Cause.normalClearing, true);
  leaveCall(ctx, peer);
  destroyChannel(ctx, peer, cause);
}

/** The person, machine or phone hangs up (or the dialplan ends) on an answered call. */
export function hangupByFarEnd(ctx: PbxContext, channel: SimChannel, cause: number): void {
  if (channel.hangingUp || !ctx.channels.has(channel.id)) return;
  ctx.counters.hungUpByFarEnd++;
  const peer = peerOf(ctx, channel);
  markHangingUp(channel, peer);
  if (peer !== null) {
    emitDialplanStep(ctx, peer, 'Hangup', String(cause));
    emitHangupRequest(ctx, peer, cause, true);
  }
  emitHangupRequest(ctx, channel, cause, false);
  if (peer !== null) destroyChannel(ctx, peer, cause);
  leaveCall(ctx, channel);
  destroyChannel(ctx, channel, cause);
}

/** A snoop channel whose target went away. */
export function hangupSnoop(ctx: PbxContext, snoop: SimChannel): void {
  if (snoop.hangingUp) return;
  snoop.hangingUp = true;
  emitHangupRequest(ctx, snoop, Cause.normalClearing, false);
  leaveCall(ctx, snoop);
  destroyChannel(ctx, snoop, Cause.normalClearing);
}

/** ChannelDestroyed, then the channel is gone (with any snoops on it). */
export function destroyChannel(ctx: PbxContext, channel: SimChannel, cause: number): void {
  if (!ctx.channels.has(channel.id)) return;
  channel.hangingUp = true;
  // Asterisk ends the app's subscription to a snoop at its StasisEnd: no ChannelDestroyed follows.
  if (channel.role !== 'snoop') emitChannelEvent(ctx, channel, 'ChannelDestroyed', { cause, cause_txt: causeText(cause) });
  ctx.channels.remove(channel.id);
  ctx.farEnds.delete(channel.id);
  for (const other of ctx.channels.list()) {
    if (other.snoopTargetId === channel.id) hangupSnoop(ctx, other);
  }
}

export function markHangingUp(channel: SimChannel, peer: SimChannel | null): void {
  channel.hangingUp = true;
  if (peer !== null) peer.hangingUp = true;
}

export function peerOf(ctx: PbxContext, channel: SimChannel): SimChannel | null {
  return channel.peerId === null ? null : (ctx.channels.get(channel.peerId) ?? null);
}

/** What an answered channel does on its way out: stop media, leave its bridge, leave Stasis. */
function leaveCall(ctx: PbxContext, channel: SimChannel): void {
  dropPlaybacksOnHangup(ctx, channel);
  leaveBridgeOnHangup(ctx, channel);
  exitStasis(ctx, channel, true);
}

/** Our DELETE of a call still ringing: Dial NOANSWER, both halves destroyed. */
function withdrawRingingCall(ctx: PbxContext, channel: SimChannel, peer: SimChannel | null, cause: number): void {
  ctx.counters.cancelled++;
  const originated = channel.half === 1 ? channel : (peer ?? channel);
  emitDial(ctx, originated, 'NOANSWER', originated.dialstring);
  if (peer === null) {
    destroyChannel(ctx, channel, cause);
    return;
  }
  const other = originated === channel ? peer : channel;
  emitHangupRequest(ctx, other, Cause.normalClearing, false);
  destroyChannel(ctx, originated, cause);
  emitHangupRequest(ctx, other, Cause.normalClearing, true);
  destroyChannel(ctx, other, cause);
}
