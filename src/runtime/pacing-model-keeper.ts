// Saves what each campaign this node drives has learned for pacing: every half minute while it
// keeps learning, and once more when the node stops, so the next node to take the campaign on
// (or this one, restarted) starts from it rather than from the priors.

import type { Logger } from 'pino';
import type { EngineState } from '../core/engine-state.js';
import { pacingModelOf } from '../core/pacing/saved-pacing-model.js';
import type { CampaignStats } from '../core/stats/campaign-stats.js';
import type { EngineStore } from './engine-store.js';

/** A learning campaign's model is saved at most this often. */
export const pacingModelSaveEveryMs = 30_000;

interface Saved {
  atMs: number;
  learned: string;
}

/** Changes whenever the model learns: a dial resolved, a talk or a wrap-up ended. */
const learnedSoFar = (stats: CampaignStats): string => `${stats.dials}:${stats.talkShape.samples}:${stats.wrapShape.samples}`;

export class PacingModelKeeper {
  private readonly saved = new Map<string, Saved>();

  constructor(private readonly deps: { store: EngineStore; logger: Logger }) {}

  /** Saves the campaigns whose model learned something since their last save, if that is a while ago. */
  async saveLearning(state: EngineState, campaignIds: readonly string[], nowMs: number): Promise<void> {
    await this.save(state, campaignIds, nowMs, (last) => nowMs - last.atMs >= pacingModelSaveEveryMs);
  }

  /** Saves every campaign whose model learned anything since its last save (the node is stopping). */
  async saveAll(state: EngineState, campaignIds: readonly string[], nowMs: number): Promise<void> {
    await this.save(state, campaignIds, nowMs, () => true);
  }

  private async save(state: EngineState, campaignIds: readonly string[], nowMs: number, due: (last: Saved) => boolean): Promise<void> {
    for (const campaignId of campaignIds) {
      const campaign = state.campaigns.get(campaignId);
      if (!campaign) continue;
      const learned = learnedSoFar(campaign.stats);
      const last = this.saved.get(campaignId);
      if (last && (last.learned === learned || !due(last))) continue;
      if (!last && learned === '0:0:0') continue; // nothing learned yet: the priors need no saving
      try {
        await this.deps.store.savePacingModel(campaignId, pacingModelOf(campaign), new Date(nowMs));
        this.saved.set(campaignId, { atMs: nowMs, learned });
      } catch (error: unknown) {
        this.deps.logger.error({ err: error, campaignId }, 'saving the pacing model failed; it is tried again at the next pass');
      }
    }
  }
}
