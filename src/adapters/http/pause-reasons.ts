// Pause reason codes: each campaign may list its own in `settings.pauseReasons`; the defaults
// cover the usual ones. An agent may pause only with one of the campaign's codes.

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

/** The campaign's pause reasons: `settings.pauseReasons` when it is a valid list, else the defaults. */
export function pauseReasonsOf(campaign: Pick<Campaign, 'settings'> | null): string[] {
  const stored = campaign?.settings.pauseReasons;
  if (!Array.isArray(stored)) return [...defaultPauseReasons];
  const valid = stored.filter((r): r is string => typeof r === 'string' && PAUSE_REASON.test(r));
  return valid.length > 0 ? [...new Set(valid)] : [...defaultPauseReasons];
}
