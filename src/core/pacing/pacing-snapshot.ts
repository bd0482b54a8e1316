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
  /** For each agent on a call or in wrap-up: milliseconds already spent in talk and in wrap. */
  busyAgents: readonly BusyAgent[];
  callsDialing: number;
  callsWaiting: number;
  callsConnected: number;
  /** Calls that hold a line but need no agent (safe harbor, machine message, hanging up). */
  callsOther: number;
  leadsPending: number;
  stats: CampaignStats;
  abandon: AbandonFigures;
  abandonTarget: number;
}

export interface BusyAgent {
  phase: 'talking' | 'wrap_up' | 'reserved';
  elapsedMs: number;
}
