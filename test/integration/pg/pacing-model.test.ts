// The pacing model a node keeps for each campaign it drives, against the real database and a
// real Redis lease: saved while the campaign learns and when the node stops, read back by the
// next node that takes the campaign on, and a row this version cannot read costs a cold start.

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { updateCampaignStatus } from '../../../src/adapters/pg/campaign-repository.js';
import { defaultCampaignSettings } from '../../../src/core/campaign-settings.js';
import { createCampaignRuntime, createEngineState, type EngineState } from '../../../src/core/engine-state.js';
import type { Input } from '../../../src/core/inputs.js';
import { parseSavedPacingModel } from '../../../src/core/pacing/saved-pacing-model.js';
import { recordDialResult, recordTalk } from '../../../src/core/stats/campaign-stats.js';
import { CampaignSync } from '../../../src/runtime/campaign-sync.js';
import { PacingModelKeeper, pacingModelSaveEveryMs } from '../../../src/runtime/pacing-model-keeper.js';
import { PgEngineStore } from '../../../src/runtime/pg-engine-store.js';
import { servicesForFile } from '../../helpers/services.js';
import { seedCampaign } from '../../helpers/fixtures.js';

const { pool, redis } = servicesForFile('pacing-model:', ['campaigns', 'campaign_pacing_models']);
const logger = pino({ level: 'silent' });

const now = Date.parse('2030-03-14T15:00:00Z');
const store = () => new PgEngineStore(pool, { nodeId: 'model-node', leadLeaseMs: 60_000 });

async function runningCampaign(): Promise<string> {
  const { campaign } = await seedCampaign(pool, { leads: 1 });
  await updateCampaignStatus(pool, campaign.id, 'running');
  return campaign.id;
}

/** An engine state whose campaign has learned from `dials` dials and a tenth as many talks. */
function stateWith(campaignId: string, dials: number): EngineState {
  const state = createEngineState();
  const campaign = createCampaignRuntime(campaignId, defaultCampaignSettings);
  for (let i = 0; i < dials; i++) recordDialResult(campaign.stats, i % 5 === 0 ? 'live' : 'none', 9_000);
  for (let i = 0; i < dials / 10; i++) recordTalk(campaign.stats, 240_000);
  state.campaigns.set(campaignId, campaign);
  return state;
}

const storedRow = async (campaignId: string) =>
  (await pool.query<{ model: { stats: { dials: number } }; saved_at: Date; node_id: string }>(
    'SELECT model, saved_at, node_id FROM campaign_pacing_models WHERE campaign_id = $1', [campaignId])).rows[0];

describe('pacing model keeper', () => {
  it('saves a learning campaign at most every half minute, and what is left when the node stops', async () => {
    const campaignId = await runningCampaign();
    const keeper = new PacingModelKeeper({ store: store(), logger });
    const state = stateWith(campaignId, 0);
    await keeper.saveLearning(state, [campaignId], now);
    expect(await storedRow(campaignId)).toBeUndefined(); // nothing learned: nothing to keep

    const learning = stateWith(campaignId, 100);
    await keeper.saveLearning(learning, [campaignId], now);
    expect(await storedRow(campaignId)).toMatchObject({ saved_at: new Date(now), node_id: 'model-node', model: { stats: { dials: 100 } } });

    const more = stateWith(campaignId, 150);
    await keeper.saveLearning(more, [campaignId], now + pacingModelSaveEveryMs - 1);
    expect((await storedRow(campaignId))?.model.stats.dials).toBe(100);
    await keeper.saveLearning(more, [campaignId], now + pacingModelSaveEveryMs);
    expect((await storedRow(campaignId))?.model.stats.dials).toBe(150);

    const last = stateWith(campaignId, 160);
    await keeper.saveAll(last, [campaignId], now + pacingModelSaveEveryMs + 1_000);
    const row = await storedRow(campaignId);
    expect(row?.model.stats.dials).toBe(160);
    expect(parseSavedPacingModel(row?.model)).not.toBeNull();
  });
});

describe('a campaign taken on with a saved model', () => {
  function syncCapturing() {
    const inputs: Input[] = [];
    const sync = new CampaignSync({
      store: store(), redis, nodeId: 'model-node', leaseMs: 30_000, submit: (input) => { inputs.push(input); },
      nowMs: () => now, isIdle: () => false, logger,
    });
    return { sync, inputs };
  }

  it('is given the model before its history and its start', async () => {
    const campaignId = await runningCampaign();
    await new PacingModelKeeper({ store: store(), logger }).saveAll(stateWith(campaignId, 300), [campaignId], now - 60_000);
    const { sync, inputs } = syncCapturing();
    await sync.sync();
    expect(inputs.map((input) => input.type)).toEqual(['campaign_configured', 'pacing_model_restored', 'abandon_history_loaded', 'campaign_started']);
    const restored = inputs[1];
    if (restored?.type !== 'pacing_model_restored') throw new Error('no model');
    expect(restored.savedAtMs).toBe(now - 60_000);
    expect(restored.model.stats).toEqual(stateWith(campaignId, 300).campaigns.get(campaignId)?.stats);
  });

  it('starts from the priors when the stored model is not one this version reads', async () => {
    const campaignId = await runningCampaign();
    await pool.query(`INSERT INTO campaign_pacing_models (campaign_id, model, saved_at) VALUES ($1, '{"stats": {"dials": 3}}', now())`, [campaignId]);
    const { sync, inputs } = syncCapturing();
    await sync.sync();
    expect(inputs.map((input) => input.type)).toEqual(['campaign_configured', 'abandon_history_loaded', 'campaign_started']);
  });
});
