// How long an agent may pause a call's recording in the campaign (`settings.recordingPauseLimitMs`),
// checked when the settings are saved: the engine would refuse the campaign's settings otherwise.

import { maxRecordingPauseLimitMs, minRecordingPauseLimitMs } from '../../core/limits.js';
import { ApiError } from './api-error.js';

/** Refuses a pause limit that is not whole milliseconds within the bounds (null for the default). */
export function assertRecordingPauseLimitValid(settings: Record<string, unknown> | undefined): void {
  const limit = settings?.recordingPauseLimitMs;
  if (limit === undefined || limit === null) return;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < minRecordingPauseLimitMs || limit > maxRecordingPauseLimitMs) {
    throw new ApiError('invalid_request',
      `settings.recordingPauseLimitMs: ${JSON.stringify(limit)} is not a whole number of milliseconds from ${minRecordingPauseLimitMs} to ${maxRecordingPauseLimitMs} (null for the default, 180000)`);
  }
}
