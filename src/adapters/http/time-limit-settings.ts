// The time limits a campaign may set in its settings (how long a recording pause and a hold last
// at most), checked when the settings are saved: the engine would refuse the campaign otherwise.

import { holdLimitMs, maxHoldLimitMs, maxRecordingPauseLimitMs, minHoldLimitMs, minRecordingPauseLimitMs, recordingPauseLimitMs } from '../../core/limits.js';
import { ApiError } from './api-error.js';

const timeLimits = [
  { key: 'recordingPauseLimitMs', min: minRecordingPauseLimitMs, max: maxRecordingPauseLimitMs, fallback: recordingPauseLimitMs },
  { key: 'holdLimitMs', min: minHoldLimitMs, max: maxHoldLimitMs, fallback: holdLimitMs },
] as const;

/** Refuses a limit that is not whole milliseconds within its bounds (null for the default). */
export function assertTimeLimitsValid(settings: Record<string, unknown> | undefined): void {
  for (const { key, min, max, fallback } of timeLimits) {
    const limit = settings?.[key];
    if (limit === undefined || limit === null) continue;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < min || limit > max) {
      throw new ApiError('invalid_request',
        `settings.${key}: ${JSON.stringify(limit)} is not a whole number of milliseconds from ${min} to ${max} (null for the default, ${fallback})`);
    }
  }
}
