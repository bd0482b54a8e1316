// Waits measured in calling hours: a grace an agent has to make their own callback runs while
// they may call the customer, not overnight, so one due just before the window closes is theirs
// again when it reopens.

import type { CallingWindowPolicy } from './calling-window.js';
import { windowInZones } from './window-in-zones.js';

/** Open ranges walked before giving up: a week of calling hours in half-hour weekly windows. */
const MAX_RANGES = 1_000;

/** The moment the window (open in all of `zones`) has been open `openMs` since `fromMs`, or null
 * when it never opens for that long. */
export function openTimeReached(policy: CallingWindowPolicy, zones: readonly string[], fromMs: number, openMs: number): number | null {
  let atMs = fromMs;
  let leftMs = Math.max(0, openMs);
  for (let step = 0; step < MAX_RANGES; step++) {
    const status = windowInZones(policy, zones, atMs);
    if (!status.open) {
      if (status.opensAtMs === null) return null;
      atMs = status.opensAtMs;
      continue;
    }
    if (atMs + leftMs <= status.closesAtMs) return atMs + leftMs;
    leftMs -= status.closesAtMs - atMs;
    atMs = status.closesAtMs;
  }
  return null;
}
