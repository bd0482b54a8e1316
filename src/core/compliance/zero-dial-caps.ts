// Dial caps of 0 a campaign stored before caps of 0 were refused. Such a cap stops every dial
// while the campaign shows running, and never lifts by itself: a campaign that holds one is not
// started, and its status and "why not dialled" say which cap it is and what to do. The stored
// value is left as it is: what the cap should be is the manager's choice.

import { defaultDialCaps } from './dial-rules-policy.js';

/** The caps under settings.recycle, by their stored key. */
export type DialCapKey = 'maxAttempts' | 'maxAttemptsPerPhone' | 'maxAttemptsPerDay' | 'maxDialsPerNumberPerDay';

const caps: Record<DialCapKey, { label: string; fallback: number }> = {
  maxAttempts: { label: 'dials per lead', fallback: defaultDialCaps.maxAttemptsPerLead },
  maxAttemptsPerPhone: { label: 'dials per number', fallback: defaultDialCaps.maxAttemptsPerPhone },
  maxAttemptsPerDay: { label: 'dials per lead a day', fallback: defaultDialCaps.maxAttemptsPerDay },
  maxDialsPerNumberPerDay: { label: 'dials per number a day, every campaign', fallback: defaultDialCaps.maxDialsPerNumberPerDay },
};

const capKeys = Object.keys(caps) as DialCapKey[];

/** The caps stored as 0 in a campaign's settings, in a fixed order. */
export function zeroDialCaps(settings: Readonly<Record<string, unknown>>): DialCapKey[] {
  const recycle = settings.recycle;
  if (typeof recycle !== 'object' || recycle === null) return [];
  return capKeys.filter((key) => (recycle as Record<string, unknown>)[key] === 0);
}

/** What a stored 0 cap does and what to do about it, naming the cap. */
export function zeroDialCapProblem(key: DialCapKey): string {
  const { label, fallback } = caps[key];
  return `settings.recycle.${key} (${label}) is 0, stored before caps of 0 were refused, and stops every dial: `
    + `set it to 1 or more, or clear it (null) for the default of ${fallback}, in the campaign's dial rules (Dialling again, or PUT /api/campaigns/{id}/dial-rules)`;
}

/** Every stored 0 cap of a campaign as a problem to show and to refuse a start with. */
export function zeroDialCapProblems(settings: Readonly<Record<string, unknown>>): string[] {
  return zeroDialCaps(settings).map(zeroDialCapProblem);
}
