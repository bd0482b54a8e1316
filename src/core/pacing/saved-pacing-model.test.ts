import { describe, expect, it } from 'vitest';
import { defaultCampaignSettings } from '../campaign-settings.js';
import { createCampaignRuntime } from '../engine-state.js';
import { createCampaignStats, recordDialResult, recordTalk, recordWrap } from '../stats/campaign-stats.js';
import { ofType, EngineDriver } from '../testing/engine-driver.js';
import { parseSavedPacingModel, pacingModelOf, restorePacingModel, wholeModelWithinMs, type SavedPacingModel } from './saved-pacing-model.js';

const MINUTE = 60_000;

/** A model learned from a campaign of ten-minute calls answered one time in four. */
function learnedModel(): SavedPacingModel {
  const campaign = createCampaignRuntime('c1', defaultCampaignSettings);
  for (let i = 0; i < 400; i++) recordDialResult(campaign.stats, i % 4 === 0 ? 'live' : 'none', 8_000 + (i % 7) * 1_000);
  for (let i = 0; i < 100; i++) {
    recordTalk(campaign.stats, 300_000 + (i % 10) * 60_000);
    recordWrap(campaign.stats, 20_000);
  }
  campaign.calibration.expected = 4;
  campaign.calibration.abandoned = 2;
  return JSON.parse(JSON.stringify(pacingModelOf(campaign))) as SavedPacingModel;
}

describe('saved pacing model', () => {
  it('reads back what was saved, and nothing shaped otherwise', () => {
    const saved = learnedModel();
    expect(parseSavedPacingModel(saved)).toEqual(saved);
    type Loose = { stats: Record<string, unknown> & { talkShape: { weights: number[] }; liveAnswerRate: { mean: unknown } }; calibration: { shareInForce: unknown } };
    const broken = (edit: (m: Loose) => void): unknown => {
      const copy = JSON.parse(JSON.stringify(saved)) as Loose;
      edit(copy);
      return copy;
    };
    expect(parseSavedPacingModel(broken((m) => { delete (m.stats as Record<string, unknown>).wrapShape; }))).toBeNull();
    expect(parseSavedPacingModel(broken((m) => { m.stats.extra = 1; }))).toBeNull();
    expect(parseSavedPacingModel(broken((m) => { m.stats.talkShape.weights.pop(); }))).toBeNull();
    expect(parseSavedPacingModel(broken((m) => { m.stats.liveAnswerRate.mean = null; }))).toBeNull(); // NaN as JSON writes it
    expect(parseSavedPacingModel(broken((m) => { m.stats.dials = '400'; }))).toBeNull();
    expect(parseSavedPacingModel(broken((m) => { m.calibration.shareInForce = 0.02; }))).not.toBeNull();
    expect(parseSavedPacingModel(null)).toBeNull();
    expect(parseSavedPacingModel([saved])).toBeNull();
  });

  it('is taken back whole when it was saved moments ago', () => {
    const saved = learnedModel();
    const campaign = createCampaignRuntime('c1', defaultCampaignSettings);
    restorePacingModel(campaign, saved, 10 * MINUTE, 10 * MINUTE + wholeModelWithinMs);
    expect(campaign.stats).toEqual(saved.stats);
    expect(campaign.calibration).toEqual(saved.calibration);
  });

  it('gives back only how long calls ring, talk and wrap when it is older', () => {
    const saved = learnedModel();
    const campaign = createCampaignRuntime('c1', defaultCampaignSettings);
    restorePacingModel(campaign, saved, 0, 2 * 24 * 60 * MINUTE);
    const fresh = createCampaignStats();
    expect(campaign.stats.talkShape).toEqual(saved.stats.talkShape);
    expect(campaign.stats.talkMs.mean).toBeGreaterThan(300_000);
    expect(campaign.stats.wrapShape).toEqual(saved.stats.wrapShape);
    expect(campaign.stats.dialTimes).toEqual(saved.stats.dialTimes);
    expect(campaign.stats.liveRingMs).toEqual(saved.stats.liveRingMs);
    expect(campaign.stats.liveAnswerRate).toEqual(fresh.liveAnswerRate);
    expect(campaign.stats.liveAnswerRateFast).toEqual(fresh.liveAnswerRateFast);
    expect(campaign.stats.machineRate).toEqual(fresh.machineRate);
    expect(campaign.stats.dials).toBe(0);
    expect(campaign.calibration).toEqual({ expected: 0, abandoned: 0, atMs: 0, shareInForce: null });
  });
});

describe('engine: a campaign that starts from a saved model', () => {
  function firstDecision(restore: 'none' | 'fresh' | 'old') {
    const d = new EngineDriver(30 * 24 * 60 * MINUTE);
    d.feed({ type: 'telephony_up' });
    d.feed({ type: 'campaign_configured', campaignId: 'c1', settings: { ...defaultCampaignSettings, mode: 'predictive' } });
    if (restore !== 'none') {
      const savedAtMs = d.nowMs - (restore === 'fresh' ? MINUTE : 24 * 60 * MINUTE);
      d.feed({ type: 'pacing_model_restored', campaignId: 'c1', model: learnedModel(), savedAtMs });
    }
    d.feed({ type: 'campaign_started', campaignId: 'c1' });
    for (let i = 0; i < 10; i++) {
      const agentId = `ag${i}`;
      d.feed({ type: 'agent_login', agentId, campaignId: 'c1', endpoint: `Local/${agentId}@sim-agent` });
      d.feed({ type: 'agent_leg_up', agentId });
      d.feed({ type: 'agent_ready', agentId });
    }
    return ofType(d.advance(200), 'pacing_decided').at(-1)?.decision;
  }

  it('paces predictively from its first step with a model saved moments ago', () => {
    const decision = firstDecision('fresh');
    expect(decision?.binding).not.toBe('few_samples');
    expect(decision?.inputs.forecast?.liveAnswerRate).toBeCloseTo(0.25, 1);
  });

  it('learns the answer rate again with an older one, and from the priors with none', () => {
    expect(firstDecision('old')?.binding).toBe('few_samples');
    expect(firstDecision('none')?.binding).toBe('few_samples');
  });
});
