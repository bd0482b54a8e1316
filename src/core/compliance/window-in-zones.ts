// The calling window of a lead whose sources name more than one zone: open only while it is open
// in every one of them, so the person is called within the hours wherever they may be.

import { safeWindowStatus, type CallingWindowPolicy, type WindowStatus } from './calling-window.js';

type Closed = Extract<WindowStatus, { open: false }>;

/** The window in several zones: closed, it names the first zone it is closed in. */
export type ZonesWindowStatus = Extract<WindowStatus, { open: true }> | (Closed & { closedIn: string });

/** How many times the search for a common opening moves forward before it gives up (two weeks
 * of daily windows with a closed day between is far fewer). */
const MAX_STEPS = 64;

/** The window's status in all of `zones` at once: open while open in each (closing with the first
 * to close), else closed for the first zone that is, opening when all are next open together. */
export function windowInZones(policy: CallingWindowPolicy, zones: readonly string[], nowMs: number): ZonesWindowStatus {
  const first = commonStatus(policy, zones, nowMs);
  if (first.open) return first;
  let atMs = first.opensAtMs;
  for (let step = 0; atMs !== null && step < MAX_STEPS; step++) {
    const later = commonStatus(policy, zones, atMs);
    if (later.open) return { ...first, opensAtMs: atMs };
    atMs = later.opensAtMs;
  }
  return { ...first, opensAtMs: null };
}

/** Open in every zone at `atMs`, or the first zone closed with the latest of the closed zones'
 * openings (the earliest moment all may be open). */
function commonStatus(policy: CallingWindowPolicy, zones: readonly string[], atMs: number): ZonesWindowStatus {
  const statuses = zones.map((zone) => ({ zone, status: safeWindowStatus(policy, zone, atMs) }));
  const closed = statuses.flatMap(({ zone, status }) => (status.open ? [] : [{ ...status, closedIn: zone }]));
  const [firstClosed] = closed;
  if (!firstClosed) return { open: true, closesAtMs: Math.min(...statuses.map(({ status }) => (status.open ? status.closesAtMs : Infinity))) };
  const openings = closed.map((status) => status.opensAtMs);
  const opensAtMs = openings.some((at) => at === null) ? null : Math.max(...openings.map((at) => at ?? 0));
  return { ...firstClosed, opensAtMs };
}
