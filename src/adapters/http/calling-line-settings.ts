// A campaign's calling line as a manager sets it, checked when the settings are saved and naming
// the first bad value: its local presence numbers (`settings.callerIdPool`, numbers of its own in
// E.164, one of which is presented to people of its area, see caller-id.ts), the trunk its
// calls go out on (`settings.customerEndpoint`, a dial string template like the node's) and how
// many calls that trunk takes a second (`settings.maxDialsPerSecond`, its carrier's limit), and
// how long a person calling back may wait on hold for an agent (`settings.returnCallHoldSeconds`).

import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { maxReturnCallHoldSeconds } from '../../core/campaign-settings.js';
import { maxDialsPerSecondCap } from '../../core/limits.js';
import { ApiError } from './api-error.js';
import { callerIdNumberProblem } from '../../phone/caller-id-number.js';

const POOL_MAX = 200;

/** Refuses a `callerIdPool` that is not a list of valid E.164 numbers (null or [] for none). */
export function assertCallerIdPoolValid(settings: Record<string, unknown> | undefined): void {
  const pool = settings?.callerIdPool;
  if (pool === undefined || pool === null) return;
  if (!Array.isArray(pool)) throw new ApiError('invalid_request', 'settings.callerIdPool: a list of numbers in E.164 form');
  if (pool.length > POOL_MAX) throw new ApiError('invalid_request', `settings.callerIdPool: at most ${POOL_MAX} numbers`);
  pool.forEach((number: unknown, i) => {
    if (!isE164(number)) throw new ApiError('invalid_request', `settings.callerIdPool[${i}]: ${notE164(number)}`);
    const problem = callerIdNumberProblem(number as string);
    if (problem !== null) throw new ApiError('invalid_request', `settings.callerIdPool[${i}]: ${problem}`);
  });
}

/** Whether `number` is a valid number written in E.164 form. */
export function isE164(number: unknown): boolean {
  const parsed = typeof number === 'string' ? parsePhoneNumberFromString(number) : undefined;
  return parsed?.isValid() === true && parsed.number === number;
}

/** What is wrong with a number that is not in E.164 form. */
export function notE164(number: unknown): string {
  return `${JSON.stringify(number)} is not a valid number in E.164 form (+, country code, number)`;
}

/** Refuses a `customerEndpoint` that is not a dial string template with the number in it (null for the node's). */
export function assertCustomerEndpointValid(settings: Record<string, unknown> | undefined): void {
  const template = settings?.customerEndpoint;
  if (template === undefined || template === null) return;
  if (typeof template !== 'string' || !/^[A-Za-z0-9/@._:{}+-]{3,200}$/.test(template) || !/\{(number|e164)\}/.test(template)) {
    throw new ApiError('invalid_request', `settings.customerEndpoint: ${JSON.stringify(template)} is not a dial string with {number} or {e164}, e.g. PJSIP/{number}@carrier`);
  }
}

/** The bounds of the calling line's numeric settings, which the checks below hold them to: served to
 * the campaigns page (GET /api/campaign-settings/bounds), so that its boxes offer what the API takes. */
export const callingLineSettingBounds = {
  maxDialsPerSecond: { min: 0, max: maxDialsPerSecondCap },
  returnCallHoldSeconds: { min: 0, max: maxReturnCallHoldSeconds },
} as const;

/** Refuses a calls-per-second limit that is not a whole number from 0 (none) to the cap (null: none). */
export function assertDialRateValid(settings: Record<string, unknown> | undefined): void {
  const rate = settings?.maxDialsPerSecond;
  if (rate === undefined || rate === null) return;
  if (typeof rate !== 'number' || !Number.isInteger(rate) || rate < 0 || rate > maxDialsPerSecondCap) {
    throw new ApiError('invalid_request', `settings.maxDialsPerSecond: ${JSON.stringify(rate)} is not a whole number of calls a second from 0 (no limit) to ${maxDialsPerSecondCap}`);
  }
}

/** Refuses a return call's wait on hold that is not a whole number of seconds from 0 (none) to the
 * longest (null: none). */
export function assertReturnCallHoldValid(settings: Record<string, unknown> | undefined): void {
  const hold = settings?.returnCallHoldSeconds;
  if (hold === undefined || hold === null) return;
  if (typeof hold !== 'number' || !Number.isInteger(hold) || hold < 0 || hold > maxReturnCallHoldSeconds) {
    throw new ApiError('invalid_request', `settings.returnCallHoldSeconds: ${JSON.stringify(hold)} is not a whole number of seconds from 0 (no wait) to ${maxReturnCallHoldSeconds}`);
  }
}
