// Translates a stored campaign into the settings the core paces by.

import type { CampaignSettings } from '../../core/campaign-settings.js';
import type { Campaign } from './campaign-repository.js';

export function coreSettingsOf(campaign: Campaign): CampaignSettings {
  return {
    mode: campaign.mode,
    dialLevel: campaign.dialLevel,
    maxLinesPerAgent: campaign.maxLinesPerAgent,
    trunkCap: campaign.trunkCap,
    regime: campaign.regime,
    abandonTarget: campaign.abandonTarget,
    ringTimeoutMs: campaign.ringTimeoutMs,
    connectLimitMs: campaign.connectLimitMs,
    wrapUpMs: campaign.wrapUpMs,
    wrapUpMode: campaign.wrapUpMode,
    amdEnabled: campaign.amdEnabled,
    machineAction: campaign.machineAction,
    amdAfterGreetingMs: campaign.amdAfterGreetingMs,
    amdFalsePositiveRate: campaign.amdFalsePositiveRate,
    safeHarborMedia: campaign.safeHarborMedia,
    machineMessageMedia: campaign.machineMessageMedia,
    optOutDigit: campaign.optOutDigit,
    recordingEnabled: campaign.recordingEnabled,
  };
}
