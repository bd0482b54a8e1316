// Series that exist per campaign from the moment it is seen: counters start at zero, so a rate
// panel shows 0 rather than "no data" before the first abandon, and a campaign that leaves the
// engine has its gauges removed instead of freezing at their last value.

import { agentStatuses } from '../../core/agent.js';
import { callStatuses, messageStarts } from '../../core/call.js';
import { playbackPurposes } from '../../core/commands.js';
import { bindingLimits } from '../../core/pacing/pacing-decision.js';
import type { AbandonRegime } from '../../core/compliance/abandon-regime.js';
import type { CampaignId } from '../../core/ids.js';
import { routeMatches } from '../../core/routing.js';
import { complianceRules, returnCallOutcomes, rollingWindowLabel, thirdPartyStageLabels, type Metrics } from './metrics.js';
import { forgetCampaign } from './rolling-window.js';

/** Zero-initialises the campaign's counters and histograms once. */
export function initialiseCampaign(metrics: Metrics, campaign: CampaignId, regime: AbandonRegime | undefined): void {
  if (regime !== undefined) noteRegime(metrics, campaign, regime);
  if (metrics.initialised.has(campaign)) return;
  metrics.initialised.add(campaign);
  const labels = { campaign };
  for (const counter of [metrics.dials, metrics.liveAnswers, metrics.machineAnswers, metrics.connects, metrics.safeHarborPlays, metrics.pacingLaunched, metrics.holds, metrics.holdsTimedOut, metrics.messagesLeft, metrics.holdSeconds, metrics.transfers, metrics.consultations]) {
    counter.inc(labels, 0);
  }
  for (const rule of complianceRules) metrics.complianceBlocks.inc({ campaign, rule }, 0);
  for (const binding of bindingLimits) metrics.pacingDecisions.inc({ campaign, binding }, 0);
  for (const source of ['safe_harbor_opt_out', 'return_call_opt_out']) metrics.dncAdditions.inc({ campaign, source }, 0);
  for (const outcome of returnCallOutcomes) metrics.returnCalls.inc({ campaign, outcome }, 0);
  for (const match of routeMatches) metrics.routedCalls.inc({ campaign, match }, 0);
  for (const stage of Object.values(thirdPartyStageLabels)) metrics.thirdPartyCalls.inc({ campaign, stage }, 0);
  for (const start of messageStarts) metrics.machineMessages.inc({ campaign, start }, 0);
  for (const purpose of playbackPurposes) metrics.playbackFailures.inc({ campaign, purpose }, 0);
  metrics.recordingPauses.inc({ campaign, change: 'paused', by: 'agent' }, 0);
  for (const by of ['agent', 'time_limit']) metrics.recordingPauses.inc({ campaign, change: 'resumed', by }, 0);
  metrics.answerToAgent.zero(labels);
  metrics.talkTime.zero(labels);
  metrics.agentWait.zero(labels);
  metrics.ringTime.zero({ campaign, result: 'answered' });
  metrics.ringTime.zero({ campaign, result: 'unanswered' });
}

/** Remembers the campaign's regime; a change drops the series labelled with the old one. */
function noteRegime(metrics: Metrics, campaign: CampaignId, regime: AbandonRegime): void {
  const previous = metrics.regimes.get(campaign);
  if (previous === regime) return;
  if (previous !== undefined) removeRegimeGauges(metrics, campaign, previous);
  metrics.regimes.set(campaign, regime);
  metrics.abandons.inc({ campaign, regime }, 0);
}

function removeRegimeGauges(metrics: Metrics, campaign: CampaignId, regime: AbandonRegime): void {
  metrics.abandonRate.remove({ campaign, regime, window: 'regime' });
  metrics.abandonRate.remove({ campaign, regime, window: rollingWindowLabel });
  metrics.abandonBudget.remove({ campaign, regime });
  metrics.regimeLiveAnswers.remove({ campaign, regime });
  metrics.regimeAbandoned.remove({ campaign, regime });
}

/** Removes the gauges of a campaign no longer on this engine; counters keep their totals. */
export function retireCampaign(metrics: Metrics, campaign: CampaignId): void {
  const regime = metrics.regimes.get(campaign);
  if (regime !== undefined) removeRegimeGauges(metrics, campaign, regime);
  for (const state of agentStatuses) metrics.agents.remove({ campaign, state });
  for (const state of callStatuses) metrics.calls.remove({ campaign, state });
  for (const binding of bindingLimits) metrics.pacingBinding.remove({ campaign, binding });
  metrics.connectRate.remove({ campaign, window: rollingWindowLabel });
  for (const kind of ['expected', 'happened']) metrics.forecastAbandons.remove({ campaign, kind });
  for (const gauge of [metrics.dialLevel, metrics.dialLevelDecided, metrics.campaignRunning, metrics.handoversWaiting, metrics.agentsOverPauseLimit]) gauge.remove({ campaign });
  metrics.regimes.delete(campaign);
  metrics.initialised.delete(campaign);
  forgetCampaign(metrics.rolling, campaign);
}
