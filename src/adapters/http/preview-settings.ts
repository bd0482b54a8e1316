// A preview campaign's time limit, as its manager sets it: how long an agent may look at a lead
// (`settings.previewTimeLimitMs`) before it is dialled for them, or skipped
// (`settings.previewTimeoutAction`), and how many skips set a lead aside
// (`settings.previewMaxSkips`); checked when the settings are saved.

import { previewMaxSkipsLimit } from '../pg/preview-attempts.js';
import { ApiError } from './api-error.js';

const MIN_MS = 5_000;
const MAX_MS = 600_000;

/** Refuses a limit that is not whole milliseconds from 5 s to 10 min, an action that is not
 * dial or skip (null for none, or for dial), or a skip count that is not a whole number from 1
 * (null for none). */
export function assertPreviewSettingsValid(settings: Record<string, unknown> | undefined): void {
  const limit = settings?.previewTimeLimitMs;
  if (limit !== undefined && limit !== null && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < MIN_MS || limit > MAX_MS)) {
    throw new ApiError('invalid_request', `settings.previewTimeLimitMs: ${JSON.stringify(limit)} is not a whole number of milliseconds from ${MIN_MS} to ${MAX_MS} (null for no limit)`);
  }
  const action = settings?.previewTimeoutAction;
  if (action !== undefined && action !== null && action !== 'dial' && action !== 'skip') {
    throw new ApiError('invalid_request', `settings.previewTimeoutAction: ${JSON.stringify(action)} is not "dial" or "skip"`);
  }
  const skips = settings?.previewMaxSkips;
  if (skips !== undefined && skips !== null && (typeof skips !== 'number' || !Number.isInteger(skips) || skips < 1 || skips > previewMaxSkipsLimit)) {
    throw new ApiError('invalid_request', `settings.previewMaxSkips: ${JSON.stringify(skips)} is not a whole number of skips from 1 to ${previewMaxSkipsLimit} (null for no limit)`);
  }
}
