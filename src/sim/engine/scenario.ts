// One simulated run: the team, the traffic, the campaign settings, the pacer and the shocks.

import { defaultCampaignSettings, type CampaignSettings } from '../../core/campaign-settings.js';
import type { Pacer } from '../../core/pacing/pacer.js';
import { trafficModel, type TrafficModel } from '../traffic/traffic-model.js';

/** The live-answer weight is multiplied by `factor` for dials placed in the window. */
export interface AnswerShock {
  startMs: number;
  durationMs: number;
  factor: number;
}

/** A share of the agents pause at once (a meeting, a fire drill) and come back together. */
export interface PauseShock {
  atMs: number;
  share: number;
  durationMs: number;
}

/** Random breaks: each agent asks for one at this rate and stays away for about `meanMs`. */
export interface BreakPattern {
  perAgentHour: number;
  meanMs: number;
}

/** A share of the agents log out for good at a given time (the end of a shift). */
export interface Logouts {
  atMs: number;
  share: number;
}

export interface Scenario {
  name: string;
  seed: number;
  agents: number;
  durationMs: number;
  /** Metrics of productivity exclude this first stretch while the pacer learns. */
  warmupMs: number;
  /** Engine tick cadence; deadlines get their own exact ticks on top. */
  tickMs: number;
  traffic: TrafficModel;
  campaign: CampaignSettings;
  /** Builds a fresh plugged pacer for the run (benchmark baselines); absent = the product's. */
  pacer?: () => Pacer;
  answerShock?: AnswerShock;
  pauseShock?: PauseShock;
  breaks?: BreakPattern;
  logouts?: Logouts;
  /** Leads on the list; absent = unlimited. */
  listSize?: number;
  /** Check the engine's invariants every n steps (1 = every step, 0 = never). */
  invariantEvery: number;
  /** After the run, stop dialling and let calls in progress finish (for the ledger audit). */
  drain: boolean;
}

export const simCampaignId = 'sim';

/** Settings for simulated campaigns: wrap ends when the agent dispositions, and up to 5 lines. */
export const simCampaignSettings: CampaignSettings = {
  ...defaultCampaignSettings,
  mode: 'predictive',
  dialLevel: 5,
  maxLinesPerAgent: 5,
  wrapUpMs: 600_000,
  amdEnabled: true,
};

export function scenario(overrides: Partial<Scenario> = {}): Scenario {
  return {
    name: 'default',
    seed: 1,
    agents: 20,
    durationMs: 2 * 3_600_000,
    warmupMs: 10 * 60_000,
    tickMs: 500,
    traffic: trafficModel(),
    campaign: simCampaignSettings,
    invariantEvery: 0,
    drain: false,
    ...overrides,
  };
}
