// Translates a stored campaign into the settings the core paces by.

import type { CampaignSettings, ThirdParty } from '../../core/campaign-settings.js';
import type { Campaign } from './campaign-repository.js';

/** `defaultCallerId`: the node's, for a campaign without its own. */
export function coreSettingsOf(campaign: Campaign, defaultCallerId = ''): CampaignSettings {
  const pool = campaign.settings.callerIdPool;
  const pauseLimit = campaign.settings.recordingPauseLimitMs;
  const holdLimit = campaign.settings.holdLimitMs;
  const { machineMessageSilenceMs: silence, machineMessageMaxWaitMs: maxWait } = campaign.settings;
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
    recordingOnDemand: campaign.settings.recordingOnDemand === true,
    callerId: campaign.callerId?.trim() || defaultCallerId.trim() || null,
    // Checked when saved (calling-line-settings.ts).
    callerIdPool: Array.isArray(pool) ? pool.filter((n): n is string => typeof n === 'string') : [],
    customerEndpoint: typeof campaign.settings.customerEndpoint === 'string' ? campaign.settings.customerEndpoint : null,
    thirdParties: thirdPartiesOf(campaign.settings.thirdParties),
    ...(typeof pauseLimit === 'number' ? { recordingPauseLimitMs: pauseLimit } : {}),
    ...(typeof holdLimit === 'number' ? { holdLimitMs: holdLimit } : {}),
    ...(typeof silence === 'number' ? { machineMessageSilenceMs: silence } : {}),
    ...(typeof maxWait === 'number' ? { machineMessageMaxWaitMs: maxWait } : {}),
  };
}

/** The third parties of stored settings (checked when saved, see third-party-settings.ts). */
function thirdPartiesOf(list: unknown): ThirdParty[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: unknown) => {
    const { name, number } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    return typeof name === 'string' && typeof number === 'string' ? [{ name, number }] : [];
  });
}
