// Bridges by id, with their members (newest first, as ARI lists them).

import type { BridgeJson } from './ari-types.js';

export interface SimBridge {
  id: string;
  type: 'mixing' | 'holding';
  name: string;
  creationtime: string;
  /** Channel ids, newest first. */
  members: string[];
  /** Apps that have had a Stasis channel in this bridge: they hear its events. */
  subscribers: Set<string>;
  /** The id of the recorder pseudo-channel while a bridge recording runs. */
  recorderId: string | null;
  recordingName: string | null;
  mohClass: string | null;
}

export function bridgeJson(bridge: SimBridge): BridgeJson {
  // The recorder's channel shows only once the bridge has no one else in it (as recorded).
  const channels = bridge.members.length > 0 || bridge.recorderId === null ? [...bridge.members] : [bridge.recorderId];
  return {
    id: bridge.id,
    technology: bridge.type === 'holding' ? 'holding_bridge' : 'simple_bridge',
    bridge_type: bridge.type,
    bridge_class: 'stasis',
    creator: 'Stasis',
    name: bridge.name,
    channels,
    creationtime: bridge.creationtime,
    video_mode: 'talker',
  };
}

export class BridgeRegistry {
  private readonly bridges = new Map<string, SimBridge>();

  add(bridge: SimBridge): void {
    this.bridges.set(bridge.id, bridge);
  }

  get(id: string): SimBridge | undefined {
    return this.bridges.get(id);
  }

  remove(id: string): void {
    this.bridges.delete(id);
  }

  list(): SimBridge[] {
    return [...this.bridges.values()];
  }
}
