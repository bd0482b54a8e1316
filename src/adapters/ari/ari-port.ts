// The narrow port between the telephony adapter and an ARI client library: the REST operations
// Outpace uses and the events socket. Only ari-client-connection.ts implements it, so the library
// can be replaced without touching the mapping or the executor. Every REST method rejects with an
// AriError (ari-errors.ts).

import type { AriEvent } from './ari-events.js';

export interface AriChannelSnapshot {
  id: string;
  name: string;
  state: string;
}

export interface AriApplicationSnapshot {
  name: string;
  channelIds: string[];
  bridgeIds: string[];
}

export interface AriBridgeSnapshot {
  id: string;
  channels: string[];
  name?: string;
}

export interface OriginateRequest {
  channelId: string;
  endpoint: string;
  app: string;
  appArgs: string;
  callerId?: string;
  /** Seconds to ring before giving up (Asterisk hangs up with cause 19). */
  timeoutSec?: number;
  /** Channel variables the dialplan reads (the app to come back to after AMD, its parameters). */
  variables?: Record<string, string>;
}

export interface DialplanTarget {
  context: string;
  extension: string;
  priority: number;
}

export type SnoopDirection = 'none' | 'both' | 'out' | 'in';

export interface SnoopRequest {
  snoopId: string;
  spy: SnoopDirection;
  whisper: SnoopDirection;
  app: string;
  appArgs: string;
}

export interface AriRest {
  originate(request: OriginateRequest): Promise<AriChannelSnapshot>;
  hangup(channelId: string): Promise<void>;
  /** Answers a channel that came in (a call from the network, ringing in our app). */
  answer(channelId: string): Promise<void>;
  continueInDialplan(channelId: string, target: DialplanTarget): Promise<void>;
  /** `media` is sent as one comma-separated list, which is how Asterisk reads it anyway. */
  play(channelId: string, playbackId: string, media: readonly string[]): Promise<void>;
  playbackExists(playbackId: string): Promise<boolean>;
  snoop(channelId: string, request: SnoopRequest): Promise<AriChannelSnapshot>;
  createBridge(bridgeId: string, type: 'mixing' | 'holding', name: string): Promise<void>;
  getBridge(bridgeId: string): Promise<AriBridgeSnapshot>;
  addToBridge(bridgeId: string, channelIds: readonly string[]): Promise<void>;
  removeFromBridge(bridgeId: string, channelIds: readonly string[]): Promise<void>;
  destroyBridge(bridgeId: string): Promise<void>;
  /** Plays music on hold into a (holding) bridge. */
  startBridgeMoh(bridgeId: string, mohClass: string): Promise<void>;
  /** `append`: a recording of that name goes on in this bridge (a call handed to another agent);
   * otherwise one of that name is replaced. */
  recordBridge(bridgeId: string, name: string, format: string, ifExists?: 'overwrite' | 'append'): Promise<void>;
  stopRecording(name: string): Promise<void>;
  /** A live recording's state (`recording`, `paused`...), or null when there is none by that name. */
  liveRecordingState(name: string): Promise<string | null>;
  /** Pauses a live recording (the file leaves the time out) or has it go on. */
  setRecordingPaused(name: string, paused: boolean): Promise<void>;
  /** Stops (or lets through again) the audio coming in from a channel: what its caller says. */
  muteIncoming(channelId: string, muted: boolean): Promise<void>;
  /** Stops (or lets through again) the audio going out to a channel: what its caller hears. */
  muteOutgoing(channelId: string, muted: boolean): Promise<void>;
  /** Sets a channel variable or calls a dialplan function's setter (`TALK_DETECT(set)`). */
  setChannelVariable(channelId: string, variable: string, value: string): Promise<void>;
  /** A channel variable's value, or null when the channel or the variable does not exist (404). */
  channelVariable(channelId: string, variable: string): Promise<string | null>;
  listChannels(): Promise<AriChannelSnapshot[]>;
  getApplication(app: string): Promise<AriApplicationSnapshot>;
}

/** What happened to the events socket. `gave_up`: the connection will never reopen by itself. */
export type AriLinkChange =
  | { kind: 'open' }
  | { kind: 'dropped'; error: string | null }
  | { kind: 'gave_up'; error: string | null };

export interface AriConnection {
  readonly rest: AriRest;
  onEvent(listener: (event: AriEvent) => void): void;
  /** Events that are not valid JSON or lack fields the adapter needs. */
  onBadEvent(listener: (type: string, detail: string) => void): void;
  onLink(listener: (change: AriLinkChange) => void): void;
  /** Opens the events socket; progress is reported through onLink. */
  open(): void;
  /** Closes the socket for good and stops any reconnect of its own. */
  close(): void;
  /** Pings the events socket; resolves within `timeoutMs`, true when it answered. */
  ping(timeoutMs: number): Promise<boolean>;
}

export interface AriConnectOptions {
  url: string;
  user: string;
  password: string;
  app: string;
  requestTimeoutMs: number;
  /** REST sockets open to the PBX at once, at most (under Asterisk's http.conf sessionlimit). */
  maxConnections?: number;
}

/** Loads the API description and returns a connection whose socket is not yet open. */
export type AriConnector = (options: AriConnectOptions) => Promise<AriConnection>;
