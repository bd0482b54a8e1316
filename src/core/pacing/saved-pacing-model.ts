// What a campaign has learned for pacing, kept in storage so that a restart or another node
// taking the campaign on does not start from the priors again: a campaign with ten-minute calls
// would otherwise dial one call per ready agent for its first half hour, every time.
//
// How a campaign's calls go (how long they ring, talk and wrap) holds from one day to the next.
// How often they are answered moves with the hour and the list, so answer rates, the dial count
// that says how far they are trusted, and the forecast's track record are taken back only from a
// model saved moments ago (a restart, a failover), where the hour and the list are the same.

import type { CampaignRuntime } from '../engine-state.js';
import { createCampaignStats, type CampaignStats } from '../stats/campaign-stats.js';
import { createForecastCalibration, type ForecastCalibration } from './forecast-calibration.js';

export interface SavedPacingModel {
  stats: CampaignStats;
  calibration: ForecastCalibration;
}

/** A model saved at most this long ago is taken back whole. */
export const wholeModelWithinMs = 15 * 60_000;

/** The campaign's model as it stands (the shell serialises it at once). */
export function pacingModelOf(campaign: CampaignRuntime): SavedPacingModel {
  return { stats: campaign.stats, calibration: campaign.calibration };
}

/** Puts a saved model back, whole or only its durations (see the top of the file). */
export function restorePacingModel(campaign: CampaignRuntime, saved: SavedPacingModel, savedAtMs: number, nowMs: number): void {
  if (nowMs - savedAtMs <= wholeModelWithinMs) {
    campaign.stats = saved.stats;
    campaign.calibration = saved.calibration;
    return;
  }
  const { liveRingMs, failedDialMs, talkMs, wrapMs, talkLog, wrapLog, talkShape, wrapShape, dialTimes } = saved.stats;
  campaign.stats = { ...createCampaignStats(), liveRingMs, failedDialMs, talkMs, wrapMs, talkLog, wrapLog, talkShape, wrapShape, dialTimes };
  campaign.calibration = createForecastCalibration();
}

/**
 * A stored model read back, or null when it is not one this version writes (another version's
 * format, a damaged row): the same fields as a new model, numbers finite, arrays as long.
 */
export function parseSavedPacingModel(value: unknown): SavedPacingModel | null {
  const template: SavedPacingModel = { stats: createCampaignStats(), calibration: createForecastCalibration() };
  return sameShape(template, value) ? (value as SavedPacingModel) : null;
}

function sameShape(template: unknown, value: unknown): boolean {
  if (typeof template === 'number') return typeof value === 'number' && Number.isFinite(value);
  // The only nullable field (the forecast share in force) is null in a new model.
  if (template === null) return value === null || (typeof value === 'number' && Number.isFinite(value));
  if (Array.isArray(template)) {
    return Array.isArray(value) && value.length === template.length && value.every((item, i) => sameShape(template[i], item));
  }
  if (typeof template !== 'object' || typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const expected = Object.keys(template);
  const actual = Object.keys(value);
  return actual.length === expected.length
    && expected.every((key) => key in value && sameShape((template as Record<string, unknown>)[key], (value as Record<string, unknown>)[key]));
}
