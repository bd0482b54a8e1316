// How long a personal callback waits for its agent once due before it goes to anyone on the
// campaign (`settings.callbackReleaseMinutes`), checked when the settings are saved.

import { ApiError } from './api-error.js';

/** A week: longer than any absence a callback should wait out. */
const MAX_MINUTES = 7 * 24 * 60;

/** Refuses a wait that is not a whole number of minutes from 1 to a week (null: never released). */
export function assertCallbackReleaseValid(settings: Record<string, unknown> | undefined): void {
  const minutes = settings?.callbackReleaseMinutes;
  if (minutes === undefined || minutes === null) return;
  if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MINUTES) {
    throw new ApiError('invalid_request', `settings.callbackReleaseMinutes: ${JSON.stringify(minutes)} is not a whole number of minutes from 1 to ${MAX_MINUTES} (null: a personal callback stays its agent's)`);
  }
}
