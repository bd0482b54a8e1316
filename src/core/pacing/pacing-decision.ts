// The result of one pacing step and the figures it was computed from, kept so that every
// decision can be explained after the fact (API decision log, metrics by binding limit).

import type { PacingMode } from '../campaign-settings.js';

/** The limit that decided how many calls were launched. */
export type BindingLimit =
  | 'agents'
  | 'model'
  | 'abandon_budget'
  | 'few_samples'
  | 'small_team'
  | 'trunk_cap'
  | 'dial_rate'
  | 'node_dial_rate'
  | 'lines_per_agent'
  | 'pbx_capacity'
  | 'step_cap'
  | 'no_leads'
  | 'calling_window'
  | 'campaign_not_running'
  | 'telephony_down'
  | 'no_caller_id'
  | 'national_registry'
  | 'preview_mode';

export const bindingLimits: readonly BindingLimit[] = [
  'agents', 'model', 'abandon_budget', 'few_samples', 'small_team', 'trunk_cap', 'dial_rate', 'node_dial_rate', 'lines_per_agent',
  'pbx_capacity', 'step_cap', 'no_leads', 'calling_window', 'campaign_not_running', 'telephony_down', 'no_caller_id', 'national_registry',
  'preview_mode',
];

/** The limits that stop a campaign dialling at all, whatever the agents or the trunk (decide.ts). */
export const blockingLimits = ['campaign_not_running', 'telephony_down', 'no_caller_id', 'national_registry', 'no_leads'] as const satisfies readonly BindingLimit[];
export type BlockingLimit = (typeof blockingLimits)[number];

export interface PacingInputs {
  mode: PacingMode;
  agentsStaffed: number;
  agentsReady: number;
  agentsBusy: number;
  callsDialing: number;
  callsWaiting: number;
  callsConnected: number;
  leadsPending: number;
  liveAnswerRate: number;
  samples: number;
  abandonRate: number;
  abandonTarget: number;
  /** What the mode alone asked for before caps. */
  wanted: number;
  /** Set when a plugged pacer (a benchmark baseline) decided instead of the product's mode. */
  pacer?: string;
  /** The predictive model's view, when it ran. */
  forecast?: PacingForecast;
}

/** What predictive pacing expected when it chose the launch count. */
export interface PacingForecast {
  /** Live-answer probability per dial used (the more cautious of the slow and fast estimates). */
  liveAnswerRate: number;
  /** Agents expected free by the time a call launched now is answered. */
  expectedFreeAgents: number;
  /** Live answers expected from the calls in flight plus this launch. */
  expectedLiveAnswers: number;
  /** Expected share of those answers that would find no agent, at the launch chosen. */
  predictedAbandonShare: number;
  /** The share the abandonment controller allowed this step, held against the predicted share
   * with answers lost together counted `burstWeight` times more per pair. */
  allowedAbandonShare: number;
  /** True when the last quarter hour's abandons held the allowance down (quarter-hour-cap.ts). */
  heldByQuarterHour: boolean;
  /** Weight on the expected pairs of answers lost together, from the last quarter hour's room. */
  burstWeight: number;
  /** Relative error of the live-answer rate the losses were averaged over (one either side). */
  answerRateUncertainty: number;
  /** Recent abandons the forecast expected over those that happened (shrunk, bounded): how the
   * allowance was scaled for the forecast's track record. */
  calibrationFactor: number;
}

export interface PacingDecision {
  atMs: number;
  launch: number;
  /** Calls in progress (dialling, waiting, connected) per staffed agent after this launch. */
  dialLevel: number;
  binding: BindingLimit;
  inputs: PacingInputs;
}
