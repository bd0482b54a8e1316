// The caller ID a dial presents. Telemarketing rules (the US TSR, Ofcom's CLI guidance) ask for a
// number the person can call back, so a campaign without one does not dial. With local presence,
// the campaign's own number from the same area as the dialled one is shown instead (people answer
// local numbers more often), keeping the caller ID's name; the area is the longest shared start of
// the E.164 numbers, at least the country code and first digits of the area code, so a number of
// another area or country never stands in.

import type { CampaignSettings } from '../campaign-settings.js';

/** Shared leading characters, '+' included, that make two numbers "the same area" (e.g. +1212, +4420). */
const localPresenceMinPrefix = 5;

/** The caller ID to present when dialling `phone` (E.164), or null when the campaign has none. */
export function presentedCallerId(settings: Pick<CampaignSettings, 'callerId' | 'callerIdPool'>, phone: string): string | null {
  const callerId = settings.callerId?.trim() || null;
  if (callerId === null) return null;
  const local = localNumber(settings.callerIdPool ?? [], phone);
  if (local === null) return callerId;
  const name = /^\s*"([^"]*)"\s*</.exec(callerId)?.[1];
  return name === undefined ? local : `"${name}" <${local}>`;
}

/** The pool's number sharing the longest start with `phone`, if it shares at least an area's. */
function localNumber(pool: readonly string[], phone: string): string | null {
  let best: string | null = null;
  let bestShared = localPresenceMinPrefix - 1;
  for (const number of pool) {
    const shared = sharedPrefix(number, phone);
    if (shared > bestShared) {
      best = number;
      bestShared = shared;
    }
  }
  return best;
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
