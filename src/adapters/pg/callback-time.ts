// When a callback may be promised for: later, and not so far off that the promise means nothing.

import { DbError } from './db-error.js';

/** Refuses a callback time that has passed or is more than a year ahead (a typo'd year). */
export function checkCallbackTime(at: Date, now: Date): void {
  const horizon = new Date(now);
  horizon.setUTCFullYear(horizon.getUTCFullYear() + 1);
  if (at.getTime() <= now.getTime()) throw new DbError('INVALID_ARGUMENT', `the callback time ${at.toISOString()} has passed: give a time to come`);
  if (at.getTime() > horizon.getTime()) throw new DbError('INVALID_ARGUMENT', `the callback time ${at.toISOString()} is more than a year ahead: give one within a year`);
}
