// Live channels by id. A channel is plain data plus the timers of whatever is pending on it.

import type { CallerIdJson, ChannelJson, ChannelStateName, DialplanJson } from './ari-types.js';
import { ariTimestamp } from './ari-time.js';
import type { Cancel } from './scheduler.js';

/** `inbound`: a call from the public network into the dialplan (see inbound.ts). */
export type ChannelRole = 'customer' | 'agent' | 'snoop' | 'inbound';

export interface SimChannel {
  id: string;
  name: string;
  state: ChannelStateName;
  caller: CallerIdJson;
  connected: CallerIdJson;
  dialplan: DialplanJson;
  creationtime: string;
  role: ChannelRole;
  /** The other half of a Local channel (`id;2` for `id`, and back). */
  peerId: string | null;
  /** What Dial events name as the dialled resource, e.g. `5550005@sim-pstn`. */
  dialstring: string;
  /** For a snoop channel: the channel it listens to. */
  snoopTargetId: string | null;
  /** Which half this is: 1 for the originated side (and non-Local channels), 2 for `;2`. */
  half: 1 | 2;
  /** The app that originated it: it hears every event of the channel until it is destroyed. */
  originatedBy: string | null;
  /** The app the channel is in Stasis with, if any. */
  stasisApp: string | null;
  bridgeId: string | null;
  variables: Map<string, string>;
  /** Timers owned by the channel; cancelled when it goes away. */
  timers: Set<Cancel>;
  /** Set once a hang-up sequence started, so nothing acts on it twice. */
  hangingUp: boolean;
  /** Wall-clock ms of answer (for recording durations and AMD timing). */
  answeredAtWallMs: number | null;
  /** Directions of audio muted on the channel: `in` is what its caller says, `out` what they hear. */
  muted: Set<MuteDirection>;
}

export type MuteDirection = 'in' | 'out';

/** What a new channel is given; the rest starts empty: in no bridge, Stasis app or hang-up, with no
 * peer, snoop target, variables, timers or muting, created now. */
export type NewSimChannel = Pick<SimChannel, 'id' | 'name' | 'state' | 'caller' | 'connected' | 'dialplan' | 'role'>
  & Partial<Pick<SimChannel, 'dialstring' | 'snoopTargetId' | 'half' | 'answeredAtWallMs'>>;

export function newSimChannel(fields: NewSimChannel): SimChannel {
  return {
    creationtime: ariTimestamp(Date.now()),
    peerId: null,
    dialstring: '',
    snoopTargetId: null,
    half: 1,
    originatedBy: null,
    stasisApp: null,
    bridgeId: null,
    variables: new Map(),
    timers: new Set(),
    hangingUp: false,
    answeredAtWallMs: null,
    muted: new Set(),
    ...fields,
  };
}

export function channelJson(channel: SimChannel): ChannelJson {
  return {
    id: channel.id,
    name: channel.name,
    state: channel.state,
    protocol_id: '',
    caller: { ...channel.caller },
    connected: { ...channel.connected },
    accountcode: '',
    dialplan: { ...channel.dialplan },
    creationtime: channel.creationtime,
    language: 'en',
  };
}

export class ChannelRegistry {
  private readonly channels = new Map<string, SimChannel>();

  add(channel: SimChannel): void {
    this.channels.set(channel.id, channel);
  }

  get(id: string): SimChannel | undefined {
    return this.channels.get(id);
  }

  has(id: string): boolean {
    return this.channels.has(id);
  }

  remove(id: string): void {
    const channel = this.channels.get(id);
    if (channel === undefined) return;
    for (const cancel of channel.timers) cancel();
    channel.timers.clear();
    this.channels.delete(id);
  }

  /** Newest first, as Asterisk lists them (the `;2` half before its `;1`). */
  list(): SimChannel[] {
    return [...this.channels.values()].reverse();
  }

  get size(): number {
    return this.channels.size;
  }
}
