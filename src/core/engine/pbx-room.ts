// The PBX's free channels as this node can spend them now. The PBX reports them every few seconds
// (AMI); between two reports the pacer runs many times, and every campaign on each run, so each
// would spend the same room again. The lines the node has added since the report (calls, leads
// asked for that will be calls, less the calls ended since) are taken off it.

import type { EngineState, PbxCapacity } from '../engine-state.js';

/** Channels a customer call takes: a Local channel pair, as the pacer counts them. */
const channelsPerCall = 2;

/** Customer lines this node has up or on their way: calls, leads asked for, third parties' lines. */
export function linesInUse(state: EngineState): number {
  let lines = state.calls.size;
  for (const call of state.calls.values()) if (call.thirdParty !== null) lines += 1;
  for (const campaign of state.campaigns.values()) lines += campaign.leadsPending;
  return lines;
}

/** The PBX's report, kept with the lines in use when it came. */
export function pbxCapacityOf(state: EngineState, freeChannels: number | null): PbxCapacity | null {
  return freeChannels === null ? null : { freeChannels, linesAtReport: linesInUse(state) };
}

/** The free channels of the last report less those the node's lines added since take; null: unknown. */
export function pbxFreeChannelsNow(state: EngineState): number | null {
  const report = state.pbxCapacity;
  if (report === null) return null;
  const startedSince = Math.max(0, linesInUse(state) - report.linesAtReport);
  return Math.max(0, report.freeChannels - channelsPerCall * startedSince);
}
