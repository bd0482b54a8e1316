// How many calls each pacing mode wants in progress, before any cap. Each returns the number
// of new calls to launch now (may be zero or negative) and the limit that explains it.

import type { BindingLimit, PacingForecast } from './pacing-decision.js';
import type { PacingSnapshot } from './pacing-snapshot.js';
import { predictiveLaunch } from './predictive.js';

export interface ModeTarget {
  wanted: number;
  binding: BindingLimit;
  forecast?: PacingForecast;
}

/** Calls already working towards an agent: dialling, answered and waiting, or about to be dialled. */
export function callsInFlight(snapshot: PacingSnapshot): number {
  return snapshot.callsDialing + snapshot.callsWaiting + snapshot.leadsPending;
}

/** One call per ready agent. */
export function progressiveTarget(snapshot: PacingSnapshot): ModeTarget {
  return { wanted: snapshot.agentsReady - callsInFlight(snapshot), binding: 'agents' };
}

/**
 * A fixed ratio of lines to agents, as a ratio dialler does it: level x (ready + on-call agents)
 * lines, less the calls already placed, so (level - 1) extra lines ride on every busy agent. An
 * agent on a call who will not take the next (a pause or logout asked for, or promised to a
 * customer waiting for a handover) carries none: answers dialled for them would find nobody.
 */
export function powerTarget(snapshot: PacingSnapshot, dialLevel = snapshot.settings.dialLevel): ModeTarget {
  const onCall = snapshot.busyAgents.filter((a) => a.phase !== 'wrap_up' && !a.leaving).length;
  const goal = Math.round(dialLevel * (snapshot.agentsReady + onCall));
  const existing = callsInFlight(snapshot) + snapshot.callsConnected;
  return { wanted: goal - existing, binding: 'model' };
}

export function predictiveTarget(snapshot: PacingSnapshot): ModeTarget {
  return predictiveLaunch(snapshot);
}
