// The engine's whole state: campaigns, agents and calls of one engine node. Plain data, mutated
// only by `step`, so it can be rebuilt, inspected and checked between steps.

import type { Agent } from './agent.js';
import type { Call } from './call.js';
import type { CampaignSettings } from './campaign-settings.js';
import { createAbandonLedger, type AbandonLedger } from './compliance/abandon-ledger.js';
import type { AgentId, AttemptId, CampaignId, LeadId } from './ids.js';
import { createForecastCalibration, type ForecastCalibration } from './pacing/forecast-calibration.js';
import type { Pacer } from './pacing/pacer.js';
import type { PacingDecision } from './pacing/pacing-decision.js';
import { createCampaignStats, type CampaignStats } from './stats/campaign-stats.js';

export type CampaignStatus = 'running' | 'paused' | 'stopped';

export interface CampaignRuntime {
  id: CampaignId;
  settings: CampaignSettings;
  status: CampaignStatus;
  /** Leads asked of the shell and not yet answered with `leads_leased`. */
  leadsPending: number;
  /** When each of the campaign's calls of the last second started, oldest first (its
   * calls-per-second limit). */
  recentDialsMs: number[];
  /** Until then the list is believed dry. */
  noLeadsUntilMs: number;
  stats: CampaignStats;
  ledger: AbandonLedger;
  decisions: PacingDecision[];
  /** The dial level the last step aimed for, kept or not: a step that launches nothing under the
   * same binding as the last kept decision is not kept, yet its level is the current one (agents
   * leave, calls end). Null before the first step. */
  latestDialLevel: number | null;
  /** The predictive forecast's expected abandons against the real ones. */
  calibration: ForecastCalibration;
  /** The lines its pacing wants in progress, a fall smoothed (lines-wanted.ts); null before its first step. */
  linesWanted: { lines: number; atMs: number } | null;
  /** Replaces the product's pacing for this campaign; null in production. The simulator plugs
   * benchmark baselines in here so they run through the very same engine. */
  pacer: Pacer | null;
}

/** Free channels as the PBX last reported them, and the customer lines the node had then. */
export interface PbxCapacity {
  freeChannels: number;
  linesAtReport: number;
}

export interface EngineState {
  campaigns: Map<CampaignId, CampaignRuntime>;
  agents: Map<AgentId, Agent>;
  calls: Map<AttemptId, Call>;
  /** Leads with a call in progress: a lead is never dialled twice at once. */
  leadsInFlight: Set<LeadId>;
  telephonyUp: boolean;
  /** The PBX's last report of its free channels (pbx-room.ts); null: unknown (no AMI). */
  pbxCapacity: PbxCapacity | null;
  /** The node's calls-per-second limit over every campaign here (its share of the trunk's); null:
   * none; 0: no calls for now (a node just joined the trunk, or one with no share of it). */
  nodeDialsPerSecond: number | null;
  /** When each call of the last second started, every campaign's, oldest first. */
  recentDialsMs: number[];
  /** Ticks paced so far: the campaign paced first turns round, so none is always last to a
   * shared limit. */
  paceRound: number;
}

export function createEngineState(): EngineState {
  return {
    campaigns: new Map(),
    agents: new Map(),
    calls: new Map(),
    leadsInFlight: new Set(),
    telephonyUp: false,
    pbxCapacity: null,
    nodeDialsPerSecond: null,
    recentDialsMs: [],
    paceRound: 0,
  };
}

export function createCampaignRuntime(id: CampaignId, settings: CampaignSettings): CampaignRuntime {
  return {
    id,
    settings,
    status: 'paused',
    leadsPending: 0,
    recentDialsMs: [],
    noLeadsUntilMs: 0,
    stats: createCampaignStats(),
    ledger: createAbandonLedger(settings.regime),
    decisions: [],
    latestDialLevel: null,
    calibration: createForecastCalibration(),
    linesWanted: null,
    pacer: null,
  };
}
