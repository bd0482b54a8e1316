// Bridge membership: entering and leaving, with the BRIDGEPEER and connected-line updates a
// mixing bridge makes, and destroying a bridge. A channel added to a bridge leaves its old one.

import { unprocessable } from './ari-error.js';
import { bridgeJson, type SimBridge } from './bridge-registry.js';
import { channelSubscribers, emitChannelEvent, setVariable } from './channel-events.js';
import { channelJson, type SimChannel } from './channel-registry.js';
import { ariTimestamp } from './ari-time.js';
import { finishBridgeRecording } from './bridge-recording.js';
import { farEndBridgeChanged } from './far-end.js';
import type { PbxContext } from './pbx-context.js';

export function createBridge(ctx: PbxContext, id: string, types: string, name: string): SimBridge {
  const bridge: SimBridge = {
    id,
    type: types.split(',').includes('holding') ? 'holding' : 'mixing',
    name,
    creationtime: ariTimestamp(Date.now()),
    members: [],
    subscribers: new Set(),
    recorderId: null,
    recordingName: null,
    mohClass: null,
  };
  ctx.bridges.add(bridge);
  return bridge;
}

/** POST /bridges/{id}/addChannel: all channels must be in Stasis. */
export function addChannels(ctx: PbxContext, bridge: SimBridge, channels: SimChannel[]): void {
  for (const channel of channels) {
    if (channel.stasisApp === null) throw unprocessable('Channel not in Stasis application');
  }
  for (const channel of channels) {
    if (channel.bridgeId === bridge.id) continue;
    const old = channel.bridgeId === null ? undefined : ctx.bridges.get(channel.bridgeId);
    if (old !== undefined) removeChannel(ctx, old, channel);
    enter(ctx, bridge, channel);
  }
  announcePeers(ctx, bridge);
  for (const id of bridge.members) farEndBridgeChanged(ctx, id);
}

/** POST /bridges/{id}/removeChannel, and the departure half of a move. */
export function removeChannel(ctx: PbxContext, bridge: SimBridge, channel: SimChannel): void {
  if (!bridge.members.includes(channel.id)) throw unprocessable('Channel not in this bridge');
  if (bridge.type === 'mixing') setVariable(ctx, channel, 'BRIDGEPEER', '');
  leave(ctx, bridge, channel);
  farEndBridgeChanged(ctx, channel.id);
}

/** A channel in a bridge is hanging up. */
export function leaveBridgeOnHangup(ctx: PbxContext, channel: SimChannel): void {
  const bridge = channel.bridgeId === null ? undefined : ctx.bridges.get(channel.bridgeId);
  if (bridge === undefined) {
    channel.bridgeId = null;
    return;
  }
  removeChannel(ctx, bridge, channel);
}

/** DELETE /bridges/{id}: members leave, then BridgeDestroyed. */
export function destroyBridge(ctx: PbxContext, bridge: SimBridge): void {
  for (const id of [...bridge.members]) {
    const channel = ctx.channels.get(id);
    if (channel !== undefined) removeChannel(ctx, bridge, channel);
  }
  finishBridgeRecording(ctx, bridge);
  ctx.bridges.remove(bridge.id);
  ctx.bus.emit(bridge.subscribers, { type: 'BridgeDestroyed', bridge: bridgeJson(bridge) });
}

function enter(ctx: PbxContext, bridge: SimBridge, channel: SimChannel): void {
  bridge.members.unshift(channel.id);
  channel.bridgeId = bridge.id;
  if (channel.stasisApp !== null) bridge.subscribers.add(channel.stasisApp);
  emitChannelEvent(ctx, channel, 'ChannelEnteredBridge', { bridge: bridgeJson(bridge) }, bridge.subscribers);
}

function leave(ctx: PbxContext, bridge: SimBridge, channel: SimChannel): void {
  bridge.members = bridge.members.filter((id) => id !== channel.id);
  channel.bridgeId = null;
  ctx.bus.emit([...channelSubscribers(channel), ...bridge.subscribers], {
    type: 'ChannelLeftBridge', bridge: bridgeJson(bridge), channel: channelJson(channel),
  });
  announcePeers(ctx, bridge);
  for (const id of bridge.members) farEndBridgeChanged(ctx, id);
  if (bridge.members.length === 0) finishBridgeRecording(ctx, bridge);
}

/** In a mixing bridge each member's BRIDGEPEER names the others; connected lines update. */
function announcePeers(ctx: PbxContext, bridge: SimBridge): void {
  if (bridge.type !== 'mixing' || bridge.members.length === 0) return;
  const members = bridge.members.map((id) => ctx.channels.get(id)).filter((c): c is SimChannel => c !== undefined);
  const recorder = bridge.recorderId === null ? [] : [`Recorder/ARI-${bridge.recorderId}`];
  if (members.length < 2 && recorder.length === 0 && members.every((m) => (m.variables.get('BRIDGEPEER') ?? '') === '')) return;
  for (const member of [...members].reverse()) {
    const others = [...recorder, ...members.filter((m) => m !== member).map((m) => m.name)].join(',');
    if (member.variables.get('BRIDGEPEER') !== others) setVariable(ctx, member, 'BRIDGEPEER', others);
  }
  for (const member of [...members].reverse()) emitChannelEvent(ctx, member, 'ChannelConnectedLine');
}
