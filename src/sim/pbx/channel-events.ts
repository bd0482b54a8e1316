// Emits channel events to the apps that hear a channel: the app that originated it (until it is
// destroyed), the app it is in Stasis with, and for bridge events the bridge's subscribers.

import { channelJson, type SimChannel } from './channel-registry.js';
import type { PbxContext } from './pbx-context.js';

export function channelSubscribers(channel: SimChannel): string[] {
  const apps: string[] = [];
  if (channel.originatedBy !== null) apps.push(channel.originatedBy);
  if (channel.stasisApp !== null) apps.push(channel.stasisApp);
  return apps;
}

export function emitChannelEvent(
  ctx: PbxContext,
  channel: SimChannel,
  type: string,
  fields: Record<string, unknown> = {},
  extraApps: Iterable<string> = [],
): void {
  ctx.bus.emit([...channelSubscribers(channel), ...extraApps], { type, ...fields, channel: channelJson(channel) });
}

export function setState(ctx: PbxContext, channel: SimChannel, state: SimChannel['state']): void {
  if (channel.state === state) return;
  channel.state = state;
  emitChannelEvent(ctx, channel, 'ChannelStateChange');
}

export function setVariable(ctx: PbxContext, channel: SimChannel, variable: string, value: string): void {
  channel.variables.set(variable, value);
  emitChannelEvent(ctx, channel, 'ChannelVarset', { variable, value });
}

export function emitDialplanStep(ctx: PbxContext, channel: SimChannel, app: string, data: string): void {
  channel.dialplan = { ...channel.dialplan, app_name: app, app_data: data };
  emitChannelEvent(ctx, channel, 'ChannelDialplan', { dialplan_app: app, dialplan_app_data: data });
}

/** The Dial event for the originated channel `peer`, sent to the apps that hear it. */
export function emitDial(ctx: PbxContext, peer: SimChannel, dialstatus: string, dialstring: string): void {
  ctx.bus.emit(channelSubscribers(peer), { type: 'Dial', dialstatus, forward: '', dialstring, peer: channelJson(peer) });
}

export function emitHangupRequest(ctx: PbxContext, channel: SimChannel, cause: number, soft: boolean): void {
  emitChannelEvent(ctx, channel, 'ChannelHangupRequest', soft ? { cause, soft: true } : { cause });
}

/** Schedules `fn` on the channel; the timer dies with the channel. */
export function channelTimer(ctx: PbxContext, channel: SimChannel, simMs: number, fn: () => void): () => void {
  const cancel = ctx.scheduler.after(simMs, () => {
    channel.timers.delete(cancel);
    fn();
  });
  channel.timers.add(cancel);
  return () => {
    cancel();
    channel.timers.delete(cancel);
  };
}
