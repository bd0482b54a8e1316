// Recording a bridge: 201 with state queued, RecordingStarted just after, RecordingFinished when
// the bridge empties, is destroyed, the recording is stopped or reaches its maximum duration; a
// test can have it fail instead (RecordingFailed, state failed with its cause; nothing stored).
// A recording started with ifExists=append over a stored one of the same name goes on in its file.
// A live recording is paused and unpaused (state paused, no event; the file leaves the pause out);
// one that is not recording or paused is not in session (409).

import { conflict, badRequest } from './ari-error.js';
import type { LiveRecordingJson } from './ari-types.js';
import type { SimBridge } from './bridge-registry.js';
import type { PbxContext } from './pbx-context.js';
import { liveRecordingJson, type LiveRecording } from './recording-store.js';

export interface RecordParams {
  name?: string;
  format?: string;
  ifExists?: string;
  maxDurationSeconds?: number;
}

export function startBridgeRecording(ctx: PbxContext, bridge: SimBridge, params: RecordParams): LiveRecordingJson {
  const { name, format } = params;
  if (name === undefined || name === '' || format === undefined || format === '') {
    throw badRequest('Recording name and format are required');
  }
  if (ctx.recordings.live.has(name)) throw conflict('A recording with the same name is currently in progress');
  const ifExists = params.ifExists ?? 'fail';
  if (ctx.recordings.stored.has(name) && ifExists === 'fail') throw conflict('Recording already exists');
  if (bridge.recordingName !== null) throw conflict('Bridge is already being recorded');
  const appendedToSeconds = ifExists === 'append' ? ctx.recordings.stored.get(name)?.durationSeconds ?? 0 : 0;
  const recording: LiveRecording = {
    name, format, bridgeId: bridge.id, state: 'queued', startedAtWallMs: Date.now(), maxDurationCancel: null, pausedAtWallMs: null, pausedWallMs: 0,
    appendedToSeconds,
  };
  ctx.recordings.live.set(name, recording);
  bridge.recordingName = name;
  bridge.recorderId = ctx.ids.nextUniqueId();
  ctx.counters.recordings++;
  const reply = liveRecordingJson(recording);
  ctx.scheduler.after(0, () => {
    if (recording.state !== 'queued') return;
    recording.state = 'recording';
    ctx.bus.emit(bridge.subscribers, { type: 'RecordingStarted', recording: liveRecordingJson(recording) });
  });
  const max = params.maxDurationSeconds ?? 0;
  if (max > 0) recording.maxDurationCancel = ctx.scheduler.after(max * 1000, () => finishBridgeRecording(ctx, bridge));
  return reply;
}

/** Ends the bridge's recording, if any, and stores it. */
export function finishBridgeRecording(ctx: PbxContext, bridge: SimBridge): void {
  const name = bridge.recordingName;
  if (name === null) return;
  const recording = ctx.recordings.live.get(name);
  bridge.recordingName = null;
  bridge.recorderId = null;
  if (recording === undefined) return;
  recording.maxDurationCancel?.();
  recording.state = 'done';
  // Paused time is not in the file.
  const now = Date.now();
  const pausedWallMs = recording.pausedWallMs + (recording.pausedAtWallMs === null ? 0 : now - recording.pausedAtWallMs);
  const seconds = recording.appendedToSeconds + Math.round(ctx.scheduler.simElapsed(recording.startedAtWallMs + pausedWallMs, now) / 1000);
  ctx.recordings.live.delete(name);
  ctx.recordings.stored.set(name, { name, format: recording.format, durationSeconds: seconds });
  ctx.bus.emit(bridge.subscribers, { type: 'RecordingFinished', recording: liveRecordingJson(recording, seconds) });
}

/** Fails the bridge's recording, if any, as Asterisk does when it cannot write it. */
export function failBridgeRecording(ctx: PbxContext, bridge: SimBridge, cause: string): boolean {
  const name = bridge.recordingName;
  const recording = name === null ? undefined : ctx.recordings.live.get(name);
  bridge.recordingName = null;
  bridge.recorderId = null;
  if (name === null || recording === undefined) return false;
  recording.maxDurationCancel?.();
  recording.state = 'failed';
  ctx.recordings.live.delete(name);
  ctx.bus.emit(bridge.subscribers, { type: 'RecordingFailed', recording: { ...liveRecordingJson(recording), cause } });
  return true;
}

/** Pauses or unpauses a live recording; asking for the state it is in already changes nothing. */
export function setRecordingPaused(recording: LiveRecording, paused: boolean): void {
  if (recording.state !== 'recording' && recording.state !== 'paused') throw conflict('Recording not in session');
  if (paused === (recording.state === 'paused')) return;
  const now = Date.now();
  if (paused) {
    recording.pausedAtWallMs = now;
  } else {
    recording.pausedWallMs += now - (recording.pausedAtWallMs ?? now);
    recording.pausedAtWallMs = null;
  }
  recording.state = paused ? 'paused' : 'recording';
}
