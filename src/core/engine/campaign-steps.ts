// Campaign lifecycle: configure, start, pause, stop, release, and what the shell reads back for a
// campaign this engine takes on (its abandon history and its pacing model). Stopping never cuts
// calls in progress; a campaign the node no longer drives leaves the engine once nothing of it is
// left here, so nothing goes on reporting its frozen figures as if it were driven here.

import { settingsProblems } from '../campaign-settings.js';
import { createAbandonLedger, ledgerFromHistory, withdrawLiveAnswer } from '../compliance/abandon-ledger.js';
import { createCampaignRuntime } from '../engine-state.js';
import { campaignIsIdle } from '../handover-partners.js';
import type { CampaignId } from '../ids.js';
import type { Input } from '../inputs.js';
import { restorePacingModel } from '../pacing/saved-pacing-model.js';
import { reject, type StepContext } from './step-context.js';

type CampaignInput = Extract<Input, {
  type: 'campaign_configured' | 'campaign_started' | 'campaign_paused' | 'campaign_stopped' | 'campaign_released'
    | 'abandon_history_loaded' | 'live_answer_withdrawn' | 'pacing_model_restored';
}>;

export function onCampaignInput(ctx: StepContext, input: CampaignInput): void {
  if (input.type === 'campaign_configured') {
    configure(ctx, input);
    return;
  }
  if (input.type === 'campaign_released') {
    release(ctx, input.campaignId);
    return;
  }
  const campaign = ctx.state.campaigns.get(input.campaignId);
  if (!campaign) {
    reject(ctx, input, 'unknown_campaign', `campaign ${input.campaignId} is not loaded on this engine`);
    return;
  }
  if (input.type === 'abandon_history_loaded') {
    campaign.ledger = ledgerFromHistory(campaign.settings.regime, input.buckets, ctx.nowMs);
    return;
  }
  if (input.type === 'live_answer_withdrawn') {
    // A call still going that was abandoned (its agent's disposition came during the safe-harbor
    // message) stays a live answer: its close keeps it one (attempt-repository.ts).
    if (ctx.state.calls.get(input.attemptId)?.abandoned === true) return;
    withdrawLiveAnswer(campaign.ledger, input.liveAtMs, ctx.nowMs);
    // The call is closed: the metrics counted it as a live answer, and must take it back too.
    ctx.out.push({ type: 'live_answer_withdrawn', campaignId: input.campaignId, attemptId: input.attemptId, liveAtMs: input.liveAtMs });
    return;
  }
  if (input.type === 'pacing_model_restored') {
    restorePacingModel(campaign, input.model, input.savedAtMs, ctx.nowMs);
    return;
  }
  if (input.type === 'campaign_started') {
    campaign.status = 'running';
    campaign.noLeadsUntilMs = 0;
  } else {
    campaign.status = input.type === 'campaign_paused' ? 'paused' : 'stopped';
  }
}

/** Forgets a campaign no longer driven here once nothing of it is left: one a manager stopped with
 * its team still logged in keeps working for them. Taken on again later, it is configured afresh
 * and its abandon ledger rebuilt from history, as on any take-on. Already gone: nothing to do. */
function release(ctx: StepContext, campaignId: CampaignId): void {
  const campaign = ctx.state.campaigns.get(campaignId);
  if (!campaign || campaign.status === 'running' || !campaignIsIdle(ctx.state, campaignId)) return;
  ctx.state.campaigns.delete(campaignId);
}

function configure(ctx: StepContext, input: Extract<Input, { type: 'campaign_configured' }>): void {
  const problems = settingsProblems(input.settings);
  if (problems.length > 0) {
    reject(ctx, input, 'invalid_settings', problems.join('; '));
    return;
  }
  const existing = ctx.state.campaigns.get(input.campaignId);
  if (!existing) {
    ctx.state.campaigns.set(input.campaignId, createCampaignRuntime(input.campaignId, input.settings));
    return;
  }
  if (existing.settings.regime !== input.settings.regime) existing.ledger = createAbandonLedger(input.settings.regime);
  existing.settings = input.settings;
}
