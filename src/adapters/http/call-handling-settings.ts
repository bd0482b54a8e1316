// How a campaign's calls are handled, as its settings say: the time limits (how long a recording
// pause and a hold last at most, how a message on an answering machine waits for its greeting to
// end) and whether calls are recorded on demand; checked when the settings are saved, as the
// engine would refuse the campaign, or misread it, otherwise.

import { optionalTimeLimits } from '../../core/campaign-settings.js';
import { ApiError } from './api-error.js';

/** Refuses a limit that is not whole milliseconds within its bounds (null for the default), and
 * recording on demand that is not true or false (null for every call recorded). */
export function assertCallHandlingValid(settings: Record<string, unknown> | undefined): void {
  const onDemand = settings?.recordingOnDemand;
  if (onDemand !== undefined && onDemand !== null && typeof onDemand !== 'boolean') {
    throw new ApiError('invalid_request', `settings.recordingOnDemand: ${JSON.stringify(onDemand)} is not true or false`);
  }
  for (const { key, min, max, fallback } of optionalTimeLimits) {
    const limit = settings?.[key];
    if (limit === undefined || limit === null) continue;
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < min || limit > max) {
      throw new ApiError('invalid_request',
        `settings.${key}: ${JSON.stringify(limit)} is not a whole number of milliseconds from ${min} to ${max} (null for the default, ${fallback})`);
    }
  }
}
