// Live recordings (in progress) and stored recordings (finished), by name.

import type { LiveRecordingJson, StoredRecordingJson } from './ari-types.js';

export interface LiveRecording {
  name: string;
  format: string;
  bridgeId: string;
  state: LiveRecordingJson['state'];
  startedAtWallMs: number;
  maxDurationCancel: (() => void) | null;
  /** While paused: since when (wall clock). */
  pausedAtWallMs: number | null;
  /** Time spent paused before the current pause (wall clock), left out of the file. */
  pausedWallMs: number;
  /** Started with ifExists=append over a stored recording: the seconds already in its file. */
  appendedToSeconds: number;
}

export interface StoredRecording {
  name: string;
  format: string;
  durationSeconds: number;
}

export function liveRecordingJson(recording: LiveRecording, durationSeconds?: number): LiveRecordingJson {
  return {
    name: recording.name,
    format: recording.format,
    state: recording.state,
    target_uri: `bridge:${recording.bridgeId}`,
    ...(durationSeconds === undefined ? {} : { duration: durationSeconds }),
  };
}

export function storedRecordingJson(recording: StoredRecording): StoredRecordingJson {
  return { name: recording.name, format: recording.format };
}

export class RecordingStore {
  readonly live = new Map<string, LiveRecording>();
  readonly stored = new Map<string, StoredRecording>();
}
