// The last hour of pacing per campaign, in memory, for the pacing page of installs without
// Prometheus and Grafana: one sample every 5 seconds (720 per campaign), filled from the
// engine state each second, and how the predictive model's forecast of abandons has fared.

import type { EngineState } from '../../core/engine-state.js';
import type { CampaignId } from '../../core/ids.js';
import { calibrationNow } from '../../core/pacing/forecast-calibration.js';
import { campaignSnapshot } from './campaign-snapshot.js';

export interface PacingSample {
  atMs: number;
  dialLevel: number;
  agentsReady: number;
  agentsStaffed: number;
  /** Calls bridged to an agent in the minute before the sample. */
  connectsPerMinute: number;
  /** Abandonment rate over the regime's window, as the regime counts it. */
  abandonRate: number;
  abandonBudget: number;
}

/** The abandons the predictive model expected among the live answers it paced for, and those of
 * them that happened, over about the last hour (decayed with an hour's time constant). */
export interface ForecastRecord {
  expected: number;
  happened: number;
}

interface CampaignSeries {
  regime: string;
  samples: PacingSample[];
  forecast: ForecastRecord;
  lastSampleMs: number;
  /** Connect times seen in the last minute; calls are found connected in the state. */
  connectTimes: number[];
  lastScanMs: number;
}

export interface PacingHistory {
  intervalMs: number;
  windowMs: number;
  campaigns: Map<CampaignId, CampaignSeries>;
}

export interface PacingHistoryView {
  nowMs: number;
  intervalMs: number;
  windowMs: number;
  campaigns: Array<{ campaignId: CampaignId; regime: string; samples: PacingSample[]; forecast: ForecastRecord }>;
}

const minuteMs = 60_000;

export function createPacingHistory(options: { intervalMs?: number; windowMs?: number } = {}): PacingHistory {
  return { intervalMs: options.intervalMs ?? 5_000, windowMs: options.windowMs ?? 3_600_000, campaigns: new Map() };
}

/** Scans the state for new connects and keeps a sample every interval; call it every second. */
export function recordPacingSample(history: PacingHistory, state: EngineState, nowMs: number): void {
  for (const id of [...history.campaigns.keys()]) {
    if (!state.campaigns.has(id)) history.campaigns.delete(id);
  }
  for (const campaign of state.campaigns.values()) {
    const series = seriesOf(history, campaign.id, nowMs);
    series.regime = campaign.settings.regime;
    const forecast = calibrationNow(campaign.calibration, nowMs);
    series.forecast = { expected: round(forecast.expected), happened: round(forecast.abandoned) };
    noteConnects(series, state, campaign.id, nowMs);
    if (nowMs - series.lastSampleMs < history.intervalMs) continue;
    const snap = campaignSnapshot(state, campaign, nowMs);
    series.samples.push({
      atMs: nowMs,
      dialLevel: round(snap.dialLevel),
      agentsReady: snap.agents.ready,
      agentsStaffed: snap.agentsStaffed,
      connectsPerMinute: series.connectTimes.length,
      abandonRate: round(snap.abandon.rate),
      abandonBudget: snap.abandonBudget,
    });
    series.lastSampleMs = nowMs;
    const oldest = nowMs - history.windowMs;
    while (series.samples.length > 0 && (series.samples[0]?.atMs ?? nowMs) <= oldest) series.samples.shift();
  }
}

function seriesOf(history: PacingHistory, id: CampaignId, nowMs: number): CampaignSeries {
  let series = history.campaigns.get(id);
  if (!series) {
    // Calls already connected when the history starts are not new connects.
    series = { regime: '', samples: [], forecast: { expected: 0, happened: 0 }, lastSampleMs: -Infinity, connectTimes: [], lastScanMs: nowMs };
    history.campaigns.set(id, series);
  }
  return series;
}

function noteConnects(series: CampaignSeries, state: EngineState, id: CampaignId, nowMs: number): void {
  for (const call of state.calls.values()) {
    const at = call.connectedAtMs;
    if (call.campaignId === id && at !== null && at > series.lastScanMs && at <= nowMs) series.connectTimes.push(at);
  }
  series.lastScanMs = nowMs;
  series.connectTimes = series.connectTimes.filter((at) => at > nowMs - minuteMs);
}

/** The JSON the pacing page draws; one campaign or all of them. */
export function pacingHistoryView(history: PacingHistory, nowMs: number, campaignId?: CampaignId): PacingHistoryView {
  const campaigns = [...history.campaigns.entries()]
    .filter(([id]) => campaignId === undefined || id === campaignId)
    .map(([id, series]) => ({
      campaignId: id,
      regime: series.regime,
      samples: [...series.samples],
      forecast: { ...series.forecast },
    }));
  return { nowMs, intervalMs: history.intervalMs, windowMs: history.windowMs, campaigns };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
