// Pause reason codes: each campaign may list its own in `settings.pauseReasons`; the defaults
// cover the usual ones. An agent may pause only with one of the campaign's codes.

import type { Campaign } from '../pg/campaign-repository.js';

export const defaultPauseReasons: readonly string[] = ['break', 'lunch', 'training', 'meeting', 'technical'];

const PAUSE_REASON = /^[a-z0-9_-]{1,40}$/;

/** The campaign's pause reasons: `settings.pauseReasons` when it is a valid list, else the defaults. */
export function pauseReasonsOf(campaign: Pick<Campaign, 'settings'> | null): string[] {
  const stored = campaign?.settings.pauseReasons;
  if (!Array.isArray(stored)) return [...defaultPauseReasons];
  const valid = stored.filter((r): r is string => typeof r === 'string' && PAUSE_REASON.test(r));
  return valid.length > 0 ? [...new Set(valid)] : [...defaultPauseReasons];
}
