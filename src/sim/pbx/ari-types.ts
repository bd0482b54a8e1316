// The JSON shapes the simulated PBX puts on the wire, named and laid out as ARI does.

export type ChannelStateName = 'Down' | 'Ring' | 'Ringing' | 'Up' | 'Busy';

export interface CallerIdJson {
  name: string;
  number: string;
}

export interface DialplanJson {
  context: string;
  exten: string;
  priority: number;
  app_name: string;
  app_data: string;
}

export interface ChannelJson {
  id: string;
  name: string;
  state: ChannelStateName;
  protocol_id: string;
  caller: CallerIdJson;
  connected: CallerIdJson;
  accountcode: string;
  dialplan: DialplanJson;
  creationtime: string;
  language: string;
}

export interface BridgeJson {
  id: string;
  technology: string;
  bridge_type: 'mixing' | 'holding';
  bridge_class: string;
  creator: string;
  name: string;
  channels: string[];
  creationtime: string;
  video_mode: string;
}

export type PlaybackState = 'queued' | 'playing' | 'continuing' | 'done' | 'failed';

export interface PlaybackJson {
  id: string;
  media_uri: string;
  next_media_uri?: string;
  target_uri: string;
  language: string;
  state: PlaybackState;
}

export type RecordingState = 'queued' | 'recording' | 'paused' | 'done' | 'failed' | 'canceled';

export interface LiveRecordingJson {
  name: string;
  format: string;
  state: RecordingState;
  target_uri: string;
  duration?: number;
  /** Why it failed, when it did. */
  cause?: string;
}

export interface StoredRecordingJson {
  name: string;
  format: string;
}

/** An event before the bus stamps it with timestamp, asterisk_id and application. */
export interface AriEventBody {
  type: string;
  [field: string]: unknown;
}
