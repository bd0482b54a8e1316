// A campaign's local presence numbers as a manager sets them: `settings.callerIdPool`, numbers of
// the campaign's own in E.164, one of which is presented to people of its area (caller-id.ts).
// Checked when the settings are saved, naming the first bad one.

import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { ApiError } from './api-error.js';

const POOL_MAX = 200;

/** Refuses a `callerIdPool` that is not a list of valid E.164 numbers (null or [] for none). */
export function assertCallerIdPoolValid(settings: Record<string, unknown> | undefined): void {
  const pool = settings?.callerIdPool;
  if (pool === undefined || pool === null) return;
  if (!Array.isArray(pool)) throw new ApiError('invalid_request', 'settings.callerIdPool: a list of numbers in E.164 form');
  if (pool.length > POOL_MAX) throw new ApiError('invalid_request', `settings.callerIdPool: at most ${POOL_MAX} numbers`);
  pool.forEach((number: unknown, i) => {
    const parsed = typeof number === 'string' ? parsePhoneNumberFromString(number) : undefined;
    if (!parsed?.isValid() || parsed.number !== number) {
      throw new ApiError('invalid_request', `settings.callerIdPool[${i}]: ${JSON.stringify(number)} is not a valid number in E.164 form (+, country code, number)`);
    }
  });
}
