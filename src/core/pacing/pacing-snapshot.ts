// What the pacer may look at: a read-only picture of one campaign at one instant.

import type { CampaignSettings } from '../campaign-settings.js';
import type { AbandonFigures } from '../compliance/abandon-ledger.js';
import type { CampaignStats } from '../stats/campaign-stats.js';

export interface PacingSnapshot {
  nowMs: number;
  settings: CampaignSettings;
  running: boolean;
  telephonyUp: boolean;
  /** Channels the PBX can still take, when known. */
  pbxFreeChannels: number | null;
  /** Leads are believed available (the last lease was not short). */
  leadsAvailable: boolean;
  agentsStaffed: number;
  agentsReady: number;
  /** Logged in but paused (breaks, meetings): not staffed, yet part of the team. */
  agentsPaused: number;
  /** For each agent on a call or in wrap-up: milliseconds already spent in talk and in wrap. */
  busyAgents: readonly BusyAgent[];
  callsDialing: number;
  /** Calls the campaign started within the last second (its calls-per-second limit). */
  dialsLastSecond: number;
  /** Calls this campaign may start this second under the node's trunk limit (its share of what
   * is left to the campaigns paced after the others); null when the node has none. */
  nodeDialRoom: number | null;
  /** One entry per call counted in `callsDialing`: how long ago it was originated, and whether it
   * is already answered and waiting for the AMD verdict. */
  dialingCalls: readonly DialingCall[];
  callsWaiting: number;
  callsConnected: number;
  /** Lines held that need no agent: calls in safe harbor, a machine message, hanging up or left
   * with a third party, and third parties' own lines. */
  callsOther: number;
  leadsPending: number;
  stats: CampaignStats;
  abandon: AbandonFigures;
  /** Recent abandons the predictive forecast expected over those that happened to its answers
   * (shrunk towards one, bounded): see forecast-calibration.ts. */
  calibrationFactor: number;
  abandonTarget: number;
}

export interface BusyAgent {
  phase: 'talking' | 'wrap_up' | 'reserved';
  elapsedMs: number;
  /** A pause or logout waits for this call's end: the agent will not come back free. */
  leaving: boolean;
}

export interface DialingCall {
  elapsedMs: number;
  answered: boolean;
  /** For an answered call: how long ago it was answered (its ring time is the difference). */
  sinceAnswerMs?: number;
}
