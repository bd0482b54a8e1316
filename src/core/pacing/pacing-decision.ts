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
  | 'lines_per_agent'
  | 'pbx_capacity'
  | 'no_leads'
  | 'calling_window'
  | 'campaign_not_running'
  | 'telephony_down'
  | 'preview_mode';

export const bindingLimits: readonly BindingLimit[] = [
  'agents', 'model', 'abandon_budget', 'few_samples', 'small_team', 'trunk_cap', 'lines_per_agent',
  'pbx_capacity', 'no_leads', 'calling_window', 'campaign_not_running', 'telephony_down', 'preview_mode',
];

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
}

export interface PacingDecision {
  atMs: number;
  launch: number;
  /** Calls in progress (dialling, waiting, connected) per staffed agent after this launch. */
  dialLevel: number;
  binding: BindingLimit;
  inputs: PacingInputs;
}
