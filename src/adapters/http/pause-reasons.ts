// Pause reason codes: each campaign may list its own in `settings.pauseReasons`; the defaults
// cover the usual ones. An agent may pause only with one of the campaign's codes. Some may have an
// allowance in minutes (`settings.pauseLimitMinutes`, e.g. {"break": 15}) that supervisors see
// agents overrun.

import { maxPauseLimitMinutes } from '../../core/limits.js';
import type { Campaign } from '../pg/campaign-repository.js';
import { ApiError } from './api-error.js';

export const defaultPauseReasons: readonly string[] = ['break', 'lunch', 'training', 'meeting', 'technical'];

const PAUSE_REASON = /^[a-z0-9_-]{1,40}$/;

/** Refuses settings whose `pauseReasons` are not a list of codes, naming the first bad one. */
export function assertPauseReasonsValid(settings: Record<string, unknown> | undefined): void {
  const stored = settings?.pauseReasons;
  if (stored === undefined || stored === null) return;
  if (!Array.isArray(stored) || stored.length === 0) throw new ApiError('invalid_request', 'settings.pauseReasons: a list of at least one code');
  const bad = stored.find((r) => typeof r !== 'string' || !PAUSE_REASON.test(r));
  if (bad !== undefined) throw new ApiError('invalid_request', `settings.pauseReasons: ${JSON.stringify(bad)} is not a code (a-z, 0-9, _ and -, up to 40)`);
}

/** Refuses allowances that are not whole minutes from 1 to a working day, or that name a reason the
 * campaign does not have; `settings` as they will be saved (merged with the stored ones). */
export function assertPauseLimitsValid(settings: Record<string, unknown>): void {
  const limits = settings.pauseLimitMinutes;
  if (limits === undefined || limits === null) return;
  const key = 'settings.pauseLimitMinutes';
  if (typeof limits !== 'object' || Array.isArray(limits)) throw new ApiError('invalid_request', `${key}: minutes by pause reason, e.g. {"break": 15}`);
  const reasons = pauseReasonsOf({ settings });
  for (const [reason, minutes] of Object.entries(limits)) {
    if (!reasons.includes(reason)) throw new ApiError('invalid_request', `${key}: "${reason}" is not one of the campaign's pause reasons (${reasons.join(', ')})`);
    if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > maxPauseLimitMinutes) {
      throw new ApiError('invalid_request', `${key}.${reason}: ${JSON.stringify(minutes)} is not a whole number of minutes from 1 to ${maxPauseLimitMinutes}`);
    }
  }
}

/** The campaign's pause reasons: `settings.pauseReasons` when it is a valid list, else the defaults. */
export function pauseReasonsOf(campaign: Pick<Campaign, 'settings'> | null): string[] {
  const stored = campaign?.settings.pauseReasons;
  if (!Array.isArray(stored)) return [...defaultPauseReasons];
  const valid = stored.filter((r): r is string => typeof r === 'string' && PAUSE_REASON.test(r));
  return valid.length > 0 ? [...new Set(valid)] : [...defaultPauseReasons];
}
