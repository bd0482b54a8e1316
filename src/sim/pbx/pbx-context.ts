// Everything one simulated PBX instance holds, passed to the modules that act on it.

import type { RandomSource } from '../../core/random.js';
import type { TrafficModel } from '../traffic/traffic-model.js';
import type { BridgeRegistry } from './bridge-registry.js';
import type { ChannelRegistry } from './channel-registry.js';
import type { EventBus } from './event-bus.js';
import type { FarEndScript } from './far-end-script.js';
import type { IdSource } from './id-source.js';
import type { SoundLibrary } from './media-durations.js';
import type { PlaybackRegistry } from './playback-registry.js';
import type { RecordingStore } from './recording-store.js';
import type { Scheduler } from './scheduler.js';
import type { Cancel } from './scheduler.js';

export type OutcomeMode = 'model' | 'digit';

export interface SimPbxCounters {
  originated: number;
  answered: number;
  busy: number;
  congestion: number;
  noAnswer: number;
  invalid: number;
  cancelled: number;
  hungUpByApi: number;
  hungUpByFarEnd: number;
  stasisFailed: number;
  playbacks: number;
  recordings: number;
  dtmf: number;
}

export function emptyCounters(): SimPbxCounters {
  return { originated: 0, answered: 0, busy: 0, congestion: 0, noAnswer: 0, invalid: 0, cancelled: 0,
    hungUpByApi: 0, hungUpByFarEnd: 0, stasisFailed: 0, playbacks: 0, recordings: 0, dtmf: 0 };
}

/** The simulated far end of an answered or ringing call, keyed by the `;1` channel id. */
export interface FarEnd {
  script: FarEndScript;
  /** The channel the far end talks through (`;1` of a Local pair, or the single channel). */
  channelId: string;
  talkStarted: boolean;
  patience: Cancel | null;
  optOut: Cancel | null;
  /** A machine while its greeting (and beep) plays: it is talking. */
  greetingPlaying: boolean;
  /** TALK_DETECT on the channel: the silence that ends talking, and when talking was last reported
   * started (wall clock), if it was. */
  talkDetect: { silenceMs: number; startedAtWallMs: number | null } | null;
}

/** What an agent's phone does instead of answering: ring out, be busy, or be out of reach. */
export type AgentPhoneFault = 'rings' | 'busy' | 'unreachable';

export interface PbxContext {
  channels: ChannelRegistry;
  bridges: BridgeRegistry;
  playbacks: PlaybackRegistry;
  recordings: RecordingStore;
  bus: EventBus;
  scheduler: Scheduler;
  ids: IdSource;
  farEnds: Map<string, FarEnd>;
  counters: SimPbxCounters;
  mode: OutcomeMode;
  /** Numbers (digits only) a desk answers whatever the mode (see deskScript). */
  desks: ReadonlySet<string>;
  /** Agents (as their `sim-agent` extension) whose phone does not answer, and what it does
   * instead; the others' phones answer at once. */
  agentPhones: Map<string, AgentPhoneFault>;
  /** Bridges whose channel adds are held unanswered until the promise settles (for tests). */
  heldBridgeAdds: Map<string, Promise<void>>;
  /** While set, originates wait for it to settle before anything is made (for tests). */
  heldOriginates: Promise<void> | null;
  model: TrafficModel;
  fateRandom: RandomSource;
  /** The sounds `sound:` media may name; any other fails to play. */
  sounds: SoundLibrary;
  /** The app the test dialplan's Stasis() calls name (the first configured app). */
  dialplanApp: string;
  apps: string[];
  asteriskId: string;
  startedAtMs: number;
}
